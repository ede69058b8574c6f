"""The pure hash chain and seal checks (thidua_kernel.chain, seal_format), on rows built in memory."""
import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from thidua_kernel.chain import GENESIS, ChainRow, check_sealed, check_stream, link
from thidua_kernel.seal_format import Seal, canonical, check_seals, seal_digest

KEY = Ed25519PrivateKey.generate()


def body(version: int, n: int | None = None) -> bytes:
    return orjson.dumps({"event_id": f"e{version}", "aggregate_type": "counter", "aggregate_id": "a",
                         "aggregate_version": version, "payload": {"n": version if n is None else n}})


def chained(count: int) -> list[ChainRow]:
    rows, prev = [], GENESIS
    for v in range(1, count + 1):
        b = body(v)
        rows.append(ChainRow.parse(f"row {v}", b, prev, link(prev, b), stored_version=v))
        prev = link(prev, b)
    return rows


def named(rows: list[ChainRow]) -> set[tuple[str, str, str | None, int | None]]:
    return {(f.rule, f.kind, f.event_id, f.version) for f in check_stream(rows)[0]}


def test_a_whole_chain_has_no_finding_and_its_heads_are_the_stored_hashes():
    rows = chained(4)
    findings, heads = check_stream(rows)
    assert findings == [] and heads == [r.hash for r in rows]
    assert rows[0].stream == "counter:a" and rows[0].event_id == "e1" and rows[0].version == 1


def test_an_altered_body_is_named_by_its_own_event():
    rows = chained(4)
    rows[2] = ChainRow.parse("row 3", body(3, n=99), rows[2].prev_hash, rows[2].hash, stored_version=3)
    assert named(rows) == {("AUDIT-CHAIN", "altered", "e3", 3)}


def test_a_removed_event_is_named_by_its_version_from_the_event_after_it():
    rows = chained(4)
    del rows[1]
    assert named(rows) == {("AUDIT-LINK", "removed", "e3", 2)}


def test_an_event_inserted_with_a_correct_link_is_named_as_inserted():
    rows = chained(4)
    forged = ChainRow.parse("forged", body(3, n=7), rows[1].hash, link(rows[1].hash, body(3, n=7)), stored_version=3)
    rows.insert(2, forged)
    assert ("AUDIT-LINK", "inserted", "e3", 3) in named(rows)
    assert [f.where for f in check_stream(rows)[0] if f.kind == "inserted"] == ["forged"]


def test_two_events_swapped_name_the_one_stored_before_its_predecessor():
    rows = chained(4)
    rows[1], rows[2] = rows[2], rows[1]
    assert named(rows) == {("AUDIT-LINK", "reordered", "e3", 3)}


def test_a_renumbered_version_column_is_a_field_finding():
    rows = chained(2)
    rows[1] = ChainRow.parse("row 2", rows[1].body, rows[1].prev_hash, rows[1].hash, stored_version=5)
    assert named(rows) == {("AUDIT-FIELD", "version", "e2", 5)}


def test_records_without_stored_hashes_are_chained_by_the_verifier_and_checked_by_the_seal():
    rows = [ChainRow.parse(f"offset {v}", body(v), None, None) for v in (1, 2, 3)]
    findings, heads = check_stream(rows)
    assert findings == [] and heads[-1] == chained(3)[-1].hash
    altered = rows[:2] + [ChainRow.parse("offset 3", body(3, n=0), None, None)]
    findings, heads = check_stream(altered)
    assert findings == []  # nothing stored to compare with: only the seal can tell
    sealed = check_sealed("counter:a", altered, heads, 3, chained(3)[-1].hash, 1, "topic")
    assert [(f.rule, f.kind, f.event_id, f.where) for f in sealed] == [("AUDIT-SEAL", "altered", "e3", "offset 3")]
    missing = check_sealed("counter:a", altered[:2], heads[:2], 3, chained(3)[-1].hash, 1, "topic")
    assert [(f.rule, f.kind, f.version) for f in missing] == [("AUDIT-SEAL", "missing", 3)]


def seals(count: int, key: Ed25519PrivateKey = KEY) -> list[Seal]:
    made, previous = [], None
    for n in range(1, count + 1):
        b = canonical({"seal_number": n, "previous_seal": previous, "heads": [["counter:a", n, "ab" * 32]]})
        signature = key.sign(b)
        made.append(Seal(b, signature, f"seal {n}"))
        previous = seal_digest(b, signature)
    return made


def test_seals_give_the_last_sealed_head_of_each_stream():
    sealed, findings = check_seals(seals(3), KEY.public_key())
    assert findings == [] and sealed.heads == {"counter:a": (3, bytes.fromhex("ab" * 32), 3)} and sealed.count == 3


def test_a_seal_altered_removed_reordered_or_signed_by_another_key_is_named():
    public = KEY.public_key()
    made = seals(3)
    altered = [made[0], Seal(made[1].body.replace(b'"counter:a",2', b'"counter:a",9'), made[1].signature, "seal 2")]
    cases = {
        "altered": (altered, "signature"), "removed": ([made[0], made[2]], "seal number 3 where 2"),
        "reordered": ([made[1], made[0]], "seal number 2 where 1"),
        "other key": (seals(1, Ed25519PrivateKey.generate()), "signature"),
        "not JSON": ([Seal(b"\xff not a seal", b"", "offset 0")], "signature"),
    }
    for case, (given, message) in cases.items():
        sealed, findings = check_seals(given, public)
        assert [f.rule for f in findings] == ["AUDIT-SEAL-SIGNATURE"], case
        assert message in findings[0].message_en, (case, findings[0].message_en)
    sealed, _ = check_seals(altered, public)
    assert sealed.heads["counter:a"][0] == 1  # heads after a broken seal are not trusted
