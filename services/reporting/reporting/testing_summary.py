"""The NTM facts of the hand-worked province of testing.py over 2011-2020, for the R3/R4 tests,
read the pure way (as load_facts reads them). No pytest here; nothing imports it at run time.

Province 20: xã a, b, c under 180 and d, e under 181 (e merged into d from 2020-01-01).
- a recognised 2012-11-20 (01/QĐ-UBND), b 2013-06-10 (02/QĐ-UBND), d 2014-09-01 (03/QĐ-UBND),
  d revoked 2015-03-01 (04/QĐ-UBND), c recognised 2017-05-05 (05/QĐ-UBND), but that decision
  recorded only on CORRECTION (a late entry).
- Criteria (2009 set from 2009-04-16; 2016 set from 2016-10-17): a meets all 19 on 2012-06-30,
  e criteria 1-10 on 2012-06-30, b criteria 1-5 on 2012-06-30 and 6-19 on 2013-05-01;
  e loses criterion 3 on 2013-08-01; c meets all 19 under the 2016 set on 2017-03-01.
- Targets: the province 20% for 2015 and 50% for 2020; 181 50% for 2015.
- Clusters from 2012-01-01: "inland" = 181, "border" = 180.
"""
from collections.abc import Iterable
from datetime import date, datetime, time

from thidua_facts.domain.criteria import p3_latest_assessments
from thidua_facts.model import (
    CRITERIA,
    AssessmentFact,
    ClusterFact,
    CriteriaSetFact,
    CriterionInfo,
    RecognitionFact,
    TargetFact,
    visible,
)
from thidua_facts.read_model import FactsAt

from .testing import VN, at, unit_changes

PROVINCE = "20"
CORRECTION = datetime(2019, 6, 1, 9, tzinfo=VN)  # when c's 2017 recognition was finally entered
SETS = (("2009", "491/QĐ-TTg", date(2009, 4, 16)), ("2016", "1980/QĐ-TTg", date(2016, 10, 17)))


def _sets() -> list[CriteriaSetFact]:
    return [CriteriaSetFact(set_id, 1, datetime.combine(day, time(9), tzinfo=VN), decision, day,
                            tuple(CriterionInfo(n, "I", f"Tiêu chí {n}", f"C{n}") for n in CRITERIA))
            for set_id, decision, day in SETS]


def _recognitions() -> list[RecognitionFact]:
    rows = (("a", date(2012, 11, 20), 1, True, "01/QĐ-UBND", None), ("b", date(2013, 6, 10), 1, True, "02/QĐ-UBND", None),
            ("d", date(2014, 9, 1), 1, True, "03/QĐ-UBND", None), ("d", date(2015, 3, 1), 2, False, "04/QĐ-UBND", None),
            ("c", date(2017, 5, 5), 1, True, "05/QĐ-UBND", CORRECTION))
    return [RecognitionFact(code, day, v, when or at(day), ok, number, "2009" if ok else None)
            for code, day, v, ok, number, when in rows]


def _assessed(code: str, day: date, criteria: Iterable[int], version: int, met: bool = True,
              set_id: str = "2009") -> list[AssessmentFact]:
    return [AssessmentFact(code, n, day, version, at(day), met, set_id) for n in criteria]


def _assessments() -> list[AssessmentFact]:
    return [*_assessed("a", date(2012, 6, 30), CRITERIA, 1), *_assessed("e", date(2012, 6, 30), range(1, 11), 1),
            *_assessed("b", date(2012, 6, 30), range(1, 6), 1), *_assessed("b", date(2013, 5, 1), range(6, 20), 2),
            *_assessed("e", date(2013, 8, 1), [3], 2, met=False),
            *_assessed("c", date(2017, 3, 1), CRITERIA, 1, set_id="2016")]


def _targets() -> list[TargetFact]:
    return [TargetFact(unit, year, rate, 1, at(date(2012, 1, 10)))
            for unit, year, rate in ((PROVINCE, 2015, 0.2), (PROVINCE, 2020, 0.5), ("181", 2015, 0.5))]


def _clusters() -> list[ClusterFact]:
    formed = at(date(2012, 1, 1))
    return [ClusterFact("inland", date(2012, 1, 1), 1, formed, ("181",), "cluster", "Cụm nội địa"),
            ClusterFact("border", date(2012, 1, 1), 1, formed, ("180",), "cluster", "Cụm 5 huyện biên giới")]


def facts_at(as_of: date, known_at: datetime | None, assessments: bool = True) -> FactsAt:
    """What load_facts reads for province 20 at (as_of, known_at)."""
    def by(facts, day):  # effective by as_of, recorded by known_at, as the queries read them
        return tuple(f for f in facts if day(f) <= as_of and visible(f.recorded_at, known_at))

    units = by(unit_changes(), lambda u: u.effective_date)
    facts = FactsAt(as_of, known_at, units, by(_recognitions(), lambda r: r.effective_date), tuple(_clusters()),
                    tuple(_sets()), tuple(_targets()))
    if not assessments:
        return facts
    xa = {u.code for u in facts.hierarchy().province_rural_communes(PROVINCE)}
    latest = p3_latest_assessments((a for a in _assessments() if a.commune_code in xa), as_of, known_at)
    return FactsAt(as_of, known_at, units, facts.recognitions, facts.clusters, facts.criteria_sets, facts.targets,
                   latest)
