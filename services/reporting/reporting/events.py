"""Appends of reporting's events: one event on one stream, expected at the loaded version."""
from datetime import date, datetime, time, timezone

from pydantic import BaseModel

from thidua_kernel.messages import NewEvent, StreamAppend


def append_one(aggregate_type: str, aggregate_id: str, version: int, payload: BaseModel, day: date) -> StreamAppend:
    """Business time (occurred_at) is the start of the step's day (UTC), as the other services write it."""
    occurred_at = datetime.combine(day, time.min, tzinfo=timezone.utc)
    event = NewEvent(type(payload).__name__, payload.model_dump(mode="json"), occurred_at)
    return StreamAppend(aggregate_type, aggregate_id, version, (event,))
