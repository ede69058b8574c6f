"""Accounts of a stack, through the real paths: the bootstrap command for the first administrator,
the API for the others, `POST /auth/token` to sign in. Passwords live in files (0600), one per
user, in a folder of the run dir; they are never printed."""
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from .secret_files import read_or_create_password


def password_file(folder: Path, username: str) -> Path:
    return folder / f"{username}.password"


def read_password(folder: Path, username: str) -> str:
    return password_file(folder, username).read_text(encoding="utf-8").strip()


def new_password(folder: Path, username: str) -> str:
    """The user's password file's, or a new random one written there (0600)."""
    return read_or_create_password(password_file(folder, username))


def create_admin(env: dict[str, str], username: str, folder: Path, scope: str = "20") -> bool:
    """The bootstrap command; False when accounts existed already (its password file stays as it was)."""
    done = subprocess.run(
        [sys.executable, "-m", "registry.accounts_cli", "create-admin", "--username", username, "--scope", scope,
         "--password-file", str(password_file(folder, username))],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode not in (0, 1) or (done.returncode == 1 and "accounts exist already" not in done.stderr):
        raise RuntimeError(f"create-admin failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.returncode == 0


def sign_in(registry_url: str, username: str, password: str) -> dict[str, Any]:
    """The token answer of `POST /auth/token` (OAuth2 password grant, form-encoded)."""
    answer = httpx.post(f"{registry_url}/auth/token", timeout=30, trust_env=False,
                        data={"grant_type": "password", "username": username, "password": password})
    if answer.status_code != 200:
        raise RuntimeError(f"sign-in of {username} refused ({answer.status_code}): {answer.text}")
    return answer.json()


def create_account(client: httpx.Client, registry_url: str, folder: Path, username: str, role: str,
                   scope: str) -> dict[str, Any]:
    """`create-account` with a generated password (kept in `folder`); a retry answers the first answer."""
    body = {"username": username, "role": role, "scope": scope, "password": new_password(folder, username)}
    answer = client.post(f"{registry_url}/commands/create-account", json=body,
                         headers={"Idempotency-Key": f"account-{username}"})
    if answer.status_code not in (201, 409):
        raise RuntimeError(f"create-account {username} refused ({answer.status_code}): {answer.text}")
    return answer.json()
