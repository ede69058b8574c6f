"""The demo's accounts: the first administrator from the bootstrap command, the rest through the API."""
from pathlib import Path

import httpx

from ._util import run_dir, say
from .accounts import create_account, create_admin, read_password, sign_in
from .stack import load_stack

ADMIN = "ban-thi-dua"
# user name, role, scope: the province's departments, two districts, an auditor, an inspector.
ACCOUNTS = (
    ("so-nn-ptnt", "province_board", "20"),
    ("huyen-trang-dinh", "district_officer", "180"),
    ("huyen-bac-son", "district_officer", "185"),
    ("kiem-toan", "viewer", "20"),
    ("thanh-tra", "records_officer", "20"),
)
# A department officer's scope is a registered department (U3): created after the participants.
DEPARTMENT_ACCOUNTS = (("so-noi-vu", "department_officer", "SNV"),)


def folder() -> Path:
    return run_dir() / "accounts"


def admin_token(registry_url: str) -> str:
    """The first administrator (created once by the bootstrap command), signed in."""
    stack = load_stack() or {}
    # As the registry's own role (the tables it creates must be its own), as the service runs.
    url = stack.get("service_database_urls", {}).get("registry", stack.get("database_url"))
    env = {"DATABASE_URL": url} if url else {}
    if create_admin(env, ADMIN, folder()):
        say(f"bootstrap: first administrator {ADMIN} created")
    return sign_in(registry_url, ADMIN, read_password(folder(), ADMIN))["access_token"]


def create_accounts(client: httpx.Client, registry_url: str, accounts: tuple = ACCOUNTS) -> None:
    """Through the API as the administrator (after the units: a district officer's scope must exist)."""
    for username, role, scope in accounts:
        create_account(client, registry_url, folder(), username, role, scope)
        signed_in = sign_in(registry_url, username, read_password(folder(), username))
        say(f"account {username:<17} {role:<16} scope {scope:<4} signed in (token for {signed_in['expires_in']} s)")


def officer_tokens(registry_url: str, role: str) -> dict[str, str]:
    """The officers of `role` signed in: scope → access token."""
    return {scope: sign_in(registry_url, username, read_password(folder(), username))["access_token"]
            for username, r, scope in (*ACCOUNTS, *DEPARTMENT_ACCOUNTS) if r == role}


def print_accounts() -> None:
    print(f"Accounts (passwords, one file each, mode 0600, in {folder()}/<user>.password):")
    for username, role, scope in ((ADMIN, "province_board", "20"), *ACCOUNTS, *DEPARTMENT_ACCOUNTS):
        print(f"  {username:<17} {role:<16} scope {scope}")
    print("Sign in: curl -d grant_type=password -d username=<user> -d password=\"$(cat <file>)\""
          " http://127.0.0.1:8101/auth/token")
