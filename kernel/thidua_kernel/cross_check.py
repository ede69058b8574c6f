"""The events table against the topic the relay publishes it to (README "Tamper evidence").

AUDIT-CROSS names, by event id, stream, version, table position and partition/offset:
  missing-on-kafka  an event the relay has published (no longer in the outbox) that is not on the
                    topic: inserted into PostgreSQL directly (chained correctly, even sealed
                    afterwards), or its record removed from the topic;
  missing-in-store  a record whose event is not in the table: forged on the topic, or deleted;
  differs           a record whose event has another hash in the table: one of them altered.

Reading of "identically": a record is its event when the hash of its body, chained onto its
`prev_hash` header (onto the stream's previous record for records published before the headers),
is the table's hash: the hash covers the whole envelope (event id, stream, version, payload...),
so stream and version are compared with it; the table's columns against its envelope are
verify_store's AUDIT-FIELD. A record published twice (the relay is at-least-once) is no fault.

One read of each source (verify.verify_both): the pass over the table that checks its chains
also fills, in the same snapshot, a dict of event id (16 bytes) to hash (32 bytes), about 200
bytes an event in CPython (some 1 GB for 5 million events), and the pass over the topic that
checks its chains hands each record with its computed hash to `CrossIndex.match`. The snapshot is
taken first: every event published before it is on the topic by the time the topic's ends are
read; records of events appended since, and the few events a finding names, are looked up again
by id in the live table at the end.
"""
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

import asyncpg

from .chain import ChainRow, Finding

LOOKUP_CHUNK = 10_000


@dataclass(frozen=True)
class TopicEvent:
    """What the check keeps of a record it could not match in the snapshot."""
    key: bytes | None
    event_id: str
    stream: str
    version: int | None
    hash: bytes
    where: str


class CrossIndex:
    """Pure: the snapshot's hashes, matched against the topic's records one at a time."""

    def __init__(self, hashes: dict[bytes, bytes], pending: set[bytes]) -> None:
        self._unseen = hashes  # every event in the snapshot, until its record shows up
        self._pending = pending  # still in the outbox at the snapshot: not yet owed to the topic
        self._seen: dict[bytes, bytes] = {}
        self.records = 0
        self.unmatched: list[TopicEvent] = []  # not in the snapshot: looked up again in the table
        self.differing: list[TopicEvent] = []

    def match(self, row: ChainRow, computed: bytes) -> None:
        """A record whose hash (body chained onto its predecessor) the topic's chain check computed."""
        self.records += 1
        key = event_key(row.event_id)
        event = TopicEvent(key, row.event_id, row.stream, row.version, computed, row.where)
        if key is not None and key in self._unseen:
            self._seen[key] = self._unseen.pop(key)
        stored = self._seen.get(key) if key is not None else None
        if stored is None:
            self.unmatched.append(event)
        elif stored != computed:
            self.differing.append(event)

    def missing_on_topic(self) -> list[bytes]:
        """The published events of the snapshot no record matched."""
        return [key for key in self._unseen if key not in self._pending]


async def cross_findings(pool: asyncpg.Pool, index: CrossIndex, table: str, topic: str) -> list[Finding]:
    """AUDIT-CROSS, once the topic has gone through `index`: the few events it names are looked up
    again (by id) in the live table."""
    findings = [_missing_on_topic(row, table, topic)
                async for row in _stored(pool, index.missing_on_topic())]
    wanted = [e.key for e in index.unmatched + index.differing if e.key is not None]
    stored = {row["event_id"].bytes: row async for row in _stored(pool, wanted)}
    for event in index.differing + index.unmatched:
        row = stored.get(event.key)
        if row is None:
            findings.append(_missing_in_store(event, table))
        elif row["hash"] != event.hash:
            findings.append(_differs(event, row, table))
    return findings


async def _stored(pool: asyncpg.Pool, keys: Iterable[bytes]) -> AsyncIterator[Any]:
    keys = [uuid.UUID(bytes=k) for k in keys]
    for start in range(0, len(keys), LOOKUP_CHUNK):
        for row in await pool.fetch(
                "SELECT position, event_id, stream_id, stream_version, hash FROM events"
                " WHERE event_id = ANY($1::uuid[]) ORDER BY position", keys[start:start + LOOKUP_CHUNK]):
            yield row


def _missing_on_topic(row: Any, table: str, topic: str) -> Finding:
    return Finding("AUDIT-CROSS", "missing-on-kafka", row["stream_id"], row["stream_version"], str(row["event_id"]),
                   f"{table} position {row['position']}; not on {topic}",
                   "published (not in the outbox) but not on the topic: inserted into PostgreSQL directly,"
                   " or removed from Kafka",
                   "đã phát hành (không còn trong hàng chờ) nhưng không có trên Kafka: bị chèn thẳng vào"
                   " PostgreSQL hoặc bị xoá khỏi Kafka")


def _missing_in_store(event: TopicEvent, table: str) -> Finding:
    return Finding("AUDIT-CROSS", "missing-in-store", event.stream, event.version, event.event_id,
                   f"{event.where}; not in {table}",
                   "on the topic but not in the event store: forged on Kafka, or removed from PostgreSQL",
                   "có trên Kafka nhưng không có trong kho sự kiện: bị giả mạo trên Kafka hoặc bị xoá khỏi"
                   " PostgreSQL")


def _differs(event: TopicEvent, row: Any, table: str) -> Finding:
    return Finding("AUDIT-CROSS", "differs", row["stream_id"], row["stream_version"], event.event_id,
                   f"{table} position {row['position']}; {event.where}",
                   f"the record (hash {event.hash.hex()}) is not the stored event (hash {row['hash'].hex()}):"
                   " one of them was altered",
                   "bản ghi trên Kafka khác sự kiện trong kho (mã băm không khớp): một trong hai đã bị sửa")


def event_key(event_id: str) -> bytes | None:
    """The 16 bytes of an event id; None for one that is no UUID (then in no table)."""
    try:
        return uuid.UUID(event_id).bytes
    except ValueError:
        return None


def from_hex(value: bytes | None) -> bytes | None:
    """A header's hex as bytes; a header that is not hex stays as sent (it then matches no hash)."""
    if not value:
        return None
    try:
        return bytes.fromhex(value.decode())
    except ValueError:
        return value
