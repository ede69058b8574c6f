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
    # The day changes once per round of communes: its ISO strings are made once per round.
    round_of, day_text, occurred_text = -1, "", ""
    for i in range(count):
        commune, district = communes[i % len(communes)]
        versions[commune] = version = versions.get(commune, 0) + 1
        if i // len(communes) != round_of:
            round_of = i // len(communes)
            day_text = (date(2012, 1, 1) + timedelta(days=round_of % 3000)).isoformat()
            occurred_text = (START + timedelta(days=round_of % 3000)).isoformat()
        hex_id = f"{rng.getrandbits(128):032x}"  # str(uuid.UUID(int=...)), without the object
        envelope = {
            "event_id": f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}",
            "event_type": "CriterionAssessed",
            "schema_version": 1,
            "aggregate_type": "commune_progress",
            "aggregate_id": commune,
            "aggregate_version": version,
            "occurred_at": occurred_text,
            "recorded_at": occurred_text,
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
                "effective_date": day_text,
            },
        }
        yield commune.encode(), orjson.dumps(envelope)
