"""POST /commands/assess-district-matrix: a district's year of assessments in one command.

All or nothing: every cell is checked as an assessment would be (U1/U8 the commune under the
district on the cell's date, P1 the criterion, P2 the set in force and the indicators it lists,
P3 the values against the thresholds), and one refusal names every failing cell. Accepted, it
appends on each commune's stream one CriteriaAssessed per date (its cells, each result counting
as the CriterionAssessed it stands for), all streams in one transaction: one event per commune
rather than per cell, because every event is appended, published and projected (measured: the
per-event cost capped a per-cell matrix near 2,000-7,000 assessments/s on this machine).

Per cell nothing is read from PostgreSQL: units and criteria sets come from the in-process
caches, the province's region is read once per matrix, the streams' versions in one query.
Reading chosen: a matrix names each (commune, criterion, date) at most once (two answers for
one cell would leave the order of the two to chance); a repeated cell is refused with P3.
"""
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from typing import Any

from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal, ThiduaError
from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend

from . import mapping
from .commands import AssessDistrictMatrix, MatrixCell
from .commune_access import authorise_on_commune
from .deps import Deps
from .domain import rules, threshold_rules, unit_rules
from .domain.model import CriteriaSet
from .domain.reference import ProvinceRegion
from .domain.thresholds import judge
from .mapping import COMMUNE_PROGRESS

ACTION = "nhập ma trận tiêu chí của huyện / assess a district's matrix"


async def assess_district_matrix(deps: Deps, ctx: CommandContext, cmd: AssessDistrictMatrix) -> dict[str, Any]:
    """One command for many assessments; refused whole, naming every failing cell."""
    await authorise_on_commune(deps, ctx.actor, cmd.district_code, None, ACTION)

    async def decide() -> Decision:
        checker = await _Checker.start(deps, cmd)
        with _no_cyclic_gc():
            results, failures = _check_cells(cmd, checker)
        if failures:
            raise _refusal(cmd, failures)
        events: dict[str, list[NewEvent]] = {}
        for (code, day), cells in results.items():
            events.setdefault(code, []).append(NewEvent("CriteriaAssessed", checker.payload(code, day, cells),
                                                        datetime.combine(day, time.min, tzinfo=timezone.utc)))
        versions = await deps.stream_versions(COMMUNE_PROGRESS, list(events))
        appends = [StreamAppend(COMMUNE_PROGRESS, code, versions[code], tuple(evs)) for code, evs in events.items()]
        return Decision(appends, {"district_code": cmd.district_code, "assessments": len(cmd.cells),
                                  "communes": len(events)})

    # The body's JSON is the request hash's input: what model_dump(mode="json") holds, serialised
    # in Rust rather than built as Python objects first.
    return await execute(deps.store, ctx, "AssessDistrictMatrix", cmd.model_dump_json(), decide)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cells' loop makes thousands of small objects and frees none, so the cyclic collector
    would scan the heap again and again for nothing: it pauses meanwhile, as in the projection
    runner. The loop awaits nothing, so no other task runs while it is paused."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Results = dict[tuple[str, date], list[dict[str, Any]]]


def _check_cells(cmd: AssessDistrictMatrix, checker: "_Checker") -> tuple[Results, list[dict[str, Any]]]:
    """Each cell's result grouped by (commune, date), and the failures naming their cells."""
    results: Results = {}
    failures: list[dict[str, Any]] = []
    seen: set[tuple[str, int, date]] = set()
    for index, cell in enumerate(cmd.cells):
        day = cell.get("effective_date") or cmd.effective_date
        try:
            _p3_once(cell, day, seen)
            result = checker.result(cell, day)
        except ThiduaError as refusal:
            failures.append({"cell": index, "commune_code": cell["commune_code"], "criterion": cell["criterion"],
                             "effective_date": day.isoformat(), "rule": refusal.rule,
                             "message_vi": refusal.message_vi, "message_en": refusal.message_en})
            continue
        results.setdefault((cell["commune_code"], day), []).append(result)
    return results, failures


def _p3_once(cell: MatrixCell, day: date, seen: set[tuple[str, int, date]]) -> None:
    key = (cell["commune_code"], cell["criterion"], day)
    if key in seen:
        raise DomainRefusal(
            "P3", f"Ô (xã {key[0]}, tiêu chí {key[1]}, ngày {day.isoformat()}) lặp lại.",
            f"Cell (commune {key[0]}, criterion {key[1]}, {day.isoformat()}) is repeated.")
    seen.add(key)


class _Checker:
    """The rules of one assessment, with what a matrix shares read once (sets, the region)."""

    def __init__(self, deps: Deps, cmd: AssessDistrictMatrix, published: list, region: ProvinceRegion | None):
        self.deps, self.cmd, self.published, self.region = deps, cmd, published, region
        self._in_force: dict[date, CriteriaSet] = {}
        self._units: dict[tuple[str, date], ThiduaError | None] = {}  # a commune's 19 cells share one check

    @classmethod
    async def start(cls, deps: Deps, cmd: AssessDistrictMatrix) -> "_Checker":
        region = None
        if any(c.get("indicator_values") for c in cmd.cells):
            district = await deps.units.get(cmd.district_code)
            if district is not None and district.parent_code is not None:
                region = await deps.regions.of(district.parent_code)
        checker = cls(deps, cmd, await deps.criteria_sets.published(), region)
        for key in dict.fromkeys((c["commune_code"], c.get("effective_date") or cmd.effective_date) for c in cmd.cells):
            await checker.check_unit(*key)
        return checker

    def set_in_force(self, day: date) -> CriteriaSet:
        if day not in self._in_force:
            self._in_force[day] = rules.p2_set_in_force(self.published, day)
        return self._in_force[day]

    async def check_unit(self, code: str, day: date) -> None:
        """U1/U8: the commune is a xã under the district on `day` (once per commune and day)."""
        try:
            unit_rules.xa_under_district_on(await self.deps.units.get(code, on=day), code, self.cmd.district_code, day)
            self._units[(code, day)] = None
        except ThiduaError as refusal:
            self._units[(code, day)] = refusal

    def result(self, cell: MatrixCell, day: date) -> dict[str, Any]:
        """The CriterionResult of a cell that passes every rule (its JSON form)."""
        criterion, values = cell["criterion"], cell.get("indicator_values") or {}
        rules.p1_criterion_number(criterion)
        unit_refused = self._units[(cell["commune_code"], day)]
        if unit_refused is not None:
            raise unit_refused
        in_force = self.set_in_force(day)
        judged = []
        if values:
            threshold_rules.p2_indicators_listed(in_force, criterion, values)
            threshold_rules.p3_values_within_unit(in_force, criterion, values)
            region = self.region.region_on(day) if self.region is not None else None
            if region is not None:
                judged = judge(in_force, criterion, values, region, day.year)
                threshold_rules.p3_met_agrees_with_indicators(cell["met"], judged, cell["commune_code"], criterion,
                                                              in_force.set_id, region)
        # Built as CriterionResult.model_dump(mode="json") would (tests/unit/test_matrix.py checks
        # it), without a pydantic model per cell.
        return {"criterion": criterion, "met": cell["met"], "indicator_values": dict(values),
                "evidence": cell.get("evidence"),
                "indicators_judged": [j.model_dump(mode="json") for j in mapping.judgement_payloads(judged)]
                if judged else []}

    def payload(self, code: str, day: date, results: list[dict[str, Any]]) -> dict[str, Any]:
        """The CriteriaAssessed of one commune and date (JSON form, as CriteriaAssessed dumps it)."""
        return {"commune_code": code, "district_code": self.cmd.district_code,
                "criteria_set_id": self.set_in_force(day).set_id, "effective_date": day.isoformat(),
                "region": self.region.region_on(day) if self.region is not None else None, "results": results}


def _refusal(cmd: AssessDistrictMatrix, failures: list[dict[str, Any]]) -> DomainRefusal:
    """The rule of the first failing cell; every failing cell in `cells`, every rule in `rules`."""
    rules_broken = sorted({f["rule"] for f in failures})
    return DomainRefusal(
        failures[0]["rule"],
        f"Ma trận của huyện {cmd.district_code}: {len(failures)}/{len(cmd.cells)} ô không hợp lệ"
        f" ({', '.join(rules_broken)}); không ô nào được ghi.",
        f"District {cmd.district_code}'s matrix: {len(failures)} of {len(cmd.cells)} cells refused"
        f" ({', '.join(rules_broken)}); nothing was recorded.",
        district_code=cmd.district_code, cells=failures, rules=rules_broken, refused=len(failures),
        total=len(cmd.cells),
    )
