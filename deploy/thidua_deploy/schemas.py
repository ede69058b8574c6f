"""`python -m thidua_deploy.schemas`: write the published contracts, JSON Schemas and AsyncAPI.

The files under contracts/ are what other agencies code against; a test compares them with the
models, so a change to a contract is a change to a committed file, seen in review:
- contracts/schemas/EventEnvelope.json, the envelope every event travels in;
- contracts/schemas/<topic module>/<EventType>.v<N>.json, the payload of every published version
  of every event type (thidua_kernel.upcasting.published_versions: older ones stay, forever);
- contracts/asyncapi.json, every topic with its key, headers and messages (asyncapi.py).
"""
import json
from pathlib import Path

from contracts.envelope import EventEnvelope
from thidua_kernel.upcasting import TOPIC_MODULES, published_versions

from .asyncapi import asyncapi_document

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
SCHEMAS = CONTRACTS / "schemas"
ASYNCAPI = CONTRACTS / "asyncapi.json"
ENVELOPE = "EventEnvelope"


def context_of(module: object) -> str:
    return module.__name__.split(".")[-1]


def schema_path(context: str, event_type: str, version: int) -> str:
    """Where a version's payload schema is committed, relative to contracts/schemas/."""
    return f"{context}/{event_type}.v{version}.json"


def event_versions() -> dict[str, dict[str, dict[int, type]]]:
    """Topic module (context) → event type → version → payload model."""
    versions = published_versions()
    return {context_of(m): {name: versions[name] for name in m.EVENT_TYPES} for m in TOPIC_MODULES}


def published() -> dict[str, dict]:
    """Every committed schema by its path under contracts/schemas/ (without ".json")."""
    schemas = {ENVELOPE: EventEnvelope.model_json_schema()}
    for context, types in event_versions().items():
        for name, by_version in types.items():
            for version, model in by_version.items():
                schemas[schema_path(context, name, version).removesuffix(".json")] = model.model_json_schema()
    return schemas


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def committed() -> dict[str, str]:
    """The schema files as committed, by the same names as `published()`."""
    return {str(p.relative_to(SCHEMAS).with_suffix("")): p.read_text(encoding="utf-8")
            for p in SCHEMAS.rglob("*.json")}


def main() -> None:
    schemas = published()
    for stale in set(committed()) - set(schemas):
        (SCHEMAS / f"{stale}.json").unlink()
    for name, schema in schemas.items():
        path = SCHEMAS / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(schema), encoding="utf-8")
    ASYNCAPI.write_text(render(asyncapi_document(event_versions())), encoding="utf-8")
    print(f"wrote {len(schemas)} schemas to {SCHEMAS} and {ASYNCAPI.name}")


if __name__ == "__main__":
    main()
