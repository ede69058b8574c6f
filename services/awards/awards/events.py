"""Appends of awards' events: one event on one stream, expected at the loaded version, written at
the newest version of its contract (thidua_kernel.upcasting.current_version)."""
from datetime import date, datetime, time, timezone

from pydantic import BaseModel

from thidua_kernel.messages import NewEvent, StreamAppend
from thidua_kernel.upcasting import current_version


def append_one(aggregate_type: str, aggregate_id: str, version: int, payload: BaseModel, day: date) -> StreamAppend:
    """Business time (occurred_at) is the start of the step's day (UTC), as the other services write it."""
    occurred_at = datetime.combine(day, time.min, tzinfo=timezone.utc)
    event_type = type(payload).__name__
    event = NewEvent(event_type, payload.model_dump(mode="json"), occurred_at, current_version(event_type))
    return StreamAppend(aggregate_type, aggregate_id, version, (event,))
