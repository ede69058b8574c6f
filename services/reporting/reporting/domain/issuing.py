"""Issuing a report (R2, with R3 and R4): a number and symbol is issued once.

Readings chosen:
- The terms of an issue are its kind, parameters, day of issue and, when the command gives them,
  as_of and known_at. The same terms again (a retry): nothing appended, `unchanged`. Other terms
  under a number already issued: refused (R2), naming the number and what differs. A retry that
  leaves as_of or known_at out takes the recorded one (chosen for the first command).
- as_of left out: the day of issue for a report asked at a date (consolidated); a kind that
  derives its as_of from its parameters and known_at (the yearly summary, the thematic report)
  records its own, and a given as_of must be that one (R2).
- The day of issue is not in the future (Vietnam's today); the report's as_of is not after the day
  of issue (a report speaks of what had happened by the day it was signed).
"""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contracts.reporting import ReportIssued
from thidua_kernel.errors import DomainRefusal, NotFound


@dataclass(frozen=True)
class IssueTerms:
    number: str
    kind: str
    parameters: dict[str, Any]
    issued_on: date
    as_of: date | None         # None: the kind's (see the readings)
    known_at: datetime | None  # None: the moment the projections have seen


def check_days(terms: IssueTerms, today: date) -> None:
    if terms.issued_on > today:
        raise DomainRefusal("R2", f"Ngày ban hành {terms.issued_on} ở tương lai (hôm nay {today}).",
                            f"The day of issue {terms.issued_on} is in the future (today is {today}).",
                            issued_on=str(terms.issued_on), today=str(today))
    if terms.as_of is not None and terms.as_of > terms.issued_on:
        raise DomainRefusal("R2", f"Báo cáo tính đến ngày {terms.as_of}, sau ngày ban hành {terms.issued_on}.",
                            f"The report's as_of {terms.as_of} is after its day of issue {terms.issued_on}.",
                            as_of=str(terms.as_of), issued_on=str(terms.issued_on))


def differences(issued: ReportIssued, terms: IssueTerms) -> list[str]:
    """The terms in which `terms` differ from the recorded issue (empty: the same)."""
    asked: dict[str, Any] = {"kind": terms.kind, "parameters": terms.parameters, "issued_on": terms.issued_on}
    if terms.as_of is not None:
        asked["as_of"] = terms.as_of
    if terms.known_at is not None:
        asked["known_at"] = terms.known_at
    return [name for name, value in asked.items() if getattr(issued, name) != value]


def decide_again(issued: ReportIssued, terms: IssueTerms) -> None:
    """A number already issued: the same terms pass (unchanged), others are refused (R2)."""
    differ = differences(issued, terms)
    if differ:
        raise DomainRefusal("R2", f"Số {terms.number} đã được ban hành ngày {issued.issued_on} ({issued.kind});"
                                  f" một số chỉ ban hành một lần (khác: {', '.join(differ)}).",
                            f"Number {terms.number} was issued on {issued.issued_on} ({issued.kind}); a number"
                            f" is issued once (differs in: {', '.join(differ)}).",
                            number=terms.number, differs=differ, issued_on=str(issued.issued_on), kind=issued.kind)


def settled_as_of(terms: IssueTerms, report_as_of: date) -> date:
    """The as_of the built report states, checked against what was asked (R2)."""
    if terms.as_of is not None and terms.as_of != report_as_of:
        raise DomainRefusal("R2", f"Báo cáo {terms.kind} {terms.parameters} tính đến ngày {report_as_of}, không phải"
                                  f" {terms.as_of}.",
                            f"The {terms.kind} report {terms.parameters} is as of {report_as_of}, not {terms.as_of}.",
                            as_of=str(terms.as_of), report_as_of=str(report_as_of), kind=terms.kind)
    check_days(IssueTerms(**{**terms.__dict__, "as_of": report_as_of}), terms.issued_on)
    return report_as_of


def fold_issued(number: str, payloads: list[tuple[dict[str, Any], datetime]],
                known_at: datetime | None = None) -> tuple[ReportIssued, datetime] | None:
    """The stream's one ReportIssued (as known at `known_at`, None: all), with its recorded_at."""
    for payload, recorded_at in payloads:
        if known_at is None or recorded_at <= known_at:
            return ReportIssued.model_validate(payload), recorded_at
    return None


def not_issued(number: str) -> NotFound:
    return NotFound("R2", f"Chưa có báo cáo nào ban hành với số {number}.", f"No report was issued as {number}.",
                    number=number)


def comparison(issued: ReportIssued, now: dict[str, str]) -> dict[str, bool]:
    """Per recorded hash: whether the regeneration gives the same one."""
    return {name: now.get(name) == digest for name, digest in issued.hashes.items()}
