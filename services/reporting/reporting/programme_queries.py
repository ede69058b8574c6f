"""The programme facts of one (as_of, known_at), read in one snapshot: nothing recorded after
known_at is read, nor anything that takes effect after as_of (a plan's deadline and submission
are read whatever their dates: the status is judged at as_of, U7)."""
from datetime import date, datetime

import asyncpg

from thidua_facts.queries import bound

from .domain.programme import (
    MovementFact,
    ParticipantFact,
    PilotFact,
    PlanDueFact,
    PlanSubmittedFact,
    PledgeFact,
    ProgrammeAt,
)

# Participants are read whatever their date: a plan owner's or supporter's name is shown even
# when asked about a day before it was registered; being in force is decided by the domain.
PARTICIPANTS = ("SELECT code, kind, name, parent_code, effective_from, stream_version, recorded_at"
                " FROM programme_participants WHERE recorded_at <= $1")
PILOTS = ("SELECT level, unit_code, designated_by, effective_from, stream_version, recorded_at, document_number"
          " FROM programme_pilots WHERE effective_from <= $1 AND recorded_at <= $2")
PLEDGES = ("SELECT supporter_code, supported_code, effective_from, stream_version, recorded_at, document_number"
           " FROM programme_pledges WHERE effective_from <= $1 AND recorded_at <= $2")
PLAN_DEADLINES = ("SELECT plan_code, owner_code, title, due_date, stream_version, recorded_at"
                  " FROM programme_plan_deadlines WHERE recorded_at <= $1")
PLAN_SUBMISSIONS = ("SELECT plan_code, owner_code, submitted_on, document_number, stream_version, recorded_at"
                    " FROM programme_plan_submissions WHERE recorded_at <= $1")
REGISTRATIONS = ("SELECT unit_code, registered_on, stream_version, recorded_at, document_number"
                 " FROM programme_movement_registrations WHERE registered_on <= $1 AND recorded_at <= $2")


async def load_programme(pool: asyncpg.Pool, as_of: date, known_at: datetime | None) -> ProgrammeAt:
    """Every programme fact of (as_of, known_at), in one read-only snapshot (the projection may
    commit a batch between two reads)."""
    k = bound(known_at)
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        return ProgrammeAt(
            as_of, known_at,
            participants=tuple(ParticipantFact(*r) for r in await conn.fetch(PARTICIPANTS, k)),
            pilots=tuple(PilotFact(*r) for r in await conn.fetch(PILOTS, as_of, k)),
            pledges=tuple(PledgeFact(*r) for r in await conn.fetch(PLEDGES, as_of, k)),
            plan_deadlines=tuple(PlanDueFact(*r) for r in await conn.fetch(PLAN_DEADLINES, k)),
            plan_submissions=tuple(PlanSubmittedFact(*r) for r in await conn.fetch(PLAN_SUBMISSIONS, k)),
            registrations=tuple(MovementFact(*r) for r in await conn.fetch(REGISTRATIONS, as_of, k)),
        )
