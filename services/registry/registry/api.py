"""HTTP routes: parse, authorise, call a handler or a view, map errors (kernel handlers).

Every query takes `as_of` (a date). Without it, the answer is as of the end of time: the units
that exist now, the latest member lists. /plans needs it: whether an unsubmitted plan is
"missing" or "pending" depends on the day asked about, and there is no hidden clock.
"""
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Header
from pydantic import BaseModel

from contracts.envelope import Actor
from thidua_kernel.http import command_context
from thidua_kernel.runtime import Runtime

from . import bootstrap, programme_views, views
from .commands import (
    ChangeClusterMembers, DesignatePilot, DissolveUnit, FormCluster, ImportProvinceUnits, MergeUnits, MoveUnit,
    PledgeSupport, RegisterMovement, RegisterParticipant, RegisterUnit, RenameUnit, SetPlanDeadline, SplitUnit,
    SubmitPlan,
)

COMMANDS: list[tuple[str, type[BaseModel], str]] = [
    ("register-unit", RegisterUnit, "register_unit"),
    ("import-province-units", ImportProvinceUnits, "import_province_units"),
    ("rename-unit", RenameUnit, "rename_unit"),
    ("move-unit", MoveUnit, "move_unit"),
    ("dissolve-unit", DissolveUnit, "dissolve_unit"),
    ("merge-units", MergeUnits, "merge_units"),
    ("split-unit", SplitUnit, "split_unit"),
    ("register-participant", RegisterParticipant, "register_participant"),
    ("designate-pilot", DesignatePilot, "designate_pilot"),
    ("pledge-support", PledgeSupport, "pledge_support"),
    ("set-plan-deadline", SetPlanDeadline, "set_plan_deadline"),
    ("submit-plan", SubmitPlan, "submit_plan"),
    ("register-movement", RegisterMovement, "register_movement"),
    ("form-cluster", FormCluster, "form_cluster"),
    ("change-cluster-members", ChangeClusterMembers, "change_cluster_members"),
]
END_OF_TIME = date.max


def _command_route(model: type[BaseModel], handler_name: str, runtime: Callable[[], Runtime], current_actor):
    async def route(
        cmd: model, actor: Actor = Depends(current_actor),  # type: ignore[valid-type]
        idempotency_key: str | None = Header(default=None), x_correlation_id: str | None = Header(default=None),
    ) -> dict[str, Any]:
        ctx = command_context(actor, idempotency_key, x_correlation_id, cmd.reason, cmd.document_number)
        return await getattr(bootstrap.handlers(runtime()), handler_name)(ctx, cmd)

    route.__name__ = handler_name
    return route


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], current_actor: Callable) -> None:
    router = APIRouter(tags=["registry"])
    for path, model, handler_name in COMMANDS:
        router.add_api_route(f"/commands/{path}", _command_route(model, handler_name, runtime, current_actor),
                             methods=["POST"], status_code=201)

    @router.get("/units")
    async def units(
        as_of: date | None = None, level: str | None = None, parent_code: str | None = None, name: str | None = None,
        unit_type: str | None = None,
    ) -> list[dict[str, Any]]:
        return await views.list_units(runtime().pool, as_of or END_OF_TIME, level, parent_code, name, unit_type)

    @router.get("/units/{code}")
    async def unit(code: str, as_of: date | None = None) -> dict[str, Any]:
        return await views.get_unit(runtime().pool, code, as_of)

    @router.get("/units/{code}/history")
    async def unit_history(code: str) -> dict[str, Any]:
        return await views.unit_history(runtime().pool, code)

    @router.get("/participants")
    async def participants(
        as_of: date | None = None, kind: str | None = None, parent_code: str | None = None, name: str | None = None,
    ) -> list[dict[str, Any]]:
        return await views.list_participants(runtime().pool, as_of or END_OF_TIME, kind, parent_code, name)

    @router.get("/pilots")
    async def pilots(as_of: date | None = None) -> dict[str, Any]:
        return await programme_views.pilots(runtime().pool, as_of or END_OF_TIME)

    @router.get("/pledges")
    async def pledges(as_of: date | None = None) -> dict[str, Any]:
        return await programme_views.pledges(runtime().pool, as_of or END_OF_TIME)

    @router.get("/plans")
    async def plans(as_of: date) -> dict[str, Any]:
        return await programme_views.plans(runtime().pool, as_of)

    @router.get("/movement-registrations")
    async def movement_registrations(as_of: date | None = None) -> list[dict[str, Any]]:
        return await programme_views.movement_registrations(runtime().pool, as_of or END_OF_TIME)

    @router.get("/clusters")
    async def clusters(as_of: date | None = None) -> list[dict[str, Any]]:
        return await programme_views.clusters(runtime().pool, as_of or END_OF_TIME)

    app.include_router(router)
