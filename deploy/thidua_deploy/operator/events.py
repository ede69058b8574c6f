"""`thidua events export|import`: a service's event log as JSON lines (one envelope a line, in the
store's order), and back into a fresh service's store (the service's rule: event_log.py)."""
import json
from pathlib import Path
from typing import Any

from .client import Operator, ServiceClient
from .progress import follow

PAGE = 1000
# A batch stays well under the services' 4 MiB body limit.
BATCH_EVENTS, BATCH_BYTES = 500, 2 * 1024 * 1024


def export(operator: Operator, c: ServiceClient, out: Path) -> int:
    written = 0
    after = 0
    tmp = out.with_name(out.name + ".partial")
    with tmp.open("w", encoding="utf-8") as f:
        def poll() -> tuple[int, int, bool]:
            nonlocal after, written
            page = c.json("GET", "/events/export", params={"after_position": after, "limit": PAGE})
            for envelope in page["events"]:
                f.write(json.dumps(envelope, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += len(page["events"])
            after = page["next"]
            return written, page["total"], page["done"]

        follow(operator.console, f"export {c.name}", poll, interval_s=0)
    tmp.replace(out)  # a file named `out` is always a whole export
    return written


def import_(operator: Operator, c: ServiceClient, source: Path) -> dict[str, int]:
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]
    batches = list(_batches(events, [len(line) for line in lines]))
    totals = {"imported": 0, "skipped": 0}
    sent = 0
    position = 0

    def poll() -> tuple[int, int, bool]:
        nonlocal sent, position
        if position < len(batches):
            after, batch = batches[position]
            answer = c.json("POST", "/events/import", json={"after": after, "events": batch})
            for key in totals:
                totals[key] += answer[key]
            sent += len(batch)
            position += 1
        return sent, len(events), position >= len(batches)

    follow(operator.console, f"import {c.name}", poll, interval_s=0)
    return totals


def _batches(events: list[dict[str, Any]], sizes: list[int]):
    """(the id of the event before the batch, the batch), bounded in events and bytes."""
    start = 0
    while start < len(events):
        end, size = start, 0
        while end < len(events) and end - start < BATCH_EVENTS and (end == start or size + sizes[end] < BATCH_BYTES):
            size += sizes[end]
            end += 1
        yield (events[start - 1]["event_id"] if start else None), events[start:end]
        start = end
