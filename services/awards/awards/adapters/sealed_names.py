"""Individual nominees' names, unsealed at read time (issue 11).

awards records no individual's name: its facts hold the registry's sealed token
(ntm_participants.personal_data) and its own events name an individual by code. A view asks here,
once per request, for the individuals it shows: their tokens (one query over its facts) and their
keys (one query over the registry's key table, which awards may only SELECT). A destroyed key is
an erased person, for every role; a token is opened only for the codes the caller may show.
"""
from collections.abc import Iterable

import asyncpg

from thidua_kernel.key_store import PgKeyStore
from thidua_kernel.sealing import key_id_of, unseal

from ..personal_data import PersonalNames

TOKENS = ("SELECT DISTINCT ON (code) code, personal_data FROM ntm_participants"
          " WHERE code = ANY($1::text[]) AND personal_data IS NOT NULL ORDER BY code, stream_version DESC")


def postgres_sealed_names(pool: asyncpg.Pool, keys_table: str):
    keys = PgKeyStore(pool, keys_table)

    async def names(codes: Iterable[str], opened: Iterable[str]) -> PersonalNames:
        codes = sorted(set(codes))
        tokens = {r["code"]: r["personal_data"] for r in await pool.fetch(TOKENS, codes)}
        found = await keys.keys({key_id_of(t) for t in tokens.values()})
        # A person recorded in clear before sealing (v1) has no token: an erasure left a tombstone.
        keyless = [c for c in codes if c not in tokens]
        erased = frozenset({c for c, t in tokens.items() if found.get(key_id_of(t)) is None}
                           | (await keys.destroyed(keyless) if keyless else set()))
        shown = {c: unseal(tokens[c], found[key_id_of(tokens[c])], c).name  # type: ignore[arg-type]
                 for c in set(opened) & set(tokens) if c not in erased}
        return PersonalNames(shown, erased)

    return names
