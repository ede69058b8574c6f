"""`make bench`: one run on this machine, figures as ratios measured in the same run.

Starts its own Kafka broker and PostgreSQL server (or uses KAFKA_BOOTSTRAP_SERVERS /
DATABASE_URL), the registry, progress and reporting services as real processes, then measures:
commands through the HTTP API (rate, latency until the event is on Kafka), freshness (accepted →
visible in the reporting projection), and the rebuild of the reporting projection from offset 0
(timed at 0.5 M, 1 M and 5 M events) against the raw consume rate of the same topic by the same
client (confluent-kafka) and by aiokafka. Writes bench/latest.json. The rebuild part alone:
`python -m bench.rebuild_only`.
"""
import argparse
import asyncio
import json
import platform
import tempfile
import time
from pathlib import Path

import httpx

from contracts.topics import PROGRESS_EVENTS
from thidua_deploy.isolated import BOARD, Stack, wait_until
from thidua_deploy.pytest_infra import start_test_kafka, start_test_postgres
from thidua_kernel.db import create_pool
from thidua_kernel.logs import configure_logging

from . import commands, rebuild

OUT = Path(__file__).resolve().parent / "latest.json"


def prepare(stack: Stack) -> list[tuple[str, str]]:
    with stack.client("registry") as registry, stack.client("progress") as progress:
        registry.post("/commands/import-province-units",
                      json={"province_code": "20", "effective_from": "2011-01-01"}).raise_for_status()
        progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"}).raise_for_status()
        units = wait_until(lambda: [u for u in registry.get("/units", params={"level": "commune"}).json()
                                    if u["unit_type"] == "rural_commune"], 60)
        communes = [(u["code"], u["parent_code"]) for u in units]
        wait_until(lambda: progress.get(f"/communes/{communes[-1][0]}/criteria").status_code == 200, 60)
        return communes


def work_plan(communes: list[tuple[str, str]], total: int, workers: int) -> list[list[dict]]:
    plan: list[list[dict]] = [[] for _ in range(workers)]
    for i in range(total):
        commune, district = communes[i % len(communes)]
        body = {"commune_code": commune, "district_code": district, "criterion": 1 + (i // len(communes)) % 19,
                "met": i % 3 != 0, "effective_date": "2014-06-30", "evidence": f"BB-{i}"}
        plan[(i % len(communes)) % workers].append(body)  # one commune, one worker: no conflicts
    return plan


async def measure_commands(stack: Stack, communes, total: int, workers: int) -> dict:
    timings = commands.Timings()
    topic = stack.topic(PROGRESS_EVENTS)
    ready = asyncio.Event()
    kafka_task = asyncio.create_task(commands.watch_kafka(stack.kafka, topic, timings, ready))
    await ready.wait()
    pool = await create_pool(stack.database_url, f"reporting_{stack.id}", max_size=2)
    projection_task = asyncio.create_task(commands.watch_projection(pool, "ntm_facts", topic, timings))
    try:
        rate = await commands.send_commands(stack.url("progress"), BOARD, work_plan(communes, total, workers), timings)
        deadline = time.monotonic() + 120
        while len(timings.visible) < len(timings.accepted) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return commands.summarise(timings, rate)
    finally:
        kafka_task.cancel()
        projection_task.cancel()
        await asyncio.gather(kafka_task, projection_task, return_exceptions=True)
        await pool.close()


async def measure_rebuild(kafka: str, database_url: str, communes, sizes: list[int]) -> dict:
    from reporting.bootstrap import MIGRATIONS
    from reporting.projections import NtmFacts

    return await rebuild.measure(kafka, database_url, communes, NtmFacts(), MIGRATIONS, sizes)


def parse_sizes(text: str) -> list[int]:
    return sorted({int(float(part)) for part in text.split(",") if part.strip()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--rebuild-sizes", default="500000,1000000,5000000",
                        help="the rebuild is timed at each of these event counts (comma-separated)")
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        root = Path(tmp)
        kafka = start_test_kafka(root / "kafka")
        postgres = start_test_postgres(root / "postgres")
        stack = Stack(root / "run", kafka.bootstrap, postgres.dsn)
        try:
            stack.start_all(("registry", "progress", "reporting"))
            communes = prepare(stack)
            figures = asyncio.run(measure_commands(stack, communes, args.commands, args.workers))
            figures |= asyncio.run(measure_rebuild(stack.kafka, stack.database_url, communes,
                                                   parse_sizes(args.rebuild_sizes)))
        finally:
            stack.stop_all()
            kafka.stop()
            postgres.stop()
    figures["machine"] = f"{platform.node()} {platform.machine()} python {platform.python_version()}"
    figures["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    OUT.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
