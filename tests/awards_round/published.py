"""What another agency sees: the round's events on the awards topic, read with the published
contracts only (envelope + payload models), as the Department of Finance paying prizes would."""
from typing import Any

from contracts.awards import EVENT_TYPES
from contracts.envelope import EventEnvelope
from contracts.topics import AWARDS_EVENTS
from thidua_deploy.isolated import read_topic, wait_until

from .round_api import ROUND, Awards


def check_published(stack: Any, a: Awards) -> None:
    decided = {n["nomination_id"]: n for n in a.get(f"/rounds/{ROUND}/nominations")
               if n["status"] in ("approved", "rejected", "conferred")}
    definition = a.get(f"/rounds/{ROUND}")["definition"]
    judged = {k["code"] for k in definition["award_kinds"] if k["checks"]} | {
        kind for q in definition["quotas"] for kind in q["award_kinds"]}
    topic = stack.topic(AWARDS_EVENTS)

    def decisions_arrived() -> list[dict[str, Any]] | None:
        records = read_topic(stack.kafka, topic)
        seen = {r["payload"]["nomination_id"] for r in records if r["event_type"] == "NominationDecided"}
        return records if seen >= set(decided) else None

    records = wait_until(decisions_arrived, 60)
    ids = [r["event_id"] for r in records]
    assert len(ids) == len(set(ids)), "an event published twice"
    versions = sorted(r["aggregate_version"] for r in records if r["aggregate_id"] == ROUND)
    assert versions == list(range(1, len(versions) + 1)), "the round's stream has a gap or a repeat"
    assert len({r["partition"] for r in records if r["aggregate_id"] == ROUND}) == 1  # keyed by the round
    for record in records:
        envelope = EventEnvelope.model_validate({k: v for k, v in record.items() if k not in ("partition", "offset")})
        EVENT_TYPES[envelope.event_type].model_validate(envelope.payload)
        assert envelope.actor.principal_id and envelope.correlation_id and envelope.producer == "awards"
        if envelope.event_type == "NominationDecided":
            held = decided[envelope.payload["nomination_id"]]
            assert envelope.payload["outcome"] == ("rejected" if held["status"] == "rejected" else "approved")
            assert envelope.document_number == envelope.payload["decision_number"], envelope
            if held["award_kind"] in judged:
                assert envelope.payload["verdicts"], "a decision carries the verdicts it was taken on"
