"""R1 commands: open a period; save a draft of, submit, return and approve a unit's submission.

Each is `async def handler(deps, ctx, cmd) -> dict`, registered in command_table.COMMANDS: load the
stream → fold → decide with the domain → append at the loaded version (kernel `execute`:
idempotent, a version conflict decided again once on fresh data).
"""
from typing import Any

from contracts.reporting import PeriodOpened
from thidua_facts.timeframe import vietnam_today
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal
from thidua_kernel.messages import CommandContext

from .access import may_report_for, step_day
from .commands import ApproveSubmission, OpenPeriod, ReturnSubmission, SaveDraft, Submit, SubmissionStep
from .deps import Deps
from .domain import submissions
from .domain.periods import decide_open, period_code
from .domain.validation import validate
from .events import append_one
from .domain.figure_units import figures_in_recorded_units
from .period_loading import PERIOD, load_period, load_submission, owing, recorded_figures


async def open_period(deps: Deps, ctx: CommandContext, cmd: OpenPeriod) -> dict[str, Any]:
    """The same period with the same terms again appends nothing (`unchanged`)."""
    require_province_board(ctx.actor, "mở kỳ báo cáo / open reporting periods")
    today = vietnam_today(deps.clock)
    opened_on = cmd.opened_on or today
    if opened_on > today:
        raise DomainRefusal("R1", f"Ngày mở kỳ {opened_on} ở tương lai (hôm nay {today}).",
                            f"Opening day {opened_on} is in the future (today is {today}).",
                            opened_on=str(opened_on), today=str(today))
    code = period_code(cmd.kind, cmd.year, cmd.half)

    async def decide() -> Decision:
        existing, version, _ = await load_period(deps, code)
        units = await owing(deps, opened_on, None)
        event = decide_open(existing, cmd.kind, cmd.year, cmd.half, cmd.due_on, cmd.grace_days, opened_on, units)
        shown = event or existing
        assert shown is not None
        answer = {"period_code": code, "expected_units": shown.expected_units, "due_on": str(shown.due_on)}
        if event is None:
            return Decision([], {**answer, "unchanged": True})
        return Decision([append_one(PERIOD, code, version, event, opened_on)], {**answer, "unchanged": False})

    return await execute(deps.store, ctx, "OpenPeriod", cmd.model_dump(mode="json"), decide)


async def _open_period_owed(deps: Deps, cmd: SubmissionStep) -> PeriodOpened:
    """R1: a submission only for a period open, by a unit that owes one."""
    period, _, _ = await load_period(deps, cmd.period_code)
    if period is None:
        raise DomainRefusal("R1", f"Kỳ báo cáo {cmd.period_code} chưa được mở.",
                            f"Reporting period {cmd.period_code} is not open.", period=cmd.period_code)
    if cmd.unit_code not in period.expected_units:
        raise DomainRefusal("R1", f"Đơn vị {cmd.unit_code} không phải báo cáo kỳ {period.code}"
                            f" ({len(period.expected_units)} đơn vị phải báo cáo).",
                            f"{cmd.unit_code} does not owe a report for {period.code}"
                            f" ({len(period.expected_units)} units do).",
                            period=period.code, unit=cmd.unit_code, owed_by=len(period.expected_units))
    return period


async def _step(deps: Deps, ctx: CommandContext, name: str, cmd: SubmissionStep, decide_step) -> dict[str, Any]:
    async def decide() -> Decision:
        period = await _open_period_owed(deps, cmd)
        state = await load_submission(deps, cmd.period_code, cmd.unit_code)
        event = await decide_step(period, state)
        answer = {"period_code": cmd.period_code, "unit_code": cmd.unit_code}
        if event is None:
            return Decision([], {**answer, "unchanged": True, "revision": state.current.revision})
        answer = {**answer, "unchanged": False, "revision": event.revision, "status": type(event).__name__}
        if hasattr(event, "warnings"):
            answer["warnings"] = [w.model_dump() for w in event.warnings]
        day = submissions.step_day(type(event).__name__, event.model_dump())
        stream = f"{cmd.period_code}/{cmd.unit_code}"
        return Decision([append_one(submissions.SUBMISSION, stream, state.version, event, day)], answer)

    return await execute(deps.store, ctx, name, cmd.model_dump(mode="json"), decide)


async def save_draft(deps: Deps, ctx: CommandContext, cmd: SaveDraft) -> dict[str, Any]:
    may_report_for(ctx.actor, cmd.unit_code)
    figures = figures_in_recorded_units(cmd.figures.model_dump())

    async def decide(period: PeriodOpened, state: submissions.SubmissionState):
        day = step_day(ctx.actor, cmd.drafted_on, vietnam_today(deps.clock), period.opened_on)
        warnings = validate(figures, await recorded_figures(deps, period, cmd.unit_code))
        return submissions.decide_draft(state, figures, cmd.narrative, day, cmd.new_revision, warnings)

    return await _step(deps, ctx, "SaveDraft", cmd, decide)


async def submit(deps: Deps, ctx: CommandContext, cmd: Submit) -> dict[str, Any]:
    may_report_for(ctx.actor, cmd.unit_code)

    async def decide(period: PeriodOpened, state: submissions.SubmissionState):
        day = step_day(ctx.actor, cmd.submitted_on, vietnam_today(deps.clock), period.opened_on)
        return submissions.decide_submit(state, day)

    return await _step(deps, ctx, "SubmitReport", cmd, decide)


async def return_submission(deps: Deps, ctx: CommandContext, cmd: ReturnSubmission) -> dict[str, Any]:
    require_province_board(ctx.actor, "trả lại báo cáo / return submissions")

    async def decide(period: PeriodOpened, state: submissions.SubmissionState):
        day = step_day(ctx.actor, cmd.returned_on, vietnam_today(deps.clock), period.opened_on)
        return submissions.decide_return(state, day, cmd.reasons)

    return await _step(deps, ctx, "ReturnSubmission", cmd, decide)


async def approve_submission(deps: Deps, ctx: CommandContext, cmd: ApproveSubmission) -> dict[str, Any]:
    require_province_board(ctx.actor, "phê duyệt báo cáo / approve submissions")

    async def decide(period: PeriodOpened, state: submissions.SubmissionState):
        day = step_day(ctx.actor, cmd.approved_on, vietnam_today(deps.clock), period.opened_on)
        return submissions.decide_approve(state, day)

    return await _step(deps, ctx, "ApproveSubmission", cmd, decide)
