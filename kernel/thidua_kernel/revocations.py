"""Token revocation, propagated to every service through the registry's topic.

Reading chosen: revocation travels as events (contracts.accounts) on the registry topic that every
service already consumes, folded by this projection into two small tables in each service's own
schema and kept in memory beside them. So checking a token on the command path costs two dict
look-ups and no round trip; a revocation takes effect in a service once its projection has read
the event (the relay's and the projection's delay, tens of milliseconds when both run). At start
the tables are read back before the first request is served.
"""
from datetime import datetime

import asyncpg
import msgspec

from contracts.accounts import ENDS_EARLIER_TOKENS
from contracts.topics import REGISTRY_EVENTS

_REVOKING = (*ENDS_EARLIER_TOKENS, "AccessTokenRevoked")


class Revocations:
    """What every service's token check consults: per account and per token."""

    def __init__(self) -> None:
        self.accounts: dict[str, float] = {}  # username -> epoch seconds: tokens issued before are refused
        self.tokens: dict[str, float] = {}  # jti -> its expiry, epoch seconds

    def refuses(self, username: str, jti: str | None, issued_at: float) -> bool:
        before = self.accounts.get(username)
        return (before is not None and issued_at < before) or (jti is not None and jti in self.tokens)

    def revoke_account(self, username: str, before: datetime) -> None:
        at = before.timestamp()
        self.accounts[username] = max(at, self.accounts.get(username, at))

    def revoke_token(self, jti: str, expires_at: datetime) -> None:
        self.tokens[jti] = expires_at.timestamp()

    def forget_expired(self, now: float) -> None:
        self.tokens = {jti: exp for jti, exp in self.tokens.items() if exp > now}

    async def load(self, db: asyncpg.Pool | asyncpg.Connection) -> None:
        for row in await db.fetch("SELECT username, revoked_before FROM revoked_accounts"):
            self.revoke_account(row["username"], row["revoked_before"])
        for row in await db.fetch("SELECT jti, expires_at FROM revoked_tokens"):
            self.revoke_token(row["jti"], row["expires_at"])

    async def reload(self, db: asyncpg.Pool | asyncpg.Connection) -> None:
        """Exactly the tables' revocations, replacing these in one step (no moment with none)."""
        fresh = Revocations()
        await fresh.load(db)
        self.accounts, self.tokens = fresh.accounts, fresh.tokens


class _Payload(msgspec.Struct):
    username: str = ""
    jti: str | None = None
    expires_at: str | None = None


class _Event(msgspec.Struct):
    event_type: str
    recorded_at: str | None = None
    payload: _Payload | None = None


_decoder = msgspec.json.Decoder(_Event)


class RevocationProjection:
    """Reads only the revoking account events (everything else on the topic is skipped)."""

    name = "token_revocations"
    topics = (REGISTRY_EVENTS,)
    # The kernel's tables: under provision-db the service's role does not own them, so a switch
    # copies their rows rather than moving them (kernel blue_green.py).
    blue_green_tables = ("revoked_accounts", "revoked_tokens")

    def __init__(self, revocations: Revocations) -> None:
        self._revocations = revocations

    def for_blue_green(self) -> "RevocationProjection":
        """A build's instance: it folds into a set of its own, never the one the token check reads."""
        return RevocationProjection(Revocations())

    async def after_switch(self, conn: asyncpg.Connection) -> None:
        """The token check reads the now-live tables' revocations."""
        await self._revocations.reload(conn)

    @staticmethod
    def decoder(value: bytes) -> _Event:
        return _decoder.decode(value)

    async def apply(self, conn: asyncpg.Connection, events: list[_Event]) -> None:
        accounts, tokens = [], []
        for event in events:
            if event.event_type not in _REVOKING or event.payload is None or event.recorded_at is None:
                continue
            if event.event_type == "AccessTokenRevoked":
                tokens.append((event.payload.jti, event.payload.username, _time(event.payload.expires_at)))
            else:
                accounts.append((event.payload.username, _time(event.recorded_at)))
        if accounts:
            await conn.executemany(
                "INSERT INTO revoked_accounts (username, revoked_before) VALUES ($1, $2) ON CONFLICT (username)"
                " DO UPDATE SET revoked_before = GREATEST(revoked_accounts.revoked_before, EXCLUDED.revoked_before)",
                accounts)
        if tokens:
            await conn.executemany(
                "INSERT INTO revoked_tokens (jti, username, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                tokens)
        # In memory only after the rows are written: at worst a revocation shows a moment early.
        for username, before in accounts:
            self._revocations.revoke_account(username, before)
        for jti, _, expires_at in tokens:
            self._revocations.revoke_token(jti, expires_at)

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute("DELETE FROM revoked_accounts")  # DELETE, not TRUNCATE: the service's role
        await conn.execute("DELETE FROM revoked_tokens")  # has no more right on the kernel's tables


def _time(value: str | None) -> datetime:
    if value is None:
        raise ValueError("a revocation event without its time")
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
