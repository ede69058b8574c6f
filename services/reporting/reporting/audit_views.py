"""GET /audit/{kind}/{id} (issue 11): every event about a subject recorded by known_at (and dated
by as_of), in recording order, with who, when, why and under which decision, and each event's
correlation chain across the services, with its causation links.

Readings chosen:
- Order: by recorded_at (when thidua learnt it), then stream and version, as the trace orders.
- Known: a subject is unknown (404, its kind's rule) when no event about it was recorded by
  known_at; known but with every event dated after as_of, the trail is empty (200).
- Chain: the events sharing the event's correlation id under the same bounds, from any service;
  `caused_by` is the event's causation id and `caused` the chain's events naming it as theirs.
  No service records a command on another's event (there is no process manager): a chain spans
  services when a caller carries one correlation id across its commands (X-Correlation-Id, and
  X-Causation-Id naming the event it acts upon); otherwise it is the events of one command.
- Personal data: an actor's principal is an official's own account name, so it is shown as the
  other reads show individuals' data (kernel auth.PERSONAL_DATA_ROLES): to the province board and
  the records officer, and to a district officer for actors of its own district's scope; to
  everyone else it is null with `principal_withheld: true`. The role and scope, the office that
  acted, are the movement's public business and always shown.
- Size: `limit` events a page (default 100, at most 500), `next` a cursor for the page after
  (send it with the answer's `known_at`); a chain lists its first 50 events and says its size.
"""
import base64
import binascii
from datetime import datetime, timezone
from typing import Any

import asyncpg
import orjson

from contracts.envelope import Actor
from thidua_facts.timeframe import Timeframe
from thidua_kernel.auth import principal_shown
from thidua_kernel.commands import moment
from thidua_kernel.errors import InvalidInput, NotFound

from . import audit_queries
from .audit_queries import Cursor
from .domain.audit_subjects import KINDS, RULES, BadSubject, Subject, parse_subject

CHAIN_LIMIT = 50
MAX_VERSION = 2**31 - 1  # a stream version is a PostgreSQL integer
FIRST, LAST = datetime(1945, 1, 1, tzinfo=timezone.utc), datetime(2100, 12, 31, tzinfo=timezone.utc)


def subject_of(kind: str, subject_id: str) -> Subject:
    try:
        return parse_subject(kind, subject_id)
    except BadSubject as bad:
        rule = "INPUT" if kind not in KINDS else ("P1" if "P1" in bad.expected else RULES[kind])
        raise InvalidInput(rule, f"Mã đối tượng không hợp lệ: cần {bad.expected}.",
                           f"Malformed subject: expected {bad.expected}.", kind=kind[:80],
                           id=subject_id[:80], expected=bad.expected, kinds=list(KINDS)) from None


def encode_cursor(row: asyncpg.Record) -> str:
    place = [moment(row["recorded_at"].astimezone(timezone.utc)), row["aggregate_type"], row["aggregate_id"],
             row["aggregate_version"]]
    return base64.urlsafe_b64encode(orjson.dumps(place)).decode()


def decode_cursor(text: str) -> Cursor:
    try:
        at, kind, named, version = orjson.loads(base64.urlsafe_b64decode(text.encode()))
        when = datetime.fromisoformat(at)
        if not (isinstance(kind, str) and isinstance(named, str) and type(version) is int
                and 0 <= version <= MAX_VERSION and when.tzinfo is not None and FIRST <= when <= LAST):
            raise ValueError(text)
        return Cursor(when, kind, named, version)
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise InvalidInput("INPUT", "Con trỏ trang (after) không hợp lệ: dùng `next` của câu trả lời trước.",
                           "Malformed page cursor (after): send the previous answer's `next`.",
                           after=text[:80]) from None


def _event(row: asyncpg.Record, reader: Actor) -> dict[str, Any]:
    shown = principal_shown(reader, row["actor_scope"])
    return {"event_id": row["event_id"], "type": row["event_type"], "service": row["producer"],
            "aggregate": {"type": row["aggregate_type"], "id": row["aggregate_id"]},
            "version": row["aggregate_version"], "day": row["occurred_on"].isoformat(),
            "recorded_at": moment(row["recorded_at"].astimezone(timezone.utc)),
            "actor": {"principal_id": row["actor_principal"] if shown else None, "role": row["actor_role"],
                      "scope": row["actor_scope"], "principal_withheld": not shown},
            "document_number": row["document_number"], "reason": row["reason"],
            "correlation_id": row["correlation_id"], "caused_by": row["causation_id"]}


def _chain(correlation_id: str | None, chains: dict[str, tuple[int, list]], reader: Actor) -> dict[str, Any] | None:
    if correlation_id is None or correlation_id not in chains:
        return None
    size, rows = chains[correlation_id]
    events = [_event(r, reader) for r in rows]
    for e in events:
        e["caused"] = [other["event_id"] for other in events if other["caused_by"] == e["event_id"]]
    return {"correlation_id": correlation_id, "size": size, "truncated": size > len(events),
            "services": sorted({e["service"] for e in events if e["service"]}), "events": events}


async def audit_trail(pool: asyncpg.Pool, kind: str, subject_id: str, timeframe: Timeframe, reader: Actor,
                      after: str | None, limit: int) -> dict[str, Any]:
    subject = subject_of(kind, subject_id)
    cursor = decode_cursor(after) if after else None
    keys = list(subject.keys)
    if not await audit_queries.known(pool, keys, timeframe.known_at):
        raise NotFound(RULES[kind], f"Không có sự kiện nào về {kind} {subject_id} được ghi nhận đến thời điểm đã hỏi.",
                       f"No event about {kind} {subject_id} was recorded by known_at.", kind=kind, id=subject_id,
                       known_at=moment(timeframe.known_at.astimezone(timezone.utc)))
    total, rows, chains = await audit_queries.page(pool, keys, timeframe.known_at, timeframe.as_of, cursor,
                                                   limit + 1, CHAIN_LIMIT)
    more, rows = len(rows) > limit, rows[:limit]
    events = [{**_event(r, reader), "chain": _chain(r["correlation_id"], chains, reader)} for r in rows]
    return {"subject": {"kind": kind, "id": subject_id}, "as_of": timeframe.as_of.isoformat(),
            "known_at": moment(timeframe.known_at.astimezone(timezone.utc)), "total": total, "limit": limit,
            "count": len(events), "next": encode_cursor(rows[-1]) if more else None, "events": events}
