"""Issued reports read back: the acts (ReportIssued), each regenerated at its recorded as_of and
known_at and checked against its hashes, and "as issued vs as known now" figure by figure."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.reporting import ReportIssued
from thidua_facts.timeframe import Timeframe

from .deps import Deps
from .domain.figures import diff
from .domain.issuing import comparison, not_issued
from .exports.render import Format, Letterhead, hashes, render, sha256
from .issue_store import issued_numbers, load_issued
from .report_kinds import KINDS, ReportKind


@dataclass(frozen=True)
class Regenerated:
    issued: ReportIssued
    recorded_at: datetime
    kind: ReportKind
    report: dict[str, Any]

    @property
    def letterhead(self) -> Letterhead:
        return Letterhead(self.issued.number, self.issued.issued_on)


def act_json(issued: ReportIssued, recorded_at: datetime) -> dict[str, Any]:
    return {**issued.model_dump(mode="json"), "recorded_at": recorded_at.isoformat()}


async def list_issued(deps: Deps, known_at: datetime | None) -> dict[str, Any]:
    """The acts recorded by `known_at` (None: all), by day of issue then number."""
    acts = []
    for number in await issued_numbers(deps, known_at):
        issued, recorded_at, _ = await load_issued(deps, number, known_at)
        if issued is not None and recorded_at is not None:
            acts.append(act_json(issued, recorded_at))
    acts.sort(key=lambda a: (a["issued_on"], a["number"]))
    return {"known_at": known_at.isoformat() if known_at else None, "issued_reports": acts}


async def regenerate(deps: Deps, number: str) -> Regenerated:
    """The report as issued: rebuilt at the act's as_of and known_at (404 R2: no such number)."""
    assert deps.reports is not None
    issued, recorded_at, _ = await load_issued(deps, number)
    if issued is None or recorded_at is None:
        raise not_issued(number)
    kind = KINDS[issued.kind]
    report = await deps.reports.build(deps, kind, issued.parameters, Timeframe(issued.as_of, issued.known_at))
    return Regenerated(issued, recorded_at, kind, report)


async def issued_detail(deps: Deps, number: str) -> dict[str, Any]:
    """The act, the hashes regenerated today and, per hash, whether it is the issued one."""
    again = await regenerate(deps, number)
    assert deps.reports is not None
    now = await deps.reports.off_loop(hashes, again.report, again.kind.layout, again.letterhead)
    identical = comparison(again.issued, now)
    return {**act_json(again.issued, again.recorded_at), "regenerated_hashes": now, "identical": identical,
            "all_identical": all(identical.values())}


async def issued_file(deps: Deps, number: str, fmt: Format, table: str | None) -> tuple[bytes, str, str | None]:
    """(the file regenerated, its SHA-256, the issued one's; None: no hash recorded for it)."""
    again = await regenerate(deps, number)
    assert deps.reports is not None
    data = await deps.reports.off_loop(render, again.report, again.kind.layout, again.letterhead, fmt, table)
    name = fmt if fmt != "csv" or table is None or table == again.kind.layout.default_table else f"csv/{table}"
    return data, sha256(data), again.issued.hashes.get(name)


async def issued_changes(deps: Deps, number: str, now: Timeframe) -> dict[str, Any]:
    """Every figure that differs between the report as issued and the same report (same as_of) as
    known at `now.known_at`: changed, added or removed (domain/figures.py)."""
    assert deps.reports is not None
    again = await regenerate(deps, number)
    known_now = await deps.reports.build(deps, again.kind, again.issued.parameters,
                                         Timeframe(again.issued.as_of, now.known_at))
    changes = diff(again.report, known_now)
    return {"number": number, "kind": again.issued.kind, "parameters": again.issued.parameters,
            "as_of": again.issued.as_of.isoformat(), "issued_known_at": again.issued.known_at.isoformat(),
            "known_now_at": now.known_at.isoformat(), "changes": changes, "count": len(changes)}
