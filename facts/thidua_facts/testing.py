"""Builders for tests of this package and of the services that use it: facts and envelopes made
the way the producers make them. No pytest here, and nothing imports this module at run time."""
from datetime import date, datetime, timezone
from typing import Any
from uuid import uuid4

import orjson
from pydantic import BaseModel

from contracts.envelope import Actor, EventEnvelope
from thidua_kernel.light_envelope import LightEnvelope, decode_light
from thidua_kernel.upcasting import current_version

from .model import DISSOLVED, MOVED, REGISTERED, RENAMED, ParticipantFact, PledgeFact, UnitChange

T0 = datetime(2011, 1, 1, tzinfo=timezone.utc)
START = date(2011, 1, 1)
LEVEL_OF_TYPE = {"province": "province", "city": "district", "rural_district": "district", "town": "district",
                 "rural_commune": "commune", "township": "commune", "ward": "commune"}
AGGREGATE_TYPE = {
    "UnitRegistered": "unit", "UnitRenamed": "unit", "UnitMoved": "unit", "UnitDissolved": "unit",
    "ClusterFormed": "cluster", "ClusterMembershipChanged": "cluster", "CriteriaSetPublished": "criteria_set",
    "TargetSet": "target", "ParticipantRegistered": "participant", "SupportPledged": "pledge",
}


def registered(code: str, unit_type: str, parent: str | None, day: date = START, version: int = 1,
               at: datetime = T0, name: str | None = None) -> UnitChange:
    return UnitChange(code, REGISTERED, day, version, at, LEVEL_OF_TYPE[unit_type], unit_type,
                      name or f"{unit_type} {code}", parent)


def renamed(code: str, name: str, day: date, version: int, at: datetime = T0,
            unit_type: str | None = None) -> UnitChange:
    return UnitChange(code, RENAMED, day, version, at, unit_type=unit_type, name=name)


def moved(code: str, parent: str, day: date, version: int, at: datetime = T0) -> UnitChange:
    return UnitChange(code, MOVED, day, version, at, parent_code=parent)


def dissolved(code: str, day: date, version: int, at: datetime = T0, successor: str | None = None,
              successors: tuple[str, ...] = ()) -> UnitChange:
    return UnitChange(code, DISSOLVED, day, version, at, successor_code=successor, successor_codes=successors)


def participant_fact(code: str, kind: str = "department", parent: str | None = None, day: date = START,
                     version: int = 1, at: datetime = T0, name: str | None = None, address: str | None = None,
                     document_number: str | None = None) -> ParticipantFact:
    """U3: a ParticipantRegistered as a fact (name defaults to "<kind> <code>")."""
    return ParticipantFact(code, kind, name or f"{kind} {code}", parent, address, day, version, at, document_number)


def pledge_fact(supporter: str, supported: str, day: date = START, version: int = 1, at: datetime = T0,
                document_number: str | None = None) -> PledgeFact:
    """U6: a SupportPledged as a fact."""
    return PledgeFact(supporter, supported, day, version, at, document_number)


def envelope(event_type: str, payload: BaseModel | dict[str, Any], aggregate_id: str, version: int = 1,
             recorded_at: datetime = T0, document_number: str | None = None) -> EventEnvelope:
    """An envelope as the kernel's event store writes it (payload dumped to JSON types), at the
    newest version of its contract."""
    body = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    return EventEnvelope(
        event_id=uuid4(), event_type=event_type, schema_version=current_version(event_type), aggregate_type=AGGREGATE_TYPE.get(event_type, "commune_progress"),
        aggregate_id=aggregate_id, aggregate_version=version, occurred_at=recorded_at, recorded_at=recorded_at,
        actor=Actor(principal_id="test", role="province_board", scope="20"), correlation_id=uuid4(),
        producer="test", payload=body, document_number=document_number,
    )


def unit_registered(code: str, unit_type: str, parent: str | None, recorded_at: datetime = T0) -> EventEnvelope:
    """A UnitRegistered envelope of the registry: the unit exists from 2011-01-01."""
    payload = {"code": code, "level": LEVEL_OF_TYPE[unit_type], "unit_type": unit_type, "name": f"U {code}",
               "parent_code": parent, "effective_from": START.isoformat(), "source": "test"}
    return envelope("UnitRegistered", payload, code, 1, recorded_at)


def participant_registered(code: str, kind: str, parent: str | None = None, day: date = START,
                           recorded_at: datetime = T0, name: str | None = None, address: str | None = None,
                           version: int = 1) -> EventEnvelope:
    """A ParticipantRegistered envelope of the registry (aggregate "participant", id = code)."""
    payload = {"code": code, "kind": kind, "name": name or f"{kind} {code}", "parent_code": parent,
               "address": address, "effective_from": day.isoformat()}
    return envelope("ParticipantRegistered", payload, code, version, recorded_at)


def support_pledged(supporter: str, supported: str, day: date = START, recorded_at: datetime = T0) -> EventEnvelope:
    """A SupportPledged envelope of the registry (aggregate "pledge", id = "supporter:supported")."""
    payload = {"supporter_code": supporter, "supported_code": supported, "effective_from": day.isoformat()}
    return envelope("SupportPledged", payload, f"{supporter}:{supported}", 1, recorded_at)


def light(event: EventEnvelope) -> LightEnvelope:
    """The same event as the projection runner hands it over: from the JSON bytes on the topic."""
    return decode_light(orjson.dumps(event.model_dump(mode="json")))


async def write_batches(pool: Any, events: list, sizes: list[int]) -> None:
    """Write `events` through NtmFacts as the runner would: batches of `sizes`, one transaction each."""
    from .projection import NtmFacts  # asyncpg only where a test writes

    projection, start = NtmFacts(), 0
    for size in sizes:
        async with pool.acquire() as conn, conn.transaction():
            await projection.write(conn, projection.prepare(events[start:start + size]))
        start += size
    assert start >= len(events)
