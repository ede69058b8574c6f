"""The commands about the criteria sets' reference data and communes' plans (P2, P3, P6).

Plain handler functions like handlers.py's (registered in command_table.COMMANDS), kept apart so
each module stays readable: the same load → decide → append through the kernel's `execute`.
"""
from datetime import date
from typing import Any

from contracts.progress import RegionDeclared, ThresholdSet
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import NotFound
from thidua_kernel.messages import CommandContext

from . import mapping
from .commands import AssessCriterion, DeclareRegion, RecordCommunePlan, SetThreshold
from .commune_access import authorise_on_commune
from .deps import Deps
from .domain import plan_rules, threshold_rules, unit_rules
from .domain.model import CriteriaSet, Threshold
from .domain.reference import REGIONS_SINCE, CommunePlan
from .domain.thresholds import Judgement, judge
from .mapping import COMMUNE_PLAN, CRITERIA_SET, PROVINCE_REGION, append_one


async def set_threshold(deps: Deps, ctx: CommandContext, cmd: SetThreshold) -> dict[str, Any]:
    """P2: a threshold of a published set; the same threshold again appends nothing."""
    require_province_board(ctx.actor, "đặt ngưỡng chỉ tiêu / set thresholds")

    async def decide() -> Decision:
        history = await deps.store.load(CRITERIA_SET, cmd.set_id)
        current = mapping.criteria_set_as_judged(history)
        if current is None:
            raise NotFound("P2", f"Chưa ban hành bộ tiêu chí {cmd.set_id}.",
                           f"Criteria set {cmd.set_id} has not been published.", set_id=cmd.set_id)
        indicator = threshold_rules.p2_threshold_target(current, cmd.criterion, cmd.indicator, cmd.unit, cmd.year)
        threshold_rules.p2_region_known(cmd.region, deps.reference(), general_allowed=True)
        threshold_rules.p3_values_within_unit(current, cmd.criterion, {cmd.indicator: cmd.value})
        threshold = Threshold(cmd.region, cmd.value, cmd.stored_comparison, cmd.year)
        answer = {"set_id": cmd.set_id, "criterion": cmd.criterion, "indicator": cmd.indicator,
                  "region": cmd.region, "year": cmd.year, "comparison": threshold.comparison, "value": cmd.value}
        if threshold in indicator.thresholds:
            return Decision([], {**answer, "unchanged": True})
        payload = ThresholdSet(set_id=cmd.set_id, criterion=cmd.criterion, indicator=cmd.indicator,
                               region=cmd.region, year=cmd.year, comparison=threshold.comparison,
                               value=cmd.value, unit=cmd.unit or indicator.unit)
        # Business time: the first day it judges anything (its year, or the set's start).
        day = date(cmd.year, 1, 1) if cmd.year is not None else current.effective_from
        return Decision([append_one(CRITERIA_SET, cmd.set_id, len(history), payload, day)],
                        {**answer, "unchanged": False})

    answer = await execute(deps.store, ctx, "SetThreshold", cmd.model_dump(mode="json"), decide)
    deps.criteria_sets.invalidate(cmd.set_id)  # committed: the very next assessment is judged by it
    return answer


async def declare_region(deps: Deps, ctx: CommandContext, cmd: DeclareRegion) -> dict[str, Any]:
    """P2: the province's region; the same declaration again appends nothing."""
    require_province_board(ctx.actor, "khai báo vùng của tỉnh / declare the province's region")

    async def decide() -> Decision:
        unit = unit_rules.u1_unit_known(cmd.province_code, await deps.units.get(cmd.province_code))
        unit_rules.u1_is_province(unit)
        threshold_rules.p2_region_known(cmd.region, deps.reference(), general_allowed=False)
        history = await deps.store.load(PROVINCE_REGION, cmd.province_code)
        answer = {"province_code": cmd.province_code, "region": cmd.region,
                  "effective_from": cmd.effective_from.isoformat() if cmd.effective_from else None}
        if mapping.province_region(cmd.province_code, history).already_declares(cmd.region, cmd.effective_from):
            return Decision([], {**answer, "unchanged": True})
        payload = RegionDeclared(province_code=cmd.province_code, region=cmd.region,
                                 effective_from=cmd.effective_from)
        day = cmd.effective_from or REGIONS_SINCE
        return Decision([append_one(PROVINCE_REGION, cmd.province_code, len(history), payload, day)],
                        {**answer, "unchanged": False})

    answer = await execute(deps.store, ctx, "DeclareRegion", cmd.model_dump(mode="json"), decide)
    deps.regions.invalidate(cmd.province_code)  # committed: the very next assessment is judged in it
    return answer


async def record_commune_plan(deps: Deps, ctx: CommandContext, cmd: RecordCommunePlan) -> dict[str, Any]:
    """P6: a commune's plan for a period; re-recording the period revises it, identical content is no-op."""
    action = "lập kế hoạch xây dựng NTM của xã / record commune plans"
    await authorise_on_commune(deps, ctx.actor, cmd.district_code, cmd.commune_code, action)

    async def decide() -> Decision:
        start, end = plan_rules.p6_period(cmd.period)
        plan_rules.p6_content_areas(cmd.content_areas, deps.reference())
        plan_rules.p1_plan_criteria(cmd.criteria)
        first, last = date(start, 1, 1), date(end, 12, 31)
        unit = await deps.units.get(cmd.commune_code, on=first)  # its parent when the period began
        unit_rules.xa_under_district_during(unit, cmd.commune_code, cmd.district_code, first, last)
        plan = CommunePlan(cmd.commune_code, cmd.district_code, cmd.period, start, end,
                           tuple(sorted(cmd.content_areas)), tuple(sorted(cmd.criteria)), cmd.document_number,
                           cmd.approved_on)
        history = await deps.store.load(COMMUNE_PLAN, plan.stream_id)
        answer = {"commune_code": cmd.commune_code, "period": cmd.period,
                  "content_areas": list(plan.content_areas), "criteria": list(plan.criteria)}
        if mapping.commune_plan(history) == plan:
            return Decision([], {**answer, "unchanged": True, "revision": len(history)})
        day = cmd.approved_on or date(start, 1, 1)
        append = append_one(COMMUNE_PLAN, plan.stream_id, len(history), mapping.commune_plan_payload(plan), day)
        return Decision([append], {**answer, "unchanged": False, "revision": len(history) + 1})

    return await execute(deps.store, ctx, "RecordCommunePlan", cmd.model_dump(mode="json"), decide)


async def judge_indicators(deps: Deps, cmd: AssessCriterion,
                           in_force: CriteriaSet) -> tuple[list[Judgement], str | None]:
    """P3: the supplied indicator values against the thresholds of the province's region.

    Nothing is judged (and nothing read) without values; a province that has not declared
    its region has its values recorded unjudged.
    """
    if not cmd.indicator_values:
        return [], None
    threshold_rules.p2_indicators_listed(in_force, cmd.criterion, cmd.indicator_values)
    threshold_rules.p3_values_within_unit(in_force, cmd.criterion, cmd.indicator_values)
    district = await deps.units.get(cmd.district_code, on=cmd.effective_date)
    if district is None or district.parent_code is None:
        return [], None
    region = (await deps.regions.of(district.parent_code)).region_on(cmd.effective_date)
    if region is None:
        return [], None
    judgements = judge(in_force, cmd.criterion, cmd.indicator_values, region, cmd.effective_date.year)
    threshold_rules.p3_met_agrees_with_indicators(cmd.met, judgements, cmd.commune_code, cmd.criterion,
                                                  in_force.set_id, region)
    return judgements, region
