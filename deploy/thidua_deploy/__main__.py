"""CLI: python -m thidua_deploy {up,down,status,provision-db,services {up,down,status}}."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import asyncpg

from . import stack
from .stack_services import ServiceFailed, services_down, services_status, services_up


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m thidua_deploy",
        description="Local thidua stack without Docker: Kafka 4.1.1 (KRaft) + PostgreSQL 18 + services. "
                    "Run dir: env THIDUA_RUN_DIR (default <repo>/.run). External infra: set "
                    "KAFKA_BOOTSTRAP_SERVERS and/or DATABASE_URL.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start (or reuse) Kafka and PostgreSQL, write .run/stack.json")
    sub.add_parser("down", help="stop services, then the Kafka and PostgreSQL started here")
    sub.add_parser("status", help="show what runs")
    prov = sub.add_parser("provision-db", help="create or update each service's PostgreSQL role and schema "
                          "(run as an administrator before the services start; safe to repeat)")
    prov.add_argument("--admin-url", help="an administrator's URL (default: DATABASE_URL, else the local "
                      "stack's server)")
    prov.add_argument("--schema-suffix", default="", help="as THIDUA_SCHEMA_SUFFIX of the services")
    prov.add_argument("--passwords", type=Path, help="the roles' password file, generated when missing "
                      "(default: <run dir>/secrets/pg-roles.json)")
    svc = sub.add_parser("services", help="manage the four services and the web app")
    svc_sub = svc.add_subparsers(dest="action", required=True)
    for action in ("up", "down"):
        p = svc_sub.add_parser(action)
        p.add_argument("names", nargs="*", help="service names (default: all)")
    svc_sub.add_parser("status")
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            stack.up()
        elif args.command == "down":
            stack.down()
        elif args.command == "status":
            print("\n".join(stack.status()))
        elif args.command == "provision-db":
            for service, url in stack.provision_db(args.admin_url, args.schema_suffix, args.passwords).items():
                print(f"{service:<9} DATABASE_URL={url}")
        elif args.action == "up":
            services_up(names=args.names)
        elif args.action == "down":
            services_down(names=args.names)
        else:
            print("\n".join(services_status()))
    except ServiceFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (RuntimeError, TimeoutError, asyncpg.PostgresError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
