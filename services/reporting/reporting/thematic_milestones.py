"""R5: the milestones of the plan's timeline (section VI), each with what the recorded facts say on
its date, pure. Nothing is written for a milestone but figures and records; its title is the
plan's own words.

Readings (services/reporting/README.md, "R3 and R4"):

- A milestone is evaluated on its date (31 Dec of its last year) or, when that is after the
  report's as_of, so far at as_of; a point milestone (the 2012 evaluation, the 2015 and 2020
  summaries) whose date is after as_of is `not_yet`, as is any milestone not begun then.
- `status` is `recorded` when the facts it is about exist, else `nothing_recorded` (its figures
  are still shown): the launch, registrations or province pilots by 31 Dec 2011; the evaluation,
  a pilot in force on 31 Dec 2012; the roll-out, a recognition or revocation in 2013-2015 or a
  district's periodic report of those years; a summary, xã of the province on its day; phase 2,
  a recognition or revocation, or a change of the criteria set in force, in 2016-2020.
"""
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from thidua_facts.domain.criteria import criteria_met_counts
from thidua_facts.domain.ntm_rate import rank_by_rate
from thidua_facts.domain.standings import cluster_of_district
from thidua_facts.present import rate_json, ranked_districts_json, target_json
from thidua_facts.read_model import FactsAt

from .domain.programme import ProgrammeAt
from .domain.yearly import Window, rates_between, recognitions_between
from .programme_report import programme_sections
from .yearly_report import criteria_set_json


@dataclass(frozen=True)
class Milestone:
    code: str
    first_year: int
    last_year: int
    point: bool  # evaluated on its date only (not so far)
    title_vi: str  # plan 108/KH-UBND, section VI


MILESTONES = (
    Milestone("2011-launch", 2011, 2011, False, "Năm 2011: ban hành nội dung phát động, kế hoạch tổ chức thực hiện "
              "phong trào thi đua, đăng ký thực hiện phong trào thi đua với Chính phủ; chọn đơn vị chỉ đạo điểm"),
    Milestone("2012-pilot-evaluation", 2012, 2012, True, "Cuối năm 2012: đánh giá sơ bộ việc chỉ đạo điểm của tỉnh "
              "và của các huyện, thành phố"),
    Milestone("2013-2015-rollout", 2013, 2015, False, "Từ năm 2013 – 2015: triển khai chỉ đạo quyết liệt; thực hiện "
              "công tác tổng kết ở cấp huyện và tỉnh"),
    Milestone("2015-summary", 2015, 2015, True, "Tổng kết giai đoạn 1 (2011 – 2015)"),
    Milestone("2016-2020-phase2", 2016, 2020, False, "Giai đoạn 2 (từ 2016 – 2020): tiếp tục chỉ đạo triển khai "
              "thực hiện phong trào thi đua"),
    Milestone("2020-final-summary", 2020, 2020, True, "Tổng kết vào năm 2020"),
)


@dataclass(frozen=True)
class Evidence:
    """What the milestones are computed from: the facts at the report's as_of (`end`), those at 31
    Dec 2012 with their assessments (None when not asked), the programme facts at as_of, the
    year-by-year trend and the periodic reports (completeness) of the plan's years."""

    province: str
    span: Window
    end: FactsAt
    pilots_2012: FactsAt | None
    programme: ProgrammeAt
    trend: dict[str, Any]
    periods: list[dict[str, Any]]


def facts_on(facts: FactsAt, day: date) -> FactsAt:
    """The same facts read at an earlier `day`; latest assessments are only those of as_of: dropped."""
    return replace(facts, as_of=day, assessments={})


def milestones(plan_first: int, plan_last: int, ev: Evidence) -> list[dict[str, Any]]:
    return [_milestone(m, ev) for m in MILESTONES if plan_first <= m.first_year and m.last_year <= plan_last]


def _milestone(m: Milestone, ev: Evidence) -> dict[str, Any]:
    begins, ends = date(m.first_year, 1, 1), date(m.last_year, 12, 31)
    head = {"code": m.code, "title_vi": m.title_vi, "from": begins.isoformat(), "date": ends.isoformat()}
    if begins > ev.span.as_of or (m.point and ends > ev.span.as_of):
        return {**head, "as_of": None, "status": "not_yet", "facts": None}
    day = min(ends, ev.span.as_of)
    found, facts = BUILDERS[m.code](m, day, ev)
    return {**head, "as_of": day.isoformat(), "status": "recorded" if found else "nothing_recorded", "facts": facts}


def _sections(ev: Evidence, facts: FactsAt, counts: dict[str, int]) -> dict[str, Any]:
    programme = replace(ev.programme, as_of=facts.as_of)
    return programme_sections(facts, programme, ev.province, facts.snapshot(ev.province), counts)


def _launch(m: Milestone, day: date, ev: Evidence) -> tuple[bool, dict[str, Any]]:
    sections = _sections(ev, facts_on(ev.end, day), {})
    facts = {"movement_registrations": sections["movement_registrations"],
             "province_pilots": sections["pilots"]["province_pilots"]}
    return bool(facts["movement_registrations"] or facts["province_pilots"]), facts


def _pilot_evaluation(m: Milestone, day: date, ev: Evidence) -> tuple[bool, dict[str, Any]]:
    facts = ev.pilots_2012 if ev.pilots_2012 is not None else facts_on(ev.end, day)
    snapshot = facts.snapshot(ev.province)
    pilots = _sections(ev, facts, criteria_met_counts(snapshot.communes, facts.criteria_met()))["pilots"]
    return bool(pilots["province_pilots"] or any(d["pilot_communes"] for d in pilots["districts"])), pilots


def _rollout(m: Milestone, day: date, ev: Evidence) -> tuple[bool, dict[str, Any]]:
    def years(line: dict[str, Any]) -> list[dict[str, Any]]:
        return [p for p in line["years"] if m.first_year <= p["year"] <= m.last_year]

    reports = [p for p in ev.periods if m.first_year <= p["year"] <= m.last_year]
    districts = [{"code": d["code"], "name": d["name"], "years": years(d),
                  "reports": [{"period_code": p["period_code"], **{k: u[k] for k in ("submitted", "reported_on",
                                                                                   "on_time")}}
                              for p in reports for u in p["units"] if u["unit_code"] == d["code"]]}
                 for d in ev.trend["districts"]]
    province = years(ev.trend["province"])
    found = (any(p["change"]["recognised"] for p in province)
             or any(r["submitted"] for d in districts for r in d["reports"]))
    return found, {"province": province, "districts": districts}


def _summary(m: Milestone, day: date, ev: Evidence) -> tuple[bool, dict[str, Any]]:
    facts = facts_on(ev.end, day)
    snapshot = facts.snapshot(ev.province)
    hierarchy = facts.hierarchy()
    year_report = next((p for p in ev.periods if p["period_code"] == str(m.last_year)), None)
    summary = {
        "province": rate_json(snapshot.province),
        "districts": ranked_districts_json(rank_by_rate(snapshot.districts),
                                           cluster_of_district(facts.clusters_in_force())),
        "targets": [target_json(t, hierarchy.name_of(t.target.unit_code)) for t in facts.target_progress()
                    if ev.span.start.year <= t.target.year <= m.last_year],
        "recognised_in_plan": recognitions_between(facts.recognitions, facts.snapshot(ev.province, ev.span.start),
                                                   snapshot, facts.known_at)["recognised"],
        "year_report": None if year_report is None else {
            k: year_report[k] for k in ("period_code", "province", "late_units", "missing_units")},
    }
    return bool(snapshot.communes), summary


def _phase2(m: Milestone, day: date, ev: Evidence) -> tuple[bool, dict[str, Any]]:
    facts = facts_on(ev.end, day)
    begins = facts_on(ev.end, date(m.first_year, 1, 1))
    start, end = begins.snapshot(ev.province), facts.snapshot(ev.province)
    recognitions = recognitions_between(facts.recognitions, start, end, facts.known_at)
    sets = {"start": criteria_set_json(begins), "end": criteria_set_json(facts)}
    found = bool(recognitions["recognised"] or recognitions["revoked"] or sets["start"] != sets["end"])
    return found, {"province": rates_between(start, end)["province"], "recognitions": recognitions,
                   "criteria_sets": sets,
                   "periods": [p["period_code"] for p in ev.periods if m.first_year <= p["year"] <= m.last_year]}


BUILDERS = {"2011-launch": _launch, "2012-pilot-evaluation": _pilot_evaluation, "2013-2015-rollout": _rollout,
            "2015-summary": _summary, "2016-2020-phase2": _phase2, "2020-final-summary": _summary}
