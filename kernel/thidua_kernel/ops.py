"""Operator routes every service has: health, projection lag, rebuild from offset 0."""
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from contracts.envelope import Actor

from .auth import require_province_board
from .errors import NotFound
from .runtime import Runtime


def ops_router(runtime: Callable[[], Runtime], current_actor: Callable[..., Actor]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health")
    async def health() -> JSONResponse:
        state = runtime().health()
        return JSONResponse(state, status_code=200 if state["ok"] else 503)

    @router.get("/projections")
    async def projections() -> list[dict[str, Any]]:
        return await runtime().projection_status()

    @router.post("/projections/{name}/rebuild", status_code=202)
    async def rebuild(name: str, actor: Actor = Depends(current_actor)) -> dict[str, str]:
        """Replay one projection from offset 0 (operators: after a fix to its code)."""
        require_province_board(actor, "rebuild a projection")
        rt = runtime()
        runner = rt.runners.get(name)
        if runner is None:
            raise NotFound("OPS", f"Không có projection {name}.", f"No projection named {name}.")
        task = rt.tasks.pop(f"projection:{name}")
        task.cancel()
        await runner.rebuild()
        rt.spawn(f"projection:{name}", runner.run())
        return {"projection": name, "status": "rebuilding"}

    return router
