"""R3: the separate section on this movement in the province's yearly emulation summary (plan
VII.5: "theo dõi, tổng hợp thành mục riêng về kết quả thực hiện phong trào thi đua hàng năm").

Pure: the shared facts at the start of the year (31 Dec before) and at its end (`as_of`), the
programme facts at the end, and the R1/R6/R7 views of the year, already computed by their own
functions (period_views, inspection_views), are put together; nothing is counted twice here.
Readings in domain/yearly.py.
"""
from typing import Any

from thidua_facts.domain.criteria import criteria_met_counts
from thidua_facts.present import target_json
from thidua_facts.read_model import FactsAt

from .domain.programme import ProgrammeAt
from .domain.yearly import Window, criteria_changes, in_year, rates_between, recognitions_between
from .programme_report import programme_sections


def criteria_set_json(facts: FactsAt) -> dict[str, Any] | None:
    in_force = facts.set_in_force()
    return None if in_force is None else {"set_id": in_force.set_id, "decision": in_force.decision,
                                          "effective_from": in_force.effective_from.isoformat()}


def yearly_summary(year: int, span: Window, start: FactsAt, end: FactsAt, programme: ProgrammeAt, province: str,
                   periods: list[dict[str, Any]], inspections: dict[str, Any],
                   proposals: dict[str, Any]) -> dict[str, Any]:
    """R3 of `year` from the facts at span.start and span.as_of (both with their assessments)."""
    before, after = start.snapshot(province), end.snapshot(province)
    counts = criteria_met_counts(after.communes, end.criteria_met())
    programme_part = programme_sections(end, programme, province, after, counts)
    hierarchy = end.hierarchy()
    return {
        "year": year,
        "as_of": span.as_of.isoformat(),
        "known_at": end.known_at.isoformat() if end.known_at else None,
        "start": span.start.isoformat(),
        "year_over": span.over,
        "rates": rates_between(before, after),
        "recognitions": recognitions_between(end.recognitions, before, after, end.known_at),
        "criteria": {"criteria_set": criteria_set_json(end),
                     **criteria_changes(start.criteria_met(), end.criteria_met(),
                                        {u.code: u.parent_code for u in after.communes})},
        "targets": [target_json(t, hierarchy.name_of(t.target.unit_code))
                    for t in end.target_progress() if t.target.year == year],
        "pilots": programme_part["pilots"],
        "pledges": [p for p in programme_part["pledges"]["pledges"] if in_year(p["effective_from"], year)],
        "movement_registrations": [r for r in programme_part["movement_registrations"]
                                   if in_year(r["registered_on"], year)],
        "plans": [p for p in programme_part["plans"]["plans"] if in_year(p["due_date"], year)],
        "periodic_reports": periods,
        "inspections": {"inspections": inspections["inspections"], "overdue_actions": inspections["overdue_actions"]},
        "proposals": {"proposals": proposals["proposals"], "counts": proposals["counts"]},
    }
