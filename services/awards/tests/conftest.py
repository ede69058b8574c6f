"""Helpers shared by awards' tests: envelopes built the way the producers build them."""
from collections.abc import Callable
from datetime import datetime, timezone
from uuid import uuid4

import pytest
from pydantic import BaseModel

from contracts.envelope import Actor, EventEnvelope

AGGREGATE_TYPE = {
    "UnitRegistered": "unit", "UnitDissolved": "unit", "ClusterFormed": "cluster",
    "CriteriaSetPublished": "criteria_set", "TargetSet": "target",
}


def make_envelope(event_type: str, payload: BaseModel, aggregate_id: str, version: int = 1) -> EventEnvelope:
    """An envelope as the kernel's event store writes it (payload dumped to JSON types)."""
    at = datetime(2024, 1, 1, tzinfo=timezone.utc)
    return EventEnvelope(
        event_id=uuid4(), event_type=event_type, aggregate_type=AGGREGATE_TYPE.get(event_type, "commune_progress"),
        aggregate_id=aggregate_id, aggregate_version=version, occurred_at=at, recorded_at=at,
        actor=Actor(principal_id="test", role="province_board", scope="20"), correlation_id=uuid4(),
        producer="test", payload=payload.model_dump(mode="json"),
    )


@pytest.fixture
def envelope() -> Callable[..., EventEnvelope]:
    return make_envelope
