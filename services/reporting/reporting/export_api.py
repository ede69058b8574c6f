"""HTTP: every report kind as DOCX, XLSX, PDF and CSV (`GET /reports/{kind}.{format}`), the issued
reports (`GET /issued-reports`, `/issued-reports/{number}`, its files and its `/changes`).

Readings chosen:
- CSV is one table: `?table=<name>` (the layout's names, e.g. districts, clusters, targets; see
  services/reporting/README.md), default the kind's default table (consolidated: districts); an
  unknown table is 404 R2 listing the names.
- A number holds a "/" ("125/BC-UBND"): the paths take it as it is, or percent-encoded.
- An issued report's file says in headers whether it is the issued one: `X-Report-Sha256` (this
  file's), `X-Report-Issued-Sha256` (the act's) and `X-Report-Identical: true|false`.
"""
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from thidua_facts.timeframe import resolve
from thidua_facts.timeframe_query import AsOf, KnownAt
from thidua_kernel.clock import Clock
from thidua_kernel.errors import NotFound
from thidua_kernel.limits import Year

from . import issued_views
from .deps import Deps
from .domain.issuing import not_issued
from .exports.render import FORMATS, MEDIA_TYPES, Format, draft, render
from .issue_commands import NUMBER_PATTERN
from .report_kinds import kind_of
from .statistics_api import issued_figures

BINARY = {"schema": {"type": "string", "format": "binary"}}


def file_response(data: bytes, fmt: Format, stem: str, headers: dict[str, str] | None = None) -> Response:
    disposition = f'attachment; filename="{stem.replace("/", "-")}.{fmt}"'
    return Response(data, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition, **(headers or {})})


def json_response(body: dict[str, Any]) -> Response:
    return Response(orjson.dumps(body), media_type="application/json")


def no_table(table: str | None, names: list[str]) -> NotFound:
    return NotFound("R2", f"Báo cáo không có bảng {table} (có: {', '.join(names)}).",
                    f"The report has no table {table} (tables: {', '.join(names)}).", table=table, tables=names)


def add_export_routes(router: APIRouter, deps: Callable[[], Deps], clock: Clock) -> None:
    def export(fmt: Format) -> Callable:
        async def endpoint(kind: str, as_of: AsOf = None, known_at: KnownAt = None,
                           table: str | None = None, year: Year | None = None, plan: str | None = None) -> Response:
            chosen = kind_of(kind)
            given = {k: v for k, v in (("year", year), ("plan", plan)) if v is not None}
            d = deps()
            assert d.reports is not None
            report = await d.reports.build(d, chosen, chosen.parameters(given), resolve(clock, as_of, known_at))
            try:
                data = await d.reports.off_loop(render, report, chosen.layout, draft(report), fmt, table)
            except KeyError:
                raise no_table(table, [s.name for s in chosen.layout.specs(report)]) from None
            return file_response(data, fmt, f"{kind}-{report['as_of']}")
        endpoint.__name__ = f"report_{fmt}"
        return endpoint

    for fmt in FORMATS:
        router.add_api_route(f"/reports/{{kind}}.{fmt}", export(fmt), methods=["GET"], response_class=Response,
                             summary=f"A report as {fmt.upper()} (a draft: number blank, dated as_of)",
                             responses={200: {"description": f"The {fmt.upper()} file",
                                              "content": {MEDIA_TYPES[fmt].split(";")[0]: BINARY}}})

    @router.get("/issued-reports")
    async def issued_reports(known_at: KnownAt = None) -> dict[str, Any]:
        """Every report issued (ReportIssued) as known at `known_at` (default: all; no zone: Vietnam)."""
        return await issued_views.list_issued(deps(), None if known_at is None else resolve(clock, None, known_at).known_at)

    files = {MEDIA_TYPES[f].split(";")[0]: BINARY for f in FORMATS}

    @router.get("/issued-reports/{path:path}", response_class=Response, responses={200: {
        "description": "The act (JSON), one of its files, or its changes (JSON)",
        "content": {"application/json": {"schema": {"type": "object"}}, **files}}})
    async def issued_report(path: str, known_at: KnownAt = None, table: str | None = None) -> Response:
        """`{number}`: the act and, per format, whether regenerating it today gives the issued bytes;
        `{number}.docx|.xlsx|.pdf|.csv`: the file regenerated; `{number}/changes`: as issued vs as
        known at `known_at` (default now), figure by figure; `{number}/figures.json|.csv`: its
        figures for a statistics office (statistics_api)."""
        for figures_format in ("json", "csv"):
            if path.endswith(f"/figures.{figures_format}"):
                return await issued_figures(deps(), path.removesuffix(f"/figures.{figures_format}"), figures_format)
        fmt = next((f for f in FORMATS if path.endswith(f".{f}")), None)
        number = path.removesuffix("/changes") if fmt is None else path.removesuffix(f".{fmt}")
        if not NUMBER_PATTERN.fullmatch(number):
            raise not_issued(number)
        if path.endswith("/changes"):
            return json_response(await issued_views.issued_changes(deps(), number, resolve(clock, None, known_at)))
        if fmt is None:
            return json_response(await issued_views.issued_detail(deps(), number))
        try:
            data, digest, issued = await issued_views.issued_file(deps(), number, fmt, table)
        except KeyError:
            again = await issued_views.regenerate(deps(), number)
            raise no_table(table, [s.name for s in again.kind.layout.specs(again.report)]) from None
        return file_response(data, fmt, number, {
            "X-Report-Sha256": digest, "X-Report-Issued-Sha256": issued or "",
            "X-Report-Identical": str(digest == issued).lower()})
