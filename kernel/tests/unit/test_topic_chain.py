"""The streaming chain check of a topic (thidua_kernel.topic_chain): the same findings as
chain.check_stream on a whole stream, records fed one at a time and streams interleaved, with
nothing kept of a sound stream but its head."""
import orjson
import pytest

from thidua_kernel.chain import GENESIS, ChainRow, check_sealed, check_stream, link
from thidua_kernel.topic_chain import TopicChains


def body(stream: str, version: int, n: int | None = None) -> bytes:
    return orjson.dumps({"event_id": f"{stream}{version}", "aggregate_type": "counter", "aggregate_id": stream,
                         "aggregate_version": version, "payload": {"n": version if n is None else n}})


def chained(stream: str, count: int) -> list[ChainRow]:
    rows, prev = [], GENESIS
    for v in range(1, count + 1):
        b = body(stream, v)
        rows.append(ChainRow.parse(f"{stream} offset {v - 1}", b, prev, link(prev, b)))
        prev = link(prev, b)
    return rows


def streamed(rows: list[ChainRow], sealed: dict | None = None) -> tuple[TopicChains, list[tuple]]:
    chains = TopicChains(sealed or {}, "topic")
    for row in rows:
        chains.record(row)
    return chains, [(f.rule, f.kind, f.event_id, f.version, f.where) for f in chains.finish()]


def whole(rows: list[ChainRow]) -> list[tuple]:
    return [(f.rule, f.kind, f.event_id, f.version, f.where) for f in check_stream(rows)[0]]


def altered(rows):
    r = rows[2]
    rows[2] = ChainRow.parse(r.where, body("a", 3, n=99), r.prev_hash, r.hash)


def removed(rows):
    del rows[1]


def inserted(rows):
    forged = body("a", 3, n=7)
    rows.insert(2, ChainRow.parse("forged", forged, rows[1].hash, link(rows[1].hash, forged)))


def swapped(rows):
    rows[1], rows[2] = rows[2], rows[1]


@pytest.mark.parametrize("tamper", [altered, removed, inserted, swapped])
def test_each_break_is_named_as_the_whole_stream_check_names_it(tamper):
    rows = chained("a", 5)
    tamper(rows)
    assert streamed(rows)[1] == whole(rows) != []


def test_interleaved_streams_are_each_checked_in_their_own_order_and_a_sound_one_keeps_only_its_head():
    a, b = chained("a", 4), chained("b", 3)
    del a[2]
    chains, found = streamed([a[0], b[0], a[1], b[1], a[2], b[2]])
    assert found == [("AUDIT-LINK", "removed", "a4", 3, "a offset 3")]
    assert (chains.events, chains.streams) == (6, 2)
    state = chains._streams["counter:b"]
    assert list(state.unlinked) == [b[2].hash] and not state.awaited and not state.skipped


def test_a_run_published_twice_is_no_fault_and_a_branch_that_never_rejoins_is_named():
    rows = chained("a", 4)
    assert streamed(rows[:3] + rows[1:3] + rows[3:])[1] == []  # the relay's at-least-once copy
    assert streamed(rows + rows[3:])[1] == []
    forged = body("a", 2, n=7)
    branch = ChainRow.parse("forged", forged, rows[0].hash, link(rows[0].hash, forged))
    assert streamed(rows + [branch])[1] == [
        ("AUDIT-LINK", "inserted", "a2", 2, "forged")]
    rows = chained("a", 5)
    fork = [ChainRow.parse("forged 3", body("a", 3, n=7), rows[1].hash, link(rows[1].hash, body("a", 3, n=7)))]
    fork.append(ChainRow.parse("forged 4", body("a", 4, n=7), fork[0].hash, link(fork[0].hash, body("a", 4, n=7))))
    # two forged events after version 2, then the chain going on past them: the tip it leaves is named
    assert [f[:2] + f[3:] for f in streamed(rows[:2] + fork + rows[2:])[1]] == [
        ("AUDIT-LINK", "inserted", 4, "forged 4")]


def test_the_sealed_version_is_checked_against_the_seal():
    rows = chained("a", 3)
    _, found = streamed(rows, {"a-gone:x": (1, b"x", 1), "counter:a": (2, rows[1].hash, 1)})
    assert found == [("AUDIT-SEAL", "missing", None, 1, "topic")]
    _, found = streamed(rows, {"counter:a": (2, b"other", 4)})
    expected = check_sealed("counter:a", rows, [r.hash for r in rows], 2, b"other", 4, "topic")
    assert found == [(f.rule, f.kind, f.event_id, f.version, f.where) for f in expected]


def test_every_single_move_removal_and_copy_of_a_stream_is_named_as_the_whole_stream_check_names_it():
    """Exhaustive on 6 events. The one difference: an event moved before version 1, where the
    whole-stream check may also name version 1 as following a "removed" version 0 (none was)."""
    for i in range(6):
        for k in range(6):
            rows = chained("a", 6)
            rows.insert(k, rows.pop(i))
            spurious = {f for f in whole(rows) if f[1] == "removed" and f[3] == 0}
            assert set(streamed(rows)[1]) - spurious == set(whole(rows)) - spurious, (i, k)
        rows = chained("a", 6)
        del rows[i]
        assert streamed(rows)[1] == whole(rows) and (whole(rows) or i == 5), i  # the newest: the seal's to see
        for j in range(i + 1, 7):  # versions i+1..j published again after j: the relay's copy
            rows = chained("a", 6)
            assert streamed(rows[:j] + rows[i:j] + rows[j:])[1] == [], (i, j)
