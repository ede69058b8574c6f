"""The round's dashboard: counts per kind and status, quota usage per group, what is missing."""
from datetime import date

from awards.adapters.presets import preset
from awards.domain.decisions import decide_decision, decide_withdraw
from awards.domain.testing import DAY, RoundLog, lang_son, with_check_day
from awards.domain.views import dashboard

PRESET = preset("2011-2015")
KIND = "provincial_certificate_individual"


def test_counts_by_status_with_flags_against_the_quotas():
    log = RoundLog.of(PRESET, lang_son())
    ids = {status: log.nid(KIND, f"cb-181-{i}") for i, status in enumerate(
        ["submitted", "received", "reviewed", "approved", "conferred"], start=1)}
    for i, (status, nid) in enumerate(ids.items(), start=1):
        log.submit(KIND, f"cb-181-{i}", "181")
        if status != "submitted":
            log.advance(nid, status)
    log.append(decide_withdraw(log.state, ids["submitted"], DAY, "rút"))
    log.submit(KIND, "cb-181-6", "181")
    log.advance(log.nid(KIND, "cb-181-6"), "reviewed")
    log.append(decide_decision(log.state, log.nid(KIND, "cb-181-6"), "rejected", "x", "1/QĐ", DAY, log.facts))
    board = dashboard(log.state, log.facts)
    assert board["round"] == "2011-2015" and board["version"] == len(log.events)
    assert board["reference_date"] == "2015-12-31"
    counts = next(k for k in board["kinds"] if k["code"] == KIND)["counts"]
    assert counts == {"submitted": 0, "received": 1, "under_review": 1, "approved": 1, "rejected": 1, "withdrawn": 1,
                      "conferred": 1, "flagged": 0}
    row = next(q for q in board["quotas"] if q["award_kinds"] == [KIND] and q["key"] == "181")
    assert {k: row[k] for k in ("rule", "group", "used", "maximum", "minimum", "shortfall")} == {
        "rule": "A9(e)", "group": "nominee_district", "used": 4, "maximum": 5, "minimum": 3, "shortfall": 0}
    assert row["name"] == "Huyện Bình Gia"


def test_a_nomination_whose_facts_fail_now_is_counted_as_flagged():
    log = RoundLog.of(PRESET, lang_son())
    log.submit("pm_certificate", "18001", "180")
    later = with_check_day(log.facts, date(2016, 3, 1), revoked={"18001"})
    counts = next(k for k in dashboard(log.state, later)["kinds"] if k["code"] == "pm_certificate")["counts"]
    assert counts["submitted"] == 1 and counts["flagged"] == 1


def test_missing_lists_each_minimum_not_reached_with_its_figures():
    log = RoundLog.of(PRESET, lang_son())
    missing = dashboard(log.state, log.facts)["missing"]
    government = [m for m in missing if m["rule"] == "A9(a)"]
    assert government[0]["message_vi"].startswith("A9(a): Cả đợt mới có 0/1 — Hội đồng Thi đua, Khen thưởng tỉnh chọn")
    assert government[0]["message_en"].startswith("A9(a): The whole round has 0 of at least 1")
    assert government[0]["figures"] == {"group": "round", "key": "2011-2015", "used": 0, "minimum": 1, "shortfall": 1,
                                        "award_kinds": ["government_flag"]}
    clusters = sorted(m["figures"]["key"] for m in missing if m["figures"]["group"] == "nominee_cluster")
    assert clusters == ["border", "inland"]
    log.submit("government_flag", "185", "20")
    assert not [m for m in dashboard(log.state, log.facts)["missing"] if m["rule"] == "A9(a)"]


def test_an_undefined_round_has_an_empty_dashboard():
    from awards.domain.round_state import fold_round
    assert dashboard(fold_round("x", []), lang_son()) == {"round": "x", "version": 0, "kinds": [], "quotas": [],
                                                         "missing": []}
