"""Personal data sealed with a key per person (crypto-shredding, issue 11).

An individual's name and address (U3 kinds household, official, business person) are recorded
in events only as a *sealed token*: AES-256-GCM over their JSON, under a key that belongs to
that person alone and lives in a key store (`personal_keys`, standing in for a KMS), never on
Kafka. Erasure destroys the key: the events keep their bytes (and so their hashes), and every
reader, on any rebuild, finds the token unreadable.

Token (a versioned string, so a later algorithm is a new prefix, not a guess):
    "pd1.<key_id>.<nonce, base64url>.<ciphertext+tag, base64url>"
The participant's code is the associated data: a token copied onto another participant's event
does not open there.
"""
import base64
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "pd1"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # GCM's standard nonce; a fresh random one per seal


class MalformedToken(ValueError):
    """A string that is not a sealed token of a known version."""


@dataclass(frozen=True)
class PersonalData:
    """What a token holds."""

    name: str | None
    address: str | None


@dataclass(frozen=True)
class Unsealed:
    """A token read with the key store: the data, or `erased` when its key was destroyed."""

    data: PersonalData | None
    erased: bool


ERASED = Unsealed(None, True)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def new_key_id() -> str:
    """Random, so a key id says nothing about its owner (participant codes may hold dots, too)."""
    return uuid.uuid4().hex


def seal(key_id: str, key: bytes, owner_code: str, data: PersonalData) -> str:
    """`data` sealed under the person's key, bound to `owner_code` (their participant code)."""
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps({"name": data.name, "address": data.address}, ensure_ascii=False).encode("utf-8")
    sealed = AESGCM(key).encrypt(nonce, plain, owner_code.encode("utf-8"))
    return ".".join((PREFIX, key_id, _b64(nonce), _b64(sealed)))


def key_id_of(token: str) -> str:
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != PREFIX or not parts[1]:
        raise MalformedToken(f"not a {PREFIX} sealed token")
    return parts[1]


def unseal(token: str, key: bytes, owner_code: str) -> PersonalData:
    """The data of `token`; InvalidTag if the key, the owner or a byte is not the sealed one's."""
    _, _, nonce, sealed = token.split(".")
    plain = json.loads(AESGCM(key).decrypt(_unb64(nonce), _unb64(sealed), owner_code.encode("utf-8")))
    return PersonalData(plain["name"], plain["address"])


class KeyStore(Protocol):
    """Where the keys live: one per person, created once, destroyed on erasure, never recreated."""

    async def key_of(self, owner_code: str) -> tuple[str, bytes | None]:
        """(key id, key) of the owner, created on first use; the key is None once destroyed."""

    async def keys(self, key_ids: Iterable[str]) -> Mapping[str, bytes | None]:
        """The live keys among `key_ids` (one round trip); a destroyed or unknown id maps to None."""

    async def destroy(self, owner_code: str) -> bool:
        """Destroy the owner's key, leaving a tombstone even for an owner who never had one (a
        person recorded in clear before sealing); False if there was no live key (idempotent)."""

    async def destroyed(self, owner_codes: Iterable[str]) -> set[str]:
        """The owners among `owner_codes` erased (key destroyed, or tombstone alone)."""


async def unseal_many(store: KeyStore, owned: Mapping[str, str]) -> dict[str, Unsealed]:
    """{owner code: token} → {owner code: Unsealed}, with one key look-up for all of them.

    A token whose key is gone reads as erased; one that does not open under its key (a token
    moved to another owner, a flipped byte) raises: that is corruption, not erasure."""
    ids = {code: key_id_of(token) for code, token in owned.items()}
    found = await store.keys(set(ids.values()))
    answer: dict[str, Unsealed] = {}
    for code, token in owned.items():
        key = found.get(ids[code])
        answer[code] = ERASED if key is None else Unsealed(unseal(token, key, code), False)
    return answer


class MemoryKeyStore:
    """The key store in memory, for unit tests: the same contract as the PostgreSQL one."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._keys: dict[str, bytes | None] = {}

    async def key_of(self, owner_code: str) -> tuple[str, bytes | None]:
        if owner_code not in self._ids:
            self._ids[owner_code] = new_key_id()
            self._keys[self._ids[owner_code]] = new_key()
        key_id = self._ids[owner_code]
        return key_id, self._keys[key_id]

    async def keys(self, key_ids: Iterable[str]) -> dict[str, bytes | None]:
        return {k: self._keys.get(k) for k in key_ids}

    async def destroy(self, owner_code: str) -> bool:
        key_id = self._ids.setdefault(owner_code, new_key_id())
        alive = self._keys.get(key_id) is not None
        self._keys[key_id] = None
        return alive

    async def destroyed(self, owner_codes: Iterable[str]) -> set[str]:
        return {c for c in owner_codes if c in self._ids and self._keys[self._ids[c]] is None}


__all__ = ["ERASED", "InvalidTag", "KeyStore", "MalformedToken", "MemoryKeyStore", "PersonalData", "Unsealed",
           "key_id_of", "new_key", "new_key_id", "seal", "unseal", "unseal_many"]
