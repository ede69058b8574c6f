"""Events → fact rows: field names match the contracts, every event is a row, loud on bad events."""
from datetime import date, datetime, timedelta, timezone

import msgspec
import orjson
import pytest
from pydantic import BaseModel

from contracts.progress import CommuneRecognised, CriteriaSetPublished, CriterionAssessed, Criterion
from contracts.progress import CriteriaAssessed, CriterionResult, RecognitionRevoked, TargetSet
from contracts.registry import ClusterFormed, ClusterMembershipChanged, UnitDissolved, UnitMoved
from contracts.registry import ParticipantRegistered, SupportPledged, UnitRegistered, UnitRenamed
from thidua_facts.rows import BUILDERS, FactEnvelope, UnreadableEvent, _upcast, fact_rows
from thidua_facts.testing import envelope, light

D = date(2014, 5, 1)
AT = datetime(2014, 5, 2, 3, 4, 5, tzinfo=timezone.utc)
ONE_OF_EACH: list[tuple[str, BaseModel, str]] = [
    ("UnitRegistered", UnitRegistered(code="05986", level="commune", unit_type="township", name="Thị trấn Đồng Đăng",
                                      parent_code="178", effective_from=date(2011, 1, 1), source="test"), "05986"),
    ("UnitRenamed", UnitRenamed(code="05986", name="Xã Đồng Đăng", effective_date=date(2025, 7, 1),
                                unit_type="rural_commune"), "05986"),
    ("UnitMoved", UnitMoved(code="05986", parent_code="20", effective_date=date(2025, 7, 1)), "05986"),
    ("UnitDissolved", UnitDissolved(code="05986", effective_to=date(2026, 1, 1), successor_code="05989",
                                    successor_codes=["05989", "05992"]), "05986"),
    ("ClusterFormed", ClusterFormed(code="noi-dia", kind="cluster", name="Cụm nội địa", member_codes=["178", "185"],
                                    effective_from=date(2012, 1, 1)), "noi-dia"),
    ("ClusterMembershipChanged", ClusterMembershipChanged(code="noi-dia", member_codes=["185"],
                                                          effective_from=date(2014, 1, 1)), "noi-dia"),
    ("CriteriaSetPublished", CriteriaSetPublished(
        set_id="qd491", decision="491/QĐ-TTg", effective_from=date(2009, 4, 16),
        criteria=[Criterion(number=1, group="I", name_vi="Quy hoạch", name_en="Planning")]), "qd491"),
    ("CriterionAssessed", CriterionAssessed(commune_code="05986", district_code="178", criteria_set_id="qd491",
                                            criterion=2, met=True, effective_date=D, evidence="BB-1",
                                            indicator_values={"2.1": 75.0}), "05986"),
    ("CommuneRecognised", CommuneRecognised(commune_code="05986", district_code="178", criteria_set_id="qd491",
                                            decision_number="1/QĐ-UBND", effective_date=D), "05986"),
    ("RecognitionRevoked", RecognitionRevoked(commune_code="05986", district_code="178",
                                              decision_number="2/QĐ-UBND", effective_date=D), "05986"),
    ("TargetSet", TargetSet(unit_code="20", year=2015, ntm_rate=0.2), "20-2015"),
    ("CriteriaAssessed", CriteriaAssessed(commune_code="05986", district_code="178", criteria_set_id="qd491",
                                          effective_date=D, results=[
                                              CriterionResult(criterion=1, met=True, evidence="BB-2"),
                                              CriterionResult(criterion=3, met=False, indicator_values={"3.1": 40.0})]),
     "05986"),
    ("ParticipantRegistered", ParticipantRegistered(code="so-nn", kind="department", name="Sở Nông nghiệp và PTNT",
                                                    effective_from=date(2011, 3, 1)), "so-nn"),
    ("SupportPledged", SupportPledged(supporter_code="so-nn", supported_code="178", effective_from=D), "so-nn:178"),
]


def events(read=lambda e: e):
    return [read(envelope(t, payload, agg, version, AT + timedelta(seconds=version), document_number=f"doc-{version}"))
            for version, (t, payload, agg) in enumerate(ONE_OF_EACH, 1)]


@pytest.mark.parametrize("read", [lambda e: e, light], ids=["envelope", "light envelope"])
def test_every_event_type_read_is_built_from_its_contract_model(read):
    rows = fact_rows(events(read))
    at = lambda v: AT + timedelta(seconds=v)  # noqa: E731
    assert set(BUILDERS) == {t for t, _, _ in ONE_OF_EACH}
    assert rows.unit_changes == [
        ("05986", 1, "registered", date(2011, 1, 1), at(1), "commune", "township", "Thị trấn Đồng Đăng", "178",
         None, None, "doc-1"),
        ("05986", 2, "renamed", date(2025, 7, 1), at(2), None, "rural_commune", "Xã Đồng Đăng", None, None, None,
         "doc-2"),
        ("05986", 3, "moved", date(2025, 7, 1), at(3), None, None, None, "20", None, None, "doc-3"),
        ("05986", 4, "dissolved", date(2026, 1, 1), at(4), None, None, None, None, "05989", '["05989","05992"]',
         "doc-4"),
    ]
    assert rows.clusters == [("noi-dia", 5, date(2012, 1, 1), at(5), "cluster", "Cụm nội địa", ["178", "185"]),
                             ("noi-dia", 6, date(2014, 1, 1), at(6), None, None, ["185"])]
    assert rows.criteria_sets[0][:5] == ("qd491", 7, at(7), "491/QĐ-TTg", date(2009, 4, 16))
    assert rows.assessments == [("05986", 2, D, 8, at(8), True, "qd491", "BB-1", '{"2.1":75.0}', "doc-8"),
                                ("05986", 1, D, 12, at(12), True, "qd491", "BB-2", None, "doc-12"),
                                ("05986", 3, D, 12, at(12), False, "qd491", None, '{"3.1":40.0}', "doc-12")]
    assert rows.recognitions == [("05986", D, 9, at(9), True, "1/QĐ-UBND", "qd491"),
                                 ("05986", D, 10, at(10), False, "2/QĐ-UBND", None)]
    assert rows.targets == [("20", 2015, 11, at(11), 0.2)]
    assert rows.participants == [("so-nn", 13, at(13), "department", "Sở Nông nghiệp và PTNT", None, None,
                                  date(2011, 3, 1), "doc-13", None)]
    assert rows.pledges == [("so-nn", "178", 14, at(14), D, "doc-14")]


def test_every_event_is_a_row_of_its_own_so_the_batches_do_not_matter():
    first, second = TargetSet(unit_code="20", year=2015, ntm_rate=0.2), TargetSet(unit_code="20", year=2015, ntm_rate=0.25)
    both = fact_rows([envelope("TargetSet", first, "t", 1), envelope("TargetSet", second, "t", 2)])
    apart = [fact_rows([envelope("TargetSet", p, "t", v)]).targets for v, p in ((1, first), (2, second))]
    assert [r[4] for r in both.targets] == [0.2, 0.25] and [r[4] for rows in apart for r in rows] == [0.2, 0.25]


def test_event_types_it_does_not_know_are_skipped():
    unknown = envelope("NominationSubmitted", TargetSet(unit_code="20", year=1, ntm_rate=0), "x")
    assert fact_rows([unknown]) == fact_rows([])


def test_a_payload_missing_a_field_stops_the_projection_naming_the_event():
    event = envelope("UnitDissolved", TargetSet(unit_code="20", year=2015, ntm_rate=0.2), "20")
    with pytest.raises(UnreadableEvent, match=f"UnitDissolved {event.event_id}"):
        fact_rows([event])


def test_an_unknown_schema_version_is_refused_not_guessed():
    t, payload, agg = ONE_OF_EACH[7]
    event = envelope(t, payload, agg).model_copy(update={"schema_version": 2})
    with pytest.raises(UnreadableEvent, match="schema_version 2"):
        fact_rows([event])


def test_an_older_version_is_read_as_the_newest_through_the_shared_upcaster():
    v1 = {"nomination_id": "2011-2015/co-huyen/185", "outcome": "approved", "reasons": "Đủ",
          "decision_number": "1/QĐ", "decision_date": "2016-04-01"}
    at = datetime(2016, 4, 1, tzinfo=timezone.utc)
    event = FactEnvelope("NominationDecided", msgspec.Raw(orjson.dumps(v1)), 3, at, "e1", schema_version=1)
    read = _upcast(event, 2)
    assert read.schema_version == 2
    assert orjson.loads(bytes(read.payload)) == {**v1, "round_code": "2011-2015", "award_kind": "co-huyen",
                                                 "nominee_code": "185"}
