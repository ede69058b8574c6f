"""Synthetic progress events for the rebuild benchmark: real envelopes, real communes, made fast."""
import random
import uuid
from datetime import date, datetime, timedelta, timezone

import orjson

ACTOR = {"principal_id": "bench", "role": "province_board", "scope": "20"}
START = datetime(2012, 1, 1, tzinfo=timezone.utc)


def assessment_envelopes(communes: list[tuple[str, str]], count: int, seed: int = 108):
    """`count` CriterionAssessed envelopes as (key, JSON bytes), versions in order per commune."""
    rng = random.Random(seed)
    versions: dict[str, int] = {}
    correlation = str(uuid.UUID(int=rng.getrandbits(128)))
    for i in range(count):
        commune, district = communes[i % len(communes)]
        versions[commune] = version = versions.get(commune, 0) + 1
        day = date(2012, 1, 1) + timedelta(days=(i // len(communes)) % 3000)
        occurred = START + timedelta(days=(i // len(communes)) % 3000)
        envelope = {
            "event_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "event_type": "CriterionAssessed",
            "schema_version": 1,
            "aggregate_type": "commune_progress",
            "aggregate_id": commune,
            "aggregate_version": version,
            "occurred_at": occurred.isoformat(),
            "recorded_at": occurred.isoformat(),
            "actor": ACTOR,
            "reason": None,
            "document_number": f"BB-{i}",
            "correlation_id": correlation,
            "causation_id": None,
            "producer": "progress",
            "payload": {
                "commune_code": commune,
                "district_code": district,
                "criteria_set_id": "2009",
                "criterion": 1 + i % 19,
                "met": rng.random() < 0.6,
                "indicator_values": {},
                "evidence": None,
                "effective_date": day.isoformat(),
            },
        }
        yield commune.encode(), orjson.dumps(envelope)
