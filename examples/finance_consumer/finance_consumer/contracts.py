"""thidua's published contracts as this consumer reads them: the committed JSON Schemas.

Every record is checked against the envelope schema and against the schema of its event type at
its `schema_version` (schemas/<topic module>/<EventType>.v<N>.json); a record that fails is
refused loudly, not skipped. Older versions are read as the newest by the rules the contracts
publish (docs/consumers.md, "Versions").
"""
import json
from pathlib import Path
from typing import Any

import jsonschema_rs

CONTEXT = "awards"


class RefusedRecord(ValueError):
    """A record that is not a valid event of the published contracts."""


class PublishedContracts:
    def __init__(self, schemas_dir: Path) -> None:
        self._dir = schemas_dir
        self._validators: dict[str, Any] = {}
        self._envelope = self._validator("EventEnvelope.json")

    def _validator(self, relative: str) -> Any:
        if relative not in self._validators:
            path = self._dir / relative
            if not path.exists():
                raise RefusedRecord(f"no published schema {relative}")
            self._validators[relative] = jsonschema_rs.validator_for(json.loads(path.read_text(encoding="utf-8")))
        return self._validators[relative]

    def checked(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """The envelope, once it and its payload are valid under the published schemas."""
        try:
            self._envelope.validate(envelope)
            payload_schema = f"{CONTEXT}/{envelope['event_type']}.v{envelope.get('schema_version', 1)}.json"
            self._validator(payload_schema).validate(envelope["payload"])
        except jsonschema_rs.ValidationError as exc:
            raise RefusedRecord(f"event {envelope.get('event_id')}: {exc}") from exc
        return envelope


def decision_as_v2(payload: dict[str, Any], version: int) -> dict[str, Any]:
    """NominationDecided v1 as v2: v1 named the round, award kind and nominee only inside
    nomination_id ("<round>/<award kind>/<nominee code>", the published rule)."""
    if version >= 2:
        return payload
    round_code, award_kind, nominee_code = payload["nomination_id"].split("/", 2)
    return {**payload, "round_code": round_code, "award_kind": award_kind, "nominee_code": nominee_code}
