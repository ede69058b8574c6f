"""GET /participants: participants in effect on `as_of`, individuals' personal data by role.

Readings chosen (issue 11):
- An individual's name and address are in the projection only as the event's sealed token; a
  read unseals them with ONE key look-up for all the rows it shows, and only for a role allowed
  personal data (thidua_kernel.auth.PERSONAL_DATA_ROLES; a district officer inside its district).
- An erased individual (PersonalDataErased projected, or its key found destroyed) answers `name`
  and `address` null with `personal_data_erased: true` for every role, at every `known_at`:
  erasure is not bitemporal, a past view cannot bring the data back.
- `name=` search: units and organisations by their folded name in SQL; individuals only for a
  role that may read them, by unsealing the candidates the other filters leave (the same rows a
  list without `name` would unseal: bounded by that list) and matching the folded name in
  memory. No blind index is kept: a hash of a low-entropy name outlives nothing that a key would
  not, and the key look-up is already one round trip. An erased person never matches a name.
"""
from typing import Any

import asyncpg

from contracts.envelope import Actor
from contracts.registry import INDIVIDUAL_KINDS
from thidua_facts.timeframe import Timeframe
from thidua_kernel.sealing import KeyStore, unseal_many
from thidua_kernel.text import fold

from .views import like_literal, personal_data_reader

WITHHELD = {"name": None, "address": None, "personal_data_withheld": True, "personal_data_erased": False}
ERASED = {"name": None, "address": None, "personal_data_erased": True}
COLUMNS = ("p.code, p.kind, p.name, p.parent_code, p.address, p.effective_from, p.document_number,"
           " p.personal_data, e.code IS NOT NULL AS erased")


async def list_participants(pool: asyncpg.Pool, keys: KeyStore, tf: Timeframe, kind: str | None,
                            parent_code: str | None, name: str | None, actor: Actor) -> list[dict[str, Any]]:
    args: list[Any] = [tf.as_of, tf.known_at]
    sql = (f"SELECT {COLUMNS} FROM participants p LEFT JOIN erased_participants e ON e.code = p.code"
           " WHERE p.effective_from <= $1 AND p.recorded_at <= $2")
    for column, value in (("kind", kind), ("parent_code", parent_code)):
        if value is not None:
            args.append(value)
            sql += f" AND p.{column} = ${len(args)}"
    wanted = fold(name) if name else None
    if wanted:
        args.append(f"%{like_literal(wanted)}%")
        sql += f" AND (p.name_key LIKE ${len(args)} ESCAPE '\\' OR p.personal_data IS NOT NULL)"
    rows = await pool.fetch(sql + " ORDER BY p.code", *args)
    sees = await personal_data_reader(pool, tf, actor)
    opened = await unseal_many(keys, {r["code"]: r["personal_data"] for r in rows
                                      if r["personal_data"] and not r["erased"] and sees(r["parent_code"])})
    shown = []
    for r in rows:
        row = {k: r[k] for k in ("code", "kind", "name", "parent_code", "address", "effective_from",
                                 "document_number")}
        if r["kind"] not in INDIVIDUAL_KINDS:
            shown.append({**row, "personal_data_withheld": False, "personal_data_erased": False})
            continue
        allowed = sees(r["parent_code"])
        unsealed = opened.get(r["code"])
        if r["erased"] or (unsealed is not None and unsealed.erased):
            if not wanted:
                shown.append({**row, **ERASED, "personal_data_withheld": not allowed})
            continue
        if not allowed:
            if not wanted:  # a search by name must not tell whether an individual of that name takes part
                shown.append({**row, **WITHHELD})
            continue
        if unsealed is not None and unsealed.data is not None:  # else a row recorded in clear (v1)
            row = {**row, "name": unsealed.data.name, "address": unsealed.data.address}
        if wanted and wanted not in fold(row["name"] or ""):
            continue
        shown.append({**row, "personal_data_withheld": False, "personal_data_erased": False})
    return shown
