"""Signing keys for access tokens: Ed25519 (JWS alg EdDSA), one PEM file per key id in a folder.

The folder (THIDUA_SIGNING_KEYS_DIR) holds `<kid>.pem` files, each readable by its owner alone
(0600; a key file anyone else may read is refused). Key ids sort by creation time, so the last
one signs; every key in the folder is published in the JWKS, so a token signed with the previous
key stays valid until that key's file is removed. Rotation, by an operator or a cron job:

    python -m thidua_kernel.jwt_keys rotate DIR       # a new key signs from now on
    python -m thidua_kernel.jwt_keys retire DIR KID   # its tokens are refused once caches refresh
    python -m thidua_kernel.jwt_keys list DIR
"""
import base64
import os
import secrets
import stat
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk(kid: str, key: Ed25519PrivateKey) -> dict[str, str]:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw), "kid": kid, "alg": "EdDSA", "use": "sig"}


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, Ed25519PrivateKey]  # in key id order: the last one signs

    @classmethod
    def load(cls, folder: Path) -> "KeyRing":
        keys = {}
        for path in sorted(folder.glob("*.pem")):
            if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise PermissionError(f"signing key {path} is readable by others: chmod 600 it")
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"signing key {path} is not an Ed25519 key")
            keys[path.stem] = key
        if not keys:
            raise FileNotFoundError(f"no signing key (*.pem) in {folder}: python -m thidua_kernel.jwt_keys rotate {folder}")
        return cls(keys)

    @property
    def current(self) -> tuple[str, Ed25519PrivateKey]:
        kid = next(reversed(self.keys))
        return kid, self.keys[kid]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [public_jwk(kid, key) for kid, key in self.keys.items()]}


def rotate(folder: Path, now: datetime) -> str:
    """A new signing key (0600) in `folder`; it signs from now on. Answers its key id."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    kid = f"{now.astimezone(timezone.utc):%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(3)}"
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(folder / f"{kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return kid


def ensure(folder: Path, now: datetime) -> None:
    """At least one key in `folder` (the local stack's first start)."""
    if not any(folder.glob("*.pem")):
        rotate(folder, now)


def retire(folder: Path, kid: str) -> None:
    (folder / f"{kid}.pem").unlink()


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("rotate", "retire", "list") or (argv[0] == "retire" and len(argv) < 3):
        print(__doc__)
        return 2
    folder = Path(argv[1])
    if argv[0] == "rotate":
        print(rotate(folder, datetime.now(timezone.utc)))
    elif argv[0] == "retire":
        retire(folder, argv[2])
    else:
        print("\n".join(KeyRing.load(folder).keys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
