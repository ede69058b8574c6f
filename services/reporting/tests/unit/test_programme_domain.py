"""The programme readings by hand (U4-U7, R1, A4) on the province of reporting/testing.py."""
import random
from datetime import date, datetime, timedelta

from thidua_facts.domain.hierarchy import Hierarchy
from thidua_facts.domain.programme import u5_districts_below_two_pilots, u6_pledge_flags, u7_plan_status

from reporting.domain.programme import Plan, ProgrammeAt
from reporting.domain.rules import (
    UNPLACED,
    days_late,
    in_province,
    pilot_on_day,
    pilots_of_province,
    pledge_on_day,
    pledges_of_province,
    province_of,
    r1_late_or_missing,
    supporter_on_day,
)
from reporting.testing import DEADLINE_MOVED, LATE_PILOT, programme_at, programme_events, unit_changes

END_2012 = date(2012, 12, 31)


def at(as_of: date, known_at: datetime | None = None) -> tuple[ProgrammeAt, Hierarchy]:
    return programme_at(programme_events(), as_of, known_at), Hierarchy.of(unit_changes(), as_of, known_at)


def district_pilots(as_of: date, known_at: datetime | None = None) -> dict[str, tuple[list[str], bool, list[str]]]:
    programme, hierarchy = at(as_of, known_at)
    pilots = pilots_of_province(programme.pilots_in_force(), hierarchy, "20")
    districts = [d.code for d in hierarchy.districts_of("20")]
    return {d.district_code: (list(d.own), d.below_minimum, list(d.province_pilot_communes))
            for d in u5_districts_below_two_pilots([pilot_on_day(p) for p in pilots], districts)}


def test_u5_a_district_with_fewer_than_two_pilot_communes_of_its_own_is_flagged():
    assert district_pilots(END_2012) == {"180": (["b", "c"], False, ["a"]), "181": (["d"], True, ["e"])}
    # As known before c's designation was entered, 180 had one pilot xã of its own at the end of 2012.
    assert district_pilots(END_2012, LATE_PILOT - timedelta(microseconds=1))["180"] == (["b"], True, ["a"])
    assert district_pilots(date(2011, 12, 31)) == {"180": ([], True, ["a"]), "181": ([], True, ["e"])}


def test_u4_a_pilot_merged_away_is_no_longer_a_pilot_and_pilots_start_on_their_date():
    programme, hierarchy = at(date(2020, 6, 30))
    assert [p.unit.code for p in pilots_of_province(programme.pilots_in_force(), hierarchy, "20")] == [
        "180", "a", "b", "c", "d"]
    assert district_pilots(date(2020, 6, 30))["181"] == (["d"], True, [])
    programme, hierarchy = at(date(2011, 12, 15))
    assert pilots_of_province(programme.pilots_in_force(), hierarchy, "20") == []


def u6(as_of: date) -> tuple[list[str], list[str], list[tuple[str, int]]]:
    programme, hierarchy = at(as_of)
    participants = programme.participants_known()
    pledges = pledges_of_province(programme.pledges_in_force(), participants, hierarchy, "20")
    supporters = [s for s in programme.participants_in_force().values() if in_province(s.code, "20", hierarchy,
                                                                                         participants)]
    flags = u6_pledge_flags([supporter_on_day(s) for s in supporters], [pledge_on_day(p) for p in pledges])
    return ([f"{p.supporter.code}:{p.supported.code}" for p in pledges],
            list(flags.departments_without_district), list(flags.subordinate_units_below_minimum))


def test_u6_departments_supporting_no_district_and_subordinate_units_below_two_communes():
    pledges, without, below = u6(END_2012)
    assert pledges == ["CC:a", "CC:t", "OUT:180", "SNN:180", "TT:d", "TT:e"]  # a thị trấn counts (U6)
    assert without == ["SGT"] and below == []
    assert u6(date(2013, 6, 30))[1] == []  # SGT pledged 181 from 2013
    # From 2020 e no longer exists: TT supports one commune.
    assert u6(date(2020, 6, 30))[2] == [("TT", 1)]


def test_participants_belong_to_the_province_their_parents_lead_to():
    programme, hierarchy = at(END_2012)
    known = programme.participants_known()
    assert [province_of(c, hierarchy, known) for c in ("CC", "SNN", "a", "OUT", "DN", "nobody")] == [
        "20", "20", "20", "21", UNPLACED, None]
    assert in_province("DN", "20", hierarchy, known) and not in_province("OUT", "20", hierarchy, known)


def test_u7_status_of_a_plan_on_a_date():
    due = date(2012, 2, 29)
    assert u7_plan_status(due, date(2012, 2, 29), date(2012, 3, 1)) == "submitted_on_time"
    assert u7_plan_status(due, date(2012, 3, 15), date(2012, 4, 1)) == "submitted_late"
    assert u7_plan_status(due, date(2012, 3, 15), date(2012, 3, 1)) == "missing"  # came after the date asked
    assert u7_plan_status(due, None, due) == "pending"
    late = Plan("QH", "180", "x", due, date(2012, 3, 15), "QH/KH")
    assert days_late(late, date(2020, 1, 1)) == 15
    assert days_late(Plan("QH", "181", "x", due, None, None), date(2012, 4, 15)) == 46
    assert days_late(Plan("QH", "181", "x", due, None, None), due) is None


def plans(as_of: date, known_at: datetime | None = None) -> list[tuple[str, date, date | None, str]]:
    programme, _ = at(as_of, known_at)
    return [(p.plan_code, p.due_date, p.submitted_on, u7_plan_status(p.due_date, p.submitted_on, as_of))
            for p in programme.plans()]


def test_u7_the_latest_deadline_known_holds_and_a_submission_counts_from_its_date():
    assert plans(date(2012, 4, 15)) == [
        ("DA-SNN", date(2012, 1, 31), date(2012, 1, 20), "submitted_on_time"),
        ("QH-180", date(2012, 2, 29), date(2012, 3, 15), "submitted_late"),
        ("QH-181", date(2012, 2, 29), None, "missing"),
        ("KH-OUT", date(2012, 3, 31), None, "missing"),
        ("KH-SGT", date(2012, 4, 30), None, "pending")]
    # As known before SGT's deadline was moved to 30 April, its plan was missing on 15 April.
    assert plans(date(2012, 4, 15), DEADLINE_MOVED - timedelta(seconds=1))[3:] == [
        ("KH-OUT", date(2012, 3, 31), None, "missing"), ("KH-SGT", date(2012, 3, 31), None, "missing")]
    assert plans(date(2012, 3, 1))[1] == ("QH-180", date(2012, 2, 29), None, "missing")
    programme, _ = at(date(2012, 4, 15))
    assert [p.plan_code for p in r1_late_or_missing(programme.plans(), date(2012, 4, 15))] == [
        "QH-180", "QH-181", "KH-OUT"]


def test_movement_registrations_count_from_their_date():
    assert [r.unit_code for r in at(date(2011, 12, 31))[0].registrations_in_force()] == ["180", "OUT"]
    assert [r.unit_code for r in at(END_2012)[0].registrations_in_force()] == ["180", "OUT", "SNN"]


def test_order_and_repeated_deliveries_do_not_change_any_reading():
    events = programme_events()
    shuffled = random.Random(7).sample(events, len(events)) + events[:5]
    for as_of, known_at in ((END_2012, None), (date(2012, 4, 15), DEADLINE_MOVED), (date(2020, 6, 30), None)):
        one, other = programme_at(events, as_of, known_at), programme_at(shuffled, as_of, known_at)
        assert one.plans() == other.plans()
        assert one.pilots_in_force() == other.pilots_in_force()
        assert one.pledges_in_force() == other.pledges_in_force()
        assert one.participants_in_force() == other.participants_in_force()
        assert one.registrations_in_force() == other.registrations_in_force()


def test_nothing_recorded_after_known_at_is_read():
    before = LATE_PILOT - timedelta(microseconds=1)
    events = programme_events()
    known = [e for e in events if e.recorded_at <= before]
    assert len(known) < len(events)
    for as_of in (END_2012, date(2020, 6, 30)):
        whole, part = programme_at(events, as_of, before), programme_at(known, as_of, before)
        assert whole.pilots_in_force() == part.pilots_in_force() and whole.plans() == part.plans()
        assert whole.pledges_in_force() == part.pledges_in_force()
