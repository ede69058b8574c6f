"""`python -m bench.rebuild_only`: only the rebuild part of the benchmark, on its own servers.

Starts its own Kafka and PostgreSQL (or uses KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL) and no
services: the communes come straight from the registry's reference data (the same Lạng Sơn
rural communes `make bench` imports), so the events' keys spread over the partitions as theirs do.
Prints the figures; with --write, merges them into bench/latest.json.
"""
import argparse
import asyncio
import json
from pathlib import Path

from thidua_kernel.logs import configure_logging

from . import rebuild
from .infra import local_servers

OUT = Path(__file__).resolve().parent / "latest.json"


def lang_son_communes() -> list[tuple[str, str]]:
    from registry.adapters.admin_units import province_units

    return [(u.code, u.parent_code) for u in province_units("20") if u.unit_type == "rural_commune"]


async def measure_rebuild(kafka: str, database_url: str, communes, sizes: list[int], processes: int | None) -> dict:
    from reporting.bootstrap import MIGRATIONS
    from reporting.projections import NtmFacts

    return await rebuild.measure(kafka, database_url, communes, NtmFacts(), MIGRATIONS, sizes, processes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500000,1000000,5000000", help="event counts, comma-separated")
    parser.add_argument("--processes", type=int, default=None,
                        help="processes a long replay may use (default: THIDUA_PROJECTION_PROCESSES or the CPUs)")
    parser.add_argument("--write", action="store_true", help="merge the figures into bench/latest.json")
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    with local_servers("thidua-rebuild-") as servers:
        figures = asyncio.run(measure_rebuild(servers.kafka.access, servers.postgres.dsn, lang_son_communes(),
                                              sorted({int(float(n)) for n in args.sizes.split(",")}),
                                              args.processes))
    if args.write:
        OUT.write_text(json.dumps(json.loads(OUT.read_text()) | figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
