"""Registry events → programme rows: field names match the contracts, loud on a bad event."""
from datetime import date, datetime, timezone

import pytest

from contracts.registry import EVENT_TYPES, MovementRegistered, ParticipantRegistered, PilotDesignated, PlanDue
from contracts.registry import PlanSubmitted, SupportPledged, UnitRegistered
from thidua_facts.rows import UnreadableEvent
from thidua_facts.testing import envelope, light

from reporting.programme_rows import BUILDERS, programme_rows

AT = datetime(2012, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
D = date(2012, 1, 15)
ONE_OF_EACH = [
    ("ParticipantRegistered", ParticipantRegistered(code="CC", kind="subordinate_unit", name="Chi cục",
                                                    parent_code="SNN", effective_from=D), "CC"),
    ("PilotDesignated", PilotDesignated(unit_code="06046", level="district", designated_by="180",
                                        effective_from=D), "district:06046"),
    ("SupportPledged", SupportPledged(supporter_code="CC", supported_code="06046", effective_from=D), "CC:06046"),
    ("PlanDue", PlanDue(plan_code="QH-180", owner_code="180", title="Quy hoạch", due_date=date(2012, 2, 29)),
     "QH-180"),
    ("PlanSubmitted", PlanSubmitted(plan_code="QH-180", owner_code="180", submitted_on=date(2012, 3, 15),
                                    document_number="12/KH"), "QH-180"),
    ("MovementRegistered", MovementRegistered(unit_code="180", registered_on=D), "180"),
    ("UnitRegistered", UnitRegistered(code="180", level="district", unit_type="rural_district", name="Huyện",
                                      parent_code="20", effective_from=D, source="test"), "180"),
]


def events(read=lambda e: e):
    return [read(envelope(t, payload, aggregate, 3, AT, document_number="108/KH-UBND"))
            for t, payload, aggregate in ONE_OF_EACH]


@pytest.mark.parametrize("read", [lambda e: e, light], ids=["envelope", "light envelope"])
def test_every_programme_event_is_one_row_built_from_its_contract_model(read):
    rows = programme_rows(events(read))
    assert rows.participants == [("CC", 3, AT, "subordinate_unit", "Chi cục", "SNN", D)]
    assert rows.pilots == [("district", "06046", 3, AT, "180", D, "108/KH-UBND")]
    assert rows.pledges == [("CC", "06046", 3, AT, D, "108/KH-UBND")]
    assert rows.plan_deadlines == [("QH-180", 3, AT, "180", "Quy hoạch", date(2012, 2, 29))]
    assert rows.plan_submissions == [("QH-180", 3, AT, "180", date(2012, 3, 15), "12/KH")]
    assert rows.registrations == [("180", 3, AT, D, "108/KH-UBND")]


def test_the_builders_cover_the_registry_programme_events_and_only_those():
    assert set(BUILDERS) < set(EVENT_TYPES)
    assert set(BUILDERS) == {"ParticipantRegistered", "PilotDesignated", "SupportPledged", "PlanDue",
                             "PlanSubmitted", "MovementRegistered"}


def test_an_event_that_cannot_be_read_stops_the_projection_and_is_named():
    bad = light(envelope("PlanDue", {"plan_code": "x", "owner_code": "180", "title": "t"}, "x", 1, AT))
    with pytest.raises(UnreadableEvent, match="PlanDue .*due_date"):
        programme_rows([*events(light), bad])
    newer = light(envelope("PilotDesignated", ONE_OF_EACH[1][1], "district:06046", 1, AT))
    newer.schema_version = 2
    with pytest.raises(UnreadableEvent, match="schema_version 2"):
        programme_rows([newer])
