"""`make bench`: one run on this machine, figures as ratios measured in the same run.

Starts its own Kafka broker and PostgreSQL server (or uses KAFKA_BOOTSTRAP_SERVERS /
DATABASE_URL), the registry, progress and reporting services as real processes, then measures:
commands through the HTTP API with wrk (bench/command_load.py: rate, latency until the event is
on Kafka, the same at 10,000 and 5,000,000 events of history, the load generator's CPU share),
freshness (accepted → visible in the reporting projection), and the rebuild of the reporting
projection from offset 0
(timed at 0.5 M, 1 M and 5 M events) against the raw consume rate of the same topic by the same
client (confluent-kafka) and by aiokafka. Writes bench/latest.json. The rebuild part alone:
`python -m bench.rebuild_only`.
"""
import argparse
import asyncio
import json
import platform
import time
from pathlib import Path


from thidua_kernel.logs import configure_logging

from . import command_load, matrix, rebuild
from .infra import local_stack

OUT = Path(__file__).resolve().parent / "latest.json"


async def measure_rebuild(kafka: str, database_url: str, communes, sizes: list[int]) -> dict:
    from reporting.bootstrap import MIGRATIONS
    from reporting.event_index import EventIndex
    from reporting.projections import NtmFacts

    # The event index (every figure's trace) is reporting's other per-event projection.
    return await rebuild.measure(kafka, database_url, communes, NtmFacts(), MIGRATIONS, sizes,
                                 others=(EventIndex(),))


def parse_sizes(text: str) -> list[int]:
    return sorted({int(float(part)) for part in text.split(",") if part.strip()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--command-seconds", type=float, default=10, help="each measured command run (wrk -d)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent HTTP connections of wrk")
    parser.add_argument("--history", type=int, default=5_000_000,
                        help="events in the progress store for command_p99_ms_at_5m_events")
    parser.add_argument("--matrix-years", type=int, default=8, help="district matrices: one per district a year")
    parser.add_argument("--rebuild-sizes", default="500000,1000000,5000000",
                        help="the rebuild is timed at each of these event counts (comma-separated)")
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    with local_stack("thidua-bench-", ("registry", "progress", "reporting")) as (servers, stack):
        communes = matrix.prepare(stack)  # every xã of Lạng Sơn, once progress knows them all
        figures = asyncio.run(command_load.measure_all(
            stack, communes, args.command_seconds, args.connections,
            {"kafka": servers.kafka.pid, "postgres": servers.postgres.pid}, servers.root / "wrk", args.history))
        figures |= matrix.measure(stack, communes, args.matrix_years, clients=2)  # bulk_assessments_per_s
        figures |= asyncio.run(measure_rebuild(stack.kafka, stack.database_url, communes,
                                               parse_sizes(args.rebuild_sizes)))
    figures["machine"] = f"{platform.node()} {platform.machine()} python {platform.python_version()}"
    figures["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    OUT.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
