"""Seal key rotation (thidua_kernel.seal_format): a new signing key, the old public keys kept in
`<name>.pub.pem`; seals by either verify against the published keys, each with the key it names."""
import stat

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from thidua_kernel.seal_format import (Seal, SealKeyFile, canonical, check_seals, key_id, load_public_keys,
                                       load_signing_key, new_key_file, rotate_key_file, seal_digest)


def sealed_by(keys: list[Ed25519PrivateKey], named: list[str] | None = None) -> list[Seal]:
    """Seal n signed by keys[n-1], naming `named[n-1]` as its key id (its signer's by default)."""
    made, previous = [], None
    for n, key in enumerate(keys, start=1):
        signer = named[n - 1] if named else key_id(key.public_key())
        body = canonical({"seal_number": n, "previous_seal": previous, "key_id": signer,
                          "heads": [["counter:a", n, "ab" * 32]]})
        signature = key.sign(body)
        made.append(Seal(body, signature, f"seal {n}"))
        previous = seal_digest(body, signature)
    return made


def test_a_rotated_key_keeps_the_old_public_keys_and_seals_of_both_verify(tmp_path):
    key_file = tmp_path / "seals" / "progress.pem"
    new_key_file(key_file)
    old = load_signing_key(key_file)
    first = rotate_key_file(key_file)
    new = load_signing_key(key_file)
    assert first == key_id(new.public_key()) != key_id(old.public_key())
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and not list(tmp_path.glob("seals/*.new"))
    published = load_public_keys(key_file.with_suffix(".pub.pem"))
    assert list(published) == [key_id(old.public_key()), first]  # oldest first

    seals = sealed_by([old, old, new])
    sealed, findings = check_seals(seals, published)
    assert findings == [] and sealed.count == 3 and sealed.heads["counter:a"][0] == 3

    only_new = load_public_keys(key_file)  # the private key file: its own public half alone
    _, findings = check_seals(seals, only_new)
    assert [(f.rule, f.where) for f in findings] == [("AUDIT-SEAL-SIGNATURE", "seal 1")]
    assert f"names key {key_id(old.public_key())}" in findings[0].message_en

    rotate_key_file(key_file)  # twice: three keys published
    assert len(load_public_keys(key_file.with_suffix(".pub.pem"))) == 3


def test_a_seal_naming_one_published_key_but_signed_by_another_is_named():
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    published = {key_id(k.public_key()): k.public_key() for k in (old, new)}
    seals = sealed_by([old, new], named=[key_id(old.public_key()), key_id(old.public_key())])
    sealed, findings = check_seals(seals, published)
    assert [(f.rule, f.where) for f in findings] == [("AUDIT-SEAL-SIGNATURE", "seal 2")]
    assert "signature does not verify" in findings[0].message_en and sealed.heads["counter:a"][0] == 1


def test_a_missing_public_file_is_written_on_rotation_with_the_current_key(tmp_path):
    key_file = tmp_path / "awards.pem"
    new_key_file(key_file)
    old = load_signing_key(key_file)
    key_file.with_suffix(".pub.pem").unlink()
    rotate_key_file(key_file)
    assert key_id(old.public_key()) in load_public_keys(key_file.with_suffix(".pub.pem"))


def test_a_running_service_signs_with_the_rotated_key_from_its_next_seal(tmp_path):
    path = tmp_path / "registry.pem"
    new_key_file(path)
    source = SealKeyFile(path)
    before = source.current()
    assert source.current() is before  # not parsed again while the file is the same
    rotated = rotate_key_file(path)
    after = source.current()
    assert key_id(after.public_key()) == rotated != key_id(before.public_key())
    assert source.current() is after
