"""`thidua status`: every service's health, every topic's end offsets, every projection's lag,
last error and dead letters."""
from typing import Any

from rich.table import Table

from .client import Operator, Refused


def gather(operator: Operator) -> dict[str, Any]:
    """One entry per service; a service that cannot be reached is listed as such, not skipped."""
    services = []
    for name in operator.services:
        with operator.client(name) as c:
            entry: dict[str, Any] = {"service": name, "url": operator.services[name]}
            try:
                entry["health"] = c.json("GET", "/health", ok=(200, 503))
                entry["topics"] = c.json("GET", "/topics")
                entry["projections"] = c.json("GET", "/projections")
            except Refused as refused:
                entry["error"] = refused.error
            services.append(entry)
    return {"ok": all(s.get("health", {}).get("ok") for s in services), "services": services}


def render(operator: Operator, status: dict[str, Any]) -> None:
    console = operator.console
    health = Table(title="Services")
    for column in ("service", "health", "tasks down", "url"):
        health.add_column(column)
    for s in status["services"]:
        h = s.get("health")
        state = "[red]unreachable[/red]" if h is None else "[green]ok[/green]" if h["ok"] else "[red]down[/red]"
        health.add_row(s["service"], state, ", ".join(h["down"]) if h else s["error"].get("message_en", ""), s["url"])
    console.print(health)
    topics = Table(title="Topics (end offsets)")
    for column in ("service", "topic", "partitions", "events"):
        topics.add_column(column, justify="right" if column in ("partitions", "events") else "left")
    for s in status["services"]:
        for t in s.get("topics", []):
            topics.add_row(s["service"], t["topic"], str(len(t["end_offsets"])), str(t["events"]))
    console.print(topics)
    projections = Table(title="Projections")
    for column in ("service", "projection", "state", "lag", "dead letters waiting/replayed", "last error"):
        projections.add_column(column)
    for s in status["services"]:
        for p in s.get("projections", []):
            task = p.get("task") or {}
            letters = p["dead_letters"]
            projections.add_row(s["service"], p["projection"], p["state"], str(p["lag"]),
                                f"{letters['waiting']}/{letters['replayed']}", task.get("last_error") or "")
    console.print(projections)
