"""The `thidua` command: one typer app, its sub-commands in their own modules."""
import json
import sys

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from thidua_kernel.verify import main as verify_main

from . import events as events_
from . import rebuild as rebuild_
from . import seal_key as seal_key_
from . import status as status_
from .client import Operator, Refused, fail, parse_services, refusals_reported

app = typer.Typer(help="Operate thidua's services: status, rebuilds (blue/green), dead letters, event logs.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)


@app.callback()
def main(ctx: typer.Context,
         service: list[str] = typer.Option(
             [], "--service", "-s", envvar="THIDUA_SERVICES",
             help="NAME=URL of a service (repeat, or comma separated in THIDUA_SERVICES); "
                  "default: the local stack's four"),
         token: str = typer.Option(None, envvar="THIDUA_TOKEN",
                                   help="a province board's bearer token (rebuilds, replays, exports)"),
         timeout: float = typer.Option(30.0, help="seconds per HTTP request")) -> None:
    ctx.obj = Operator(parse_services(service), token, Console(stderr=False, soft_wrap=True), timeout)


@app.command()
def status(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="print JSON instead")) -> None:
    """Every service's health, every topic's end offsets, every projection's lag, last error and
    dead letters. Exit code 1 when a service is down or unreachable."""
    operator: Operator = ctx.obj
    found = status_.gather(operator)
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
    else:
        status_.render(operator, found)
    if not found["ok"]:
        raise typer.Exit(1)


@app.command()
def rebuild(ctx: typer.Context, service: str, projection: str,
            blue_green: bool = typer.Option(False, "--blue-green",
                                            help="build a new version beside the live one, compare, switch"),
            force: bool = typer.Option(False, help="with --blue-green: switch even if the versions differ"),
            interval: float = typer.Option(0.5, help="seconds between progress polls")) -> None:
    """Rebuild a projection from offset 0 (joining a rebuild already running). In place, the
    projection's rows are emptied first; --blue-green keeps the live version serving until the
    new one has caught up and equals it row for row, then switches in one transaction and keeps
    the old version until `thidua projections drop-old`."""
    operator: Operator = ctx.obj
    with refusals_reported(operator.console), operator.client(service) as c:
        if not blue_green:
            state = rebuild_.in_place(operator, c, projection, interval)
            operator.console.print(f"{projection}: {state['state']}, lag {state['lag']},"
                                   f" {state['rebuild']['seconds']} s")
            return
        try:
            answer = rebuild_.blue_green(operator, c, projection, force, interval)
        except Refused as refused:
            comparison = refused.error.get("figures", {}).get("comparison")
            if comparison:
                rebuild_.render_comparison(operator, comparison)
            raise
        rebuild_.render_comparison(operator, answer["comparison"])
        operator.console.print(f"{projection}: version {answer['version']} is live"
                               f"{' (forced, ' + str(answer['differences']) + ' rows differed)' if answer['forced'] else ''};"
                               f" the old version is kept until `thidua projections drop-old {service} {projection}`")


projections_app = typer.Typer(help="Projection versions kept by blue/green rebuilds.", no_args_is_help=True)
app.add_typer(projections_app, name="projections")


@projections_app.command("drop-old")
def drop_old(ctx: typer.Context, service: str, projection: str) -> None:
    """Drop the old version a blue/green switch kept (its tables and tracking rows)."""
    operator: Operator = ctx.obj
    with refusals_reported(operator.console), operator.client(service) as c:
        answer = c.json("DELETE", f"/projections/{projection}/old-version")
        operator.console.print(f"{projection}: old version dropped ({', '.join(answer['dropped'])})")


letters_app = typer.Typer(help="A projection's dead letters (records it could not apply).", no_args_is_help=True)
app.add_typer(letters_app, name="dead-letters")


@letters_app.command("list")
def letters_list(ctx: typer.Context, service: str, projection: str,
                 limit: int = typer.Option(100, min=1, max=1000),
                 as_json: bool = typer.Option(False, "--json", help="print JSON instead")) -> None:
    """The projection's dead letters, newest first."""
    operator: Operator = ctx.obj
    with refusals_reported(operator.console), operator.client(service) as c:
        letters = c.json("GET", f"/projections/{projection}/dead-letters", params={"limit": limit})
    if as_json:
        sys.stdout.write(json.dumps(letters, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{service} / {projection}: {len(letters)} dead letters")
    for column in ("topic[partition]@offset", "reason", "error", "recorded_at", "replayed_at"):
        table.add_column(column)
    for d in letters:
        table.add_row(f"{d['topic']}[{d['partition']}]@{d['offset']}", d["reason"], d["error"][:120],
                      d["recorded_at"], d["replayed_at"] or (d["replay_error"] or "")[:60])
    operator.console.print(table)


@letters_app.command("replay")
def letters_replay(ctx: typer.Context, service: str, projection: str) -> None:
    """Apply the waiting dead letters again (after a fix); each is applied at most once."""
    operator: Operator = ctx.obj
    with refusals_reported(operator.console), operator.client(service) as c:
        answer = c.json("POST", f"/projections/{projection}/dead-letters/replay")
    operator.console.print(f"{projection}: {answer['replayed']} replayed, {answer['still_failing']} still failing")
    if answer["still_failing"]:
        raise typer.Exit(1)


app.add_typer(seal_key_.app, name="seal-key")

events_app = typer.Typer(help="A service's event log as JSON lines.", no_args_is_help=True)
app.add_typer(events_app, name="events")


@events_app.command("export")
def events_export(ctx: typer.Context, service: str,
                  out: Path = typer.Option(..., "--out", help="the JSON lines file to write")) -> None:
    """Every event of the service's store, in order, one envelope a line."""
    operator: Operator = ctx.obj
    with refusals_reported(operator.console), operator.client(service) as c:
        count = events_.export(operator, c, out)
    operator.console.print(f"{service}: {count} events written to {out}")


@events_app.command("import")
def events_import(ctx: typer.Context, service: str,
                  source: Path = typer.Argument(..., exists=True, dir_okay=False, help="an export's file")) -> None:
    """Into a fresh service's empty store (refused, rule OPS-IMPORT, when it holds other events);
    run again, it skips the events already imported (by event id) and continues."""
    operator: Operator = ctx.obj
    with refusals_reported(operator.console), operator.client(service) as c:
        totals = events_.import_(operator, c, source)
    operator.console.print(f"{service}: {totals['imported']} events imported, {totals['skipped']} already there")


def run() -> None:
    """The console script: a refusal prints its rule and exits 1 (never a traceback)."""
    try:
        app()
    except Refused as refused:  # raised outside a command's own handling
        raise SystemExit(fail(Console(stderr=True), refused).exit_code) from None


_SOURCES = "pg (the service's event store), kafka (its topic) or both (each, then one against the other)"


@app.command()
def verify(service: str, source: str = typer.Option("pg", help=_SOURCES),
           public_key: Path = typer.Option(None, "--public-key", help="the seal keys' public PEMs (<name>.pub.pem)"),
           as_json: bool = typer.Option(False, "--json", help="print JSON instead")) -> None:
    """Tamper evidence (README "Tamper evidence"): every stream's hash chain and the signed seals,
    in PostgreSQL, on Kafka or both (and the one against the other); exit code 1 naming each
    altered, removed, inserted or reordered event. Reads the store or topic directly
    (DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS, as the services), not through their HTTP API: an
    auditor checks the records, not a service's word."""
    argv = ["--service", service, "--source", source, *(["--public-key", str(public_key)] if public_key else []),
            *(["--json"] if as_json else [])]
    raise typer.Exit(verify_main(argv))
