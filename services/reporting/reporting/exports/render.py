"""A report's files: DOCX and PDF (the whole administrative document, Decree 30/2020/NĐ-CP), XLSX
(one sheet per table) and CSV (one table), and the SHA-256 of each, from the report's JSON and its
letterhead. Pure: the same report and letterhead give the same bytes (thidua_documents).

Readings chosen:
- The issuer is the province's People's Committee (the plan VII.2: the board reports to it, it
  reports up); the number and symbol are the issuing act's ("125/BC-UBND"); the place is the
  province's name, the date the day of issue. An export not issued is a draft: "Số:      /BC-UBND",
  dated the report's as_of, so it too is a function of (as_of, known_at) alone.
- No event records who signs: the signature block names the authority and position, the name
  line stays blank (as awards' decisions do).
- Hashes: `json` (the report as canonical JSON: keys sorted, orjson, UTF-8), `docx`, `xlsx`, `pdf`,
  `csv` (the layout's default table) and `csv/<table>` for every table.
"""
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal

import orjson

from thidua_documents import AdminDocument, Signature, render_csv, render_docx, render_pdf, render_xlsx

from .spec import Report, ReportLayout, body, get, tables

Format = Literal["docx", "xlsx", "pdf", "csv"]
FORMATS: tuple[Format, ...] = ("docx", "xlsx", "pdf", "csv")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}
DRAFT_NUMBER = "      /BC-UBND"
RECIPIENTS = ("Bộ Nông nghiệp và Phát triển nông thôn;", "Ban Thi đua - Khen thưởng Trung ương;",
              "Thường trực Tỉnh ủy, HĐND tỉnh;", "Hội đồng Thi đua - Khen thưởng tỉnh;", "Lưu: VT, NC.")


@dataclass(frozen=True)
class Letterhead:
    number: str
    issued_on: date


def draft(report: Report) -> Letterhead:
    return Letterhead(DRAFT_NUMBER, date.fromisoformat(report["as_of"]))


def province_name(report: Report, path: str = "province") -> str:
    return str(get(report, f"{path}/name") or "Tỉnh")


def document(report: Report, layout: ReportLayout, letterhead: Letterhead) -> AdminDocument:
    name = province_name(report, layout.province)
    place = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return AdminDocument(
        issuer="ỦY BAN NHÂN DÂN\n" + name.upper(), number=letterhead.number, place=place,
        signed_on=letterhead.issued_on, kind="BÁO CÁO", title=layout.title(report), body=body(report, layout),
        signature=Signature("CHỦ TỊCH", "", ("TM. ỦY BAN NHÂN DÂN",)), recipients=RECIPIENTS)


def canonical_json(report: Report) -> bytes:
    return orjson.dumps(report, option=orjson.OPT_SORT_KEYS)


def render(report: Report, layout: ReportLayout, letterhead: Letterhead, fmt: Format,
           table: str | None = None) -> bytes:
    """The file in `fmt`; for CSV the table named `table` (default: the layout's). A table the
    report does not have: KeyError (the route answers 404)."""
    if fmt == "csv":
        chosen = layout.table(report, table or layout.default_table)
        if chosen is None:
            raise KeyError(table)
        return render_csv(chosen)
    if fmt == "xlsx":
        doc = document(report, layout, letterhead)
        return render_xlsx(tables(report, layout), title=f"{doc.kind} {doc.number}: {doc.title}",
                           author=doc.issuer.replace("\n", " "),
                           created=datetime.combine(letterhead.issued_on, time()))
    doc = document(report, layout, letterhead)
    return render_docx(doc) if fmt == "docx" else render_pdf(doc)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hashes(report: Report, layout: ReportLayout, letterhead: Letterhead) -> dict[str, str]:
    """Every format's hash (see the module's reading)."""
    found: dict[str, Any] = {"json": sha256(canonical_json(report))}
    for fmt in FORMATS:
        found[fmt] = sha256(render(report, layout, letterhead, fmt))
    for spec in layout.specs(report):
        found[f"csv/{spec.name}"] = sha256(render(report, layout, letterhead, "csv", spec.name))
    return found
