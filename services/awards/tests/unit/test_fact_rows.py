"""Events → fact rows: field names match the contracts, last-wins per key, loud on bad events."""
from datetime import date

import pytest
from pydantic import BaseModel

from contracts.progress import CommuneRecognised, CriteriaSetPublished, CriterionAssessed, Criterion
from contracts.progress import RecognitionRevoked, TargetSet
from contracts.registry import ClusterFormed, UnitDissolved, UnitRegistered
from awards.facts import BUILDERS, UnreadableEvent, fact_rows

D = date(2014, 5, 1)
ONE_OF_EACH: list[tuple[str, BaseModel, str]] = [
    ("UnitRegistered", UnitRegistered(code="05986", level="commune", unit_type="rural_commune", name="Xã Hoàng Đồng",
                                      parent_code="178", effective_from=date(2011, 1, 1), source="test"), "05986"),
    ("UnitDissolved", UnitDissolved(code="05986", effective_to=date(2020, 1, 1), successor_code="05989"), "05986"),
    ("ClusterFormed", ClusterFormed(code="noi-dia", kind="cluster", name="Cụm nội địa", member_codes=["178", "185"],
                                    effective_from=date(2012, 1, 1)), "noi-dia"),
    ("CriteriaSetPublished", CriteriaSetPublished(
        set_id="qd491", decision="491/QĐ-TTg", effective_from=date(2009, 4, 16),
        criteria=[Criterion(number=1, group="I", name_vi="Quy hoạch", name_en="Planning")]), "qd491"),
    ("CriterionAssessed", CriterionAssessed(commune_code="05986", district_code="178", criteria_set_id="qd491",
                                            criterion=2, met=True, effective_date=D), "05986"),
    ("CommuneRecognised", CommuneRecognised(commune_code="05986", district_code="178", criteria_set_id="qd491",
                                            decision_number="1/QĐ-UBND", effective_date=D), "05986"),
    ("RecognitionRevoked", RecognitionRevoked(commune_code="05986", district_code="178",
                                              decision_number="2/QĐ-UBND", effective_date=D), "05986"),
    ("TargetSet", TargetSet(unit_code="20", year=2015, ntm_rate=0.2), "20-2015"),
]


def test_every_event_type_read_is_built_from_its_contract_model(envelope):
    events = [envelope(t, payload, agg, version) for version, (t, payload, agg) in enumerate(ONE_OF_EACH, 1)]
    rows = fact_rows(events)
    assert set(BUILDERS) == {"UnitRegistered", "UnitDissolved", "ClusterFormed", "CommuneRecognised",
                             "RecognitionRevoked"}
    assert rows.units["05986"] == ("05986", "commune", "rural_commune", "Xã Hoàng Đồng", "178", date(2011, 1, 1))
    assert rows.dissolutions["05986"] == ("05986", date(2020, 1, 1), "05989")
    assert rows.clusters[("noi-dia", date(2012, 1, 1))][4] == ["178", "185"]
    assert rows.recognitions == [("05986", D, 6, True, "1/QĐ-UBND"), ("05986", D, 7, False, "2/QĐ-UBND")]
    # Assessments, criteria sets and targets are not facts the ranking needs: skipped.


def test_the_last_event_per_key_wins_within_a_batch(envelope):
    first = UnitDissolved(code="05986", effective_to=date(2020, 1, 1))
    second = UnitDissolved(code="05986", effective_to=date(2019, 12, 1), successor_code="05989")
    rows = fact_rows([envelope("UnitDissolved", first, "05986", 2), envelope("UnitDissolved", second, "05986", 3)])
    assert list(rows.dissolutions.values()) == [("05986", date(2019, 12, 1), "05989")]


def test_event_types_it_does_not_report_on_are_skipped(envelope):
    assert fact_rows([envelope("NominationSubmitted", TargetSet(unit_code="20", year=1, ntm_rate=0), "x")]) == fact_rows([])


def test_a_payload_missing_a_field_stops_the_projection_naming_the_event(envelope):
    event = envelope("UnitDissolved", TargetSet(unit_code="20", year=2015, ntm_rate=0.2), "20")
    with pytest.raises(UnreadableEvent, match=f"UnitDissolved {event.event_id}"):
        fact_rows([event])


def test_an_unknown_schema_version_is_refused_not_guessed(envelope):
    t, payload, agg = ONE_OF_EACH[5]
    event = envelope(t, payload, agg).model_copy(update={"schema_version": 2})
    with pytest.raises(UnreadableEvent, match="schema_version 2"):
        fact_rows([event])
