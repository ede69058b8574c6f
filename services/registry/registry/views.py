"""Read-only queries over units and participants, each at (as_of, known_at): what was in effect
on `as_of` as it was recorded by `known_at` (bitemporal: nothing recorded later is read).

The SQL reads the versions the projection folded with the shared U8 fold
(thidua_facts.domain.hierarchy); tests/integration/test_u8_sql_agrees.py proves, on random
histories, that it answers what u8_unit_on answers in memory.
"""
from collections.abc import Callable
from typing import Any

import asyncpg
import orjson

from contracts.envelope import Actor
from thidua_facts.timeframe import Timeframe
from thidua_kernel.auth import DISTRICT_OFFICER, PERSONAL_DATA_ROLES
from thidua_kernel.errors import NotFound
from thidua_kernel.text import fold

UNIT_COLUMNS = (
    "code, level, unit_type, name, parent_code, latitude, longitude, effective_from, effective_to, successor_code,"
    " successor_codes, source, valid_from, valid_to, document_number"
)


def known(alias: str = "", param: str = "$2") -> str:
    """The SQL condition "this version is what we knew at `param`" (its stretch of recording time)."""
    a = f"{alias}." if alias else ""
    return f"{a}known_from <= {param} AND ({a}known_to IS NULL OR {a}known_to > {param})"


def in_force(alias: str = "") -> str:
    """The SQL condition "this version was in force on $1, as known at $2"."""
    a = f"{alias}." if alias else ""
    return f"{a}valid_from <= $1 AND ({a}valid_to IS NULL OR {a}valid_to > $1) AND {known(alias)}"


IN_FORCE = in_force()


def like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filters(sql: str, args: list[Any], equal: dict[str, Any], name: str | None) -> str:
    for column, value in equal.items():
        if value is not None:
            args.append(value)
            sql += f" AND {column} = ${len(args)}"
    if name:
        # With or without diacritics ("chi lang" finds "Xã Chi Lăng"), and literally: %, _ and \\
        # in the name are matched as themselves, not as LIKE wildcards.
        args.append(f"%{like_literal(fold(name))}%")
        sql += f" AND name_key LIKE ${len(args)} ESCAPE '\\'"
    return sql


async def list_units(pool: asyncpg.Pool, tf: Timeframe, level: str | None, parent_code: str | None,
                     name: str | None, unit_type: str | None = None) -> list[dict[str, Any]]:
    """The units that existed on `as_of`, each with its name, type and parent of that day."""
    args: list[Any] = [tf.as_of, tf.known_at]
    sql = _filters(f"SELECT {UNIT_COLUMNS} FROM unit_versions WHERE {IN_FORCE}", args,
                   {"level": level, "parent_code": parent_code, "unit_type": unit_type}, name)
    return [dict(r) for r in await pool.fetch(sql + " ORDER BY code", *args)]


async def get_unit(pool: asyncpg.Pool, code: str, tf: Timeframe) -> dict[str, Any]:
    """The unit as it stood on `as_of`. A unit that did not exist then is not found by rule U8,
    with its lifetime (effective_from, effective_to) in the figures: the dates a client may ask."""
    row = await pool.fetchrow(f"SELECT {UNIT_COLUMNS} FROM unit_versions WHERE {IN_FORCE} AND code = $3",
                              tf.as_of, tf.known_at, code)
    if row is not None:
        return dict(row)
    life = await pool.fetchrow(
        f"SELECT name, effective_from, effective_to FROM unit_versions WHERE {known(param='$1')} AND code = $2"
        " ORDER BY valid_from DESC LIMIT 1", tf.known_at, code)
    if life is None:
        raise NotFound("U1", f"Không có đơn vị mã {code}.", f"No unit with code {code}.", code=code)
    day = tf.as_of.isoformat()
    until_vi = f" đến trước {life['effective_to'].isoformat()}" if life["effective_to"] else ""
    until_en = f" until {life['effective_to'].isoformat()} (exclusive)" if life["effective_to"] else ""
    raise NotFound(
        "U8", f"Đơn vị {code} ({life['name']}) không tồn tại vào ngày {day}: tồn tại từ"
        f" {life['effective_from'].isoformat()}{until_vi}.",
        f"Unit {code} ({life['name']}) did not exist on {day}: it existed from"
        f" {life['effective_from'].isoformat()}{until_en}.",
        code=code, as_of=day, effective_from=life["effective_from"].isoformat(),
        effective_to=life["effective_to"].isoformat() if life["effective_to"] else None,
    )


async def unit_history(pool: asyncpg.Pool, code: str, tf: Timeframe) -> dict[str, Any]:
    """Every version of a unit as known at `known_at`, the recorded changes (with their decisions)
    that made them, and the units it took over (merged into it, or divided towards it); the
    version in force on `as_of` is marked."""
    versions = await pool.fetch(
        f"SELECT {UNIT_COLUMNS} FROM unit_versions WHERE {known(param='$1')} AND code = $2 ORDER BY valid_from",
        tf.known_at, code)
    if not versions:
        raise NotFound("U1", f"Không có đơn vị mã {code}.", f"No unit with code {code}.", code=code)
    events = await pool.fetch(
        "SELECT event_type, payload::text AS payload, document_number, recorded_at, stream_version FROM unit_events"
        " WHERE code = $1 AND recorded_at <= $2 ORDER BY stream_version, recorded_at, event_id", code, tf.known_at)
    predecessors = await pool.fetch(
        "SELECT DISTINCT ON (code) code, name, effective_to, successor_code FROM unit_versions"
        f" WHERE {known(param='$1')} AND (successor_code = $2 OR $2 = ANY(successor_codes))"
        " ORDER BY code, valid_from DESC", tf.known_at, code)

    def version_json(v: asyncpg.Record) -> dict[str, Any]:
        in_force_then = v["valid_from"] <= tf.as_of and (v["valid_to"] is None or tf.as_of < v["valid_to"])
        return {**dict(v), "in_force_on_as_of": in_force_then}

    return {
        "code": code, **tf.as_json(),
        "versions": [version_json(v) for v in versions],
        "predecessors": [dict(p) for p in predecessors],  # units merged into it or split off towards it
        "changes": [{**dict(e), "payload": orjson.loads(e["payload"])} for e in events],
    }


async def personal_data_reader(pool: asyncpg.Pool, tf: Timeframe, actor: Actor) -> Callable[[str | None], bool]:
    """Whether `actor` may read the personal data of an individual under a given parent unit."""
    if actor.role not in PERSONAL_DATA_ROLES:
        return lambda parent: False
    if actor.role != DISTRICT_OFFICER:
        return lambda parent: True
    inside = {actor.scope, *(r["code"] for r in await pool.fetch(
        f"SELECT code FROM unit_versions WHERE {IN_FORCE} AND parent_code = $3", tf.as_of, tf.known_at, actor.scope))}
    return lambda parent: parent in inside
