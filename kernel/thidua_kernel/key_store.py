"""The person keys of kernel.sealing in PostgreSQL: a table that stands in for a KMS.

The registry owns the table (its migration 003, `personal_keys` in its schema) and alone creates
and destroys keys; awards gets SELECT on it (provisioning), to unseal the names it shows. A key
destroyed is overwritten with NULL and its row kept as a tombstone (`destroyed_at`), so it is
never created again for the same person. Reading of "destroyed" on PostgreSQL: the old row
version stays in the table's file until VACUUM reclaims it; `destroy` therefore runs a VACUUM of
the table when it is allowed to (its owner, outside a transaction), and a real KMS would take the
key out of reach at once.
"""
from collections.abc import Iterable

import asyncpg

from .sealing import new_key, new_key_id


class PgKeyStore:
    def __init__(self, pool: asyncpg.Pool, table: str = "personal_keys") -> None:
        self.pool = pool
        self.table = table  # schema-qualified for a reader outside the registry's schema

    async def key_of(self, owner_code: str) -> tuple[str, bytes | None]:
        async with self.pool.acquire() as conn:
            await conn.execute(
                f"INSERT INTO {self.table} (owner_code, key_id, key) VALUES ($1, $2, $3)"
                " ON CONFLICT (owner_code) DO NOTHING", owner_code, new_key_id(), new_key())
            row = await conn.fetchrow(f"SELECT key_id, key FROM {self.table} WHERE owner_code = $1", owner_code)
        return row["key_id"], row["key"]

    async def keys(self, key_ids: Iterable[str]) -> dict[str, bytes | None]:
        wanted = list(key_ids)
        if not wanted:
            return {}
        rows = await self.pool.fetch(f"SELECT key_id, key FROM {self.table} WHERE key_id = ANY($1::text[])", wanted)
        found = {r["key_id"]: r["key"] for r in rows}
        return {k: found.get(k) for k in wanted}

    async def destroy(self, owner_code: str) -> bool:
        async with self.pool.acquire() as conn:
            # A person recorded before sealing has no key: the tombstone still marks them erased.
            destroyed = await conn.fetchval(
                f"WITH before AS (SELECT key IS NOT NULL AS alive FROM {self.table} WHERE owner_code = $1)"
                f" INSERT INTO {self.table} AS k (owner_code, key_id, key, destroyed_at) VALUES ($1, $2, NULL, now())"
                " ON CONFLICT (owner_code) DO UPDATE SET key = NULL, destroyed_at = coalesce(k.destroyed_at, now())"
                " RETURNING coalesce((SELECT alive FROM before), false)", owner_code, new_key_id())
            if destroyed:
                await conn.execute(f"VACUUM {self.table}")
        return bool(destroyed)

    async def destroyed(self, owner_codes: Iterable[str]) -> set[str]:
        """The owners among `owner_codes` whose key was destroyed (or who were erased keyless)."""
        rows = await self.pool.fetch(f"SELECT owner_code FROM {self.table} WHERE owner_code = ANY($1::text[])"
                                     " AND key IS NULL", list(owner_codes))
        return {r["owner_code"] for r in rows}
