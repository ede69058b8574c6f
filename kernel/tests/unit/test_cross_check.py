"""The pure half of the cross-check (thidua_kernel.cross_check.CrossIndex): the table's hashes
against records built in memory."""
import uuid

import orjson

from thidua_kernel.chain import GENESIS, ChainRow, link
from thidua_kernel.cross_check import CrossIndex, from_hex
from thidua_kernel.topic_chain import TopicChains

IDS = [uuid.UUID(int=n) for n in range(1, 4)]


def record(version: int) -> bytes:
    return orjson.dumps({"event_id": str(IDS[version - 1]), "aggregate_type": "counter", "aggregate_id": "a",
                         "aggregate_version": version, "payload": {"n": version}})


def table() -> dict[bytes, bytes]:
    hashes, prev = {}, GENESIS
    for version in (1, 2, 3):
        prev = hashes[IDS[version - 1].bytes] = link(prev, record(version))
    return hashes


def headers(hashes: dict[bytes, bytes], version: int) -> dict[str, bytes]:
    prev = hashes[IDS[version - 2].bytes] if version > 1 else GENESIS
    return {"prev_hash": prev.hex().encode(), "hash": hashes[IDS[version - 1].bytes].hex().encode()}


class Topic:
    """Records through the topic pass's chain check (verify_topic), which hands each to the index."""

    def __init__(self, index: CrossIndex) -> None:
        self.index, self.chains = index, TopicChains({}, "topic")

    def record(self, where: str, value: bytes, hdrs: dict[str, bytes]) -> None:
        row = ChainRow.parse(where, value, from_hex(hdrs.get("prev_hash")), from_hex(hdrs.get("hash")))
        self.index.match(row, self.chains.record(row))


def test_records_with_headers_published_twice_match_the_table():
    hashes = table()
    index = CrossIndex(dict(hashes), set())
    topic = Topic(index)
    for version in (1, 2, 2, 3):  # the relay is at-least-once: a copy is no fault
        topic.record(f"offset {version}", record(version), headers(hashes, version))
    assert (index.records, index.unmatched, index.differing, index.missing_on_topic()) == (4, [], [], [])


def test_records_without_headers_are_chained_on_the_topic_and_still_match():
    index = CrossIndex(table(), set())
    topic = Topic(index)
    for version in (1, 2, 3):
        topic.record(f"offset {version}", record(version), {})
    assert (index.unmatched, index.differing, index.missing_on_topic()) == ([], [], [])


def test_an_altered_record_differs_and_an_unpublished_event_is_not_owed_to_the_topic():
    hashes = table()
    index = CrossIndex(dict(hashes), {IDS[2].bytes})  # version 3 still in the outbox
    topic = Topic(index)
    topic.record("offset 0", record(1), headers(hashes, 1))
    topic.record("offset 1", record(2).replace(b'"n":2', b'"n":22'), headers(hashes, 2))
    assert [(e.event_id, e.version, e.where) for e in index.differing] == [(str(IDS[1]), 2, "offset 1")]
    assert index.missing_on_topic() == []


def test_a_published_event_without_its_record_is_missing_and_a_foreign_record_unmatched():
    hashes = table()
    index = CrossIndex(dict(hashes), set())
    topic = Topic(index)
    topic.record("offset 0", record(1), headers(hashes, 1))
    forged = record(2).replace(str(IDS[1]).encode(), b"not-a-uuid")
    topic.record("offset 1", forged, {})
    assert index.missing_on_topic() == [IDS[1].bytes, IDS[2].bytes]
    assert [(e.key, e.event_id, e.where) for e in index.unmatched] == [(None, "not-a-uuid", "offset 1")]
