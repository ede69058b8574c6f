"""The nomination workflow (A11) on the round's stream: submit, withdraw, receive, review, decide,
confer. Each loads the round, checks its actor (access.py), decides with the domain (checks and
quotas from the facts at the round's reference date, again at decision) and appends at the
loaded version, so two submissions can never both take a quota's last place.
"""
from datetime import date
from typing import Any

from contracts.awards import AchievementFile
from thidua_facts.timeframe import vietnam_today
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal, NotFound
from thidua_kernel.messages import CommandContext

from . import access
from .commands import (
    ConferAward, DecideNomination, ReceiveNomination, ReviewNomination, SubmitNomination, WithdrawNomination,
)
from .deps import Deps
from .domain import decisions
from .domain.eligibility_facts import EligibilityFacts, resolve_nominator, resolve_nominee
from .domain.nominees import Nominator, Nominee
from .domain.round_state import RoundState
from .events import append_one
from .domain.refusals import defined, nomination_of
from .loading import ROUND, load_eligibility, load_round


def _verdicts(event: Any) -> list[dict[str, Any]]:
    return [v.model_dump(mode="json") for v in event.verdicts]


def _parties(facts: EligibilityFacts, cmd: SubmitNomination) -> tuple[Nominee, Nominator]:
    nominee = resolve_nominee(facts, cmd.nominee_code)
    if nominee is None:
        raise NotFound("U3", f"Không có đơn vị hay đối tượng {cmd.nominee_code} được đề nghị khen thưởng tại"
                       f" {facts.reference_date.isoformat()}.",
                       f"No unit or participant {cmd.nominee_code} that may be nominated on"
                       f" {facts.reference_date.isoformat()}.", nominee_code=cmd.nominee_code)
    nominator = resolve_nominator(facts, cmd.nominating_unit)
    if nominator is None:
        raise DomainRefusal("A11", f"{cmd.nominating_unit} không phải tỉnh, huyện hay sở, ngành, đoàn thể đề nghị"
                            " khen thưởng được.",
                            f"{cmd.nominating_unit} is not the province, a district or a department that nominates.",
                            nominating_unit=cmd.nominating_unit)
    return nominee, nominator


async def submit_nomination(deps: Deps, ctx: CommandContext, cmd: SubmitNomination) -> dict[str, Any]:
    access.may_nominate_as(ctx.actor, cmd.nominating_unit)
    submitted_on = cmd.submitted_on or vietnam_today(deps.clock)
    file = AchievementFile.model_validate(cmd.achievement_file.model_dump())

    async def decide() -> Decision:
        state = await load_round(deps, cmd.round_code)
        defined(state)
        facts = await load_eligibility(deps, state, submitted_on)
        nominee, nominator = _parties(facts, cmd)
        event = decisions.decide_submit(state, cmd.award_kind, nominee, nominator, file, submitted_on, facts)
        append = append_one(ROUND, cmd.round_code, state.version, event, submitted_on)
        return Decision([append], {"nomination_id": event.nomination_id, "status": "submitted",
                                   "verdicts": _verdicts(event)})

    return await execute(deps.store, ctx, "SubmitNomination", cmd.model_dump(mode="json"), decide)


async def _step(deps: Deps, ctx: CommandContext, name: str, cmd: Any, decide_step) -> dict[str, Any]:
    """Load the nomination's round, then `decide_step(state) -> (event, day, answer)`."""
    round_code = cmd.nomination_id.split("/", 1)[0]

    async def decide() -> Decision:
        state = await load_round(deps, round_code)
        defined(state)
        event, day, answer = await decide_step(state)
        append = append_one(ROUND, round_code, state.version, event, day)
        return Decision([append], {"nomination_id": cmd.nomination_id, **answer})

    return await execute(deps.store, ctx, name, cmd.model_dump(mode="json"), decide)


def _today(deps: Deps, day: date | None) -> date:
    return day or vietnam_today(deps.clock)


async def withdraw_nomination(deps: Deps, ctx: CommandContext, cmd: WithdrawNomination) -> dict[str, Any]:
    async def step(state: RoundState):
        access.may_withdraw(ctx.actor, nomination_of(state, cmd.nomination_id))
        day = _today(deps, cmd.withdrawn_on)
        return decisions.decide_withdraw(state, cmd.nomination_id, day, cmd.reason), day, {"status": "withdrawn"}

    return await _step(deps, ctx, "WithdrawNomination", cmd, step)


def _handled(ctx: CommandContext, state: RoundState, nomination_id: str, vi: str, en: str) -> None:
    held = nomination_of(state, nomination_id)
    access.may_handle(ctx.actor, held, state.kind(held.award_kind), vi, en)


async def receive_nomination(deps: Deps, ctx: CommandContext, cmd: ReceiveNomination) -> dict[str, Any]:
    async def step(state: RoundState):
        _handled(ctx, state, cmd.nomination_id, "tiếp nhận", "receive")
        day = _today(deps, cmd.received_on)
        return decisions.decide_receive(state, cmd.nomination_id, day), day, {"status": "received"}

    return await _step(deps, ctx, "ReceiveNomination", cmd, step)


async def review_nomination(deps: Deps, ctx: CommandContext, cmd: ReviewNomination) -> dict[str, Any]:
    """The council's finding on "exemplary" (A2, A3, A5, A6), with its reasons."""
    async def step(state: RoundState):
        _handled(ctx, state, cmd.nomination_id, "xét", "review")
        day = _today(deps, cmd.reviewed_on)
        event = decisions.decide_review(state, cmd.nomination_id, cmd.exemplary, cmd.reasons, day)
        return event, day, {"status": "reviewed", "exemplary": cmd.exemplary}

    return await _step(deps, ctx, "ReviewNomination", cmd, step)


async def decide_nomination(deps: Deps, ctx: CommandContext, cmd: DecideNomination) -> dict[str, Any]:
    """Approved (every check and quota run again at the decision's date) or rejected."""
    async def step(state: RoundState):
        _handled(ctx, state, cmd.nomination_id, "quyết định", "decide")
        facts = await load_eligibility(deps, state, cmd.decision_date)
        event = decisions.decide_decision(state, cmd.nomination_id, cmd.outcome, cmd.reasons, cmd.document_number,
                                          cmd.decision_date, facts)
        return event, cmd.decision_date, {"status": cmd.outcome, "decision_number": cmd.document_number,
                                          "verdicts": _verdicts(event)}

    return await _step(deps, ctx, "DecideNomination", cmd, step)


async def confer_award(deps: Deps, ctx: CommandContext, cmd: ConferAward) -> dict[str, Any]:
    async def step(state: RoundState):
        _handled(ctx, state, cmd.nomination_id, "trao", "confer")
        event = decisions.decide_confer(state, cmd.nomination_id, cmd.conferred_on, cmd.certificate_number)
        return event, cmd.conferred_on, {"status": "conferred", "certificate_number": cmd.certificate_number}

    return await _step(deps, ctx, "ConferAward", cmd, step)
