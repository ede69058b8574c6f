"""The first administrator: `python -m registry.accounts_cli create-admin --username U --password-file F`.

Run once against the registry's database (DATABASE_URL, THIDUA_SCHEMA_SUFFIX as the service's);
refused when any account exists already (later accounts are created through the API by the
province board). The password is generated, written to F (mode 0600) and never printed; the
event is the same AccountCreated the API records, its actor `bootstrap`.
"""
import argparse
import asyncio
import os
import secrets
import sys
from pathlib import Path

from contracts.envelope import Actor
from thidua_kernel.auth import PROVINCE_BOARD
from thidua_kernel.clock import SystemClock
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.messages import CommandContext

from .account_commands import CreateAccount
from .adapters.admin_units import province_units, source_label
from .bootstrap import MIGRATIONS, SCHEMA
from .config import RegistrySettings
from .handlers import RegistryDeps, create_account


def write_secret(path: Path, text: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text + "\n")
    os.chmod(path, 0o600)


async def create_admin(settings: RegistrySettings, username: str, scope: str, password_file: Path) -> int:
    pool = await create_pool(settings.database_url, SCHEMA + settings.schema_suffix)
    try:
        await migrate(pool, MIGRATIONS)
        if await pool.fetchval("SELECT EXISTS (SELECT 1 FROM events WHERE stream_id LIKE 'account:%')"):
            print("accounts exist already: the province board creates the others through the API", file=sys.stderr)
            return 1
        clock = SystemClock()
        password = secrets.token_urlsafe(18)
        deps = RegistryDeps(PostgresEventStore(pool, SCHEMA, clock), province_units,
                            source_label, now=clock.now)
        actor = Actor(principal_id="bootstrap", role=PROVINCE_BOARD, scope=scope)
        await create_account(deps, CommandContext(actor=actor, reason="first administrator"),
                             CreateAccount(username=username, role=PROVINCE_BOARD, scope=scope, password=password))
        write_secret(password_file, password)
        print(f"created {username} (province_board, scope {scope}); password in {password_file}")
        return 0
    finally:
        await pool.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m registry.accounts_cli", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="the first province-board account")
    admin.add_argument("--username", required=True)
    admin.add_argument("--scope", default="20", help="the province's unit code (default 20, Lạng Sơn)")
    admin.add_argument("--password-file", required=True, type=Path)
    args = parser.parse_args(argv)
    return asyncio.run(create_admin(RegistrySettings(), args.username, args.scope, args.password_file))


if __name__ == "__main__":
    sys.exit(main())
