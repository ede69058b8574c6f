"""HTTP routes: parse, authorise, call a handler or a view, map errors (kernel handlers)."""
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Header

from contracts.envelope import Actor
from thidua_kernel.http import command_context
from thidua_kernel.runtime import Runtime

from . import bootstrap, views
from .commands import FormCluster, ImportProvinceUnits, RegisterUnit


def add_routes(app: FastAPI, runtime: Callable[[], Runtime], current_actor: Callable) -> None:
    router = APIRouter(tags=["registry"])

    def ctx(actor: Actor, key: str | None, correlation: str | None, cmd: Any):
        return command_context(actor, key, correlation, cmd.reason, cmd.document_number)

    @router.post("/commands/register-unit", status_code=201)
    async def register_unit(
        cmd: RegisterUnit, actor: Actor = Depends(current_actor),
        idempotency_key: str | None = Header(default=None), x_correlation_id: str | None = Header(default=None),
    ) -> dict[str, Any]:
        return await bootstrap.handlers(runtime()).register_unit(ctx(actor, idempotency_key, x_correlation_id, cmd), cmd)

    @router.post("/commands/import-province-units", status_code=201)
    async def import_units(
        cmd: ImportProvinceUnits, actor: Actor = Depends(current_actor),
        idempotency_key: str | None = Header(default=None), x_correlation_id: str | None = Header(default=None),
    ) -> dict[str, Any]:
        handler = bootstrap.handlers(runtime())
        return await handler.import_province_units(ctx(actor, idempotency_key, x_correlation_id, cmd), cmd)

    @router.post("/commands/form-cluster", status_code=201)
    async def form_cluster(
        cmd: FormCluster, actor: Actor = Depends(current_actor),
        idempotency_key: str | None = Header(default=None), x_correlation_id: str | None = Header(default=None),
    ) -> dict[str, Any]:
        return await bootstrap.handlers(runtime()).form_cluster(ctx(actor, idempotency_key, x_correlation_id, cmd), cmd)

    @router.get("/units")
    async def units(
        as_of: date | None = None, level: str | None = None, parent_code: str | None = None, name: str | None = None,
    ) -> list[dict[str, Any]]:
        return await views.list_units(runtime().pool, as_of or date.max, level, parent_code, name)

    @router.get("/units/{code}")
    async def unit(code: str) -> dict[str, Any]:
        return await views.get_unit(runtime().pool, code)

    @router.get("/clusters")
    async def clusters() -> list[dict[str, Any]]:
        return await views.list_clusters(runtime().pool)

    app.include_router(router)
