"""Each check of the catalogue: pass, fail and pending, with its figures and messages (A2–A7)."""
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.awards import AchievementFile, Attachment, Check
from thidua_facts.domain.ntm_rate import UnitRate, rank_by_rate
from awards.domain.checks import run_checks
from awards.domain.eligibility_facts import resolve_nominee
from awards.domain.nominees import Nominee
from awards.domain.rules import a2_candidates, a5_candidates
from awards.domain.round_state import CouncilFinding
from awards.domain.testing import FILE, lang_son, with_check_day

FACTS = lang_son()


def judge(check: str, nominee: str, facts=FACTS, findings=None, file=FILE, rule="AX", **params):
    who = resolve_nominee(facts, nominee)
    assert who is not None
    (verdict,) = run_checks([Check(rule=rule, check=check, params=params)], who, file, facts, findings or {})
    return verdict


def finding(code: str, exemplary: bool) -> dict:
    return {code: CouncilFinding(code, exemplary, "Hội đồng nhất trí", date(2016, 2, 1), f"2011-2015/k/{code}")}


def test_the_plan_example_reads_as_the_issue_writes_it():
    facts = lang_son(recognised={"182": 1})  # Văn Lãng 1/14 drops below Văn Quan: Văn Quan 4th
    v = judge("ntm_rank_between", "184", facts, rule="A5", min=2, max=3)
    assert v.outcome == "fail" and v.rule == "A5" and v.check == "ntm_rank_between"
    assert v.message_vi.startswith("A5: Huyện Văn Quan xếp thứ 4 tại 31/12/2015 (2/14 xã = 14,3%)")
    assert v.message_en.startswith("A5: Văn Quan district ranks 4th on 2015-12-31 (2/14 xã = 14.3%)")
    assert v.figures | {"rate": None} == {"unit": "184", "name": "Huyện Văn Quan", "reference_date": "2015-12-31",
                                          "rank": 4, "recognised": 2, "communes": 14, "rate": None,
                                          "rank_min": 2, "rank_max": 3}
    assert v.figures["rate"] == pytest.approx(2 / 14, abs=1e-6)


def test_highest_rate_passes_rank_one_only():
    assert judge("highest_ntm_rate", "185", rule="A2").outcome == "pass"
    failed = judge("highest_ntm_rate", "180", rule="A2")
    assert failed.outcome == "fail" and failed.figures["rank"] == 2
    assert "Huyện Tràng Định xếp thứ 2" in failed.message_vi and "(6/22 xã = 27,3%)" in failed.message_vi


def test_a_tie_for_first_passes_both_and_a_district_with_nothing_recognised_never_does():
    tied = lang_son(recognised={"189": 5})  # Đình Lập 5/10 = Bắc Sơn 5/10
    assert [judge("highest_ntm_rate", d, tied).outcome for d in ("185", "189")] == ["pass", "pass"]
    nothing = lang_son(recognised={d: 0 for d in ("178", "180", "181", "182", "183", "184", "185", "186", "187",
                                                  "188", "189")})
    v = judge("highest_ntm_rate", "185", nothing, rule="A2")
    assert v.outcome == "fail" and v.figures["rank"] == 1 and "chưa có xã nào được công nhận" in v.message_vi


def test_rank_between_two_and_three_and_a_non_district_fails():
    assert [judge("ntm_rank_between", d, min=2, max=3).outcome for d in ("185", "180", "181", "182")] == \
        ["fail", "pass", "pass", "fail"]
    v = judge("ntm_rank_between", "18001", min=2, max=3)
    assert v.outcome == "fail" and "không phải đơn vị cấp huyện" in v.message_vi


def test_a_district_without_xa_is_not_ranked():
    facts = lang_son(xa={"178": 0})
    v = judge("ntm_rank_between", "178", facts, min=2, max=3)
    assert v.outcome == "fail" and v.figures["rank"] is None and "không có xã nào" in v.message_vi


def test_recognised_at_the_reference_date_and_still_on_the_check_day():
    assert judge("recognised", "18001", rule="A3").outcome == "pass"
    not_yet = judge("recognised", "18022", rule="A3")
    assert not_yet.outcome == "fail" and "chưa được công nhận" in not_yet.message_vi
    assert not_yet.figures == {"unit": "18022", "name": "Xã Tràng Định 22", "reference_date": "2015-12-31",
                               "recognised_at_reference": False}
    later = with_check_day(FACTS, date(2016, 4, 20), revoked={"18001"})
    revoked = judge("recognised", "18001", later, rule="A6")
    assert revoked.outcome == "fail" and "20/04/2016" in revoked.message_vi and "revoked" in revoked.message_en
    assert revoked.figures["recognised_at_check"] is False and revoked.figures["check_date"] == "2016-04-20"
    assert judge("recognised", "18002", later).outcome == "pass"


def test_council_exemplary_pending_pass_fail():
    assert judge("council_exemplary", "185").outcome == "pending"
    ok = judge("council_exemplary", "185", findings=finding("185", True))
    assert ok.outcome == "pass" and ok.figures["exemplary"] is True and "01/02/2016" in ok.message_vi
    no = judge("council_exemplary", "185", findings=finding("185", False))
    assert no.outcome == "fail" and "không tiêu biểu" in no.message_vi


def test_in_exemplary_district_reads_the_finding_on_the_communes_district():
    assert judge("in_exemplary_district", "18501").outcome == "pending"
    v = judge("in_exemplary_district", "18501", findings=finding("185", True))
    assert v.outcome == "pass" and v.figures["unit"] == "185" and v.message_vi.startswith("AX: Xã Bắc Sơn 1 thuộc Huyện Bắc Sơn")
    assert judge("in_exemplary_district", "18501", findings=finding("185", False)).outcome == "fail"
    # a finding on the commune itself is not one on its district
    assert judge("in_exemplary_district", "18501", findings=finding("18501", True)).outcome == "pending"
    assert judge("in_exemplary_district", "so-nn").outcome == "fail"  # in no district


def test_supports_units_counts_district_pledges_and_each_subordinates_communes():
    v = judge("supports_units", "so-nn", rule="A4", districts=1, subordinate_communes=2)
    assert v.outcome == "pass", v.message_vi
    assert v.figures["districts_supported"] == ["180"]
    assert v.figures["subordinates"] == [{"code": "cc-ptnt", "communes": ["18001", "18002"]},
                                         {"code": "tt-kn", "communes": ["18003", "180TT"]}]
    short = lang_son(pledges=[("so-nn", "180"), ("cc-ptnt", "18001"), ("cc-ptnt", "18002"), ("tt-kn", "18003"),
                              ("tt-kn", "178P1")])  # a phường is not a xã or thị trấn
    v = judge("supports_units", "so-nn", short, rule="A4", districts=1, subordinate_communes=2)
    assert v.outcome == "fail" and v.figures["subordinates_short"] == ["tt-kn"] and "Trung tâm Khuyến nông (1)" in v.message_vi
    # a commune pledge is not a district pledge
    assert judge("supports_units", "so-gt", districts=1, subordinate_communes=2).outcome == "fail"
    # no subordinate units: only the district part counts
    assert judge("supports_units", "hoi-nd", districts=1, subordinate_communes=2).outcome == "pass"
    assert judge("supports_units", "hoi-nd", districts=2, subordinate_communes=2).outcome == "fail"


def test_individual_standard_kinds_address_and_narrative():
    assert judge("individual_standard", "cb-nn", rule="A7").outcome == "pass"
    assert judge("individual_standard", "ho-18001").outcome == "pass"
    assert judge("individual_standard", "dnh-185").outcome == "pass"
    no_address = judge("individual_standard", "dnh-noaddr", rule="A7")
    assert no_address.outcome == "fail" and "địa chỉ" in no_address.message_vi and no_address.figures["address"] is False
    assert judge("individual_standard", "so-nn").outcome == "fail"
    blank = AchievementFile(justification="   ")
    assert judge("individual_standard", "cb-nn", file=blank).outcome == "fail"
    assert judge("individual_standard", "cb-nn", file=None).outcome == "pending"


def test_achievement_file_needs_a_justification_and_the_attachments_asked():
    assert judge("achievement_file", "185", attachments=1).outcome == "pass"
    v = judge("achievement_file", "185", attachments=2)
    assert v.outcome == "fail" and v.figures == {"attachments": 1, "attachments_required": 2, "justification": True}
    two = FILE.model_copy(update={"attachments": [Attachment(title="a"), Attachment(title="b")]})
    assert judge("achievement_file", "185", file=two, attachments=2).outcome == "pass"
    assert judge("achievement_file", "185", file=AchievementFile(justification="")).outcome == "fail"
    assert judge("achievement_file", "185", file=None).outcome == "pending"


def test_every_message_is_nfc_and_names_its_rule():
    import unicodedata
    for check, code, params in [("highest_ntm_rate", "180", {}), ("recognised", "18022", {}),
                                ("council_exemplary", "185", {}), ("supports_units", "so-gt", {})]:
        v = judge(check, code, rule="A9", **params)
        assert v.message_vi.startswith("A9: ") and v.message_en.startswith("A9: ")
        assert unicodedata.is_normalized("NFC", v.message_vi)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=11))
def test_the_rank_checks_agree_with_the_ranking_views_a2_a5_candidates(counts):
    rates = {f"{180 + i}": (max(n, k), min(n, k)) for i, (n, k) in enumerate(counts)}
    ranking = tuple(rank_by_rate([UnitRate(c, f"Huyện {c}", n, k) for c, (n, k) in sorted(rates.items())]))
    facts = replace(FACTS, ranking=ranking)

    def passing(check: str, **params) -> list[str]:
        return [c for c in sorted(rates) if run_checks([Check(rule="R", check=check, params=params)],
                                                       Nominee(c, "district", f"Huyện {c}", c, "20"), None, facts,
                                                       {})[0].outcome == "pass"]

    assert passing("highest_ntm_rate") == sorted(a2_candidates(ranking))
    assert passing("ntm_rank_between", min=2, max=3) == sorted(a5_candidates(ranking))
