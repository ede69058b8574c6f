"""Operator routes of a blue/green rebuild (blue_green.py, blue_green_runs.py) and of a service's
event log (event_log.py). For the province board only, the export too (every event, with every
actor), but a build's progress, which every reader may follow like GET /projections/{name}."""
from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from contracts.envelope import Actor

from . import event_log
from .auth import require_province_board
from .blue_green_runs import blue_green_runs
from .runtime import Runtime


class SwitchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    force: bool = Field(False, description="switch even though the versions differ (they are reported)")


class ImportBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after: UUID | None = Field(None, description="the id of the file's event just before this batch")
    events: list[dict[str, Any]] = Field(max_length=event_log.MAX_IMPORT_BATCH)


def ops_more_router(runtime: Callable[[], Runtime], current_actor: Callable[..., Actor]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    def board(action: str) -> Callable[..., Actor]:
        def check(actor: Actor = Depends(current_actor)) -> Actor:
            require_province_board(actor, action)
            return actor
        return check

    @router.post("/projections/{name}/blue-green", status_code=202)
    async def start(name: str, response: Response, _: Actor = Depends(board("rebuild a projection"))) -> dict:
        """Build a new version of the projection from offset 0 beside the live one (or resume the
        one a killed process left). 200 and the running build when one is already running."""
        runs = blue_green_runs(runtime())
        _, started = await runs.start(name)
        if not started:
            response.status_code = 200
        response.headers["Location"] = f"/projections/{name}/blue-green"
        return {**await runs.status(name), "joined": not started}

    @router.get("/projections/{name}/blue-green")
    async def progress(name: str) -> dict[str, Any]:
        """The new version's phase (building / caught_up), events applied, lag; none when no build
        runs; whether an old version is kept. Open to every reader, like GET /projections/{name}."""
        return await blue_green_runs(runtime()).status(name)

    @router.post("/projections/{name}/blue-green/switch")
    async def switch(name: str, body: SwitchRequest = Body(default_factory=SwitchRequest),
                     _: Actor = Depends(board("switch a projection's version"))) -> dict[str, Any]:
        """Compare the caught-up new version with the live one row for row at the same offsets;
        switch in one transaction when equal (or forced). 409 OPS-BLUE-GREEN with the
        differences when they differ."""
        return await blue_green_runs(runtime()).switch(name, body.force)

    @router.delete("/projections/{name}/old-version")
    async def drop_old(name: str, _: Actor = Depends(board("drop a projection's old version"))) -> dict[str, Any]:
        """Drop the version a switch kept (its tables and tracking rows)."""
        return await blue_green_runs(runtime()).drop_old(name)

    @router.get("/events/export")
    async def export(after_position: int = Query(0, ge=0, le=2**63 - 1), limit: int = Query(1000, ge=1, le=5000),
                     _: Actor = Depends(board("export the event log"))) -> dict[str, Any]:
        """The store's events after a position, in order, each its envelope as recorded."""
        return await event_log.export_page(runtime().pool, after_position, limit)

    @router.post("/events/import")
    async def import_(body: ImportBatch, _: Actor = Depends(board("import an event log"))) -> dict[str, Any]:
        """The next batch of an exported log, into a fresh service's store (event_log.py's rule)."""
        return await event_log.import_batch(runtime().pool, body.after, event_log.parse_batch(body.events),
                                            runtime().wired.get("import_transform"))

    return router
