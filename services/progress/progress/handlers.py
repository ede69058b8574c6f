"""One plain function per command: load → decide → append (through the kernel's `execute`).

Each is `async def handler(deps, ctx, cmd) -> dict`, registered in command_table.COMMANDS.
"""
from datetime import date
from typing import Any

from contracts.progress import CommuneRecognised, CriterionAssessed, RecognitionRevoked, TargetSet
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import NotFound
from thidua_kernel.messages import CommandContext

from . import mapping
from .commune_access import authorise_on_commune
from .commands import (
    AssessCriterion,
    PublishBuiltinCriteriaSet,
    PublishCriteriaSet,
    RecogniseCommune,
    RevokeRecognition,
    SetTarget,
)
from .deps import Deps
from .domain import rules, unit_rules
from .domain.model import CommuneProgress
from .mapping import COMMUNE_PROGRESS, CRITERIA_SET, TARGET, append_one
from .reference_handlers import judge_indicators


async def load_progress(deps: Deps, commune_code: str) -> CommuneProgress:
    return mapping.commune_progress(commune_code, await deps.store.load(COMMUNE_PROGRESS, commune_code))


async def publish_criteria_set(deps: Deps, ctx: CommandContext, cmd: PublishCriteriaSet) -> dict[str, Any]:
    require_province_board(ctx.actor, "ban hành bộ tiêu chí / publish criteria sets")
    return await _publish(deps, ctx, "PublishCriteriaSet", cmd.model_dump(mode="json"), cmd)


async def publish_builtin_criteria_set(deps: Deps, ctx: CommandContext,
                                       cmd: PublishBuiltinCriteriaSet) -> dict[str, Any]:
    require_province_board(ctx.actor, "ban hành bộ tiêu chí / publish criteria sets")
    data = deps.builtin_set(cmd.set_id)
    if data is None:
        raise NotFound(
            "P2", f"Không có bộ tiêu chí dựng sẵn mã {cmd.set_id}.",
            f"No built-in criteria set with id {cmd.set_id}.", set_id=cmd.set_id,
        )
    full = PublishCriteriaSet.model_validate({**data, "reason": cmd.reason})
    return await _publish(deps, ctx, "PublishBuiltinCriteriaSet", cmd.model_dump(mode="json"), full)


async def _publish(deps: Deps, ctx: CommandContext, name: str, body: Any, cmd: PublishCriteriaSet) -> dict[str, Any]:
    """Idempotent by content: the identical set again appends nothing and answers `unchanged`."""

    async def decide() -> Decision:
        candidate = mapping.criteria_set_from_command(cmd)
        rules.p1_complete_set(candidate)
        history = await deps.store.load(CRITERIA_SET, cmd.set_id)
        answer = {"set_id": cmd.set_id, "effective_from": cmd.effective_from.isoformat()}
        if mapping.criteria_set_from_events(history) == candidate:
            return Decision([], {**answer, "unchanged": True, "version": len(history)})
        payload = mapping.criteria_set_payload(candidate)
        append = append_one(CRITERIA_SET, cmd.set_id, len(history), payload, cmd.effective_from)
        return Decision([append], {**answer, "unchanged": False, "version": len(history) + 1})

    answer = await execute(deps.store, ctx, name, body, decide)
    deps.criteria_sets.invalidate(cmd.set_id)  # committed: the very next command sees it
    return answer


async def assess_criterion(deps: Deps, ctx: CommandContext, cmd: AssessCriterion) -> dict[str, Any]:
    """P3: one criterion of one xã, under the set in force on its date (P2), its values judged (P3)."""
    await authorise_on_commune(deps, ctx.actor, cmd.district_code, cmd.commune_code, "đánh giá tiêu chí / assess")

    async def decide() -> Decision:
        rules.p1_criterion_number(cmd.criterion)
        unit = await deps.units.get(cmd.commune_code, on=cmd.effective_date)
        unit_rules.xa_under_district_on(unit, cmd.commune_code, cmd.district_code, cmd.effective_date)
        in_force = rules.p2_set_in_force(await deps.criteria_sets.published(), cmd.effective_date)
        judged, region = await judge_indicators(deps, cmd, in_force)  # P3
        # An assessment is a fact whatever came before: only the stream's version is needed.
        version = await deps.store.version(COMMUNE_PROGRESS, cmd.commune_code)
        payload = CriterionAssessed(
            commune_code=cmd.commune_code, district_code=cmd.district_code, criteria_set_id=in_force.set_id,
            criterion=cmd.criterion, met=cmd.met, indicator_values=cmd.indicator_values,
            evidence=cmd.evidence, effective_date=cmd.effective_date,
            region=region, indicators_judged=mapping.judgement_payloads(judged),
        )
        append = append_one(COMMUNE_PROGRESS, cmd.commune_code, version, payload, cmd.effective_date)
        return Decision([append], {"commune_code": cmd.commune_code, "criterion": cmd.criterion,
                                   "met": cmd.met, "criteria_set_id": in_force.set_id, "region": region,
                                   "indicators_judged": [j.model_dump(mode="json")
                                                         for j in payload.indicators_judged]})

    return await execute(deps.store, ctx, "AssessCriterion", cmd.model_dump(mode="json"), decide)


async def recognise_commune(deps: Deps, ctx: CommandContext, cmd: RecogniseCommune) -> dict[str, Any]:
    """P4: the provincial committee's decision (its number is the command's document_number)."""
    require_province_board(ctx.actor, "công nhận xã đạt chuẩn nông thôn mới / recognise communes")

    async def decide() -> Decision:
        unit = await deps.units.get(cmd.commune_code, on=cmd.effective_date)
        unit_rules.xa_under_district_on(unit, cmd.commune_code, cmd.district_code, cmd.effective_date)
        in_force = rules.p2_set_in_force(await deps.criteria_sets.published(), cmd.effective_date)
        progress = await load_progress(deps, cmd.commune_code)
        rules.p4_not_yet_recognised(progress, cmd.effective_date)
        rules.p4_all_criteria_met(progress, in_force, cmd.effective_date)
        payload = CommuneRecognised(
            commune_code=cmd.commune_code, district_code=cmd.district_code, criteria_set_id=in_force.set_id,
            decision_number=cmd.document_number, effective_date=cmd.effective_date,
        )
        append = append_one(COMMUNE_PROGRESS, cmd.commune_code, progress.version, payload, cmd.effective_date)
        return Decision([append], {"commune_code": cmd.commune_code, "recognised": True,
                                   "criteria_set_id": in_force.set_id, "document_number": cmd.document_number})

    return await execute(deps.store, ctx, "RecogniseCommune", cmd.model_dump(mode="json"), decide)


async def revoke_recognition(deps: Deps, ctx: CommandContext, cmd: RevokeRecognition) -> dict[str, Any]:
    require_province_board(ctx.actor, "thu hồi công nhận / revoke recognitions")

    async def decide() -> Decision:
        found = await deps.units.get(cmd.commune_code, on=cmd.effective_date)
        unit = unit_rules.u1_unit_known(cmd.commune_code, found)
        unit_rules.u1_under_district(unit, cmd.district_code)
        progress = await load_progress(deps, cmd.commune_code)
        rules.p4_is_recognised(progress, cmd.effective_date)
        payload = RecognitionRevoked(
            commune_code=cmd.commune_code, district_code=cmd.district_code,
            decision_number=cmd.document_number, effective_date=cmd.effective_date,
        )
        append = append_one(COMMUNE_PROGRESS, cmd.commune_code, progress.version, payload, cmd.effective_date)
        return Decision([append], {"commune_code": cmd.commune_code, "recognised": False,
                                   "document_number": cmd.document_number})

    return await execute(deps.store, ctx, "RevokeRecognition", cmd.model_dump(mode="json"), decide)


async def set_target(deps: Deps, ctx: CommandContext, cmd: SetTarget) -> dict[str, Any]:
    """P5: targets are data (unit, year, rate); the same target again appends nothing."""
    require_province_board(ctx.actor, "đặt chỉ tiêu / set targets")

    async def decide() -> Decision:
        unit = unit_rules.u1_unit_known(cmd.unit_code, await deps.units.get(cmd.unit_code))
        rules.p5_target(unit, cmd.year, cmd.ntm_rate)
        target_id = f"{cmd.unit_code}-{cmd.year}"
        history = await deps.store.load(TARGET, target_id)
        answer = {"unit_code": cmd.unit_code, "year": cmd.year, "ntm_rate": cmd.ntm_rate}
        if history and TargetSet.model_validate(history[-1].payload).ntm_rate == cmd.ntm_rate:
            return Decision([], {**answer, "unchanged": True})
        payload = TargetSet(unit_code=cmd.unit_code, year=cmd.year, ntm_rate=cmd.ntm_rate)
        append = append_one(TARGET, target_id, len(history), payload, end_of_year(cmd.year))
        return Decision([append], {**answer, "unchanged": False})

    return await execute(deps.store, ctx, "SetTarget", cmd.model_dump(mode="json"), decide)


def end_of_year(year: int) -> date:
    """A target is about the end of its year (P5: "by 2015"): that is its business time."""
    return date(year, 12, 31)
