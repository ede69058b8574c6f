"""`thidua rebuild SERVICE PROJECTION [--blue-green]`: in place, or a new version beside the live one."""
from typing import Any

from .client import Operator, Refused, ServiceClient
from .progress import follow


def in_place(operator: Operator, c: ServiceClient, projection: str, interval_s: float) -> dict[str, Any]:
    """Start the rebuild, or join the one running (409 OPS), and follow it to its end."""
    path = f"/projections/{projection}"
    try:
        c.json("POST", f"{path}/rebuild", ok=(202,))
        operator.console.print(f"{c.name}: rebuilding {projection} from offset 0")
    except Refused as refused:
        if refused.status != 409:
            raise
        operator.console.print(f"{c.name}: a rebuild of {projection} is already running: following it")

    def poll() -> tuple[int, int, bool]:
        state = c.json("GET", path)
        rebuild = state.get("rebuild") or {}
        return rebuild.get("events_applied", 0), state["end_offsets"], bool(rebuild.get("finished_at"))

    follow(operator.console, f"{projection} (in place)", poll, interval_s)
    return c.json("GET", path)


def blue_green(operator: Operator, c: ServiceClient, projection: str, force: bool,
               interval_s: float) -> dict[str, Any]:
    """Build (or resume, or join) the new version, follow it until caught up, then switch."""
    path = f"/projections/{projection}/blue-green"
    started = c.json("POST", path, ok=(200, 202))
    how = "joined the running build of" if started["joined"] else "resumed" if started["resumed"] else "building"
    operator.console.print(f"{c.name}: {how} {projection} version {started['version']}"
                           f" (from {started['offsets_at_start']} events already applied)")

    def poll() -> tuple[int, int, bool]:
        state = c.json("GET", path)
        return state["events_applied"], state["end_offsets"], state["phase"] == "caught_up"

    follow(operator.console, f"{projection} v{started['version']}", poll, interval_s)
    return c.json("POST", f"{path}/switch", json={"force": force})


def render_comparison(operator: Operator, comparison: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table(title="Live version vs new version, row for row")
    for column in ("table", "live rows", "new rows", "only live", "only new"):
        table.add_column(column, justify="left" if column == "table" else "right")
    for t in comparison:
        table.add_row(t["table"], str(t["live_rows"]), str(t["new_rows"]), str(t["only_live"]), str(t["only_new"]))
    operator.console.print(table)
    for t in comparison:
        for side in ("only_live", "only_new"):
            for row in t.get(f"sample_{side}", []):
                operator.console.print(f"  {t['table']} {side.replace('_', ' ')}: {row}")
