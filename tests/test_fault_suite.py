"""Fault suite: kill -9 a service, or PostgreSQL, at a random moment under a bounded command load.

The load (registry imports and progress assessments, each with its own idempotency key) is sent
by a client that retries after a connection error or a 5xx, like a real one. The victim is
killed once the load has sent a random number of commands, and brought back once the load has
made a random number of further attempts: a killed service is started again as a supervisor
would; a killed PostgreSQL is started again on the same data directory and port, and the
services are left alone (they must come back by themselves). Then, with no manual step:
every acknowledged command's events are in PostgreSQL, every event exactly once on Kafka and in
each projection that consumes it; and, after the last case, every projection answers as a
rebuild from offset 0 does.

The kill points come from a seed, printed with the figures: `THIDUA_FAULT_SEED=<seed>` replays
a run. The cases share one stack (started once, on a PostgreSQL of the module's own, so killing
it disturbs no other test) and each checks everything recorded so far.
"""
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from vietnamadminunits.database import query

from thidua_deploy._util import free_port
from thidua_deploy.faults.ledger import take_census
from thidua_deploy.faults.load import Command, RetryingLoad
from thidua_deploy.faults.settle import answers, rebuild_all, settled
from thidua_deploy.isolated import BOARD, SERVICES, Stack, wait_until
from thidua_deploy.postgres import PostgresProcess, start_postgres
from thidua_kernel.kafka_access import KafkaAccess

TOKENS = Path(__file__).resolve().parent / "tokens.test.json"
SEED = int(os.environ.get("THIDUA_FAULT_SEED") or random.SystemRandom().randrange(1_000_000))
LOAD_SECONDS = 3.0
COMMANDS_PER_CASE = 80  # spread over LOAD_SECONDS; those a dead victim holds up past it are not sent
IMPORTS_PER_CASE = 2
SMALL_PROVINCES = ["48", "58", "95", "67", "93", "77", "92", "74", "72", "35"]  # 48-98 units each
AS_OF = "2015-12-31"


def lang_son_xa() -> list[tuple[str, str]]:
    """(commune, district) of every xã of Lạng Sơn, from the reference package."""
    rows = query("SELECT wardCode, districtCode FROM admin_units_legacy WHERE provinceCode = '20'"
                 " AND wardType = 'Xã' ORDER BY wardCode")
    return [(r["wardCode"], r["districtCode"]) for r in rows]


@dataclass
class Drill:
    stack: Stack
    postgres: PostgresProcess
    xa: list[tuple[str, str]]
    provinces: list[str] = field(default_factory=lambda: list(SMALL_PROVINCES))
    acknowledged: set[str] = field(default_factory=set)  # event ids of every acknowledged command

    def commands(self, rng: random.Random, case: str) -> list[Command]:
        commands = []
        for n in range(COMMANDS_PER_CASE - IMPORTS_PER_CASE):
            commune, district = rng.choice(self.xa)
            day = date(2012, 1, 1) + timedelta(days=rng.randrange(4 * 365))
            body = {"commune_code": commune, "district_code": district, "criterion": rng.randint(1, 19),
                    "met": rng.random() < 0.6, "effective_date": day.isoformat(), "evidence": f"F{SEED}-{case}-{n}"}
            commands.append(Command("progress", "/commands/assess-criterion", body, f"fault-{SEED}-{case}-{n}"))
        for _ in range(IMPORTS_PER_CASE):
            province = self.provinces.pop(0)
            body = {"province_code": province, "effective_from": "2011-01-01"}
            at = rng.randrange(len(commands) // 2)  # early enough to be sent, wherever the kill falls
            commands.insert(at, Command("registry", "/commands/import-province-units", body,
                                        f"fault-{SEED}-{case}-import-{province}"))
        return commands

    def queries(self, known_at: datetime) -> dict[str, list[str]]:
        """Answers as known at one moment (the default, now, would differ by the time between)."""
        sample = random.Random(SEED).sample(self.xa, 4)
        at = f"known_at={known_at.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}"
        return {
            "registry": [f"/units?{at}", *(f"/units/{c}/history?{at}" for c, _ in sample)],
            "progress": [*(f"/districts/{d}/matrix?as_of={AS_OF}&{at}" for d in sorted({d for _, d in self.xa})),
                         f"/rates?as_of={AS_OF}&{at}", *(f"/communes/{c}/history?{at}" for c, _ in sample)],
            "awards": [f"/rankings/districts?as_of={AS_OF}&{at}"],
            "reporting": [f"/reports/consolidated?as_of={AS_OF}&{at}",
                          *(f"/reports/consolidated/trace?figure={figure}&as_of={AS_OF}&{at}"
                            for figure in ("province/recognised", "criteria_attainment/1/communes_met"))],
        }


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory, kafka_admin: KafkaAccess) -> Iterator[Drill]:
    root = tmp_path_factory.mktemp("faults")
    # Durable, unlike the session's server: with synchronous_commit off (durable=False) a killed
    # PostgreSQL loses commits it had already acknowledged, as the first runs of this suite showed.
    postgres = start_postgres(root / "pg", free_port(), root / "pg.log", durable=True)
    stack = Stack(root / "run", kafka_admin, postgres.dsn, TOKENS)
    drill = Drill(stack, postgres, lang_son_xa())
    try:
        stack.start_all()
        with stack.client("registry") as registry, stack.client("progress") as progress:
            imported = registry.post("/commands/import-province-units",
                                     json={"province_code": "20", "effective_from": "2011-01-01"})
            published = progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"})
        assert (imported.status_code, published.status_code) == (201, 201), (imported.text, published.text)
        wait_until(lambda: settled(stack), 120, interval=0.2)  # progress knows every xã
        yield drill
    finally:
        stack.stop_all()
        drill.postgres.stop()


def run_case(drill: Drill, case: str, kill: Callable[[], None], restart: Callable[[], None],
             capsys: pytest.CaptureFixture) -> None:
    rng = random.Random(f"{SEED}-{case}")  # each case replays alone from the seed
    stack = drill.stack
    commands = drill.commands(rng, case)
    kill_after = rng.randrange(10, COMMANDS_PER_CASE * 2 // 3)
    back_after = rng.randrange(2, 20)  # further attempts by the client while the victim is dead
    load = RetryingLoad({n: stack.url(n) for n in SERVICES}, BOARD, commands, LOAD_SECONDS).start()
    wait_until(lambda: load.sent >= kill_after or not load.running, 60, interval=0.01)
    killed = time.monotonic()
    kill()
    attempts_at_kill = load.attempts
    wait_until(lambda: load.attempts >= attempts_at_kill + back_after or not load.running, 60, interval=0.01)
    restart()
    back = time.monotonic()
    result = load.join()
    load_done = time.monotonic()
    wait_until(lambda: settled(stack), 120, interval=0.2)
    settled_at = time.monotonic()
    drill.acknowledged |= {e for o in result.acknowledged for e in o.event_ids}

    census = take_census(stack, drill.acknowledged)
    # seconds_down: from the kill until the victim answers again (a service's /health, or
    # PostgreSQL accepting connections); seconds_to_settle: from the load's last answer until every
    # outbox is empty and every projection has caught up.
    figures = {"case": f"kill -9 {case}", "seed": SEED, "killed_after_sent": kill_after, **result.figures(),
               **census.figures(), "seconds_down": round(back - killed, 1),
               "seconds_to_settle": round(settled_at - load_done, 1)}
    with capsys.disabled():
        print("\n[fault suite] " + " ".join(f"{k}={v}" for k, v in figures.items()))
    replay = f"(replay: THIDUA_FAULT_SEED={SEED})"
    assert not result.refused, (replay, [(o.command, o.attempts, o.answer) for o in result.refused[:3]])
    assert len(result.acknowledged) == len(result.outcomes) > 0, replay
    assert census.problems == [], (replay, census.problems)
    assert census.duplicates == 0, replay


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_killed_under_load_loses_and_doubles_nothing(drill: Drill, service: str, capsys):
    run_case(drill, service, lambda: drill.stack.kill(service), lambda: drill.stack.start(service), capsys)


def test_postgresql_killed_under_load_comes_back_with_no_manual_step(drill: Drill, capsys):
    def restart() -> None:  # the same data directory and port; no service is touched
        drill.postgres = start_postgres(drill.postgres.data_dir, drill.postgres.port, drill.postgres.log_file,
                                        durable=True)

    run_case(drill, "postgresql", drill.postgres.kill, restart, capsys)


def test_every_projection_answers_as_its_rebuild_from_offset_zero_after_the_kills(drill: Drill, capsys):
    """Last (the cases' kills leave their marks in the projections' rows, which a rebuild would
    wipe): every projection of every service rebuilt at once, the answers compared."""
    stack = drill.stack
    wait_until(lambda: settled(stack), 120, interval=0.2)
    queries = drill.queries(datetime.now(UTC))
    before = answers(stack, queries)
    started = time.monotonic()
    rebuilt = rebuild_all(stack)
    seconds = time.monotonic() - started
    after = answers(stack, queries)
    census = take_census(stack, drill.acknowledged)
    with capsys.disabled():
        print(f"\n[fault suite] rebuilt={len(rebuilt)} projections from offset 0 in {seconds:.1f}s,"
              f" answers compared={len(before)} " + " ".join(f"{k}={v}" for k, v in census.figures().items()))
    assert [k for k in before if before[k] != after.get(k)] == [], (f"seed {SEED}", "differs from a rebuild")
    assert census.problems == [], census.problems  # the rebuilt rows hold each event once too
