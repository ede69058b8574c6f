"""Hash chains of event streams, checked (pure: no I/O). README "Tamper evidence".

hash(v) = SHA-256(prev_hash(v) || body(v)), prev_hash(1) = 32 zero bytes, where body is the
envelope as PostgreSQL's jsonb text in UTF-8: the `envelope::text` of the events table and the
bytes of the Kafka record the relay published (migration 007 computes the same in SQL).

A stream is checked in its storage order (PostgreSQL: stream_version; Kafka: offset) and every
break is named by the event where it shows, with a rule id:
  AUDIT-CHAIN  the event's content no longer gives its hash: it was altered;
  AUDIT-LINK   its previous hash is not its predecessor's: an event before it was removed
               (kind `removed`), it was inserted (`inserted`) or put out of order (`reordered`);
  AUDIT-FIELD  a column or header disagrees with the envelope (e.g. a version renumbered);
  AUDIT-SEAL   the event at a sealed version does not have the sealed hash, or is missing.
"""
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

GENESIS = bytes(32)


def link(prev_hash: bytes, body: bytes) -> bytes:
    return hashlib.sha256(prev_hash + body).digest()


@dataclass(frozen=True)
class ChainRow:
    """One stored event as a verifier sees it. `where`: its place (table position, topic
    partition offset); `stored_*`: what the store says beside the body (None where it says
    nothing, e.g. a Kafka record published before the chain existed)."""

    where: str
    body: bytes
    prev_hash: bytes | None
    hash: bytes | None
    stored_version: int | None = None
    stored_event_id: str | None = None
    stored_stream: str | None = None
    envelope: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def parse(cls, where: str, body: bytes, prev_hash: bytes | None, hash_: bytes | None, **stored) -> "ChainRow":
        try:
            envelope = orjson.loads(body)
        except orjson.JSONDecodeError:
            envelope = {}
        return cls(where, body, prev_hash, hash_, envelope=envelope if isinstance(envelope, dict) else {}, **stored)

    @property
    def event_id(self) -> str:
        return str(self.envelope.get("event_id") or self.stored_event_id)

    @property
    def version(self) -> int | None:
        version = self.envelope.get("aggregate_version")
        return version if isinstance(version, int) else self.stored_version

    @property
    def stream(self) -> str:
        if self.stored_stream is not None:
            return self.stored_stream
        return f"{self.envelope.get('aggregate_type')}:{self.envelope.get('aggregate_id')}"


@dataclass(frozen=True)
class Finding:
    rule: str
    kind: str
    stream: str
    version: int | None
    event_id: str | None
    where: str
    message_en: str
    message_vi: str

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "stream": self.stream, "version": self.version,
                "event_id": self.event_id, "where": self.where, "message_en": self.message_en,
                "message_vi": self.message_vi}


def _finding(rule: str, kind: str, row: ChainRow, en: str, vi: str, version: int | None = None) -> Finding:
    return Finding(rule, kind, row.stream, row.version if version is None else version, row.event_id, row.where,
                   en, vi)


def field_findings(row: ChainRow) -> list[Finding]:
    """AUDIT-FIELD: the store's own columns (or headers) against the envelope."""
    found = []
    if row.stored_version is not None and row.stored_version != row.envelope.get("aggregate_version"):
        found.append(_finding("AUDIT-FIELD", "version", row,
                              f"stored at version {row.stored_version}, recorded as version {row.version}",
                              f"lưu ở phiên bản {row.stored_version}, ghi nhận là phiên bản {row.version}",
                              version=row.stored_version))
    if row.stored_event_id is not None and row.stored_event_id != str(row.envelope.get("event_id")):
        found.append(_finding("AUDIT-FIELD", "event_id", row, f"stored as event {row.stored_event_id}",
                              f"lưu là sự kiện {row.stored_event_id}"))
    return found


def check_stream(rows: Sequence[ChainRow]) -> tuple[list[Finding], list[bytes]]:
    """Findings of one stream's rows (storage order) and the hash each row holds (stored, or
    computed where the store keeps none), for the seal check."""
    findings: list[Finding] = []
    heads: list[bytes | None] = [r.hash for r in rows]
    index_of = {h: i for i, h in enumerate(heads) if h is not None}
    flagged: set[int] = set()
    expected_prev = GENESIS
    for i, row in enumerate(rows):
        findings += field_findings(row)
        prev = row.prev_hash if row.prev_hash is not None else expected_prev
        computed = link(prev, row.body)
        if row.hash is not None and row.hash != computed:
            findings.append(_finding("AUDIT-CHAIN", "altered", row, "its content does not give its hash: altered",
                                     "nội dung không khớp mã băm: đã bị sửa"))
            flagged.add(i)
        heads[i] = row.hash if row.hash is not None else computed
        if prev != expected_prev:
            findings += _link_findings(rows, i, prev, index_of, flagged)
        expected_prev = heads[i]
    return findings, heads


def _link_findings(rows: Sequence[ChainRow], i: int, prev: bytes, index_of: dict[bytes, int],
                   flagged: set[int]) -> list[Finding]:
    row = rows[i]
    j = index_of.get(prev)
    if j is not None and j > i:
        flagged.add(i)
        return [_finding("AUDIT-LINK", "reordered", row,
                         f"follows event {rows[j].event_id} (version {rows[j].version}), stored after it: reordered",
                         f"đứng sau sự kiện {rows[j].event_id} nhưng được lưu trước nó: sai thứ tự")]
    if j is not None and j < i - 1:
        # The rows between that no row links to are not of the chain: inserted. (One that a row
        # links to was moved, and is named where it shows as reordered.)
        referenced = {r.prev_hash for r in rows}
        found = []
        for k in range(j + 1, i):
            if k not in flagged and rows[k].hash not in referenced:
                flagged.add(k)
                found.append(_finding("AUDIT-LINK", "inserted", rows[k],
                                      f"not in the chain: event {row.event_id} links to {rows[j].event_id} before it",
                                      f"không thuộc chuỗi: sự kiện {row.event_id} nối vào {rows[j].event_id}"))
        return found
    missing = (row.version or 1) - 1
    return [_finding("AUDIT-LINK", "removed", row,
                     f"the event before it (version {missing}, hash {prev.hex()}) is missing: removed",
                     f"sự kiện trước nó (phiên bản {missing}) đã bị xoá", version=missing)]


def check_sealed(stream: str, rows: Sequence[ChainRow], heads: Sequence[bytes], sealed_version: int,
                 sealed_hash: bytes, seal_number: int, where: str) -> list[Finding]:
    """AUDIT-SEAL: the stream's event at the sealed version holds the sealed hash."""
    at = [i for i, r in enumerate(rows) if r.version == sealed_version]
    if not at:
        return [Finding("AUDIT-SEAL", "missing", stream, sealed_version, None, where,
                        f"seal {seal_number} holds version {sealed_version} (hash {sealed_hash.hex()}): missing",
                        f"niêm phong {seal_number} có phiên bản {sealed_version}: không còn")]
    i = at[-1]
    if heads[i] != sealed_hash:
        return [_finding("AUDIT-SEAL", "altered", rows[i],
                         f"not the event seal {seal_number} holds (hash {sealed_hash.hex()}): altered or replaced",
                         f"không phải sự kiện niêm phong {seal_number} ghi nhận: đã bị sửa hoặc thay")]
    return []
