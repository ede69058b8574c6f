"""`python -m thidua_deploy.schemas`: write the published JSON Schemas of every contract.

The files under contracts/schemas/ are what other agencies code against; a test compares them
with the models, so a change to a contract is a change to a committed file, seen in review.
"""
import json
from pathlib import Path

from contracts import accounts, awards, progress, registry, reporting
from contracts.envelope import EventEnvelope

SCHEMAS = Path(__file__).resolve().parents[2] / "contracts" / "schemas"


def published() -> dict[str, dict]:
    schemas = {"EventEnvelope": EventEnvelope.model_json_schema()}
    for module in (registry, progress, accounts, awards, reporting):
        for name, model in module.EVENT_TYPES.items():
            schemas[f"{module.__name__.split('.')[-1]}.{name}"] = model.model_json_schema()
    return schemas


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> None:
    SCHEMAS.mkdir(exist_ok=True)
    for name, schema in published().items():
        (SCHEMAS / f"{name}.json").write_text(render(schema), encoding="utf-8")
    print(f"wrote {len(published())} schemas to {SCHEMAS}")


if __name__ == "__main__":
    main()
