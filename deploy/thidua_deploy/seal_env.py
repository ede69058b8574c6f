"""Seal settings of a stack's services: each signs its seals with a key of its own (Ed25519,
generated on a first start, 0600, in the run dir's `keys/seals/`; the public halves beside it,
`<service>.pub.pem`, every key published (`thidua seal-key rotate` adds one), are what an
auditor's `python -m thidua_kernel.verify --public-key` takes)."""
from pathlib import Path

from thidua_kernel.seal_format import new_key_file


def seal_env(name: str, keys_dir: Path) -> dict[str, str]:
    key_file = keys_dir / "seals" / f"{name}.pem"
    if not key_file.exists():
        new_key_file(key_file)
    return {"THIDUA_SEAL_KEY_FILE": str(key_file)}
