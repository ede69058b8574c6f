"""Seals: the heads of streams, signed with Ed25519, each naming the one before it (pure).

Why Ed25519 and not an HMAC: an auditor verifies with the public key alone and so cannot forge a
seal; the `cryptography` package is already here (the access tokens use it). The key is one PEM
file per service (THIDUA_SEAL_KEY_FILE, 0600; `python -m thidua_kernel.seal_format new FILE`).

Rotation (`python -m thidua_kernel.seal_format rotate FILE`, `thidua seal-key rotate`): a new
signing key replaces FILE, and its public half is added to `<name>.pub.pem`, which keeps every
public key the service has published; a seal names its signer's `key_id`, and verify checks it
with that key among the published ones (a seal naming a key not published fails). A running
service signs with the new key from its next seal (SealKeyFile).

A seal's body is canonical JSON (sorted keys, no spaces, UTF-8): {service, seal_number,
previous_seal (SHA-256 hex of the previous seal's body and signature, null for the first),
to_position, sealed_at, key_id, heads: [[stream_id, version, hash hex], ...]}. Numbers run from
1 without gaps, so a seal removed, altered or put out of order breaks the seals' own chain.
"""
import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .chain import Finding


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PermissionError(f"seal key {path} is readable by others: chmod 600 it")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"seal key {path} is not an Ed25519 key")
    return key


PublicKeys = dict[str, Ed25519PublicKey]  # key id -> key, oldest first


def load_public_keys(path: Path) -> PublicKeys:
    """The public keys a service has published (what an auditor holds: `<name>.pub.pem`, one PEM
    block per key, oldest first), or the private key file itself (its own public half only)."""
    pem = path.read_bytes()
    if b"PRIVATE KEY" in pem:
        public = load_signing_key(path).public_key()
        return {key_id(public): public}
    keys: PublicKeys = {}
    for block in pem.split(b"-----END PUBLIC KEY-----")[:-1]:
        key = serialization.load_pem_public_key(block + b"-----END PUBLIC KEY-----\n")
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError(f"{path} holds a key that is not an Ed25519 public key")
        keys[key_id(key)] = key
    if not keys:
        raise ValueError(f"{path} holds no public key")
    return keys


def _public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _write_private(path: Path, key: Ed25519PrivateKey, mode: int) -> None:
    """`key` into `path`, created 0600 (O_EXCL: never over an existing key; O_TRUNC: a temporary)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | mode, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(_private_pem(key))


def new_key_file(path: Path) -> None:
    """A new signing key (0600) and its public half beside it (`<name>.pub.pem`), for auditors."""
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write_private(path, key, os.O_EXCL)
    path.with_suffix(".pub.pem").write_bytes(_public_pem(key))


def rotate_key_file(path: Path) -> str:
    """A new signing key in place of `path`'s (0600, swapped in by a rename: never half written);
    its public half added to `<name>.pub.pem`, the old ones kept. The new key id."""
    old = load_signing_key(path)
    published = path.with_suffix(".pub.pem")
    kept = published.read_bytes() if published.exists() else b""
    if key_id(old.public_key()) not in (load_public_keys(published) if kept else {}):
        kept += _public_pem(old)  # a .pub.pem missing (or without the current key) gets it
    key = Ed25519PrivateKey.generate()
    fresh = path.with_name(path.name + ".new")
    _write_private(fresh, key, os.O_TRUNC)
    published.write_bytes(kept + _public_pem(key))  # first: a seal by the new key is always verifiable
    os.replace(fresh, path)
    return key_id(key.public_key())


class SealKeyFile:
    """A service's signing key, read again whenever its file is replaced: `thidua seal-key rotate`
    renames a new key in (never half written), so a rotation takes effect at the next seal with
    no restart. One stat per seal; the key is parsed only when the file changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int, int] | None = None
        self._key: Ed25519PrivateKey | None = None

    def current(self) -> Ed25519PrivateKey:
        st = self.path.stat()
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self._stamp or self._key is None:
            self._key, self._stamp = load_signing_key(self.path), stamp
        return self._key


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal_digest(body: bytes, signature: bytes) -> str:
    return hashlib.sha256(body + signature).hexdigest()


@dataclass(frozen=True)
class Seal:
    body: bytes
    signature: bytes
    where: str

    @property
    def content(self) -> dict[str, Any]:
        """The body's fields; {} for bytes that are not a JSON object (its signature fails first)."""
        try:
            content = json.loads(self.body)
        except ValueError:
            return {}
        return content if isinstance(content, dict) else {}


@dataclass
class SealedHeads:
    """What the valid seals hold: per stream the last sealed (version, hash, seal number)."""

    heads: dict[str, tuple[int, bytes, int]]
    count: int
    last: dict[str, Any] | None


def check_seals(seals: list[Seal], public: Ed25519PublicKey | PublicKeys) -> tuple[SealedHeads, list[Finding]]:
    """AUDIT-SEAL-SIGNATURE: each seal signed by the published key it names, numbered 1, 2, ...
    and naming the one before it. Heads are taken from seals up to the first broken one (later
    ones cannot be trusted)."""
    public = public if isinstance(public, dict) else {key_id(public): public}
    findings: list[Finding] = []
    heads: dict[str, tuple[int, bytes, int]] = {}
    previous: str | None = None
    last = None
    for expected, seal in enumerate(seals, start=1):
        problem = _seal_problem(seal, public, expected, previous)
        if problem:
            findings.append(Finding("AUDIT-SEAL-SIGNATURE", "seal", "", None, None, seal.where, problem,
                                    "niêm phong không hợp lệ: " + problem))
            break
        last = seal.content
        for stream, version, hash_hex in last["heads"]:
            heads[stream] = (version, bytes.fromhex(hash_hex), expected)
        previous = seal_digest(seal.body, seal.signature)
    return SealedHeads(heads, len(seals), last), findings


def _seal_problem(seal: Seal, public: PublicKeys, expected: int, previous: str | None) -> str | None:
    content = seal.content
    signer = content.get("key_id")
    if signer is not None and (not isinstance(signer, str) or signer not in public):
        return f"it names key {signer}, which is not among the service's published seal keys"
    if not any(_signed(key, seal) for key in ([public[signer]] if signer is not None else public.values())):
        return "its signature does not verify with the seal key"
    if content.get("seal_number") != expected:
        return f"seal number {content.get('seal_number')} where {expected} was expected (a seal removed or reordered)"
    if content.get("previous_seal") != previous:
        return f"seal {expected} does not name the seal before it"
    return None


def _signed(key: Ed25519PublicKey, seal: Seal) -> bool:
    try:
        key.verify(seal.signature, seal.body)
    except InvalidSignature:
        return False
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("new", "rotate"):
        print("python -m thidua_kernel.seal_format new FILE     # writes FILE (0600) and FILE's .pub.pem\n"
              "python -m thidua_kernel.seal_format rotate FILE  # a new key in FILE, its public added to .pub.pem")
        return 2
    if argv[0] == "new":
        new_key_file(Path(argv[1]))
    else:
        print(f"new seal key {rotate_key_file(Path(argv[1]))}; the old public keys kept in"
              f" {Path(argv[1]).with_suffix('.pub.pem')}; the service signs with it from its next start")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
