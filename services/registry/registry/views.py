"""Read-only queries over the unit directory; every one can be asked as of a date."""
from datetime import date
from typing import Any

import asyncpg

from thidua_kernel.errors import NotFound
from thidua_kernel.text import fold

UNIT_COLUMNS = (
    "code, level, unit_type, name, parent_code, latitude, longitude, effective_from, effective_to, successor_code,"
    " source"
)
EXISTS_ON = "effective_from <= $1 AND (effective_to IS NULL OR effective_to > $1)"


async def list_units(
    pool: asyncpg.Pool, as_of: date, level: str | None, parent_code: str | None, name: str | None
) -> list[dict[str, Any]]:
    sql = f"SELECT {UNIT_COLUMNS} FROM units WHERE {EXISTS_ON}"
    args: list[Any] = [as_of]
    for column, value in (("level", level), ("parent_code", parent_code)):
        if value is not None:
            args.append(value)
            sql += f" AND {column} = ${len(args)}"
    if name:
        args.append(f"%{fold(name)}%")
        sql += f" AND name_key LIKE ${len(args)}"
    rows = await pool.fetch(sql + " ORDER BY code", *args)
    return [dict(r) for r in rows]


async def get_unit(pool: asyncpg.Pool, code: str) -> dict[str, Any]:
    row = await pool.fetchrow(f"SELECT {UNIT_COLUMNS} FROM units WHERE code = $1", code)
    if row is None:
        raise NotFound("U1", f"Không có đơn vị mã {code}.", f"No unit with code {code}.", code=code)
    return dict(row)


async def list_clusters(pool: asyncpg.Pool) -> list[dict[str, Any]]:
    rows = await pool.fetch("SELECT code, kind, name, member_codes, effective_from FROM clusters ORDER BY code")
    return [dict(r) for r in rows]
