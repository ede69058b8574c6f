"""Rounds and nominations as known at K (`known_at`): the round's stream folded with only the
events recorded by K, and the checks run on the facts as known at K, so a verdict, a flag or a
dashboard shown once is shown again for the same K.

The day of the check is `as_of` when asked; otherwise the date of K in Vietnam (what "today"
was then), so a past answer is reproduced by its `known_at` alone.
"""
from datetime import date, datetime
from typing import Any

from contracts.envelope import Actor
from thidua_facts.timeframe import VIETNAM, Timeframe
from thidua_kernel.auth import actor_as_shown
from thidua_kernel.errors import NotFound

from . import personal_data
from .deps import Deps
from .domain import views as domain_views
from .domain.eligibility_facts import EligibilityFacts
from .domain.messages import en_name
from .domain.round_state import NominationState, RoundState, nomination_id
from .domain.refusals import defined
from .loading import ROUND, load_eligibility, load_round


def check_day(tf: Timeframe, as_of: date | None) -> date:
    return as_of if as_of is not None else tf.known_at.astimezone(VIETNAM).date()


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json") if value is not None else None


def _moment(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


async def list_rounds(deps: Deps, tf: Timeframe) -> list[dict[str, Any]]:
    rounds = []
    for code in await deps.stream_ids(ROUND, "", tf.known_at):
        state = await load_round(deps, code, tf.known_at)
        if state.definition is not None:
            d = state.definition
            rounds.append({"code": code, "title_vi": d.title_vi, "title_en": d.title_en, "kind": d.kind,
                           "period_from": d.period_from, "period_to": d.period_to,
                           "reference_date": d.reference_date.isoformat(),
                           "nominations_due": d.nominations_due.isoformat(), "preset": d.preset,
                           "nominations": len(state.nominations), "version": state.version})
    return rounds


async def round_detail(deps: Deps, code: str, tf: Timeframe) -> dict[str, Any]:
    state = await load_round(deps, code, tf.known_at)
    defined(state)
    return {"code": code, "known_at": _moment(tf.known_at), "version": state.version,
            "definition": _dump(state.definition),
            "prizes": {kind: _dump(prize) for kind, prize in sorted(state.prizes.items())}}


async def _judged(deps: Deps, code: str, tf: Timeframe, as_of: date | None) -> tuple[RoundState, EligibilityFacts]:
    state = await load_round(deps, code, tf.known_at)
    defined(state)
    return state, await load_eligibility(deps, state, check_day(tf, as_of), tf.known_at)


def nomination_json(state: RoundState, held: NominationState, facts: EligibilityFacts, actor: Actor,
                    names: personal_data.PersonalNames = personal_data.NO_NAMES) -> dict[str, Any]:
    current = domain_views.current_verdicts(state, held, facts)
    flagged = domain_views.is_flagged(held, current)
    shown = personal_data.sees(actor, held.nominee, held.nominating_unit)
    answer = {
        "nomination_id": held.nomination_id, "award_kind": held.award_kind,
        "nominee": personal_data.nominee_json(held.nominee, shown, names),
        "nominating_unit": held.nominating_unit, "status": held.status, "exemplary": held.exemplary,
        "review_reasons": held.review_reasons, "submitted_on": held.submitted_on.isoformat(),
        "achievement_file": _dump(held.achievement_file) if shown else None,
        "submitted_verdicts": [_dump(v) for v in held.submitted_verdicts],
        "decision": _dump(held.decision), "conferred": _dump(held.conferred),
        "current_verdicts": [_dump(v) for v in current], "flagged": flagged,
        "flags": [_dump(v) for v in domain_views.flags(current)] if flagged else [],
        "history": [{"event_type": h.event_type, "recorded_at": _moment(h.recorded_at),
                     "actor": actor_as_shown({"principal_id": h.actor, "role": h.actor_role, "scope": h.actor_scope},
                                             actor),
                     "document_number": h.document_number, "on": h.on.isoformat() if h.on else None}
                    for h in held.history],
    }
    if shown and held.nominee.code not in names.erased:
        return answer
    # Withheld, or erased: a person recorded in clear before sealing has its name in the verdicts.
    answer["achievement_file"] = None
    return {**answer, **{key: _withheld(answer[key], held.nominee)
                         for key in ("submitted_verdicts", "decision", "current_verdicts", "flags")}}


def _withheld(value: Any, nominee) -> Any:
    """Verdicts with the individual's name taken out of their messages and figures."""
    return personal_data.scrub(personal_data.scrub(value, nominee.name, nominee.code), en_name(nominee.name),
                               nominee.code)


async def nominations(deps: Deps, code: str, tf: Timeframe, as_of: date | None, actor: Actor,
                      award_kind: str | None = None, status: str | None = None,
                      district: str | None = None) -> list[dict[str, Any]]:
    state, facts = await _judged(deps, code, tf, as_of)
    chosen = [n for n in sorted(state.nominations.values(), key=lambda n: n.nomination_id)
              if (award_kind is None or n.award_kind == award_kind) and (status is None or n.status == status)
              and (district is None or n.nominee.district_code == district)]
    names = await personal_data.names_for(
        deps.sealed_names, [(n.nominee, personal_data.sees(actor, n.nominee, n.nominating_unit)) for n in chosen])
    return [nomination_json(state, n, facts, actor, names) for n in chosen]


async def one_nomination(deps: Deps, code: str, award_kind: str, nominee_code: str, tf: Timeframe,
                         as_of: date | None, actor: Actor) -> dict[str, Any]:
    state, facts = await _judged(deps, code, tf, as_of)
    held = state.nominations.get(nomination_id(code, award_kind, nominee_code))
    if held is None:
        raise NotFound("A11", f"Không có hồ sơ đề nghị {award_kind} cho {nominee_code} trong đợt {code}.",
                       f"No nomination of {nominee_code} for {award_kind} in round {code}.",
                       round_code=code, award_kind=award_kind, nominee_code=nominee_code)
    names = await personal_data.names_for(
        deps.sealed_names, [(held.nominee, personal_data.sees(actor, held.nominee, held.nominating_unit))])
    return nomination_json(state, held, facts, actor, names)


async def dashboard(deps: Deps, code: str, tf: Timeframe, as_of: date | None) -> dict[str, Any]:
    state, facts = await _judged(deps, code, tf, as_of)
    return {**domain_views.dashboard(state, facts), "round": code, "known_at": _moment(tf.known_at),
            "check_date": check_day(tf, as_of).isoformat(), "version": state.version}


async def candidates(deps: Deps, code: str, award_kind: str, tf: Timeframe, as_of: date | None,
                     actor: Actor) -> list[dict[str, Any]]:
    """Every unit or participant of the kind's nominee kinds with each check it passes or fails."""
    state, facts = await _judged(deps, code, tf, as_of)
    if state.kind(award_kind) is None:
        raise NotFound("A10", f"Đợt {code} không có loại khen thưởng {award_kind}.",
                       f"Round {code} has no award kind {award_kind}.", round_code=code, award_kind=award_kind)
    rows = []
    listed = domain_views.candidates(state, award_kind, facts)
    names = await personal_data.names_for(deps.sealed_names, [(n, personal_data.sees(actor, n)) for n, _ in listed])
    for nominee, verdicts in listed:
        shown = personal_data.sees(actor, nominee)
        verdict_rows = [_dump(v) for v in verdicts]
        rows.append({"nominee": personal_data.nominee_json(nominee, shown, names),
                     "verdicts": verdict_rows if shown and nominee.code not in names.erased
                     else _withheld(verdict_rows, nominee)})
    return rows
