"""The events named by stream position (StreamRef), as the trace shows them: from the event index
(registry, progress and awards events) and from reporting's own event store (its own events),
only those recorded by known_at."""
from datetime import date, datetime, timezone
from typing import Any

import asyncpg
import orjson

from thidua_facts.queries import bound
from thidua_facts.timeframe import Timeframe
from thidua_kernel.commands import moment
from thidua_kernel.messages import stream_id

from .domain.trace import WHOLE_STREAM, StreamRef
from .event_index import business_day

# Reporting's own aggregates: their events are in its event store, not on the topics it reads.
OWN_AGGREGATES = frozenset({"reporting_period", "submission", "inspection", "proposal", "issued_report"})

FROM_INDEX = """
SELECT i.event_id::text, i.event_type, i.aggregate_type, i.aggregate_id, i.aggregate_version, i.occurred_on,
       i.recorded_at, i.actor_principal, i.actor_role, i.actor_scope, i.document_number, i.reason,
       i.correlation_id::text
FROM unnest($1::text[], $2::text[], $3::integer[]) AS r(t, a, v)
JOIN event_index i ON i.aggregate_type = r.t AND i.aggregate_id = r.a AND i.aggregate_version = r.v
WHERE i.recorded_at <= $4
"""
FROM_STORE = """
SELECT e.envelope::text FROM unnest($1::text[], $2::integer[]) AS r(s, v)
JOIN events e ON (e.stream_id = r.s AND (r.v = 0 OR e.stream_version = r.v))
    OR (r.v = 0 AND right(r.s, 1) = '/' AND starts_with(e.stream_id, r.s))
WHERE e.recorded_at <= $3
"""


def _event(event_id: str, event_type: str, aggregate_type: str, aggregate_id: str, version: int, day: str,
           recorded_at: datetime, actor: dict[str, Any], document_number: str | None, reason: str | None,
           correlation_id: str | None) -> dict[str, Any]:
    return {"event_id": event_id, "type": event_type, "aggregate": {"type": aggregate_type, "id": aggregate_id},
            "version": version, "day": day, "recorded_at": moment(recorded_at.astimezone(timezone.utc)), "actor": actor,
            "document_number": document_number, "reason": reason, "correlation_id": correlation_id}


def _from_envelope(e: dict[str, Any]) -> dict[str, Any]:
    actor = e.get("actor") or {}
    return _event(e["event_id"], e["event_type"], e["aggregate_type"], e["aggregate_id"], e["aggregate_version"],
                  business_day(datetime.fromisoformat(e["occurred_at"])).isoformat(),
                  datetime.fromisoformat(e["recorded_at"]),
                  {k: actor.get(k) for k in ("principal_id", "role", "scope")}, e.get("document_number"),
                  e.get("reason"), e.get("correlation_id"))


async def events_of(pool: asyncpg.Pool, refs: list[StreamRef], timeframe: Timeframe) -> list[dict[str, Any]]:
    """The events of `refs` recorded by known_at (a whole stream's: those dated by its day too, by
    default as_of), by (recorded_at, stream, version)."""
    return (await found_of(pool, refs, timeframe)).of(refs, timeframe.as_of)


async def found_of(pool: asyncpg.Pool, refs: list[StreamRef], timeframe: Timeframe) -> "Found":
    """Every event any of `refs` may name, recorded by known_at, read in one transaction."""
    foreign = [r for r in refs if r.aggregate_type not in OWN_AGGREGATES]
    own = sorted({(r.aggregate_type, r.aggregate_id, r.version) for r in refs if r.aggregate_type in OWN_AGGREGATES})
    k = bound(timeframe.known_at)
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        rows = await conn.fetch(FROM_INDEX, [r.aggregate_type for r in foreign], [r.aggregate_id for r in foreign],
                                [r.version for r in foreign], k) if foreign else []
        stored = await conn.fetch(FROM_STORE, [stream_id(t, a) for t, a, _ in own], [v for _, _, v in own],
                                  k) if own else []
    events = [_event(r[0], r[1], r[2], r[3], r[4], r[5].isoformat(), r[6],
                     {"principal_id": r[7], "role": r[8], "scope": r[9]}, r[10], r[11], r[12]) for r in rows]
    events += [_from_envelope(orjson.loads(r[0])) for r in stored]
    return Found(events)


class Found:
    """The events read for many figures at once, each figure's picked by its refs (GET /traces)."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        unique = {e["event_id"]: e for e in events}.values()  # a stream named whole and by a version
        self.events = sorted(unique, key=lambda e: (datetime.fromisoformat(e["recorded_at"]), e["aggregate"]["type"],
                                                    e["aggregate"]["id"], e["version"]))
        self._order = {e["event_id"]: i for i, e in enumerate(self.events)}
        self._at = {_position(e): e for e in self.events}
        self._own = [e for e in self.events if e["aggregate"]["type"] in OWN_AGGREGATES]

    def of(self, refs: list[StreamRef], as_of: date) -> list[dict[str, Any]]:
        """The events `refs` name: by position, or a whole stream's dated by its day (default as_of)."""
        exact = (self._at.get((r.aggregate_type, r.aggregate_id, r.version)) for r in refs if r.version != WHOLE_STREAM)
        whole = (e for r in refs if r.version == WHOLE_STREAM for e in self._own
                 if _in_stream(e, r) and e["day"] <= (r.through or as_of.isoformat()))
        picked = {e["event_id"]: e for e in (*exact, *whole) if e is not None}
        return sorted(picked.values(), key=lambda e: self._order[e["event_id"]])


def _position(e: dict[str, Any]) -> tuple[str, str, int]:
    return e["aggregate"]["type"], e["aggregate"]["id"], e["version"]


def _in_stream(envelope: dict[str, Any], ref: StreamRef) -> bool:
    """A whole stream's event, or (an id ending in "/") of any stream whose id starts with it."""
    kind, named = envelope["aggregate"]["type"], envelope["aggregate"]["id"]
    return kind == ref.aggregate_type and (named == ref.aggregate_id
                                           or (ref.aggregate_id.endswith("/") and named.startswith(ref.aggregate_id)))


def not_found(refs: list[StreamRef], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events the facts name that no event answers yet (the index is behind the facts): said, not hidden."""
    found = {_position(e) for e in events}
    return [{"aggregate": {"type": r.aggregate_type, "id": r.aggregate_id}, "version": r.version}
            for r in refs if r.version != WHOLE_STREAM and (r.aggregate_type, r.aggregate_id, r.version) not in found]
