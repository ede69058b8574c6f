"""The (as_of, known_at) defaults, and the read model's figures over hand-made facts."""
from datetime import date, datetime, timedelta, timezone

import pytest

from thidua_facts.model import AssessmentFact, CriteriaSetFact, CriterionInfo, RecognitionFact, TargetFact
from thidua_facts.read_model import FactsAt
from thidua_facts.timeframe import VIETNAM, resolve, vietnam_today
from thidua_facts.testing import T0, dissolved, registered
from thidua_kernel.clock import ManualClock


def test_defaults_are_today_in_vietnam_and_now():
    clock = ManualClock(datetime(2015, 12, 31, 18, 30, tzinfo=timezone.utc))  # 01:30 on 1 Jan 2016 in Vietnam
    tf = resolve(clock)
    assert (tf.as_of, tf.known_at) == (date(2016, 1, 1), clock.now()) and vietnam_today(clock) == date(2016, 1, 1)
    assert resolve(clock, date(2015, 6, 30)).as_of == date(2015, 6, 30)


def test_a_known_at_without_a_zone_is_vietnam_time():
    tf = resolve(ManualClock(T0), known_at=datetime(2015, 12, 31, 17, 0))
    assert tf.known_at == datetime(2015, 12, 31, 10, 0, tzinfo=timezone.utc) and tf.known_at.tzinfo == VIETNAM
    assert tf.as_json()["known_at"] == "2015-12-31T17:00:00+07:00"


UNITS = (registered("20", "province", None, name="Tỉnh Thử"), registered("101", "rural_district", "20", name="H1"),
         registered("a", "rural_commune", "101"), registered("b", "rural_commune", "101"),
         registered("c", "rural_commune", "101"), dissolved("c", date(2015, 1, 1), 2))
SET = CriteriaSetFact("2009", 1, T0, "491/QĐ-TTg", date(2009, 4, 16), (CriterionInfo(1, "I", "Quy hoạch", "Planning"),))


def facts(as_of: date = date(2016, 1, 1), known_at=None) -> FactsAt:
    assessments = {("a", n): AssessmentFact("a", n, date(2013, 1, 1), n, T0, True, "2009") for n in range(1, 20)}
    assessments[("b", 1)] = AssessmentFact("b", 1, date(2013, 1, 1), 1, T0, True, "2016")
    return FactsAt(
        as_of, known_at, UNITS,
        recognitions=(RecognitionFact("a", date(2014, 1, 1), 20, T0, True, "1/QĐ"),),
        criteria_sets=(SET,),
        targets=(TargetFact("20", 2014, 0.3, 1, T0), TargetFact("101", 2020, 0.5, 1, T0), TargetFact("zz", 2015, 0.1, 1, T0)),
        assessments=assessments,
    )


def test_the_figures_of_one_timeframe():
    f = facts()
    assert f.snapshot("20").province.communes == 2 and f.recognised() == {"a"}
    assert f.set_in_force() == SET and f.criteria_met() == {("a", n) for n in range(1, 20)}  # b's is under 2016
    assert f.rate_of("101", date(2014, 12, 31)).communes == 3 and f.rate_of("zz") is None
    assert (f.province_of("a"), f.province_of("20"), f.province_of("zz")) == ("20", "20", None)
    progress = {(p.target.unit_code, p.target.year): p for p in f.target_progress()}
    assert progress[("20", 2014)].met is True and progress[("20", 2014)].actual.communes == 3  # 1/3 >= 0.3
    assert progress[("101", 2020)].evaluated_on == date(2016, 1, 1) and progress[("101", 2020)].met is True
    assert progress[("zz", 2015)].actual is None
    assert f.hierarchy() is f.hierarchy()  # one fold per day


def test_a_day_after_as_of_is_refused_facts_after_it_were_not_read():
    with pytest.raises(ValueError, match="after the facts' as_of"):
        facts(as_of=date(2014, 1, 1)).snapshot("20", date(2014, 1, 2))


def test_known_at_reaches_the_figures():
    before = facts(known_at=T0 - timedelta(seconds=1))
    assert before.snapshot("20").province.communes == 0 and before.set_in_force() is None
    assert before.criteria_met() == set() and before.known_targets() == []
