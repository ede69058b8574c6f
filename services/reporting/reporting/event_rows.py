"""One batch of light envelopes → rows, by each event type's builder (programme_rows.py,
award_rows.py): the types with no builder are skipped; a payload version with no upcaster or a
payload that cannot be read stops the projection at that event, loudly (UnreadableEvent)."""
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from thidua_facts.rows import UnreadableEvent
from thidua_kernel.upcasting import UnknownSchemaVersion, upcast

R = TypeVar("R")


def build_rows(events: Iterable, builders: Mapping[str, Callable[[R, Any, dict], None]], rows: R) -> R:
    """Each event's rows appended to `rows` by its type's builder, its payload read as the newest
    version (thidua_kernel.upcasting); `rows` returned."""
    for event in events:
        build = builders.get(event.event_type)
        if build is None:
            continue
        try:
            payload = upcast(event.event_type, event.schema_version, event.payload)
        except UnknownSchemaVersion as exc:
            raise UnreadableEvent(f"{event.event_type} {event.event_id}: {exc}") from exc
        try:
            build(rows, event, payload)
        except (KeyError, TypeError, ValueError) as exc:
            raise UnreadableEvent(f"{event.event_type} {event.event_id}: {exc!r}") from exc
    return rows
