"""A table as CSV: UTF-8 with a byte-order mark (so Excel reads the diacritics), CRLF lines.

Figures stay plain numbers ("1000000", "14.3"), dates ISO ("2015-12-31"): a file for programs
and spreadsheets, not for print.
"""
import csv
import io
from datetime import date
from decimal import Decimal
from fractions import Fraction

from thidua_documents.model import Cell, Table
from thidua_documents.vi_text import nfc

BOM = "\ufeff"


def _plain(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Fraction):
        cell = Decimal(cell.numerator) / Decimal(cell.denominator)
    if isinstance(cell, date):
        return cell.isoformat()
    return nfc(str(cell))


def render_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([nfc(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_plain(c) for c in row])
    return (BOM + out.getvalue()).encode("utf-8")
