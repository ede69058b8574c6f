"""When a drill's stack has recovered, and whether its projections equal a rebuild from offset 0."""
from __future__ import annotations

import asyncio
from collections.abc import Sequence

import asyncpg
import httpx

from ..isolated import SERVICES, Stack, wait_until
from .ledger import WRITERS, schema


async def _outbox_depth(stack: Stack) -> int:
    conn = await asyncpg.connect(stack.database_url, timeout=5)
    try:
        return sum([await conn.fetchval(f"SELECT count(*) FROM {schema(stack, w)}.outbox") for w in WRITERS])
    finally:
        await conn.close()


def _projections(client: httpx.Client) -> list[dict] | None:
    if client.get("/health").status_code != 200:
        return None
    response = client.get("/projections")
    return response.json() if response.status_code == 200 else None


def settled(stack: Stack) -> bool:
    """Every service healthy, every outbox empty, then every projection caught up to the end of
    its topics (in that order: what the relays published before the look is all consumed)."""
    try:
        if asyncio.run(_outbox_depth(stack)):
            return False
        for name in SERVICES:
            with stack.client(name) as client:
                states = _projections(client)
                if states is None or any(p["lag"] or p["state"] != "caught_up" for p in states):
                    return False
    except (OSError, asyncpg.PostgresError, asyncio.TimeoutError, httpx.HTTPError):
        return False  # PostgreSQL or a service not back yet
    return True


def answers(stack: Stack, queries: dict[str, Sequence[str]]) -> dict[str, object]:
    """The query answers, by "service path"."""
    found: dict[str, object] = {}
    for name, paths in queries.items():
        with stack.client(name) as client:
            for path in paths:
                response = client.get(path)
                assert response.status_code == 200, (name, path, response.text)
                found[f"{name} {path}"] = response.json()
    return found


def rebuild_all(stack: Stack, deadline: float = 60) -> list[str]:
    """Rebuild every projection of every service from offset 0 (all at once) and wait until each
    has caught up again; returns their names."""
    started: list[tuple[str, str]] = []
    for name in SERVICES:
        with stack.client(name) as client:
            for p in client.get("/projections").json():
                response = client.post(f"/projections/{p['projection']}/rebuild")
                assert response.status_code == 202, response.text
                started.append((name, p["projection"]))

    def rebuilt() -> bool:
        for name, projection in started:
            with stack.client(name) as client:
                state = client.get(f"/projections/{projection}").json()
            if state["state"] != "caught_up" or not (state["rebuild"] or {}).get("finished_at"):
                return False
        return True

    wait_until(rebuilt, deadline, interval=0.2)
    return [f"{name}.{projection}" for name, projection in started]
