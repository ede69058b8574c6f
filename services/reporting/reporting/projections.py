"""Reporting's projections, each into reporting's own schema:

- NtmFacts (thidua_facts): units, clusters, criteria, assessments, recognitions, targets.
- ProgrammeFacts: how units take part (U3-U7, A4), append-only like the NTM facts, so the two
  answer the same (as_of, known_at) the same way.
- AwardFacts: the awards topic's rounds and nomination steps (A8-A11), the same way.
"""
from collections.abc import Sequence

import asyncpg

from contracts.topics import AWARDS_EVENTS, REGISTRY_EVENTS
from thidua_facts.projection import NtmFacts

from .award_rows import AwardRows, award_rows
from .programme_rows import ProgrammeRows, programme_rows

__all__ = ["AwardFacts", "NtmFacts", "ProgrammeFacts"]


def _insert(table: str, columns: str, types: Sequence[str], key: str) -> str:
    """One unnest insert per table per batch; a repeated delivery (same key) is a no-op."""
    names = [c.strip() for c in columns.split(",")]
    arrays = ", ".join(f"${i}::{t}[]" for i, t in enumerate(types, 1))
    return (f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) AS x({', '.join(names)})"
            f" ON CONFLICT ({key}) DO NOTHING")


# Each table: (attribute of ProgrammeRows, INSERT statement); columns in the rows' order.
STATEMENTS = (
    ("participants", _insert("programme_participants",
                             "code, stream_version, recorded_at, kind, name, parent_code, effective_from",
                             ("text", "integer", "timestamptz", "text", "text", "text", "date"),
                             "code, stream_version")),
    ("pilots", _insert("programme_pilots",
                       "level, unit_code, stream_version, recorded_at, designated_by, effective_from, document_number",
                       ("text", "text", "integer", "timestamptz", "text", "date", "text"),
                       "level, unit_code, stream_version")),
    ("pledges", _insert("programme_pledges",
                        "supporter_code, supported_code, stream_version, recorded_at, effective_from, document_number",
                        ("text", "text", "integer", "timestamptz", "date", "text"),
                        "supporter_code, supported_code, stream_version")),
    ("plan_deadlines", _insert("programme_plan_deadlines",
                               "plan_code, stream_version, recorded_at, owner_code, title, due_date",
                               ("text", "integer", "timestamptz", "text", "text", "date"),
                               "plan_code, stream_version")),
    ("plan_submissions", _insert("programme_plan_submissions",
                                 "plan_code, stream_version, recorded_at, owner_code, submitted_on, document_number",
                                 ("text", "integer", "timestamptz", "text", "date", "text"),
                                 "plan_code, stream_version")),
    ("registrations", _insert("programme_movement_registrations",
                              "unit_code, stream_version, recorded_at, registered_on, document_number",
                              ("text", "integer", "timestamptz", "date", "text"),
                              "unit_code, stream_version")),
)
PROGRAMME_TABLES = ("programme_participants, programme_pilots, programme_pledges, programme_plan_deadlines,"
                    " programme_plan_submissions, programme_movement_registrations")


class _AppendOnlyFacts:
    """One unnest insert per table per batch, each row one event; `rows_of` is pure."""

    statements: tuple[tuple[str, str], ...]
    tables: str
    light_envelopes = True  # read by field name (programme_rows.py, award_rows.py)

    def rows_of(self, events: list) -> object:
        raise NotImplementedError

    def prepare(self, events: list) -> object:
        """Pure CPU: the runner overlaps it with the previous batch's commit."""
        return self.rows_of(events)

    async def write(self, conn: asyncpg.Connection, rows: object) -> None:
        for attribute, sql in self.statements:
            batch = getattr(rows, attribute)
            if batch:
                await conn.execute(sql, *[list(column) for column in zip(*batch)])

    async def apply(self, conn: asyncpg.Connection, events: list) -> None:
        await self.write(conn, self.prepare(events))

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute(f"TRUNCATE {self.tables}")

    @property
    def blue_green_tables(self) -> tuple[str, ...]:
        """All it writes, and no state elsewhere: it can be rebuilt blue/green (kernel blue_green.py)."""
        return tuple(t.strip() for t in self.tables.split(","))


class ProgrammeFacts(_AppendOnlyFacts):
    """Participants, pilots, pledges, plans and movement registrations, as facts."""

    name = "programme_facts"
    topics = (REGISTRY_EVENTS,)
    statements = STATEMENTS
    tables = PROGRAMME_TABLES

    def rows_of(self, events: list) -> ProgrammeRows:
        return programme_rows(events)


AWARD_STATEMENTS = (
    ("rounds", _insert("award_rounds",
                       "round_code, stream_version, recorded_at, province_code, title_vi, title_en, kind, period_from,"
                       " period_to, nominations_open, nominations_due, award_kinds, document_number",
                       ("text", "integer", "timestamptz", "text", "text", "text", "text", "integer", "integer", "date",
                        "date", "jsonb", "text"),
                       "round_code, stream_version")),
    ("steps", _insert("award_nomination_steps",
                      "round_code, stream_version, recorded_at, nomination_id, step, on_day, award_kind, nominee_code,"
                      " nominee_kind, nominee_name, nominee_district, nominating_unit, outcome, decision_number,"
                      " certificate_number",
                      ("text", "integer", "timestamptz", "text", "text", "date", "text", "text", "text", "text",
                       "text", "text", "text", "text", "text"),
                      "round_code, stream_version")),
)
AWARD_TABLES = "award_rounds, award_nomination_steps"


class AwardFacts(_AppendOnlyFacts):
    """Rounds and the steps of their nominations (A8-A11), as facts, for R2's nominations and awards."""

    name = "award_facts"
    topics = (AWARDS_EVENTS,)
    statements = AWARD_STATEMENTS
    tables = AWARD_TABLES

    def rows_of(self, events: list) -> AwardRows:
        return award_rows(events)
