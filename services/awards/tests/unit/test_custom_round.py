"""A10: a round defined without the preset (other kinds, checks and quotas) works the same."""
from datetime import date

import pytest

from contracts.awards import AwardKind, Check, Prize, Quota, RoundDefined
from awards.domain.decisions import decide_decision, decide_define_round
from awards.domain.round_state import fold_round
from awards.domain.testing import RoundLog, lang_son, xa_codes
from awards.domain.views import candidates, dashboard
from thidua_kernel.errors import DomainRefusal

ROUND = RoundDefined(
    code="2016", title_vi="Khen thưởng năm 2016", title_en="The 2016 awards", kind="annual",
    period_from=2016, period_to=2016, reference_date=date(2015, 12, 31), nominations_open=date(2016, 1, 1),
    nominations_due=date(2016, 2, 29), province_code="20", guidance="05/HD-HĐTĐKT",
    award_kinds=[
        AwardKind(code="top_district", name_vi="Huyện dẫn đầu", name_en="Leading district", level="provincial",
                  nominee_kinds=["district"], nominated_by=["province"],
                  checks=[Check(rule="R1", check="ntm_rank_between", params={"min": 1, "max": 2})],
                  prize=Prize(amount_vnd=50_000_000)),
        AwardKind(code="good_commune", name_vi="Xã tiêu biểu", name_en="Exemplary commune", level="provincial",
                  nominee_kinds=["rural_commune"], nominated_by=["district", "province"],
                  checks=[Check(rule="R2", check="recognised"),
                          Check(rule="R2", check="achievement_file", params={"attachments": 1})]),
    ],
    quotas=[
        Quota(rule="R3", award_kinds=["top_district"], group="round", maximum=1, description_vi="Một huyện",
              description_en="One district"),
        Quota(rule="R4", award_kinds=["good_commune"], group="nominee_cluster", maximum=2, minimum=1,
              description_vi="Hai xã mỗi cụm", description_en="Two communes per cluster"),
        Quota(rule="R5", award_kinds=["good_commune"], group="nominee_district", share_of_communes_pct=10,
              description_vi="10% số xã", description_en="10% of the xã"),
    ],
)


def test_a_round_of_other_kinds_and_quotas_runs_its_own_rules():
    assert decide_define_round(fold_round("2016", []), ROUND) == ROUND
    log = RoundLog.of(ROUND, lang_son())
    event = log.submit("top_district", "180", "20", on=date(2016, 1, 10))
    assert [(v.rule, v.outcome) for v in event.verdicts] == [("R1", "pass"), ("R3", "pass")]
    with pytest.raises(DomainRefusal) as one:
        log.submit("top_district", "185", "20", on=date(2016, 1, 10))
    assert one.value.rule == "R3"
    with pytest.raises(DomainRefusal) as rank:
        log.submit("top_district", "181", "20", on=date(2016, 1, 10))
    assert rank.value.rule == "R1" and rank.value.figures["rank"] == 3
    # 10% of 22 xã = 2 in Tràng Định; two per cluster (border: 180, 182, ...)
    log.submit("good_commune", "18001", "180", on=date(2016, 1, 11))
    log.submit("good_commune", "18002", "20", on=date(2016, 1, 11))
    with pytest.raises(DomainRefusal) as share:
        log.submit("good_commune", "18003", "180", on=date(2016, 1, 11))
    assert share.value.rule == "R4"  # the cluster is full first
    with pytest.raises(DomainRefusal) as not_recognised:
        log.submit("good_commune", "18117", "181", on=date(2016, 1, 11))
    assert not_recognised.value.rule == "R2"
    log.submit("good_commune", "18101", "181", on=date(2016, 1, 11))  # 10% of 17 xã = 1
    with pytest.raises(DomainRefusal) as r5:
        log.submit("good_commune", "18102", "181", on=date(2016, 1, 11))
    assert r5.value.rule == "R5" and r5.value.figures["maximum"] == 1
    with pytest.raises(DomainRefusal) as late:
        log.submit("good_commune", "18501", "185", on=date(2016, 3, 1))
    assert late.value.rule == "A8"
    board = dashboard(log.state, log.facts)
    kinds = {k["code"]: k["counts"]["submitted"] for k in board["kinds"]}
    assert kinds == {"top_district": 1, "good_commune": 3} and board["missing"] == []
    assert {(q["rule"], q["key"], q["used"]) for q in board["quotas"] if q["rule"] == "R4"} == \
        {("R4", "border", 2), ("R4", "inland", 1)}
    nid = log.nid("top_district", "180")
    log.advance(nid, "reviewed")
    approved = decide_decision(log.state, nid, "approved", "Dẫn đầu", "1/QĐ", date(2016, 3, 10), log.facts)
    assert [v.outcome for v in approved.verdicts] == ["pass", "pass"]


def test_candidates_list_every_unit_of_the_kinds_nominee_kinds_with_each_check():
    log = RoundLog.of(ROUND, lang_son())
    listed = candidates(log.state, "top_district", log.facts)
    assert len(listed) == 11 and {n.kind for n, _ in listed} == {"district"}
    passing = sorted(n.code for n, verdicts in listed if all(v.outcome == "pass" for v in verdicts))
    assert passing == ["180", "185"]
    communes = candidates(log.state, "good_commune", log.facts)
    assert len(communes) == sum(len(xa_codes(d)) for d in ("178", "180", "181", "182", "183", "184", "185", "186",
                                                            "187", "188", "189"))
    first = dict((n.code, v) for n, v in communes)["18001"]
    assert [(v.rule, v.outcome) for v in first] == [("R2", "pass"), ("R2", "pending")]  # no file until nominated
    log.submit("good_commune", "18001", "180", on=date(2016, 1, 11))
    first = dict((n.code, v) for n, v in candidates(log.state, "good_commune", log.facts))["18001"]
    assert [v.outcome for v in first] == ["pass", "pass"]
    assert candidates(log.state, "nope", log.facts) == []
