"""The envelope every event travels in, on every topic."""
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Actor(BaseModel):
    """Who did it: the authenticated principal, its role and its scope (a unit code)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    principal_id: str
    role: str
    scope: str


class EventEnvelope(BaseModel):
    """One recorded fact. `occurred_at` is business time; `recorded_at` is when we learnt it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID
    event_type: str
    schema_version: int = 1
    aggregate_type: str
    aggregate_id: str
    aggregate_version: int = Field(ge=1)
    occurred_at: datetime
    recorded_at: datetime
    actor: Actor
    reason: str | None = None
    document_number: str | None = None
    correlation_id: UUID
    causation_id: UUID | None = None
    producer: str
    payload: dict[str, Any]
