"""Reading an older version of an event as its newest: the one place every reader goes through.

contracts/ publishes each version of an event type (`VERSIONS` of a topic's module; an event type
not named there has only version 1) and stays data. The functions that carry a payload from one
version to the next live here, each beside the reason it exists, so the facts rows, the reporting
rows and a service folding its own stream read the same event the same way. A version with no
upcaster, or newer than the reader knows, is refused, not guessed (UnknownSchemaVersion).
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from contracts import accounts, awards, progress, registry, reporting

TOPIC_MODULES = (registry, progress, accounts, awards, reporting)
Payload = dict[str, Any]


class UnknownSchemaVersion(ValueError):
    """A payload version this code cannot read: newer than the newest it knows, or with no upcaster."""


@dataclass(frozen=True)
class Upcaster:
    """`event_type` payload at `from_version` → `from_version + 1`.

    `carries`: the fields of the older version that the newer one no longer has, each mapped by
    `upcast` to a field of the newer one (the compatibility test refuses a removal not named here).
    """

    event_type: str
    from_version: int
    upcast: Callable[[Payload], Payload]
    why: str
    carries: Mapping[str, str] | None = None


def _nomination_decided_v1_to_v2(payload: Payload) -> Payload:
    round_code, award_kind, nominee_code = payload["nomination_id"].split("/", 2)
    return {**payload, "round_code": round_code, "award_kind": award_kind, "nominee_code": nominee_code}


def _participant_registered_v1_to_v2(payload: Payload) -> Payload:
    return {**payload, "personal_data": None}


UPCASTERS: dict[tuple[str, int], Upcaster] = {
    (u.event_type, u.from_version): u for u in (
        Upcaster("NominationDecided", 1, _nomination_decided_v1_to_v2,
                 "v2 names the round, award kind and nominee that v1 held only inside nomination_id"
                 " (\"<round>/<award kind>/<nominee code>\", codes without \"/\" but the nominee's)"),
        Upcaster("ParticipantRegistered", 1, _participant_registered_v1_to_v2,
                 "v2 seals an individual's name and address in personal_data (a key per person, issue 11);"
                 " a v1 event stays as recorded: name and address in clear, no token"),
    )
}


@cache
def published_versions() -> dict[str, dict[int, type]]:
    """Every event type of every topic → its published payload models by version (read-only)."""
    versions: dict[str, dict[int, type]] = {}
    for module in TOPIC_MODULES:
        past = getattr(module, "VERSIONS", {})
        for name, model in module.EVENT_TYPES.items():
            versions[name] = dict(past.get(name, {1: model}))
    return versions


def current_version(event_type: str) -> int:
    """The version producers write now (1 for a type that never changed, or unknown here)."""
    return max(published_versions().get(event_type, {1: None}))


def upcast(event_type: str, version: int, payload: Payload, to_version: int | None = None) -> Payload:
    """`payload` (at `version`) as `to_version` (default: the newest), one upcaster at a time."""
    target = current_version(event_type) if to_version is None else to_version
    if version > target:
        raise UnknownSchemaVersion(f"{event_type}: schema_version {version} is newer than {target}, has no upcaster")
    while version < target:
        step = UPCASTERS.get((event_type, version))
        if step is None:
            raise UnknownSchemaVersion(f"{event_type}: schema_version {version} has no upcaster")
        payload, version = step.upcast(payload), version + 1
    return payload
