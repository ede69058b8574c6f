"""What every registry handler needs: loading aggregates from the store, and building appends."""
from datetime import date, datetime, time, timezone

from pydantic import BaseModel

from thidua_kernel.eventstore import EventStore
from thidua_kernel.messages import NewEvent, StreamAppend

from ..domain.model import Unit, UnitChange, unit_timeline
from ..domain.programme import Participant, participant_from_events


def at_start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def append(aggregate_type: str, aggregate_id: str, version: int,
           events: list[tuple[str, BaseModel, date]]) -> StreamAppend:
    """New events for one stream, each occurring at the start of its effective day."""
    return StreamAppend(aggregate_type, aggregate_id, version, tuple(
        NewEvent(event_type, payload.model_dump(mode="json"), at_start_of(day)) for event_type, payload, day in events
    ))


class Loading:
    """Mixin: rebuild aggregates from their streams (`self.store`)."""

    store: EventStore

    async def _history(self, aggregate_type: str, aggregate_id: str) -> tuple[list[tuple[str, dict]], int]:
        events = await self.store.load(aggregate_type, aggregate_id)
        return [(e.event_type, e.payload) for e in events], len(events)

    async def _unit(self, code: str | None) -> tuple[Unit | None, int]:
        if code is None:
            return None, 0
        events = await self.store.load("unit", code)
        changes = [UnitChange(e.event_type, e.payload, e.aggregate_version, e.document_number) for e in events]
        return unit_timeline(changes), len(events)

    async def _participant(self, code: str | None) -> tuple[Participant | None, int]:
        if code is None:
            return None, 0
        history, version = await self._history("participant", code)
        return participant_from_events(history), version

    async def _party(self, code: str | None) -> Unit | Participant | None:
        """A unit or a participant with this code (U4: one code names one of them)."""
        unit, _ = await self._unit(code)
        return unit if unit is not None else (await self._participant(code))[0]

    async def _path(self, code: str, day: date) -> list[str]:
        """The codes from the top down to `code` on `day` (for scope checks: a district officer
        acts inside the district on its path)."""
        path: list[str] = [code]
        current: str | None = code
        for _ in range(6):  # province > district > commune > participant > subordinate: never deeper
            party = await self._party(current)
            if isinstance(party, Unit):
                version = party.on(day)
                current = version.parent_code if version else party.parent_code
            else:
                current = party.parent_code if party is not None else None
            if current is None or current in path:
                break
            path.insert(0, current)
        return path
