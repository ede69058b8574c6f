"""Plans and their deadlines (U7), movement registration (A4), clusters and blocks over time (U2)."""
from typing import Any

from contracts.registry import ClusterFormed, ClusterMembershipChanged, MovementRegistered, PlanDue, PlanSubmitted
from thidua_kernel.auth import require_province_board, require_unit_scope
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal
from thidua_kernel.messages import CommandContext

from ..commands import ChangeClusterMembers, FormCluster, RegisterMovement, SetPlanDeadline, SubmitPlan
from ..domain import rules
from ..domain.programme import cluster_from_events, plan_from_events
from .deps import RegistryDeps
from .loading import append, load_history, load_party, path_of
from .organisation_scope import require_organisation_scope


def _not_registered(code: str, day) -> DomainRefusal:
    return DomainRefusal("U8",
                         f"{code} chưa được đăng ký (hoặc chưa tồn tại) vào ngày {day.isoformat()}.",
                         f"{code} is not registered (or did not exist) on {day.isoformat()}.",
                         code=code, date=day.isoformat())


async def set_plan_deadline(deps: RegistryDeps, ctx: CommandContext, cmd: SetPlanDeadline) -> dict[str, Any]:
    require_province_board(ctx.actor, "giao thời hạn kế hoạch / set plan deadlines")

    async def decide() -> Decision:
        if await load_party(deps.store, cmd.owner_code) is None:
            raise _not_registered(cmd.owner_code, cmd.due_date)
        history, version = await load_history(deps.store, "plan", cmd.plan_code)
        plan = plan_from_events(history)
        if plan is not None:
            rules.u7_not_yet_submitted(plan)
            if plan.owner_code != cmd.owner_code:
                raise DomainRefusal("U7", f"Kế hoạch {cmd.plan_code} thuộc {plan.owner_code}.",
                                    f"Plan {cmd.plan_code} belongs to {plan.owner_code}.",
                                    plan_code=cmd.plan_code, owner_code=plan.owner_code)
            if (plan.title, plan.due_date) == (cmd.title, cmd.due_date):
                return Decision([], {"plan_code": cmd.plan_code, "unchanged": True})
        event = PlanDue(plan_code=cmd.plan_code, owner_code=cmd.owner_code, title=cmd.title, due_date=cmd.due_date)
        return Decision([append("plan", cmd.plan_code, version, [("PlanDue", event, cmd.due_date)])],
                        {"plan_code": cmd.plan_code})

    return await execute(deps.store, ctx, "SetPlanDeadline", cmd.model_dump(mode="json"), decide)


async def submit_plan(deps: RegistryDeps, ctx: CommandContext, cmd: SubmitPlan) -> dict[str, Any]:
    """The province board, an officer of the owner's district, or of the owner's own organisation
    (organisation_scope), records that the plan came."""

    async def decide() -> Decision:
        day = cmd.submitted_on
        history, version = await load_history(deps.store, "plan", cmd.plan_code)
        plan = rules.u7_plan_has_deadline(plan_from_events(history), cmd.plan_code)
        path = await path_of(deps.store, plan.owner_code, day)
        require_organisation_scope(ctx.actor, path, "nộp kế hoạch / submit plans of")
        if (plan.submitted_on, plan.document_number) == (day, cmd.document_number):
            return Decision([], {"plan_code": cmd.plan_code, "unchanged": True})
        rules.u7_not_yet_submitted(plan)
        owner = await load_party(deps.store, plan.owner_code)
        if owner is None or not owner.exists_on(day):
            raise _not_registered(plan.owner_code, day)
        event = PlanSubmitted(plan_code=cmd.plan_code, owner_code=plan.owner_code, submitted_on=day,
                              document_number=cmd.document_number)
        on_time = day <= plan.due_date
        return Decision([append("plan", cmd.plan_code, version, [("PlanSubmitted", event, day)])],
                        {"plan_code": cmd.plan_code, "on_time": on_time})

    return await execute(deps.store, ctx, "SubmitPlan", cmd.model_dump(mode="json"), decide)


async def register_movement(deps: RegistryDeps, ctx: CommandContext, cmd: RegisterMovement) -> dict[str, Any]:
    async def decide() -> Decision:
        day = cmd.registered_on
        party = await load_party(deps.store, cmd.unit_code)
        if party is None or not party.exists_on(day):
            raise _not_registered(cmd.unit_code, day)
        require_unit_scope(ctx.actor, await path_of(deps.store, cmd.unit_code, day), "đăng ký thi đua / register")
        history, version = await load_history(deps.store, "movement", cmd.unit_code)
        earlier = MovementRegistered.model_validate(history[0][1]).registered_on if history else None
        if earlier == day:
            return Decision([], {"unit_code": cmd.unit_code, "unchanged": True})
        rules.a4_registered_once(cmd.unit_code, earlier)
        event = MovementRegistered(unit_code=cmd.unit_code, registered_on=day)
        return Decision([append("movement", cmd.unit_code, version, [("MovementRegistered", event, day)])],
                        {"unit_code": cmd.unit_code})

    return await execute(deps.store, ctx, "RegisterMovement", cmd.model_dump(mode="json"), decide)


async def form_cluster(deps: RegistryDeps, ctx: CommandContext, cmd: FormCluster) -> dict[str, Any]:
    require_province_board(ctx.actor, "lập cụm, khối thi đua / form clusters")

    async def decide() -> Decision:
        history, version = await load_history(deps.store, "cluster", cmd.code)
        current = cluster_from_events(history)
        if current is not None and set(current.member_codes) == set(cmd.member_codes) and current.name == cmd.name:
            return Decision([], {"code": cmd.code, "unchanged": True})
        members = {code: await load_party(deps.store, code) for code in cmd.member_codes}
        rules.u2_members_are_of_kind(cmd.kind, members, cmd.effective_from)
        event = ClusterFormed(code=cmd.code, kind=cmd.kind, name=cmd.name, member_codes=cmd.member_codes,
                              effective_from=cmd.effective_from)
        return Decision([append("cluster", cmd.code, version, [("ClusterFormed", event, cmd.effective_from)])],
                        {"code": cmd.code})

    return await execute(deps.store, ctx, "FormCluster", cmd.model_dump(mode="json"), decide)


async def change_cluster_members(deps: RegistryDeps, ctx: CommandContext, cmd: ChangeClusterMembers) -> dict[str, Any]:
    require_province_board(ctx.actor, "thay đổi thành viên cụm, khối / change cluster members")

    async def decide() -> Decision:
        day = cmd.effective_from
        history, version = await load_history(deps.store, "cluster", cmd.code)
        cluster = cluster_from_events(history)
        if cluster is None or day < cluster.formed_on:
            raise DomainRefusal("U2", f"Cụm/khối {cmd.code} chưa được lập vào ngày {day.isoformat()}.",
                                f"Cluster or block {cmd.code} was not formed by {day.isoformat()}.",
                                code=cmd.code, date=day.isoformat())
        if set(cluster.members_on(day)) == set(cmd.member_codes):
            return Decision([], {"code": cmd.code, "unchanged": True})
        members = {code: await load_party(deps.store, code) for code in cmd.member_codes}
        rules.u2_members_are_of_kind(cluster.kind, members, day)
        event = ClusterMembershipChanged(code=cmd.code, member_codes=cmd.member_codes, effective_from=day)
        return Decision([append("cluster", cmd.code, version, [("ClusterMembershipChanged", event, day)])],
                        {"code": cmd.code})

    return await execute(deps.store, ctx, "ChangeClusterMembers", cmd.model_dump(mode="json"), decide)
