"""The award facts known at K, read in one snapshot: nothing recorded after known_at. Which round
is the province's and where each nomination stands at as_of is decided by the pure reading
(domain/awards.py, award_report.py), so SQL and the pure reading cannot disagree."""
from datetime import datetime

import asyncpg
import orjson

from thidua_facts.queries import bound

from .domain.awards import AwardFactsKnown, AwardKindName, NominationStep, RoundFact

ROUNDS = ("SELECT round_code, stream_version, recorded_at, province_code, title_vi, title_en, kind, period_from,"
          " period_to, nominations_open, nominations_due, award_kinds::text, document_number"
          " FROM award_rounds WHERE recorded_at <= $1")
STEPS = ("SELECT round_code, stream_version, recorded_at, nomination_id, step, on_day, award_kind, nominee_code,"
         " nominee_kind, nominee_name, nominee_district, nominating_unit, outcome, decision_number, certificate_number"
         " FROM award_nomination_steps WHERE recorded_at <= $1 ORDER BY round_code, stream_version")


def round_fact(row: tuple) -> RoundFact:
    kinds = tuple(AwardKindName(k["code"], k["name_vi"], k["name_en"], k["level"]) for k in orjson.loads(row[11]))
    return RoundFact(*row[:11], award_kinds=kinds, document_number=row[12])


async def load_awards(pool: asyncpg.Pool, known_at: datetime | None) -> AwardFactsKnown:
    """Every round definition and nomination step recorded by K."""
    k = bound(known_at)
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        return AwardFactsKnown(tuple(round_fact(tuple(r)) for r in await conn.fetch(ROUNDS, k)),
                               tuple(NominationStep(*r) for r in await conn.fetch(STEPS, k)))
