"""token_revocations in a blue/green rebuild (kernel blue_green.py): the build folds into a set
of its own, never the one the token check reads; after the switch the live set is exactly the
now-live tables' revocations."""
from datetime import datetime, timezone

import orjson

from thidua_kernel.revocations import RevocationProjection, Revocations

AT = datetime(2026, 12, 7, tzinfo=timezone.utc)


class Tables:
    """A connection over the two tables as rows (what the projection writes is not kept)."""

    def __init__(self, accounts: list[dict], tokens: list[dict]) -> None:
        self.rows = {"revoked_accounts": accounts, "revoked_tokens": tokens}

    async def executemany(self, *args) -> None:
        return None

    async def fetch(self, sql: str) -> list[dict]:
        return next(rows for table, rows in self.rows.items() if table in sql)


def revoked(username: str) -> object:
    body = {"event_type": "AccountTokensRevoked", "recorded_at": "2026-12-07T00:00:00Z",
            "payload": {"username": username}}
    return RevocationProjection.decoder(orjson.dumps(body))


async def test_the_build_folds_apart_and_the_switch_reloads_the_live_set_from_the_tables():
    checked = Revocations()
    checked.revoke_account("stale", AT)
    live = RevocationProjection(checked)
    build = live.for_blue_green()
    await build.apply(Tables([], []), [revoked("kiem-toan")])
    assert "kiem-toan" not in checked.accounts and build is not live

    await live.after_switch(Tables([{"username": "kiem-toan", "revoked_before": AT}],
                                   [{"jti": "j-1", "expires_at": AT}]))
    assert checked.accounts == {"kiem-toan": AT.timestamp()} and checked.tokens == {"j-1": AT.timestamp()}
