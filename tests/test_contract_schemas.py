"""The committed JSON Schemas and AsyncAPI document are exactly what the contract models publish."""
import json

from thidua_deploy.asyncapi import asyncapi_document
from thidua_deploy.schemas import ASYNCAPI, committed, event_versions, published, render


def test_every_published_schema_is_committed_and_current():
    expected = published()
    on_disk = committed()
    assert sorted(on_disk) == sorted(expected), "run: python -m thidua_deploy.schemas"
    stale = [name for name, schema in expected.items() if on_disk[name] != render(schema)]
    assert stale == [], f"stale schemas {stale}: run python -m thidua_deploy.schemas"


def test_every_version_of_every_event_type_has_its_own_schema():
    expected = published()
    for context, types in event_versions().items():
        for name, versions in types.items():
            assert {f"{context}/{name}.v{v}" for v in versions} <= set(expected), name
    assert "awards/NominationDecided.v1" in expected and "awards/NominationDecided.v2" in expected


def test_the_asyncapi_document_is_committed_and_current():
    assert ASYNCAPI.read_text(encoding="utf-8") == render(asyncapi_document(event_versions())), (
        "run: python -m thidua_deploy.schemas")
    json.loads(ASYNCAPI.read_text(encoding="utf-8"))
