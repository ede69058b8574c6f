"""R1 views, each as known at K (`known_at`): the periods, one period with each owing unit's
submission status, one submission at a revision, completeness and timeliness at `as_of`."""
from typing import Any

from contracts.envelope import Actor
from thidua_facts.timeframe import Timeframe
from thidua_kernel.auth import actor_as_shown
from thidua_kernel.errors import NotFound

from .deps import Deps
from .domain.completeness import completeness
from .domain.periods import kinds_of
from .domain.submissions import fold, step_day
from .period_loading import known_periods, load_period, load_submission, load_submission_events, owing, reported_days


async def opened_period(deps: Deps, code: str, tf: Timeframe):
    period, version, recorded_at = await load_period(deps, code, tf.known_at)
    if period is None:
        raise NotFound("R1", f"Chưa có kỳ báo cáo {code} (tính đến {tf.known_at}).",
                       f"No reporting period {code} (as known at {tf.known_at}).", period=code,
                       known_at=tf.known_at.isoformat())
    return period, version, recorded_at


async def list_periods(deps: Deps, tf: Timeframe) -> list[dict[str, Any]]:
    return [{**period.model_dump(mode="json"), "owed": len(period.expected_units)}
            for period, _ in await known_periods(deps, tf.known_at)]


async def period_detail(deps: Deps, code: str, tf: Timeframe) -> dict[str, Any]:
    period, version, _ = await opened_period(deps, code, tf)
    units = []
    for unit in period.expected_units:
        current = (await load_submission(deps, code, unit, tf.known_at)).current
        units.append({"unit_code": unit, "revision": current.revision if current else None,
                      "status": current.status if current else "missing"})
    return {**period.model_dump(mode="json"), "version": version, "known_at": tf.known_at.isoformat(),
            "submissions": units}


async def submission(deps: Deps, code: str, unit: str, revision: int | None, tf: Timeframe,
                     reader: Actor) -> dict[str, Any]:
    """One revision with its figures and the stream's history; each step's recorder as `reader`
    may see it (kernel auth.principal_shown: the account, or the office alone)."""
    await opened_period(deps, code, tf)
    events = await load_submission_events(deps, code, unit, tf.known_at)
    state = fold(code, unit, [(e.event_type, e.payload) for e in events])
    if not state.revisions:
        raise NotFound("R1", f"Đơn vị {unit} chưa có báo cáo kỳ {code}.", f"{unit} has no submission for {code}.",
                       period=code, unit=unit)
    chosen = [r for r in state.revisions if revision is None or r.revision == revision]
    if not chosen:
        raise NotFound("R1", f"Báo cáo {code}/{unit} không có lần sửa đổi {revision}"
                       f" (có {len(state.revisions)}).", f"Submission {code}/{unit} has no revision {revision}"
                       f" (it has {len(state.revisions)}).", period=code, unit=unit, revision=revision,
                       revisions=len(state.revisions))
    history = [{"event_id": str(e.event_id), "event_type": e.event_type, "revision": e.payload.get("revision"),
                "day": str(step_day(e.event_type, e.payload)), "recorded_at": e.recorded_at.isoformat(),
                "actor": actor_as_shown(e.actor.model_dump(mode="json"), reader)} for e in events]
    return {"period_code": code, "unit_code": unit, "known_at": tf.known_at.isoformat(),
            "revisions": len(state.revisions), **chosen[-1].as_dict(), "history": history}


async def period_completeness(deps: Deps, code: str, tf: Timeframe) -> dict[str, Any]:
    """Who owes is as the period was opened; each unit's kind from the facts at the opening date as
    known when the period was recorded, so the answer never changes with later registry records."""
    period, _, recorded_at = await opened_period(deps, code, tf)
    kinds = kinds_of(await owing(deps, period.opened_on, recorded_at))
    reported = await reported_days(deps, period, tf.as_of, tf.known_at)
    return {**completeness(period, kinds, reported, tf.as_of), "known_at": tf.known_at.isoformat()}
