"""Every committed version of every event stays readable as the newest: documents drawn from the
committed schema of v_k, carried by the upcasters (thidua_kernel.upcasting), are valid under the
committed schema of v_N; and a later version removes no field that no upcaster carries."""
import json

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings

from thidua_deploy.schema_examples import documents
from thidua_deploy.schemas import SCHEMAS, event_versions, schema_path
from thidua_kernel.upcasting import UPCASTERS, UnknownSchemaVersion, upcast

VERSIONED = [(context, name, sorted(by_version)) for context, types in event_versions().items()
             for name, by_version in types.items()]
EVOLVED = [(c, n, v) for c, n, v in VERSIONED if len(v) > 1]


def committed_schema(context: str, event_type: str, version: int) -> dict:
    return json.loads((SCHEMAS / schema_path(context, event_type, version)).read_text(encoding="utf-8"))


def test_the_versions_of_every_event_type_run_from_1_without_a_gap():
    gaps = {name: versions for _, name, versions in VERSIONED if versions != list(range(1, len(versions) + 1))}
    assert gaps == {}


def test_every_upcaster_leads_from_a_published_version_to_the_next():
    published = {name: versions for _, name, versions in VERSIONED}
    for (event_type, version), upcaster in UPCASTERS.items():
        assert version + 1 in published.get(event_type, []), (event_type, version)
        assert upcaster.why, "an upcaster says why the version changed"
    for _, name, versions in EVOLVED:
        assert all((name, v) in UPCASTERS for v in versions[:-1]), name


@pytest.mark.parametrize(("context", "event_type", "versions"), EVOLVED, ids=[n for _, n, _ in EVOLVED])
def test_a_later_version_removes_no_field_an_upcaster_does_not_carry(context, event_type, versions):
    for older, newer in zip(versions, versions[1:]):
        before = set(committed_schema(context, event_type, older)["properties"])
        after = set(committed_schema(context, event_type, newer)["properties"])
        carried = dict(UPCASTERS[(event_type, older)].carries or {})
        assert before - after <= set(carried), f"v{newer} drops {sorted(before - after - set(carried))}"
        assert set(carried.values()) <= after, "a carried field lands in a field of the newer version"


@pytest.mark.parametrize(("context", "event_type", "versions"), EVOLVED, ids=[n for _, n, _ in EVOLVED])
def test_documents_of_every_version_upcast_to_valid_documents_of_the_newest(context, event_type, versions):
    newest = jsonschema_rs.validator_for(committed_schema(context, event_type, versions[-1]))
    for version in versions[:-1]:
        own = jsonschema_rs.validator_for(committed_schema(context, event_type, version))
        strategy = documents(committed_schema(context, event_type, version))

        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(strategy)
        def carried_to_the_newest(document):
            own.validate(document)  # the drawing itself is checked against the schema it came from
            newest.validate(upcast(event_type, version, document))

        carried_to_the_newest()


def test_a_version_newer_than_known_or_without_upcaster_is_refused():
    with pytest.raises(UnknownSchemaVersion, match="schema_version 3"):
        upcast("NominationDecided", 3, {})
    with pytest.raises(UnknownSchemaVersion, match="schema_version 2"):
        upcast("UnitRegistered", 2, {})
