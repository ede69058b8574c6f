"""Operator routes every service has: health, projection state and lag, rebuild from offset 0,
dead letters and their replay.

A rebuild answers 202 at once and replays in the background; `GET /projections/{name}` (and
`GET /projections`) shows how it goes: state `rebuilding` with its start time and the events
applied so far, then `caught_up` with the time it finished. One rebuild of a projection at a
time: a second request while one runs is refused (409, rule OPS) and names the running one.
"""
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse

from contracts.envelope import Actor

from . import dead_letters
from .auth import require_province_board
from .errors import NotFound, ThiduaError
from .runtime import Runtime


class RebuildInProgress(ThiduaError):
    """A rebuild of this projection is already running."""

    status_code = 409


def ops_router(runtime: Callable[[], Runtime], current_actor: Callable[..., Actor]) -> APIRouter:
    router = APIRouter(tags=["operations"])
    # Names whose rebuild request is between its check and the runner's reset (an await or two):
    # with runner.rebuilding this makes "one rebuild at a time" hold for concurrent requests.
    starting: set[str] = set()

    @router.get("/health")
    async def health() -> JSONResponse:
        """Open without a token. Each background task: up / down (since, last error, restarts);
        503 while one is down."""
        state = runtime().health()
        return JSONResponse(state, status_code=200 if state["ok"] else 503)

    @router.get("/topics")
    async def topics() -> list[dict[str, Any]]:
        """Each topic the service writes or reads (its events, its dead letters, its projections'
        sources): the end offset of every partition and their sum."""
        return await runtime().topic_status()

    @router.get("/projections")
    async def projections() -> list[dict[str, Any]]:
        """Each projection: state (running / rebuilding / caught_up), lag, the last rebuild."""
        return await runtime().projection_status()

    @router.get("/projections/{name}")
    async def projection(name: str) -> dict[str, Any]:
        _runner(runtime(), name)
        return (await runtime().projection_status(name))[0]

    @router.post("/projections/{name}/rebuild", status_code=202)
    async def rebuild(name: str, response: Response, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
        """Replay one projection from offset 0 (operators: after a fix to its code).

        Follow it at `GET /projections/{name}` (the answer's `status_url`)."""
        require_province_board(actor, "rebuild a projection")
        rt = runtime()
        runner = _runner(rt, name)
        if name in starting or runner.rebuilding:
            raise RebuildInProgress(
                "OPS",
                f"Projection {name} đang được dựng lại; chờ xong rồi hãy yêu cầu lại.",
                f"Projection {name} is already being rebuilt; wait until it has caught up.",
                started_at=runner.rebuild_started_at, events_applied=runner.applied,
                status_url=f"/projections/{name}",
            )
        starting.add(name)
        try:
            # The old run must be gone before the reset: its last commit cannot land after it.
            await rt.supervisor.stop(f"projection:{name}")
            await runner.rebuild()
            rt.spawn(f"projection:{name}", runner.run)
        finally:
            starting.discard(name)
        response.headers["Location"] = f"/projections/{name}"
        return {"projection": name, "status": "rebuilding", "started_at": runner.rebuild_started_at,
                "status_url": f"/projections/{name}"}

    @router.get("/projections/{name}/dead-letters")
    async def list_dead_letters(name: str, limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
        """The projection's dead letters, newest first (waiting and replayed)."""
        _runner(runtime(), name)
        return await dead_letters.listing(runtime().pool, name, limit)

    @router.post("/projections/{name}/dead-letters/replay")
    async def replay_dead_letters(name: str, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
        """Apply the projection's waiting dead letters again (operators: after a fix to its code
        or data). Idempotent: a letter applied once is marked and never applied again."""
        require_province_board(actor, "replay dead letters")
        return {"projection": name, **await _runner(runtime(), name).replay_dead_letters()}

    return router


def _runner(rt: Runtime, name: str):
    runner = rt.runners.get(name)
    if runner is None:
        raise NotFound("OPS", f"Không có projection {name}.", f"No projection named {name}.")
    return runner
