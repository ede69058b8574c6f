"""Payloads of the sign-in accounts, published by the registry service on REGISTRY_EVENTS.

One `account` aggregate per user name. Passwords travel only as argon2id hashes (never the
password itself); the topic is read by thidua's own services alone. Every change that alters
what a token may do (role, scope, password, disabling) also ends the tokens issued before it:
each service's revocation list reads these events (thidua_kernel.revocations).
"""
from datetime import datetime

from pydantic import BaseModel, ConfigDict

Role = str  # one of thidua_kernel.auth.ROLES; checked by the registry's account rules


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AccountCreated(_Payload):
    """A user who may sign in, with a role and a scope (a unit code)."""

    username: str
    role: Role
    scope: str
    display_name: str | None = None
    password_hash: str


class AccountRoleChanged(_Payload):
    """The account's role and scope from now on (tokens issued before are refused)."""

    username: str
    role: Role
    scope: str


class AccountPasswordReset(_Payload):
    """A new password (tokens issued before are refused)."""

    username: str
    password_hash: str


class AccountDisabled(_Payload):
    """The account may no longer sign in; its tokens are refused from now on."""

    username: str


class AccountTokensRevoked(_Payload):
    """Every token of the account issued before this event's recorded_at is refused."""

    username: str


class AccessTokenRevoked(_Payload):
    """One token (by its `jti`) is refused until it would have expired anyway."""

    username: str
    jti: str
    expires_at: datetime


# Events after which every earlier token of the account is refused (revoked before recorded_at).
ENDS_EARLIER_TOKENS = ("AccountRoleChanged", "AccountPasswordReset", "AccountDisabled", "AccountTokensRevoked")

EVENT_TYPES = {
    "AccountCreated": AccountCreated,
    "AccountRoleChanged": AccountRoleChanged,
    "AccountPasswordReset": AccountPasswordReset,
    "AccountDisabled": AccountDisabled,
    "AccountTokensRevoked": AccountTokensRevoked,
    "AccessTokenRevoked": AccessTokenRevoked,
}
