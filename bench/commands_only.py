"""The command part of the benchmark alone (while working on the command path):

    python -m bench.commands_only [--seconds 8] [--connections 16] [--history 5000000]

Starts its own Kafka and PostgreSQL and the registry, progress and reporting services, like
`make bench`, and prints the command figures (bench/latest.json is left alone).
"""
import argparse
import asyncio
import json
from pathlib import Path

from thidua_kernel.logs import configure_logging

from . import matrix
from .command_load import measure_all
from .infra import local_stack
from .matrix import prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--history", type=int, default=5_000_000)
    parser.add_argument("--matrix-years", type=int, default=4)
    parser.add_argument("--profile", type=Path, help="py-spy folded stacks of progress over the first measured run")
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    with local_stack("thidua-bench-", ("registry", "progress", "reporting")) as (servers, stack):
        communes = prepare(stack)
        print(f"progress pid {stack.pids['progress']}", flush=True)
        pids = {"kafka": servers.kafka.pid, "postgres": servers.postgres.pid}
        figures = asyncio.run(measure_all(stack, communes, args.seconds, args.connections, pids,
                                          servers.root / "wrk", args.history, args.profile))
        print(json.dumps(figures, indent=2), flush=True)
        print(json.dumps(matrix.measure(stack, communes, args.matrix_years, clients=2), indent=2))


if __name__ == "__main__":
    main()
