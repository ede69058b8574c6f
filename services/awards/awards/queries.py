"""SQL over the fact tables, returning domain values; all reads of one ranking share one snapshot."""
from datetime import date

import asyncpg

from .domain.model import Cluster, RecognitionFact, Unit


async def units_registered_by(conn: asyncpg.Connection, day: date) -> list[Unit]:
    """Every unit registered with effective_from <= day, with its end if it was dissolved (U8)."""
    rows = await conn.fetch(
        "SELECT u.code, u.level, u.unit_type, u.name, u.parent_code, u.effective_from, d.effective_to"
        " FROM units u LEFT JOIN unit_dissolutions d USING (code) WHERE u.effective_from <= $1",
        day,
    )
    return [Unit(*r) for r in rows]


async def recognition_facts_by(conn: asyncpg.Connection, day: date) -> list[RecognitionFact]:
    rows = await conn.fetch(
        "SELECT commune_code, effective_date, stream_version, recognised FROM recognitions"
        " WHERE effective_date <= $1",
        day,
    )
    return [RecognitionFact(*r) for r in rows]


async def clusters_in_force(conn: asyncpg.Connection, day: date) -> list[Cluster]:
    """U2: each cluster in its latest version effective on or before `day`."""
    rows = await conn.fetch(
        "SELECT DISTINCT ON (code) code, name, member_codes FROM clusters"
        " WHERE kind = 'cluster' AND effective_from <= $1 ORDER BY code, effective_from DESC",
        day,
    )
    return [Cluster(r["code"], r["name"], tuple(r["member_codes"])) for r in rows]
