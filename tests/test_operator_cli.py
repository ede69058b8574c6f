"""The operator CLI (`thidua ...`, deploy/thidua_deploy/operator) against real services, Kafka and
PostgreSQL: status, an in-place rebuild, dead letters, an event log exported and imported into a
fresh service, and blue/green rebuilds (under load, switching with no failed query; killed and
resumed)."""
import asyncio
import itertools
import json
import re
import threading
from pathlib import Path

import asyncpg
import httpx
from typer.testing import CliRunner

from thidua_deploy.isolated import Stack, put_records, wait_until
from thidua_deploy.operator.cli import app

from .conftest import TOKENS

BOARD = "demo-province-board"
UNITS = ("20", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189")


def thidua(stack: Stack, *args: str, services: tuple[str, ...] = ("registry", "progress")):
    """Run the CLI in process against `stack`; returns typer's Result (exit_code, output)."""
    pairs = ",".join(f"{s}={stack.url(s)}" for s in services)
    return CliRunner().invoke(app, ["--service", pairs, "--token", BOARD, *args], catch_exceptions=False)


def ok(response: httpx.Response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


def record_province_and_targets(stack: Stack, years: range = range(2011, 2021)) -> dict:
    """The province's units, the 2009 criteria set and a target per unit and year: the events
    progress_view projects (criteria_sets, targets). Returns the targets sent."""
    targets = {}
    with stack.client("registry") as registry, stack.client("progress") as progress:
        ok(registry.post("/commands/import-province-units", json={"province_code": "20",
                                                                  "effective_from": "2011-01-01"}))
        ok(progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"}))
        wait_until(lambda: progress.post("/commands/set-target", json={"unit_code": "20", "year": 2010,
                                                                       "ntm_rate": 0.1}).status_code == 201, 60)
        targets[("20", 2010)] = 0.1
        for unit, year in itertools.product(UNITS, years):
            rate = round(((int(unit) + year) % 17) / 20, 2)
            body = {"unit_code": unit, "year": year, "ntm_rate": rate}
            if year == years[0]:  # the district may reach progress after the province (another partition)
                wait_until(lambda: progress.post("/commands/set-target", json=body).status_code == 201, 60)
            else:
                ok(progress.post("/commands/set-target", json=body))
            targets[(unit, year)] = rate
    return targets


def live_targets(progress: httpx.Client) -> dict:
    return {(t["unit_code"], t["year"]): t["ntm_rate"] for t in ok(progress.get("/targets"))}


def test_status_rebuild_dead_letters_and_an_event_log_into_a_fresh_service(stack, tmp_path, kafka_admin, database_url,
                                                                            pg_role_passwords):
    stack.start_all(("registry", "progress"))
    targets = record_province_and_targets(stack, range(2011, 2013))
    put_records(stack.kafka, stack.topic("thidua.progress.events.v1"), [(b"20", b"\xffnot an envelope")])
    with stack.client("progress") as progress:
        wait_until(lambda: live_targets(progress) == targets, 60)
        wait_until(lambda: progress.get("/projections/progress_view").json()["dead_letters"]["waiting"] == 1, 60)

    result = thidua(stack, "status", "--json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert status["ok"] and [s["service"] for s in status["services"]] == ["registry", "progress"]
    progress_status = status["services"][1]
    topics = {t["topic"]: t for t in progress_status["topics"]}
    assert topics[stack.topic("thidua.progress.events.v1")]["events"] >= len(targets) + 2  # + the set, the bad one
    assert stack.topic("thidua.registry.events.v1") in topics  # read by its facts projection
    view = next(p for p in progress_status["projections"] if p["projection"] == "progress_view")
    assert view["lag"] == 0 and view["dead_letters"] == {"waiting": 1, "replayed": 0}
    table = thidua(stack, "status")
    assert table.exit_code == 0 and "progress_view" in table.output and "unit_directory" in table.output

    rebuilt = thidua(stack, "rebuild", "progress", "progress_view", "--interval", "0.1")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "progress_view: caught_up, lag 0" in rebuilt.output
    with stack.client("progress") as progress:
        assert live_targets(progress) == targets

    letters = thidua(stack, "dead-letters", "list", "progress", "progress_view", "--json")
    assert letters.exit_code == 0 and [d["reason"] for d in json.loads(letters.output)] == ["unreadable"]
    replay = thidua(stack, "dead-letters", "replay", "progress", "progress_view")
    assert replay.exit_code == 1 and "0 replayed, 1 still failing" in replay.output
    unknown = thidua(stack, "dead-letters", "list", "progress", "no_such_projection")
    assert unknown.exit_code == 1 and "rule OPS" in unknown.output

    exported = tmp_path / "registry.jsonl"
    result = thidua(stack, "events", "export", "registry", "--out", str(exported))
    assert result.exit_code == 0, result.output
    lines = exported.read_text().splitlines()
    with stack.client("registry") as registry:
        assert len(lines) == ok(registry.get("/events/export", params={"limit": 1}))["total"] > 0
    refused = thidua(stack, "events", "import", "progress", str(exported))  # a store with another history
    assert refused.exit_code == 1 and "OPS-IMPORT" in refused.output

    fresh = Stack(tmp_path / "fresh", kafka_admin, database_url, TOKENS, pg_role_passwords)
    try:
        fresh.start("registry")
        first = thidua(fresh, "events", "import", "registry", str(exported), services=("registry",))
        assert first.exit_code == 0 and f"{len(lines)} events imported, 0 already there" in first.output, first.output
        again = thidua(fresh, "events", "import", "registry", str(exported), services=("registry",))
        assert again.exit_code == 0 and f"0 events imported, {len(lines)} already there" in again.output
        copy = tmp_path / "fresh.jsonl"
        assert thidua(fresh, "events", "export", "registry", "--out", str(copy), services=("registry",)).exit_code == 0
        assert [json.loads(line) for line in copy.read_text().splitlines()] == [json.loads(line) for line in lines]
        checked = fresh.verify("registry", "pg")  # the imported events chained as the originals were
        assert checked.returncode == 0 and f"{len(lines)} events" in checked.stdout, checked.stdout + checked.stderr
        with stack.client("registry") as old, fresh.client("registry") as new:  # the relay published them
            wait_until(lambda: new.get("/units").status_code == 200 and new.get("/units").json() == old.get("/units").json(), 60)
    finally:
        fresh.stop_all()


class Load:
    """Commands sent and queries made in threads while a blue/green rebuild runs."""

    def __init__(self, stack: Stack, targets: dict) -> None:
        self.stack, self.targets = stack, targets
        self.stop = threading.Event()
        self.query_statuses: list[int] = []
        self.command_failures: list[str] = []
        self.threads = [threading.Thread(target=self._commands), threading.Thread(target=self._queries)]

    def __enter__(self) -> "Load":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(60)

    def _commands(self) -> None:
        with self.stack.client("progress") as progress:
            for n in itertools.count():
                if self.stop.is_set():
                    return
                unit, year, rate = UNITS[n % len(UNITS)], 2021 + n % 5, round((n % 97) / 100, 2)
                r = progress.post("/commands/set-target", json={"unit_code": unit, "year": year, "ntm_rate": rate})
                if r.status_code in (200, 201):
                    self.targets[(unit, year)] = rate
                else:
                    self.command_failures.append(r.text)

    def _queries(self) -> None:
        with self.stack.client("progress") as progress:
            while not self.stop.is_set():
                for path in ("/targets", "/criteria-sets"):
                    self.query_statuses.append(progress.get(path).status_code)


def test_a_blue_green_rebuild_under_load_equals_the_live_one_and_switches_with_no_failed_query(stack):
    stack.start_all(("registry", "progress"))
    targets = record_province_and_targets(stack)
    with Load(stack, targets) as load:
        wait_until(lambda: len(load.query_statuses) > 20 and len(targets) > 130, 60)
        before = len(load.query_statuses)
        result = thidua(stack, "rebuild", "progress", "progress_view", "--blue-green", "--interval", "0.1")
        during = len(load.query_statuses)
        assert during - before > 10  # the queries ran while it built, compared and switched
        wait_until(lambda: len(load.query_statuses) > during + 20, 60)  # and the queries go on after
    assert result.exit_code == 0, result.output
    assert "version 2 is live" in result.output and "forced" not in result.output
    assert load.command_failures == [] and len(load.query_statuses) > 40
    assert set(load.query_statuses) == {200}, sorted(set(load.query_statuses))
    with stack.client("progress") as progress:
        wait_until(lambda: live_targets(progress) == targets, 60)  # the new version follows the topic
        state = ok(progress.get("/projections/progress_view/blue-green"))
        assert state["phase"] == "none" and state["old_version_kept"]
        assert ok(progress.get("/projections/progress_view"))["lag"] == 0

    again = thidua(stack, "rebuild", "progress", "progress_view", "--blue-green")
    assert again.exit_code == 1 and "OPS-BLUE-GREEN" in again.output and "drop-old" in again.output
    dropped = thidua(stack, "projections", "drop-old", "progress", "progress_view")
    assert dropped.exit_code == 0 and "criteria_sets, targets" in dropped.output
    with stack.client("progress") as progress:
        assert not ok(progress.get("/projections/progress_view/blue-green"))["old_version_kept"]
        assert live_targets(progress) == targets
    assert thidua(stack, "projections", "drop-old", "progress", "progress_view").exit_code == 1


def test_a_killed_blue_green_rebuild_resumes_from_its_committed_offsets(stack):
    stack.start("registry")
    stack.start("progress", THIDUA_BLUE_GREEN_BATCH="10", THIDUA_CRASH_AT="blue_green_projection_batch_committed")
    targets = record_province_and_targets(stack)
    with stack.client("progress") as progress:
        wait_until(lambda: live_targets(progress) == targets, 60)
        try:
            progress.post("/projections/progress_view/blue-green")
        except httpx.HTTPError:
            pass  # the process may die before it answers: that is the point
    assert stack.wait_exit("progress") == 86  # killed after the new version's first batch
    stack.start("progress", THIDUA_BLUE_GREEN_BATCH="10")
    result = thidua(stack, "rebuild", "progress", "progress_view", "--blue-green", "--interval", "0.1")
    assert result.exit_code == 0, result.output
    resumed_from = int(re.search(r"version 2 \(from (\d+) events already applied\)", result.output).group(1))
    with stack.client("progress") as progress:
        total = ok(progress.get("/projections/progress_view"))["end_offsets"]
    assert 0 < resumed_from <= 10 < total, (resumed_from, total)  # one batch of 10 was kept, not replayed
    assert "version 2 is live" in result.output
    with stack.client("progress") as progress:
        assert live_targets(progress) == targets
        wait_until(lambda: ok(progress.get("/projections/progress_view"))["lag"] == 0, 60)


def test_a_blue_green_switch_is_refused_when_the_versions_differ_unless_forced(stack):
    stack.start_all(("registry", "progress"))
    targets = record_province_and_targets(stack, range(2011, 2013))
    with stack.client("progress") as progress:
        wait_until(lambda: live_targets(progress) == targets, 60)
        assert progress.post("/projections/progress_view/blue-green").status_code == 202
        wait_until(lambda: ok(progress.get("/projections/progress_view/blue-green"))["phase"] == "caught_up", 60)
    schema = f"progress_{stack.id}_next"  # the new version's, beside the live schema (blue_green.py)

    async def tamper() -> None:
        conn = await asyncpg.connect(stack.database_url)
        try:
            await conn.execute(f'UPDATE "{schema}".targets SET ntm_rate = 0.99 WHERE unit_code = \'20\' AND year = 2011')
        finally:
            await conn.close()

    asyncio.run(tamper())
    refused = thidua(stack, "rebuild", "progress", "progress_view", "--blue-green")
    assert refused.exit_code == 1 and "OPS-BLUE-GREEN" in refused.output and "differ in 2 rows" in refused.output
    assert "targets only new" in refused.output and "0.99" in refused.output
    with stack.client("progress") as progress:
        assert live_targets(progress) == targets  # not switched
    forced = thidua(stack, "rebuild", "progress", "progress_view", "--blue-green", "--force")
    assert forced.exit_code == 0 and "forced, 2 rows differed" in forced.output, forced.output
    with stack.client("progress") as progress:
        assert live_targets(progress) == {**targets, ("20", 2011): 0.99}  # the new version is the live one
