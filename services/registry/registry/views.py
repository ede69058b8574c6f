"""Read-only queries over units and participants; every one can be asked as of a date (U8)."""
from datetime import date
from typing import Any

import asyncpg
import orjson

from thidua_kernel.errors import NotFound
from thidua_kernel.text import fold

UNIT_COLUMNS = (
    "code, level, unit_type, name, parent_code, latitude, longitude, effective_from, effective_to, successor_code,"
    " successor_codes, source, valid_from, valid_to, document_number"
)


def in_force(alias: str = "") -> str:
    """The SQL condition "this version was in force on $1"."""
    a = f"{alias}." if alias else ""
    return f"{a}valid_from <= $1 AND ({a}valid_to IS NULL OR {a}valid_to > $1)"


IN_FORCE = in_force()


def _filters(sql: str, args: list[Any], equal: dict[str, Any], name: str | None) -> str:
    for column, value in equal.items():
        if value is not None:
            args.append(value)
            sql += f" AND {column} = ${len(args)}"
    if name:
        args.append(f"%{fold(name)}%")  # with or without diacritics: "chi lang" finds "Xã Chi Lăng"
        sql += f" AND name_key LIKE ${len(args)}"
    return sql


async def list_units(
    pool: asyncpg.Pool, as_of: date, level: str | None, parent_code: str | None, name: str | None,
    unit_type: str | None = None,
) -> list[dict[str, Any]]:
    """The units that existed on `as_of`, each with its name, type and parent of that day."""
    args: list[Any] = [as_of]
    sql = _filters(f"SELECT {UNIT_COLUMNS} FROM unit_versions WHERE {IN_FORCE}", args,
                   {"level": level, "parent_code": parent_code, "unit_type": unit_type}, name)
    return [dict(r) for r in await pool.fetch(sql + " ORDER BY code", *args)]


async def get_unit(pool: asyncpg.Pool, code: str, as_of: date | None = None) -> dict[str, Any]:
    """The unit as of a date, or its latest version (even if since dissolved) without one."""
    if as_of is None:
        row = await pool.fetchrow(
            f"SELECT {UNIT_COLUMNS} FROM unit_versions WHERE code = $1 ORDER BY valid_from DESC LIMIT 1", code)
    else:
        row = await pool.fetchrow(f"SELECT {UNIT_COLUMNS} FROM unit_versions WHERE {IN_FORCE} AND code = $2",
                                  as_of, code)
    if row is None:
        when_vi = f" vào ngày {as_of.isoformat()}" if as_of else ""
        when_en = f" on {as_of.isoformat()}" if as_of else ""
        raise NotFound("U8" if as_of else "U1", f"Không có đơn vị mã {code}{when_vi}.",
                       f"No unit with code {code}{when_en}.", code=code)
    return dict(row)


async def unit_history(pool: asyncpg.Pool, code: str) -> dict[str, Any]:
    """Every version of a unit, the recorded changes (with their decisions) that made them, and the
    units it took over (merged into it, or divided towards it)."""
    versions = await pool.fetch(f"SELECT {UNIT_COLUMNS} FROM unit_versions WHERE code = $1 ORDER BY valid_from", code)
    if not versions:
        raise NotFound("U1", f"Không có đơn vị mã {code}.", f"No unit with code {code}.", code=code)
    events = await pool.fetch(
        "SELECT event_type, payload::text AS payload, document_number, recorded_at, stream_version FROM unit_events"
        " WHERE code = $1 ORDER BY stream_version, recorded_at, event_id", code)
    predecessors = await pool.fetch(
        "SELECT DISTINCT ON (code) code, name, effective_to, successor_code FROM unit_versions"
        " WHERE successor_code = $1 OR $1 = ANY(successor_codes) ORDER BY code, valid_from DESC", code)
    return {
        "code": code,
        "versions": [dict(v) for v in versions],
        "predecessors": [dict(p) for p in predecessors],  # units merged into it or split off towards it
        "changes": [{**dict(e), "payload": orjson.loads(e["payload"])} for e in events],
    }


async def list_participants(
    pool: asyncpg.Pool, as_of: date, kind: str | None, parent_code: str | None, name: str | None,
) -> list[dict[str, Any]]:
    args: list[Any] = [as_of]
    sql = _filters(
        "SELECT code, kind, name, parent_code, address, effective_from, document_number FROM participants"
        " WHERE effective_from <= $1", args, {"kind": kind, "parent_code": parent_code}, name)
    return [dict(r) for r in await pool.fetch(sql + " ORDER BY code", *args)]
