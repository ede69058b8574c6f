"""The sealing of personal data (issue 11): a token opens only under its person's key and owner,
carries no plaintext, and reads as erased once the key is destroyed."""
import asyncio
import base64

import pytest

from thidua_kernel.sealing import (
    ERASED, InvalidTag, MalformedToken, MemoryKeyStore, PersonalData, key_id_of, new_key, seal, unseal, unseal_many,
)

PERSON = PersonalData("Hoàng Thị Lụa", "Thôn Nà Làng, xã Chi Lăng, huyện Tràng Định")


def run(coro):
    return asyncio.run(coro)


def test_a_token_opens_under_its_key_and_owner_and_holds_no_plaintext():
    key = new_key()
    token = seal("k1", key, "HO-1", PERSON)
    assert token.startswith("pd1.k1.") and key_id_of(token) == "k1"
    sealed = base64.urlsafe_b64decode(token.rsplit(".", 1)[1] + "==")
    assert token.isascii() and PERSON.name.encode() not in sealed and b"Chi L" not in sealed
    assert unseal(token, key, "HO-1") == PERSON


def test_two_seals_of_the_same_data_differ_so_equal_names_cannot_be_matched():
    key = new_key()
    assert seal("k1", key, "HO-1", PERSON) != seal("k1", key, "HO-1", PERSON)


def test_another_key_another_owner_or_a_flipped_byte_does_not_open():
    key = new_key()
    token = seal("k1", key, "HO-1", PERSON)
    with pytest.raises(InvalidTag):
        unseal(token, new_key(), "HO-1")
    with pytest.raises(InvalidTag):
        unseal(token, key, "HO-2")  # a token copied onto another participant's event
    head, body = token.rsplit(".", 1)
    flipped = head + "." + ("A" if body[0] != "A" else "B") + body[1:]
    with pytest.raises(InvalidTag):
        unseal(flipped, key, "HO-1")


@pytest.mark.parametrize("text", ["Nguyễn Văn A", "pd2.k.n.c", "pd1..n.c", "pd1.k.n"])
def test_a_string_that_is_not_a_token_is_refused(text):
    with pytest.raises(MalformedToken):
        key_id_of(text)


def test_a_person_keeps_one_key_and_erasure_destroys_it_once():
    store = MemoryKeyStore()
    first = run(store.key_of("HO-1"))
    assert run(store.key_of("HO-1")) == first and run(store.key_of("HO-2"))[0] != first[0]
    assert run(store.destroy("HO-1")) is True
    assert run(store.destroy("HO-1")) is False  # idempotent
    assert run(store.key_of("HO-1")) == (first[0], None)  # never made again
    assert run(store.destroy("nobody")) is False  # a keyless person (recorded in clear) gets a tombstone
    assert run(store.destroyed(["HO-1", "HO-2", "nobody", "unknown"])) == {"HO-1", "nobody"}


def test_unseal_many_opens_the_live_and_reads_the_destroyed_as_erased():
    store = MemoryKeyStore()
    tokens = {}
    for code in ("HO-1", "BP-1"):
        key_id, key = run(store.key_of(code))
        tokens[code] = seal(key_id, key, code, PersonalData(f"Người {code}", None))
    run(store.destroy("HO-1"))
    opened = run(unseal_many(store, tokens))
    assert opened["HO-1"] is ERASED and opened["HO-1"].data is None
    assert opened["BP-1"].data == PersonalData("Người BP-1", None) and not opened["BP-1"].erased
    assert run(unseal_many(store, {})) == {}
