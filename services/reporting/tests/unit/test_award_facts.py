"""The award facts (A8-A11) and R2's nominations and awards section, pure: rows from the awards
events, where each nomination stands at (as_of, known_at), the awards decided and conferred."""
from datetime import date, timedelta

import pytest

from contracts import awards as contract
from thidua_facts.rows import UnreadableEvent
from thidua_facts.testing import light

from reporting.award_report import awards_section
from reporting.award_rows import BUILDERS, award_rows
from reporting.award_testing import CONFERRAL_ENTERED, award_events, award_facts
from reporting.domain.awards import STATUSES, AwardFactsKnown

FLAG, A, B, CB1 = "2011-2015/co-huyen/180", "2011-2015/bk-xa/a", "2011-2015/bk-xa/b", "2011-2015/bk-ca-nhan/CB1"


def section(as_of: date, known_at=None) -> dict:
    return awards_section(award_facts([light(e) for e in award_events()]), "20", as_of, known_at)


def statuses(s: dict) -> dict[str, str]:
    [r] = s["rounds"]
    return {n["nomination_id"]: n["status"] for n in r["nominations"]}


def test_the_rows_read_fields_the_contracts_have():
    read = {"RoundDefined": {"code", "province_code", "title_vi", "title_en", "kind", "period_from", "period_to",
                             "nominations_open", "nominations_due", "award_kinds"},
            "NominationSubmitted": {"nomination_id", "award_kind", "nominee_code", "nominee_kind", "nominee_name",
                                    "nominee_district", "nominating_unit", "submitted_on"},
            "NominationDecided": {"nomination_id", "outcome", "decision_number", "decision_date"},
            "AwardConferred": {"nomination_id", "conferred_on", "certificate_number"}}
    assert set(BUILDERS) <= set(contract.EVENT_TYPES)
    for event_type, fields in read.items():
        assert fields <= set(contract.EVENT_TYPES[event_type].model_fields), event_type


def test_status_at_each_day_follows_the_steps_dated_by_then():
    assert section(date(2015, 12, 31))["rounds"] == []  # nominations open on 1 January 2016
    assert statuses(section(date(2016, 1, 15))) == {FLAG: "submitted"}
    assert statuses(section(date(2016, 2, 5))) == {FLAG: "received", A: "received", B: "withdrawn", CB1: "received"}
    assert statuses(section(date(2016, 2, 16))) == {FLAG: "reviewed", A: "reviewed", B: "submitted", CB1: "reviewed"}
    at_april = section(date(2016, 4, 15))
    assert statuses(at_april) == {FLAG: "approved", A: "rejected", B: "received", CB1: "approved"}
    assert at_april["counts"] == {**{s: 0 for s in STATUSES}, "approved": 2, "rejected": 1, "received": 1}
    assert statuses(section(date(2016, 6, 30))) == {FLAG: "conferred", A: "rejected", B: "received", CB1: "approved"}


def test_the_awards_decided_with_their_decision_and_conferral():
    [r] = section(date(2016, 6, 30))["rounds"]
    assert r["awards"] == [
        {"nomination_id": CB1, "award_kind": "bk-ca-nhan", "award_name_vi": "Bằng khen cá nhân",
         "nominee_code": "CB1", "nominee_kind": "official", "nominee_name": None,
         "decision_number": "12/QĐ-UBND", "decision_date": "2016-04-01", "conferred_on": None,
         "certificate_number": None},
        {"nomination_id": FLAG, "award_kind": "co-huyen", "award_name_vi": "Cờ thi đua", "nominee_code": "180",
         "nominee_kind": "district", "nominee_name": "Huyện Tràng Định", "decision_number": "12/QĐ-UBND",
         "decision_date": "2016-04-01", "conferred_on": "2016-05-19", "certificate_number": "CT-01"}]
    by_id = {n["nomination_id"]: n for n in r["nominations"]}
    assert by_id[A]["decision_number"] == "12/QĐ-UBND" and by_id[A]["status_on"] == "2016-04-01"
    assert by_id[B]["submitted_on"] == "2016-02-15"  # submitted again after its withdrawal
    assert [n["nomination_id"] for n in r["nominations"]] == [FLAG, A, B, CB1]  # the round's kinds, in order
    assert [(k["code"], k["counts"]["approved"], k["counts"]["conferred"]) for k in r["by_kind"]] == [
        ("co-huyen", 0, 1), ("bk-xa", 0, 0), ("bk-ca-nhan", 1, 0)]
    assert (r["code"], r["title_vi"], r["period_from"], r["period_to"]) == ("2011-2015", "Tổng kết 2011-2015", 2011, 2015)


def test_an_individual_nominee_is_never_named():
    rows = award_rows([light(e) for e in award_events()])
    assert {r[7]: r[9] for r in rows.steps if r[4] == "submitted"}["CB1"] is None
    assert "Nguyễn Văn Một" not in str(section(date(2016, 6, 30)))


def test_an_old_known_at_does_not_see_later_events():
    before = CONFERRAL_ENTERED - timedelta(microseconds=1)
    assert statuses(section(date(2016, 6, 30), before))[FLAG] == "approved"
    assert section(date(2016, 6, 30), CONFERRAL_ENTERED)["rounds"][0]["awards"][1]["conferred_on"] == "2016-05-19"
    # Asked again with an old known_at: the same answer, whatever is recorded since.
    events = [light(e) for e in award_events() if e.recorded_at <= before]
    early = awards_section(award_facts(events), "20", date(2016, 6, 30), before)
    assert early == section(date(2016, 6, 30), before)
    assert section(date(2016, 4, 15), CONFERRAL_ENTERED - timedelta(days=200))["rounds"] == []  # not defined yet
    assert section(date(2016, 4, 15), CONFERRAL_ENTERED - timedelta(days=140))["rounds"][0]["nominations"] == []


def test_other_provinces_rounds_and_rounds_not_open_are_left_out():
    assert [r["code"] for r in section(date(2021, 6, 1))["rounds"]] == ["2011-2015", "2016-2020"]
    assert awards_section(AwardFactsKnown(), "20", date(2016, 1, 1), None) == {
        "rounds": [], "counts": {s: 0 for s in STATUSES}}


def test_an_unreadable_award_event_stops_the_projection_naming_it():
    bad = light(award_events()[1])
    bad.payload.pop("nominee_code")
    with pytest.raises(UnreadableEvent, match="NominationSubmitted"):
        award_rows([bad])
