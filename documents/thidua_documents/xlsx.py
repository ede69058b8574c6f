"""Tables as an XLSX workbook: one sheet per table, header row bold, figures kept numbers."""
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from thidua_documents.model import Cell, Table
from thidua_documents.reproducible import EPOCH, fixed_zip
from thidua_documents.vi_text import cell_text, nfc

SHEET_NAME_MAX = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(tables: Sequence[Table]) -> list[str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, not blank, unique ignoring case
    (a repeated name gets " (2)", " (3)" within the 31)."""
    names: list[str] = []
    taken: set[str] = set()
    for index, table in enumerate(tables, start=1):
        base = _FORBIDDEN.sub("-", nfc(table.sheet_name or table.title)).strip().strip("'") or f"Bảng {index}"
        name, n = base[:SHEET_NAME_MAX], 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _value(cell: Cell):
    if isinstance(cell, str):
        return nfc(cell)
    if isinstance(cell, (Decimal, Fraction)):
        return int(cell) if cell == int(cell) else float(cell)
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime.combine(cell, time())
    return cell


def _format(cell: Cell) -> str | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int) or (isinstance(cell, (Decimal, Fraction)) and cell == int(cell)):
        return "#,##0"
    if isinstance(cell, (float, Decimal, Fraction)):
        return "#,##0.0#"
    if isinstance(cell, date):
        return "dd/mm/yyyy"
    return None


def _widths(table: Table) -> list[float]:
    if table.widths:
        return list(table.widths)
    widths = []
    for i, title in enumerate(table.columns):
        longest = max([len(title)] + [len(cell_text(row[i])) for row in table.rows])
        widths.append(float(min(60, max(8, longest + 2))))
    return widths


def render_xlsx(tables: Sequence[Table], *, title: str | None = None, author: str = "thidua",
                created: datetime = EPOCH) -> bytes:
    """The workbook's bytes; `created` (default 2000-01-01) is written as both created and modified."""
    if not tables:
        raise ValueError("a workbook needs at least one table")
    book = Workbook()
    book.remove(book.active)
    for table, name in zip(tables, sheet_names(tables)):
        sheet = book.create_sheet(name)
        sheet.append([nfc(c) for c in table.columns])
        for row in table.rows:
            sheet.append([_value(c) for c in row])
            for cell, raw in zip(sheet[sheet.max_row], row):
                fmt = _format(raw)
                if fmt:
                    cell.number_format = fmt
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        sheet.oddHeader.center.text = nfc(table.title)
    props = book.properties
    props.creator = props.lastModifiedBy = author
    props.title = nfc(title or tables[0].title)
    props.created = props.modified = created
    out = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_zip(out.getvalue())
