"""A report's figures for a statistics office (issue 11): every figure of the report, machine
readable, in long form, one row per figure. Pure.

Readings chosen:
- The rows are `figures.flatten`'s: the same figure ids the trace (`/reports/{kind}/trace`) and
  the "as issued vs as known now" changes use, so a statistician can ask for the events behind
  any row and compare two exports row by row. `dimensions` splits the id into its segments
  (percent-decoded), the form a statistics system loads without parsing ids.
- `value_type` is the JSON value's own: integer, decimal, boolean, text or null. Rates stay as
  the report carries them (decimals, not rounded again); money is in VND as recorded (R1).
- The export says which report it is: kind, its parameters (year, plan), as_of, known_at, the
  province, and `report_sha256`, the hash of the report's canonical JSON (the issued act's `json`
  hash when the report was issued: a statistics office can check it holds the issued figures).
- CSV: UTF-8 with a byte-order mark (spreadsheets then read the diacritics), one header row,
  columns `figure, value, value_type, report, as_of, known_at`; the same (report, as_of,
  known_at) gives the same bytes.
"""
import csv
import io
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

from .figures import flatten

CSV_COLUMNS = ("figure", "value", "value_type", "report", "as_of", "known_at")
SCHEMA = "thidua.statistics/v1"


def value_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, (float, Decimal)):
        return "decimal"
    return "text"


def dimensions(figure: str) -> list[str]:
    return [unquote(segment) for segment in figure.split("/")]


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"figure": figure, "dimensions": dimensions(figure), "value": value, "value_type": value_type(value)}
            for figure, value in flatten(report).items()]


def statistics(report: dict[str, Any], kind: str, parameters: dict[str, Any], report_sha256: str,
               province: Any = None) -> dict[str, Any]:
    """The JSON export: what the report is, then its figures in the report's order."""
    return {
        "schema": SCHEMA,
        "report": kind,
        "parameters": parameters,
        "as_of": report.get("as_of"),
        "known_at": report.get("known_at"),
        "province": _province(province),
        "report_sha256": report_sha256,
        "figures": rows(report),
    }


def statistics_csv(export: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in export["figures"]:
        writer.writerow((row["figure"], _cell(row["value"]), row["value_type"], export["report"],
                         export["as_of"] or "", export["known_at"] or ""))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _province(province: Any) -> dict[str, Any] | None:
    if isinstance(province, dict):
        return {k: province.get(k) for k in ("code", "name") if k in province}
    return None
