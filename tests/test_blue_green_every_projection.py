"""Every projection takes part in a blue/green rebuild (kernel blue_green.py), through the
operator CLI against real services: reporting's event_index (its indexes made by after_replay,
named on the build's own schema), the registry's token_revocations (the kernel's tables, which
the service's role does not own: switched by copying their rows), the registry's unit_directory,
reporting's ntm_facts (its indexes made by after_replay at the build's start), and progress's ntm_facts and
progress_reference (a build teaching no cache; after the switch the unit cache reads the new
version and commands go on)."""
import asyncio

import asyncpg

from thidua_deploy.isolated import Stack, wait_until

from .test_operator_cli import ok, record_province_and_targets, thidua

INDEXES = "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY 1"


def fetch(stack: Stack, sql: str, *args: object) -> list[tuple]:
    async def rows() -> list[tuple]:
        conn = await asyncpg.connect(stack.database_url)
        try:
            return [tuple(r) for r in await conn.fetch(sql, *args)]
        finally:
            await conn.close()

    return asyncio.run(rows())


def caught_up(client, name: str) -> bool:
    state = ok(client.get(f"/projections/{name}"))
    return state["end_offsets"] > 0 and state["lag"] == 0


def blue_green(stack: Stack, service: str, projection: str, services: tuple[str, ...]) -> None:
    result = thidua(stack, "rebuild", service, projection, "--blue-green", "--interval", "0.1", services=services)
    assert result.exit_code == 0, result.output
    assert "version 2 is live" in result.output and "forced" not in result.output, result.output


def test_event_index_revocations_directory_and_facts_rebuild_blue_green_with_no_difference(stack):
    stack.start_all(("registry", "reporting"))
    with stack.client("registry") as registry, stack.client("reporting") as reporting:
        ok(registry.post("/commands/import-province-units", json={"province_code": "20",
                                                                  "effective_from": "2011-01-01"}))
        ok(registry.post("/commands/create-account", json={"username": "kiem-toan", "role": "viewer", "scope": "20",
                                                           "password": "mot-mat-khau-dai-du"}))
        ok(registry.post("/commands/revoke-account-tokens", json={"username": "kiem-toan"}))
        wait_until(lambda: all(caught_up(c, p) for c, p in ((reporting, "event_index"), (reporting, "ntm_facts"),
                                                           (registry, "token_revocations"),
                                                           (registry, "unit_directory"))), 60)
    live, revoked = f"reporting_{stack.id}", f"registry_{stack.id}"
    indexes = fetch(stack, INDEXES, live, "event_index")
    assert ("event_index_stream",) in indexes and ("event_index_subjects",) in indexes
    accounts = fetch(stack, f'SELECT * FROM "{revoked}".revoked_accounts')
    assert [a[0] for a in accounts] == ["kiem-toan"]

    services = ("registry", "reporting")
    blue_green(stack, "reporting", "event_index", services)
    assert fetch(stack, INDEXES, live, "event_index") == fetch(stack, INDEXES, f"{live}_old", "event_index") == indexes
    blue_green(stack, "registry", "token_revocations", services)
    for service, projection in (("registry", "unit_directory"), ("reporting", "ntm_facts")):
        blue_green(stack, service, projection, services)
    facts = fetch(stack, INDEXES, live, "ntm_assessments")
    assert ("ntm_assessments_latest",) in facts and fetch(stack, INDEXES, f"{live}_old", "ntm_assessments") == facts
    assert fetch(stack, f'SELECT * FROM "{revoked}".revoked_accounts') == accounts  # copied in, owner kept
    assert fetch(stack, f'SELECT * FROM "{revoked}_old".revoked_accounts') == accounts
    assert fetch(stack, "SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = 'revoked_accounts'",
                 revoked) == [("thidua_registry_owner",)]
    dropped = thidua(stack, "projections", "drop-old", "registry", "token_revocations", services=services)
    assert dropped.exit_code == 0 and "revoked_accounts, revoked_tokens" in dropped.output, dropped.output
    with stack.client("reporting") as reporting:
        assert ok(reporting.get("/projections/event_index"))["lag"] == 0


def test_progress_rebuilds_its_facts_and_references_blue_green_and_its_commands_go_on(stack):
    stack.start_all(("registry", "progress"))
    record_province_and_targets(stack, range(2011, 2012))
    with stack.client("progress") as progress:
        wait_until(lambda: caught_up(progress, "ntm_facts") and caught_up(progress, "progress_reference"), 60)
    services = ("registry", "progress")
    blue_green(stack, "progress", "ntm_facts", services)
    blue_green(stack, "progress", "progress_reference", services)
    with stack.client("registry") as registry, stack.client("progress") as progress:
        # The unit cache forgot the old version: it reads the new one at the next command.
        ok(progress.post("/commands/set-target", json={"unit_code": "181", "year": 2012, "ntm_rate": 0.3}))
        ok(registry.post("/commands/register-unit", json={"code": "999", "unit_type": "rural_district",
                                                          "name": "Huyện Thử", "parent_code": "20",
                                                          "effective_from": "2011-01-01"}))
        # A unit registered after the switch reaches the cache through the live instance.
        wait_until(lambda: progress.post("/commands/set-target", json={"unit_code": "999", "year": 2012,
                                                                       "ntm_rate": 0.4}).status_code == 201, 60)
        assert ok(progress.get("/projections/ntm_facts/blue-green"))["old_version_kept"]
