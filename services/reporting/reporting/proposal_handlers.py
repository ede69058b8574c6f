"""R7 commands: record a unit's proposal (its officer, or the board), answer it (the board).

Reading chosen (who may record): the board for any proposer; a district or department officer
for its own scope (the proposer's code); a district officer also for a commune of its district
on the day proposed.
"""
from typing import Any

from contracts.envelope import Actor
from contracts.reporting import ProposalAnswered, ProposalRecorded
from thidua_facts.read_model import FactsAt
from thidua_facts.timeframe import vietnam_today
from thidua_kernel.auth import DEPARTMENT_OFFICER, DISTRICT_OFFICER, PROVINCE_BOARD, require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import NotAuthorised
from thidua_kernel.messages import CommandContext

from .deps import Deps
from .domain import proposals
from .inspection_bodies import AnswerProposal, RecordProposal
from .inspection_handlers import unit_level_in_province
from .inspection_store import PROPOSAL, decided, load_proposal


def may_propose_for(actor: Actor, proposer: str, facts: FactsAt) -> None:
    if actor.role == PROVINCE_BOARD:
        return
    if actor.role in (DISTRICT_OFFICER, DEPARTMENT_OFFICER) and actor.scope == proposer:
        return
    unit = facts.hierarchy().existing(proposer)
    if actor.role == DISTRICT_OFFICER and unit is not None and unit.parent_code == actor.scope:
        return
    raise NotAuthorised("AUTH-SCOPE", f"Tài khoản {actor.principal_id} ({actor.role}, phạm vi {actor.scope})"
                        f" không được ghi kiến nghị thay đơn vị {proposer}.",
                        f"{actor.principal_id} ({actor.role}, scope {actor.scope}) may not record a proposal"
                        f" on behalf of {proposer}.", principal=actor.principal_id, role=actor.role,
                        scope=actor.scope, proposer_code=proposer)


def proposer_known(facts: FactsAt, code: str, province_code: str) -> bool:
    participant = facts.participants_on().get(code)
    if participant is not None:
        return participant.kind in proposals.PROPOSER_KINDS
    return unit_level_in_province(facts, code, province_code) is not None


async def record_proposal(deps: Deps, ctx: CommandContext, cmd: RecordProposal) -> dict[str, Any]:
    today = vietnam_today(deps.clock)
    proposed_on = cmd.proposed_on or today
    facts = await deps.facts(min(proposed_on, today), None, deps.province_code)
    may_propose_for(ctx.actor, cmd.proposer_code, facts)
    record = ProposalRecorded(code=cmd.code, proposer_code=cmd.proposer_code, addressed_to=list(cmd.addressed_to),
                              subject=cmd.subject, content=cmd.content, proposed_on=proposed_on)
    known = proposer_known(facts, cmd.proposer_code, deps.province_code)
    departments = {c for c, p in facts.participants_on().items() if p.kind == "department"}

    async def decide() -> Decision:
        state = await load_proposal(deps, cmd.code)
        event = proposals.decide_record(state, record, today, known, departments)
        answer = {"proposal_code": cmd.code, "proposer_code": cmd.proposer_code}
        return decided(PROPOSAL, cmd.code, state.version, event, proposed_on, answer)

    return await execute(deps.store, ctx, "RecordProposal", cmd.model_dump(mode="json"), decide)


async def answer_proposal(deps: Deps, ctx: CommandContext, cmd: AnswerProposal) -> dict[str, Any]:
    require_province_board(ctx.actor, "trả lời kiến nghị / answer proposals")
    today = vietnam_today(deps.clock)
    answer = ProposalAnswered(proposal_code=cmd.proposal_code, answer=cmd.answer,
                              answered_on=cmd.answered_on or today, accepted=cmd.accepted)

    async def decide() -> Decision:
        state = await load_proposal(deps, cmd.proposal_code)
        event = proposals.decide_answer(state, answer, today)
        reply = {"proposal_code": cmd.proposal_code, "accepted": cmd.accepted}
        return decided(PROPOSAL, cmd.proposal_code, state.version, event, answer.answered_on, reply)

    return await execute(deps.store, ctx, "AnswerProposal", cmd.model_dump(mode="json"), decide)
