"""The issue-report command (the province board): a report issued under its number and symbol."""
import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from thidua_kernel.http import CommandBody
from thidua_kernel.limits import Day
from thidua_kernel.routes import CommandRoute

from .issue_handlers import issue_report

# Decree 30/2020/NĐ-CP: "<number>/<kind's abbreviation>-<issuer's abbreviation>", e.g. 125/BC-UBND.
NUMBER_PATTERN = re.compile(r"^[0-9]{1,6}/[0-9A-ZĐ][0-9A-ZĐ-]{0,30}$")
ReportNumber = Annotated[str, StringConstraints(pattern=NUMBER_PATTERN.pattern)]
Parameter = int | Annotated[str, StringConstraints(min_length=1, max_length=32)]


class IssueReport(CommandBody):
    """`parameters`: {} (consolidated), {"year": 2015} (yearly-summary), {"plan": "2011-2015"}
    (thematic). `as_of` (default: issued_on; a yearly summary's or thematic report's is its own).
    `known_at` (default: the latest moment the projections have fully seen)."""

    kind: Literal["consolidated", "yearly-summary", "thematic"]
    parameters: Annotated[dict[str, Parameter], Field(max_length=8)] = {}
    number: ReportNumber
    issued_on: Day
    as_of: Day | None = None
    known_at: datetime | None = None


ISSUE_COMMANDS: list[CommandRoute] = [CommandRoute("issue-report", IssueReport, issue_report)]
