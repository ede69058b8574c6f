"""Every quota boundary of A9 on the 2011–2015 preset (maximum refused, minimum a shortfall)."""
from datetime import date

import pytest

from awards.adapters.presets import preset
from awards.domain.decisions import decide_decision, decide_withdraw
from awards.domain.testing import DAY, RoundLog, lang_son, xa_codes
from awards.domain.views import current_verdicts, dashboard, is_flagged
from thidua_kernel.errors import DomainRefusal

PRESET = preset("2011-2015")


def found_exemplary(log: RoundLog, district: str, kind: str = "provincial_certificate_district") -> None:
    """The council's finding on a district, recorded through a nomination of it (A6 reads it)."""
    log.submit(kind, district, "20")
    log.advance(log.nid(kind, district), "reviewed", exemplary=True)


def refused(call) -> DomainRefusal:
    with pytest.raises(DomainRefusal) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("district, xa, allowed", [("182", 14, 2), ("181", 17, 3), ("180", 22, 4)])
def test_twenty_percent_of_the_districts_xa_rounded_down(district: str, xa: int, allowed: int):
    facts = lang_son(recognised={district: allowed + 1})
    log = RoundLog.of(PRESET, facts)
    found_exemplary(log, district)
    communes = xa_codes(district)[:allowed + 1]
    for code in communes[:allowed]:
        event = log.submit("provincial_certificate_commune", code, district)
        assert all(v.outcome == "pass" for v in event.verdicts), [v.message_en for v in event.verdicts]
    quota = next(v for v in event.verdicts if v.check == "quota")
    assert quota.rule == "A9(e)" and quota.figures == {"group": "nominee_district", "key": district, "used": allowed,
                                                       "maximum": allowed, "share_of_communes_pct": 20, "communes": xa}
    no = refused(lambda: log.submit("provincial_certificate_commune", communes[allowed], district))
    assert no.rule == "A9(e)" and no.figures["used"] == allowed + 1 and no.figures["maximum"] == allowed
    assert f"{allowed + 1}/{allowed} (20% của {xa} xã = {allowed})" in no.message_vi
    assert f"(20% of {xa} xã = {allowed})" in no.message_en
    # withdrawing one frees its place
    log.append(decide_withdraw(log.state, log.nid("provincial_certificate_commune", communes[0]), DAY, "rút"))
    log.submit("provincial_certificate_commune", communes[allowed], district)


def test_central_nominees_are_not_counted_in_the_twenty_percent_and_cannot_take_a_place_in_it():
    log = RoundLog.of(PRESET, lang_son(recognised={"182": 4}))
    found_exemplary(log, "182")
    central, *others = xa_codes("182")[:4]
    log.submit("pm_certificate", central, "182")
    log.submit("provincial_certificate_commune", others[0], "182")
    log.submit("provincial_certificate_commune", others[1], "182")  # 2 = floor(14 × 20%), the central one aside
    assert refused(lambda: log.submit("provincial_certificate_commune", others[2], "182")).rule == "A9(e)"
    excluded = refused(lambda: log.submit("provincial_certificate_commune", central, "182"))
    assert excluded.rule == "A9(e)" and excluded.figures["held"] == log.nid("pm_certificate", central)


def test_three_to_five_individuals_per_district():
    log = RoundLog.of(PRESET, lang_son())
    for i in (1, 2):
        log.submit("provincial_certificate_individual", f"cb-180-{i}", "180")
    board = dashboard(log.state, log.facts)
    row = next(q for q in board["quotas"] if q["rule"] == "A9(e)" and q["award_kinds"] ==
               ["provincial_certificate_individual"] and q["key"] == "180")
    assert (row["used"], row["minimum"], row["maximum"], row["shortfall"]) == (2, 3, 5, 1)
    short = [m for m in board["missing"] if m["figures"]["key"] == "180"
             and m["figures"]["award_kinds"] == ["provincial_certificate_individual"]]
    assert short and short[0]["rule"] == "A9(e)" and "Huyện Tràng Định mới có 2/3" in short[0]["message_vi"]
    log.submit("provincial_certificate_individual", "cb-180-3", "180")
    board = dashboard(log.state, log.facts)
    assert not [m for m in board["missing"] if m["figures"]["key"] == "180"
                and m["figures"]["award_kinds"] == ["provincial_certificate_individual"]]
    for i in (4, 5):
        log.submit("provincial_certificate_individual", f"cb-180-{i}", "180")
    sixth = refused(lambda: log.submit("provincial_certificate_individual", "cb-180-6", "180"))
    assert sixth.rule == "A9(e)" and (sixth.figures["used"], sixth.figures["maximum"]) == (6, 5)
    log.append(decide_withdraw(log.state, log.nid("provincial_certificate_individual", "cb-180-5"), DAY, "rút"))
    log.submit("provincial_certificate_individual", "cb-180-6", "180")


def test_households_and_staff_of_a_district_organisation_count_in_its_district():
    log = RoundLog.of(PRESET, lang_son())
    for who in ("cb-180-1", "cb-180-2", "cb-180-3", "ho-18001", "cb-nd-180"):
        log.submit("provincial_certificate_individual", who, "180")
    assert refused(lambda: log.submit("provincial_certificate_individual", "cb-180-4", "180")).rule == "A9(e)"


def test_one_provincial_flag_per_cluster():
    # 180 (border) 2nd, 181 (inland) 3rd: one each
    log = RoundLog.of(PRESET, lang_son())
    log.submit("provincial_flag_district", "180", "20")
    log.submit("provincial_flag_district", "181", "20")
    # ranks 2 and 3 both inland: the second inland district is refused
    facts = lang_son(recognised={"180": 1, "182": 1})
    assert [(r.unit.code, r.rank) for r in facts.ranking[:3]] == [("185", 1), ("181", 2), ("184", 3)]
    log = RoundLog.of(PRESET, facts)
    log.submit("provincial_flag_district", "181", "20")
    no = refused(lambda: log.submit("provincial_flag_district", "184", "20"))
    assert no.rule == "A9(c)" and no.figures["group"] == "nominee_cluster" and no.figures["key"] == "inland"
    assert "Cụm các huyện, thành phố nội địa: 2/1" in no.message_vi


def test_the_government_flag_district_is_never_a_provincial_flag_or_certificate_district():
    tied = lang_son(recognised={"180": 11})  # 180 11/22 = 185 5/10: both first
    log = RoundLog.of(PRESET, tied)
    log.submit("government_flag", "185", "20")
    flag = refused(lambda: log.submit("provincial_flag_district", "185", "20"))
    assert flag.rule == "A9(c)" and flag.figures["held"] == log.nid("government_flag", "185")
    assert refused(lambda: log.submit("provincial_certificate_district", "185", "20")).rule == "A9(e)"
    # one Government flag
    assert refused(lambda: log.submit("government_flag", "180", "20")).rule == "A9(a)"
    # the other way round: a provincial-flag district is not then nominated for the Government's flag
    log = RoundLog.of(PRESET, lang_son())
    log.submit("provincial_flag_district", "180", "20")
    assert refused(lambda: log.submit("government_flag", "180", "20")).rule == "A9(c)"
    # withdrawn, it no longer excludes
    log.append(decide_withdraw(log.state, log.nid("provincial_flag_district", "180"), DAY, "rút"))
    assert refused(lambda: log.submit("government_flag", "180", "20")).rule == "A2"  # now its own check speaks


def test_eleven_provincial_flag_communes_one_per_district():
    facts = lang_son(recognised={"178": 1, "189": 1})
    log = RoundLog.of(PRESET, facts)
    for district in sorted(f for f, u in facts.units.items() if u.level == "district"):
        log.submit("provincial_flag_commune", xa_codes(district)[0], district)
    second = refused(lambda: log.submit("provincial_flag_commune", xa_codes("180")[1], "180"))
    assert second.rule == "A9(d)" and second.figures["group"] == "nominee_district"
    board = dashboard(log.state, facts)
    row = next(q for q in board["quotas"] if q["award_kinds"] == ["provincial_flag_commune"] and q["group"] == "round")
    assert (row["rule"], row["used"], row["maximum"], row["shortfall"]) == ("A9(d)", 11, 11, 0)


def test_a_district_without_its_pm_certificate_commune_is_missing():
    log = RoundLog.of(PRESET, lang_son())
    log.submit("pm_certificate", "18001", "180")
    missing = [m for m in dashboard(log.state, log.facts)["missing"] if m["rule"] == "A9(b)"]
    assert sorted(m["figures"]["key"] for m in missing) == ["178", "181", "182", "183", "184", "185", "186", "187",
                                                             "188", "189"]
    assert refused(lambda: log.submit("pm_certificate", "18002", "180")).rule == "A9(b)"


def test_departments_enterprises_districts_and_each_departments_individual():
    log = RoundLog.of(PRESET, lang_son(pledges=[("so-nn", "180"), ("cc-ptnt", "18001"), ("cc-ptnt", "18002"),
                                                ("tt-kn", "18003"), ("tt-kn", "180TT"), ("hoi-nd", "185"),
                                                ("mttq", "181"), ("so-gt", "182")]))
    for unit in ("so-nn", "hoi-nd", "mttq"):
        log.submit("provincial_certificate_department", unit, unit)
    assert refused(lambda: log.submit("provincial_certificate_department", "so-gt", "so-gt")).rule == "A9(e)"
    for firm in ("dn-180", "dn-185", "dn-tinh"):
        log.submit("provincial_certificate_enterprise", firm, "20")
    assert refused(lambda: log.submit("provincial_certificate_enterprise", "dn-x", "20")).rule == "A9(e)"
    for district in ("181", "182"):
        log.submit("provincial_certificate_district", district, "20")
    assert refused(lambda: log.submit("provincial_certificate_district", "183", "20")).rule == "A9(e)"
    log.submit("provincial_certificate_department_individual", "cb-nn", "so-nn")
    one = refused(lambda: log.submit("provincial_certificate_department_individual", "cb-kn", "so-nn"))
    assert one.rule == "A9(e)" and one.figures["group"] == "nominating_unit" and one.figures["key"] == "so-nn"
    missing = {m["figures"]["key"] for m in dashboard(log.state, log.facts)["missing"]
               if m["figures"]["award_kinds"] == ["provincial_certificate_department_individual"]}
    assert missing == {"so-gt", "hoi-nd", "mttq"}  # province-level departments that have not nominated theirs


def test_at_approval_the_quota_counts_approved_and_conferred_on_the_facts_of_that_day():
    log = RoundLog.of(PRESET, lang_son())
    found_exemplary(log, "180", "provincial_flag_district")
    communes = xa_codes("180")[:4]
    for code in communes:
        log.submit("provincial_certificate_commune", code, "180")
        log.advance(log.nid("provincial_certificate_commune", code), "reviewed")
    for code in communes[:3]:
        log.advance(log.nid("provincial_certificate_commune", code), "approved")
    # a correction known later: Tràng Định had 17 xã at 31/12/2015, so 3 places, all taken
    corrected = lang_son(xa={"180": 17}, check_date=date(2016, 4, 1))
    nid = log.nid("provincial_certificate_commune", communes[3])
    no = refused(lambda: decide_decision(log.state, nid, "approved", "x", "9/QĐ", date(2016, 4, 1), corrected))
    assert no.rule == "A9(e)" and (no.figures["used"], no.figures["maximum"]) == (4, 3)
    assert no.message_vi.startswith("Không phê duyệt được — A9(e)")
    nomination = log.state.nominations[nid]
    assert is_flagged(nomination, current_verdicts(log.state, nomination, corrected))
    decided = decide_decision(log.state, nid, "rejected", "Vượt chỉ tiêu", "9/QĐ", date(2016, 4, 1), corrected)
    assert any(v.outcome == "fail" and v.rule == "A9(e)" for v in decided.verdicts)
