"""Every projection takes part in a blue/green rebuild (kernel blue_green.py), through the
operator CLI against real services: reporting's event_index (its indexes made by after_replay,
named on the build's own schema) and the registry's token_revocations (the kernel's tables, which
the service's role does not own: switched by copying their rows)."""
import asyncio

import asyncpg

from thidua_deploy.isolated import Stack, wait_until

from .test_operator_cli import ok, thidua

INDEXES = "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY 1"


def index_names(stack: Stack, schema: str, table: str) -> list[str]:
    async def names() -> list[str]:
        conn = await asyncpg.connect(stack.database_url)
        try:
            return [r[0] for r in await conn.fetch(INDEXES, schema, table)]
        finally:
            await conn.close()

    return asyncio.run(names())


def test_event_index_and_token_revocations_rebuild_blue_green_with_no_difference(stack):
    stack.start_all(("registry", "reporting"))
    with stack.client("registry") as registry, stack.client("reporting") as reporting:
        ok(registry.post("/commands/import-province-units", json={"province_code": "20",
                                                                  "effective_from": "2011-01-01"}))
        wait_until(lambda: ok(reporting.get("/projections/event_index"))["end_offsets"] > 0
                   and ok(reporting.get("/projections/event_index"))["lag"] == 0, 60)
    live = f"reporting_{stack.id}"
    indexes = index_names(stack, live, "event_index")
    assert "event_index_stream" in indexes and "event_index_subjects" in indexes

    rebuilt = thidua(stack, "rebuild", "reporting", "event_index", "--blue-green", "--interval", "0.1",
                     services=("registry", "reporting"))
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "version 2 is live" in rebuilt.output and "forced" not in rebuilt.output
    assert index_names(stack, live, "event_index") == index_names(stack, f"{live}_old", "event_index") == indexes

    revocations = thidua(stack, "rebuild", "registry", "token_revocations", "--blue-green", "--interval", "0.1",
                         services=("registry", "reporting"))
    assert revocations.exit_code == 0, revocations.output
    assert "version 2 is live" in revocations.output and "forced" not in revocations.output
    dropped = thidua(stack, "projections", "drop-old", "registry", "token_revocations",
                     services=("registry", "reporting"))
    assert dropped.exit_code == 0 and "revoked_accounts, revoked_tokens" in dropped.output, dropped.output
    with stack.client("reporting") as reporting:
        assert ok(reporting.get("/projections/event_index"))["lag"] == 0
