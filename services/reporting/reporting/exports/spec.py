"""A report kind's layout, declared: sections under the plan's headings, each with its tables and
each table's columns read from the report's JSON. `tables` and `document` map a report to
thidua_documents' model (pure), so adding a report kind is one module of declarations.

Readings chosen:
- A rate is printed as a percentage with two decimals, rounded half up from the exact fraction
  recognised / communes (the plain-text report's rule, text_format.percent); in XLSX and CSV it
  stays a number (17.05). A target rate recorded as a decimal (0.2) is shown the same way (20).
- Yes / no figures are the words "Có" / "Không"; an absent figure is an empty cell.
- A table without rows is one sheet with its header row in XLSX (so the workbook always has the
  same sheets), a line "không có" under its caption in DOCX and PDF.
"""
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from thidua_documents import Cell, Paragraph, Table

Row = Mapping[str, Any]
Value = Callable[[Row], Cell]
Report = Mapping[str, Any]


def get(row: Any, path: str) -> Any:
    """`row["a"]["b"]` for "a/b"; None where any step is missing."""
    for part in path.split("/"):
        if not isinstance(row, Mapping):
            return None
        row = row.get(part)
    return row


def key(path: str) -> Value:
    """The value at `path`: text and whole numbers as they are, yes / no as words."""
    def value(row: Row) -> Cell:
        found = get(row, path)
        if isinstance(found, bool):
            return "Có" if found else "Không"
        if isinstance(found, (list, tuple)):
            return ", ".join(str(v) for v in found)
        return found
    return value


def year(path: str) -> Value:
    """A year is a name, not a quantity: "2015", never grouped as a number ("2.015")."""
    return lambda row: None if get(row, path) is None else str(get(row, path))


def word(path: str, words: Mapping[Any, str]) -> Value:
    """A coded value (a status) as its Vietnamese word; an unknown code as it is."""
    return lambda row: None if get(row, path) is None else words.get(get(row, path), str(get(row, path)))


def day(path: str) -> Value:
    """An ISO date of the JSON as a date cell (dd/mm/yyyy printed, a date in XLSX)."""
    return lambda row: None if get(row, path) is None else date.fromisoformat(get(row, path))


def percent_of(numerator: str, denominator: str) -> Value:
    """numerator / denominator × 100, two decimals, half up from the exact fraction."""
    def value(row: Row) -> Cell:
        top, bottom = get(row, numerator), get(row, denominator)
        return None if top is None or not bottom else hundredths(Fraction(top, bottom))
    return value


def percent_change(before: str, after: str) -> Value:
    """Percentage points from the rate at `before` to the rate at `after` (each {recognised,
    communes}), exactly: the difference of the two fractions, rounded once."""
    def value(row: Row) -> Cell:
        rates = [(get(row, f"{p}/recognised"), get(row, f"{p}/communes")) for p in (before, after)]
        if any(r is None or not c for r, c in rates):
            return None
        (r0, c0), (r1, c1) = rates
        return hundredths(Fraction(r1, c1) - Fraction(r0, c0))
    return value


def decimal_percent(path: str) -> Value:
    """A rate recorded as a decimal (0.2, exactly as entered) × 100."""
    return lambda row: None if get(row, path) is None else hundredths(Fraction(Decimal(repr(get(row, path)))))


def hundredths(rate: Fraction) -> Decimal:
    """rate × 100 with two decimals, half up (away from zero) from the exact fraction."""
    exact = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Column:
    header: str
    value: Value
    width: float = 1.0


def col(header: str, path: str, width: float = 1.0) -> Column:
    return Column(header, key(path), width)


def year_col(header: str, path: str, width: float = 1.0) -> Column:
    return Column(header, year(path), width)


@dataclass(frozen=True)
class TableSpec:
    """`name` is the table's stable name (`?table=` of the CSV, `csv/<name>` of the hashes)."""

    name: str
    title: str
    rows: Callable[[Report], Iterable[Row]]
    columns: tuple[Column, ...] | Callable[[Report], tuple[Column, ...]]  # or from the report (its years)
    sheet: str | None = None
    numbered: bool = True  # a first column "STT"
    present: Callable[[Report], bool] = lambda report: True  # a table whose section the report carries

    def table(self, report: Report) -> Table:
        columns = self.columns(report) if callable(self.columns) else self.columns
        rows = tuple(tuple(c.value(r) for c in columns) for r in self.rows(report))
        headers = tuple(c.header for c in columns)
        widths = tuple(c.width for c in columns)
        if self.numbered:
            rows = tuple((i, *r) for i, r in enumerate(rows, start=1))
            headers, widths = ("STT", *headers), (0.6, *widths)
        return Table(self.title, headers, rows, widths=widths, sheet_name=self.sheet)


def at(path: str) -> Callable[[Report], Iterable[Row]]:
    """The rows of the list at `path` of the report (none when the section is absent)."""
    return lambda report: get(report, path) or ()


@dataclass(frozen=True)
class Section:
    """One heading of the report (the plan's own: "II. NỘI DUNG PHONG TRÀO THI ĐUA"), its
    paragraphs (from the report) and its tables."""

    heading: str
    tables: tuple[TableSpec, ...] = ()
    text: Callable[[Report], Sequence[str]] = lambda report: ()
    present: Callable[[Report], bool] = lambda report: True  # a section the report carries


@dataclass(frozen=True)
class ReportLayout:
    kind: str                                  # "consolidated"
    title: Callable[[Report], str]             # "Kết quả thực hiện Phong trào thi đua ... đến ngày ..."
    bases: tuple[str, ...]                     # "Căn cứ ..." lines
    summary: Callable[[Report], Sequence[str]]
    sections: tuple[Section, ...]
    default_table: str                         # the CSV's table when none is asked for
    province: str = "province"                 # where the JSON names the province ({code, name, ...})

    def sections_of(self, report: Report) -> list[Section]:
        return [s for s in self.sections if s.present(report)]

    def specs(self, report: Report) -> list[TableSpec]:
        return [t for s in self.sections_of(report) for t in s.tables if t.present(report)]

    def table(self, report: Report, name: str) -> Table | None:
        spec = next((t for t in self.specs(report) if t.name == name), None)
        return None if spec is None else spec.table(report)


def tables(report: Report, layout: ReportLayout) -> list[Table]:
    """Every table of the report, in the document's order (the XLSX's sheets)."""
    return [spec.table(report) for spec in layout.specs(report)]


def body(report: Report, layout: ReportLayout) -> tuple[Paragraph | Table, ...]:
    """The document's body: bases, summary, then each section's heading, text and tables."""
    blocks: list[Paragraph | Table] = [Paragraph(b, style="basis") for b in layout.bases]
    blocks += [Paragraph(p) for p in layout.summary(report)]
    for section in layout.sections_of(report):
        blocks.append(Paragraph(section.heading, style="heading"))
        blocks += [Paragraph(p) for p in section.text(report)]
        for spec in (t for t in section.tables if t.present(report)):
            table = spec.table(report)
            blocks.append(table if table.rows else Paragraph(f"{table.title}: không có.", style="body"))
    return tuple(blocks)
