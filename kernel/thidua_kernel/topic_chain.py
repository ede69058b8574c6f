"""The hash chains of a topic, checked record by record as they are read (pure; no I/O).

Why not chain.check_stream: a topic interleaves its streams, so checking one stream at a time
would mean holding the whole topic. Here each stream keeps, while its chain holds, only its head
(last hash and version) and a few references (event id, version, place) to records it may still
have to name; more only where the chain is broken, and only until the break is explained:
  unlinked  records no later record links to yet: the head, plus records a break left behind;
  awaited   records whose predecessor has not shown up (yet): reordered if it shows up later,
            removed (AUDIT-LINK `removed`) at the end if not;
  skipped   records a later one linked past: inserted unless something links to them by the end;
  replay    a run chained onto an earlier event, at versions already seen: the relay's
            at-least-once copy if it rejoins the head with the head's very hash (the hash covers
            the whole history, so the copy is then exact); otherwise a branch, named `inserted`.
The rules and messages are chain.py's (AUDIT-CHAIN, -LINK, -FIELD, -SEAL), in storage order per
stream. Against chain.check_stream on the whole stream (tests/unit/test_topic_chain.py): the same
findings for an event altered, removed, inserted, or moved anywhere (except the whole-stream
check's extra "removed version 0" when one is moved before version 1); for several overlapping
moves both name a break in the stream, not always at the same events (each guesses which link
is the intruder).
"""
from dataclasses import dataclass, field

from .chain import GENESIS, ChainRow, Finding, field_findings, link


@dataclass
class _Ref:
    """What is kept of a record that may still have to be named."""
    index: int
    hash: bytes
    event_id: str
    version: int | None
    where: str
    flagged: bool = False


@dataclass
class _Stream:
    head: bytes = GENESIS
    version: int = 0
    count: int = 0
    unlinked: dict[bytes, _Ref] = field(default_factory=dict)
    awaited: dict[bytes, list[_Ref]] = field(default_factory=dict)
    skipped: list[tuple[_Ref, _Ref, _Ref]] = field(default_factory=list)  # (skipped, linking, linked to)
    head_ref: _Ref | None = None
    before: _Ref | None = None  # the record the head links to
    replay: tuple[_Ref, _Ref, bytes] | None = None  # (the run's last record, its first, what that links to)
    at_seal: _Ref | None = None  # the last record at the sealed version


class TopicChains:
    """Feed `record` every record in offset order; `finish` gives the findings, per stream in order."""

    def __init__(self, sealed_heads: dict[str, tuple[int, bytes, int]], where: str) -> None:
        self._sealed = sealed_heads  # stream -> (version, hash, seal number), as SealedHeads.heads
        self._where = where
        self._streams: dict[str, _Stream] = {}
        self._found: list[tuple[str, int, int, Finding]] = []
        self.events = 0
        self.unsealed_events = 0

    @property
    def streams(self) -> int:
        return sum(1 for s in self._streams.values() if s.count)

    def record(self, row: ChainRow) -> bytes:
        """Check one record; the hash its body gives, chained onto its predecessor (the cross check's)."""
        s = self._streams.setdefault(row.stream, _Stream())
        self.events += 1
        prev = row.prev_hash if row.prev_hash is not None else s.head
        computed = link(prev, row.body)
        held = row.hash if row.hash is not None else computed
        ref = _Ref(s.count, held, row.event_id, row.version, row.where)
        s.count += 1
        for found in field_findings(row):
            self._add(row.stream, ref, found)
        if held != computed:
            ref.flagged = True
            self._add(row.stream, ref, _named(
                "AUDIT-CHAIN", "altered", row.stream, ref, "its content does not give its hash: altered",
                "nội dung không khớp mã băm: đã bị sửa"))
        sealed = self._sealed.get(row.stream, (0,))[0]
        if sealed and row.version == sealed:
            s.at_seal = ref
        self.unsealed_events += (row.version or 0) > sealed
        if not self._replayed(s, row.stream, prev, held, computed, ref):
            self._link(s, row.stream, prev, ref)
        return computed

    def _link(self, s: _Stream, stream: str, prev: bytes, ref: _Ref) -> None:
        waiting = s.awaited.pop(ref.hash, [])
        for early in waiting:
            early.flagged = True
            self._add(stream, early, _named(
                "AUDIT-LINK", "reordered", stream, early,
                f"follows event {ref.event_id} (version {ref.version}), stored after it: reordered",
                f"đứng sau sự kiện {ref.event_id} nhưng được lưu trước nó: sai thứ tự"))
        parent = None
        if prev == s.head:
            s.unlinked.pop(prev, None)
            parent = s.head_ref
        elif (parent := s.unlinked.pop(prev, None)) is not None:
            s.skipped += [(k, ref, parent) for k in s.unlinked.values() if k.index > parent.index]
        elif s.before is not None and s.head_ref is not None and prev == s.before.hash:
            parent = s.before  # a sibling of the head: the head is linked past
            s.skipped.append((s.head_ref, ref, parent))
        else:
            s.awaited.setdefault(prev, []).append(ref)
        if not waiting:  # a hash something already links to is no loose end
            s.unlinked[ref.hash] = ref
        s.head, s.version, s.head_ref, s.before = ref.hash, ref.version or 0, ref, parent

    def _replayed(self, s: _Stream, stream: str, prev: bytes, held: bytes, computed: bytes, ref: _Ref) -> bool:
        """Whether the record belongs to a run re-chained onto an earlier event (see the docstring)."""
        if s.replay is not None:
            last, first, first_prev = s.replay
            s.replay = None
            if prev == last.hash and held == computed:
                if ref.version == s.version and held == s.head:
                    return True  # rejoined the head: a copy
                if held in s.awaited:  # an earlier record follows it: the run is the chain, reordered
                    s.awaited.setdefault(first_prev, []).append(first)  # and what it links to is not seen
                    s.head, s.version, s.head_ref = last.hash, last.version or 0, last
                    return False
                if (ref.version or 0) <= s.version:
                    s.replay = (ref, first, first_prev)
                    return True
                self._forked_past(stream, s, last, first)  # the run goes on past the head: it is the chain
                return False
            self._branch(stream, first)
        if (prev == s.head or prev in s.unlinked or held in s.awaited or held != computed
                or ref.version is None or ref.version > s.version
                or (s.before is not None and prev == s.before.hash and held != s.head)):
            return False
        if not (ref.version == s.version and held == s.head):
            s.replay = (ref, ref, prev)
        return True

    def _forked_past(self, stream: str, s: _Stream, last: _Ref, first: _Ref) -> None:
        tip, forked = s.head_ref, (first.version or 1) - 1
        if tip is not None and not tip.flagged:
            tip.flagged = True
            self._add(stream, tip, _named(
                "AUDIT-LINK", "inserted", stream, tip,
                f"not in the chain: event {first.event_id} links to version {forked} before it",
                f"không thuộc chuỗi: sự kiện {first.event_id} nối vào phiên bản {forked}"))
        s.head, s.version, s.head_ref = last.hash, last.version or 0, last

    def _branch(self, stream: str, first: _Ref) -> None:
        self._add(stream, first, _named(
            "AUDIT-LINK", "inserted", stream, first,
            f"not in the chain: chained onto an earlier event at version {first.version}, never rejoins it",
            "không thuộc chuỗi: nối vào một sự kiện trước đó nhưng không nối lại chuỗi"))

    def finish(self) -> list[Finding]:
        """The findings, once every record is in; AUDIT-SEAL against the sealed heads."""
        for stream in self._sealed.keys() - self._streams.keys():  # sealed, then never seen
            self._streams[stream] = _Stream()
        for stream, s in self._streams.items():
            if s.replay is not None:
                self._branch(stream, s.replay[1])
            for prev, ref in ((p, r) for p, refs in s.awaited.items() for r in refs):
                missing = (ref.version or 1) - 1
                self._add(stream, ref, Finding(
                    "AUDIT-LINK", "removed", stream, missing, ref.event_id, ref.where,
                    f"the event before it (version {missing}, hash {prev.hex()}) is missing: removed",
                    f"sự kiện trước nó (phiên bản {missing}) đã bị xoá"))
            for k, linking, earlier in s.skipped:
                if not k.flagged and s.unlinked.get(k.hash) is k:
                    k.flagged = True
                    self._add(stream, k, _named(
                        "AUDIT-LINK", "inserted", stream, k,
                        f"not in the chain: event {linking.event_id} links to {earlier.event_id} before it",
                        f"không thuộc chuỗi: sự kiện {linking.event_id} nối vào {earlier.event_id}"))
            if stream in self._sealed:
                self._seal(stream, s)
        return [f for *_, f in sorted(self._found, key=lambda x: x[:3])]

    def _seal(self, stream: str, s: _Stream) -> None:
        version, sealed_hash, number = self._sealed[stream]
        at = s.at_seal
        if at is None:
            self._found.append((stream, s.count, len(self._found), Finding(
                "AUDIT-SEAL", "missing", stream, version, None, self._where,
                f"seal {number} holds version {version} (hash {sealed_hash.hex()}): missing",
                f"niêm phong {number} có phiên bản {version}: không còn")))
        elif at.hash != sealed_hash:
            self._found.append((stream, s.count, len(self._found), _named(
                "AUDIT-SEAL", "altered", stream, at,
                f"not the event seal {number} holds (hash {sealed_hash.hex()}): altered or replaced",
                f"không phải sự kiện niêm phong {number} ghi nhận: đã bị sửa hoặc thay")))

    def _add(self, stream: str, ref: _Ref, finding: Finding) -> None:
        self._found.append((stream, ref.index, len(self._found), finding))


def _named(rule: str, kind: str, stream: str, ref: _Ref, en: str, vi: str) -> Finding:
    return Finding(rule, kind, stream, ref.version, ref.event_id, ref.where, en, vi)
