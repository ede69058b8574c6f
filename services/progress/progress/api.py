"""HTTP routes: parse, authorise, call a handler or a view, map errors (kernel handlers)."""
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Header

from contracts.envelope import Actor
from thidua_facts.timeframe import Timeframe, resolve
from thidua_kernel.http import command_context
from thidua_kernel.runtime import Runtime

from . import bootstrap, views
from .commands import (
    AssessCriterion,
    DeclareRegion,
    PublishBuiltinCriteriaSet,
    PublishCriteriaSet,
    RecogniseCommune,
    RecordCommunePlan,
    RevokeRecognition,
    SetTarget,
    SetThreshold,
)
from .reference_api import add_reference_routes

# command path → (body model, handler method name); every command takes the same headers.
COMMANDS = {
    "publish-criteria-set": (PublishCriteriaSet, "publish_criteria_set"),
    "publish-builtin-criteria-set": (PublishBuiltinCriteriaSet, "publish_builtin_criteria_set"),
    "assess-criterion": (AssessCriterion, "assess_criterion"),
    "recognise-commune": (RecogniseCommune, "recognise_commune"),
    "revoke-recognition": (RevokeRecognition, "revoke_recognition"),
    "set-target": (SetTarget, "set_target"),
    "set-threshold": (SetThreshold, "set_threshold"),
    "declare-region": (DeclareRegion, "declare_region"),
    "record-commune-plan": (RecordCommunePlan, "record_commune_plan"),
}


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], current_actor: Callable) -> None:
    router = APIRouter(tags=["progress"])
    for path, (model, method) in COMMANDS.items():
        router.add_api_route(f"/commands/{path}", _command_route(runtime, current_actor, model, method),
                             methods=["POST"], status_code=201, name=method)

    @router.get("/criteria-sets")
    async def criteria_sets() -> list[dict[str, Any]]:
        return await views.list_criteria_sets(runtime().pool)

    # The as-of views: in effect on `as_of` (default: today in Vietnam) as known at `known_at`
    # (default: now; without a zone: Vietnam time), from the shared NTM facts.
    def when(as_of: date | None = None, known_at: datetime | None = None) -> Timeframe:
        return resolve(runtime().clock, as_of, known_at)

    @router.get("/communes/near-standard")
    async def near_standard(tf: Timeframe = Depends(when), province_code: str | None = None,
                            district_code: str | None = None) -> dict[str, Any]:
        return await views.near_standard_communes(runtime().pool, tf, province_code, district_code)

    @router.get("/communes/{code}/criteria")
    async def commune_criteria(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.commune_criteria(runtime().pool, code, tf)

    @router.get("/communes/{code}/history")
    async def commune_history(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.commune_history(runtime().pool, code, tf)

    @router.get("/districts/{code}/matrix")
    async def district_matrix(code: str, tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.district_matrix(runtime().pool, code, tf)

    @router.get("/rates")
    async def rates(tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.ntm_rates(runtime().pool, tf)

    @router.get("/targets/progress")
    async def targets_progress(tf: Timeframe = Depends(when)) -> dict[str, Any]:
        return await views.targets_progress(runtime().pool, tf)

    @router.get("/targets")
    async def targets(unit_code: str | None = None) -> list[dict[str, Any]]:
        return await views.list_targets(runtime().pool, unit_code)

    add_reference_routes(router, runtime)  # criteria sets' thresholds, regions, content areas, plans
    app.include_router(router)


def _command_route(runtime: Callable[[], Runtime], current_actor: Callable, model: type, method: str) -> Callable:
    async def route(
        cmd: model,  # type: ignore[valid-type]
        actor: Actor = Depends(current_actor),
        idempotency_key: str | None = Header(default=None),
        x_correlation_id: str | None = Header(default=None),
    ) -> dict[str, Any]:
        ctx = command_context(actor, idempotency_key, x_correlation_id, cmd.reason,
                              getattr(cmd, "document_number", None) or getattr(cmd, "decision_number", None))
        return await getattr(bootstrap.handlers(runtime()), method)(ctx, cmd)

    return route
