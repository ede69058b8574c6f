"""HTTP: a report's figures for a statistics office (issue 11; readings in domain/statistics.py):
`GET /reports/{kind}/figures.json|.csv` (any report at as_of, known_at) and
`GET /issued-reports/{number}/figures.json|.csv` (an issued report's figures, regenerated at its
recorded as_of and known_at: the same figures whatever was recorded later)."""
from collections.abc import Callable
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query
from fastapi.responses import Response

from thidua_facts.timeframe import resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.clock import Clock
from thidua_kernel.limits import Year

from . import issued_views
from .deps import Deps
from .domain.issuing import not_issued
from .domain.statistics import statistics, statistics_csv
from .exports.render import canonical_json, sha256
from .exports.spec import get
from .issue_commands import NUMBER_PATTERN
from .report_kinds import ReportKind, kind_of

StatisticsFormat = Literal["json", "csv"]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def _export(report: dict[str, Any], kind: ReportKind, parameters: dict[str, Any]) -> dict[str, Any]:
    return statistics(report, kind.name, parameters, sha256(canonical_json(report)),
                      get(report, kind.layout.province))


def _answer(export: dict[str, Any], fmt: StatisticsFormat, stem: str) -> Response:
    if fmt == "json":
        return Response(orjson.dumps(export), media_type="application/json")
    disposition = f'attachment; filename="{stem.replace("/", "-")}-figures.csv"'
    return Response(statistics_csv(export), media_type=CSV_MEDIA_TYPE,
                    headers={"Content-Disposition": disposition, "X-Report-Sha256": export["report_sha256"]})


def add_statistics_routes(router: APIRouter, deps: Callable[[], Deps], clock: Clock) -> None:
    responses = {200: {"description": "The report's figures, one row per figure",
                       "content": {"application/json": {"schema": {"type": "object"}},
                                   "text/csv": {"schema": {"type": "string"}}}}}

    @router.get("/reports/{kind}/figures.{fmt}", response_class=Response, responses=responses)
    async def report_figures(kind: str, fmt: StatisticsFormat, as_of: AsOf = None,
                             known_at: KnownAt = None, year: Year | None = None,
                             plan: Annotated[str | None, Query(max_length=20)] = None) -> Response:
        """Every figure of the report `kind` (consolidated; yearly-summary with year; thematic with
        plan) at (as_of, known_at): id, its segments, value and type, with the report's hash."""
        chosen = kind_of(kind)
        given = {k: v for k, v in (("year", year), ("plan", plan)) if v is not None}
        parameters = chosen.parameters(given)
        d = deps()
        assert d.reports is not None
        report = await d.reports.build(d, chosen, parameters, resolve(clock, as_of, known_at))
        return _answer(_export(report, chosen, parameters), fmt, f"{kind}-{report['as_of']}")


async def issued_figures(d: Deps, number: str, fmt: StatisticsFormat) -> Response:
    """The issued report's figures: regenerated at its act's as_of and known_at; `report_sha256`
    equals the act's `json` hash when nothing of its inputs changed (the act's hash is given).
    Routed by export_api's `/issued-reports/{path}` (a number holds a "/")."""
    if not NUMBER_PATTERN.fullmatch(number):
        raise not_issued(number)
    again = await issued_views.regenerate(d, number)
    export = _export(again.report, again.kind, again.issued.parameters)
    export["issued"] = {"number": again.issued.number, "issued_on": again.issued.issued_on.isoformat(),
                        "json_sha256": again.issued.hashes.get("json")}
    return _answer(export, fmt, number)
