"""What every registry handler needs: aggregates loaded from the store, and appends built."""
from datetime import date, datetime, time, timezone

from pydantic import BaseModel

from thidua_kernel.eventstore import EventStore
from thidua_kernel.messages import NewEvent, StreamAppend
from thidua_kernel.upcasting import current_version, upcast

from ..domain.model import Unit, unit_change, unit_timeline
from ..domain.programme import Participant, participant_from_events


def at_start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def append(aggregate_type: str, aggregate_id: str, version: int,
           events: list[tuple[str, BaseModel, date]]) -> StreamAppend:
    """New events for one stream, each occurring at the start of its effective day, each at the
    newest version of its contract."""
    return StreamAppend(aggregate_type, aggregate_id, version, tuple(
        NewEvent(event_type, payload.model_dump(mode="json"), at_start_of(day), current_version(event_type))
        for event_type, payload, day in events
    ))


async def load_history(store: EventStore, aggregate_type: str,
                       aggregate_id: str) -> tuple[list[tuple[str, dict]], int]:
    """A stream's (event type, payload) pairs in order, and its version."""
    events = await store.load(aggregate_type, aggregate_id)
    return [(e.event_type, upcast(e.event_type, e.schema_version, e.payload)) for e in events], len(events)


async def load_unit(store: EventStore, code: str | None) -> tuple[Unit | None, int]:
    """The unit's timeline by the shared U8 fold, and its stream version."""
    if code is None:
        return None, 0
    events = await store.load("unit", code)
    changes = (unit_change(e.event_type, e.payload, e.aggregate_version, e.recorded_at, e.document_number)
               for e in events)
    return unit_timeline(changes), len(events)


async def load_participant(store: EventStore, code: str | None) -> tuple[Participant | None, int]:
    if code is None:
        return None, 0
    events, version = await load_history(store, "participant", code)
    return participant_from_events(events), version


async def load_party(store: EventStore, code: str | None) -> Unit | Participant | None:
    """A unit or a participant with this code (U4: one code names one of them)."""
    unit, _ = await load_unit(store, code)
    return unit if unit is not None else (await load_participant(store, code))[0]


async def path_of(store: EventStore, code: str, day: date) -> list[str]:
    """The codes from the top down to `code` on `day` (for scope checks: a district officer
    acts inside the district on its path)."""
    path: list[str] = [code]
    current: str | None = code
    for _ in range(6):  # province > district > commune > participant > subordinate: never deeper
        party = await load_party(store, current)
        if isinstance(party, Unit):
            version = party.on(day)
            current = version.parent_code if version else party.parent_code
        else:
            current = party.parent_code if party is not None else None
        if current is None or current in path:
            break
        path.insert(0, current)
    return path
