"""U5, U6, U7 as the registry and reporting both read them (thidua_facts.domain.programme), by hand."""
from datetime import date, timedelta

from thidua_facts.domain.programme import (
    PilotOnDay, PlanDueFact, PlanSubmittedFact, PledgeOnDay, SupporterOnDay, u5_districts_below_two_pilots,
    u6_pledge_flags, u7_plan_status, u7_plans_at,
)
from thidua_facts.testing import T0


def test_u5_a_district_needs_two_pilot_xa_of_its_own_and_province_pilots_do_not_count():
    pilots = [
        PilotOnDay("district", "a", "180", "commune", "180"),
        PilotOnDay("district", "b", "180", "commune", "180"),
        PilotOnDay("district", "c", "181", "commune", "180"),  # designated by 181, moved to 180 since
        PilotOnDay("province", "d", "20", "commune", "181"),
        PilotOnDay("province", "181", "20", "district", "20"),
    ]
    standing = {d.district_code: d for d in u5_districts_below_two_pilots(pilots, ["180", "181", "182"])}
    assert (standing["180"].own, standing["180"].below_minimum) == (("a", "b"), False)
    assert (standing["181"].own, standing["181"].province_pilot_communes, standing["181"].below_minimum) == (
        (), ("d",), True)
    assert standing["182"].below_minimum and list(standing) == ["180", "181", "182"]


def test_u6_departments_without_a_district_and_subordinate_units_below_two_communes():
    supporters = [SupporterOnDay("SGT", "department"), SupporterOnDay("SNN", "department"),
                  SupporterOnDay("MTTQ", "fatherland_front"), SupporterOnDay("CC", "subordinate_unit"),
                  SupporterOnDay("TT", "subordinate_unit")]
    pledges = [PledgeOnDay("SNN", "district", "rural_district"), PledgeOnDay("SGT", "commune", "rural_commune"),
               PledgeOnDay("CC", "commune", "rural_commune"), PledgeOnDay("CC", "commune", "township"),
               PledgeOnDay("TT", "commune", "rural_commune"), PledgeOnDay("TT", "commune", "ward")]
    flags = u6_pledge_flags(supporters, pledges)
    assert flags.departments_without_district == ("SGT",)  # a commune is not a district
    assert flags.subordinate_units_below_minimum == (("TT", 1),)  # a ward is not a xã or thị trấn


def test_u7_status_and_the_plan_as_known_at_a_time():
    due = date(2012, 2, 29)
    assert u7_plan_status(due, date(2012, 2, 29), date(2012, 3, 1)) == "submitted_on_time"
    assert u7_plan_status(due, date(2012, 3, 15), date(2012, 4, 1)) == "submitted_late"
    assert u7_plan_status(due, date(2012, 3, 15), date(2012, 3, 1)) == "missing"  # came after the date asked
    assert u7_plan_status(due, None, due) == "pending"
    deadlines = [PlanDueFact("QH", "180", "Quy hoạch", due, 1, T0),
                 PlanDueFact("QH", "180", "Quy hoạch", date(2012, 3, 31), 2, T0 + timedelta(days=10))]
    came = [PlanSubmittedFact("QH", "180", date(2012, 3, 15), "45/KH", 3, T0 + timedelta(days=20))]
    early = u7_plans_at(deadlines, came, date(2012, 4, 1), T0 + timedelta(days=1))
    assert [(p.due_date, p.submitted_on) for p in early] == [(due, None)]  # the later deadline not known yet
    now = u7_plans_at(deadlines, came, date(2012, 4, 1), None)
    assert [(p.due_date, p.submitted_on, p.document_number) for p in now] == [(date(2012, 3, 31), date(2012, 3, 15),
                                                                              "45/KH")]
    assert u7_plans_at(deadlines, came, date(2012, 3, 1), None)[0].submitted_on is None
    assert u7_plans_at([], came, date(2012, 4, 1), None) == []  # no deadline known: not a plan yet
