"""Sign-in settings of a stack's services: the registry signs tokens, every service verifies them.

The registry keeps the signing keys (generated here on a first start, 0600, in the run dir's
`keys/`) and publishes them at /.well-known/jwks.json; the other services fetch that JWKS.
"""
from datetime import datetime, timezone
from pathlib import Path

from thidua_kernel.jwt_keys import ensure


def signin_env(name: str, registry_url: str, keys_dir: Path) -> dict[str, str]:
    env = {"THIDUA_JWT_ISSUER": registry_url, "THIDUA_JWT_AUDIENCE": "thidua"}
    if name == "registry":
        ensure(keys_dir, datetime.now(timezone.utc))
        return {**env, "THIDUA_SIGNING_KEYS_DIR": str(keys_dir)}
    return {**env, "THIDUA_JWKS_URL": f"{registry_url}/.well-known/jwks.json"}
