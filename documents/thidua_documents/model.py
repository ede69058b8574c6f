"""What a document says, independent of the file format it is rendered to.

Plain frozen dataclasses: a caller (awards, reporting) builds them from its own state; the
renderers (docx.py, pdf_document.py, xlsx.py, csv_table.py, certificate.py) only lay them out.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

# A table cell: text, a figure (kept a number in XLSX/CSV, written the Vietnamese way in DOCX/PDF),
# a date (a date cell in XLSX, dd/mm/yyyy elsewhere) or empty.
Cell = str | int | float | Decimal | Fraction | date | None


@dataclass(frozen=True)
class Table:
    """A table with a header row. `sheet_name` (XLSX) defaults to the title (cut to 31 characters);
    `widths` are relative column weights (DOCX/PDF) and, for XLSX, widths in characters."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] | None = None
    sheet_name: str | None = None

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.title!r}: a row has {len(row)} cells for {len(self.columns)} columns")
        if self.widths is not None and len(self.widths) != len(self.columns):
            raise ValueError(f"table {self.title!r}: {len(self.widths)} widths for {len(self.columns)} columns")


Style = Literal["body", "basis", "heading", "centre"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the body. `lead` is set in bold before the text ("Điều 1. ").
    body: justified, first line indented; basis: "Căn cứ ..." lines, italic; heading: bold, centred
    ("QUYẾT ĐỊNH:"); centre: centred, plain."""

    text: str
    lead: str = ""
    style: Style = "body"


def article(number: int, text: str) -> Paragraph:
    """"Điều 1. Tặng Bằng khen ..." (the label bold)."""
    return Paragraph(text, lead=f"Điều {number}. ")


Block = Paragraph | Table


@dataclass(frozen=True)
class Signature:
    """The signature block (right): authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), the
    signer's position ("PHÓ CHỦ TỊCH"), then the signer's name under the space for the signature."""

    position: str
    name: str
    authority: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdminDocument:
    """A Vietnamese administrative document (Decree 30/2020/NĐ-CP, Appendix I): issuing body and
    national motto, number and symbol ("123/QĐ-UBND"), place and date, kind ("QUYẾT ĐỊNH") and
    title ("Về việc ..."), body, signature, recipients ("Nơi nhận")."""

    issuer: str
    number: str
    place: str
    signed_on: date
    kind: str
    title: str
    body: tuple[Block, ...]
    signature: Signature
    issuer_superior: str | None = None
    recipients: tuple[str, ...] = ()
    # The authority's name repeated under the title (a decision: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...").
    authority: str | None = None
    # Annexes after the signature (a list attached to the decision), each a title and its table.
    annexes: tuple[Table, ...] = field(default=())


@dataclass(frozen=True)
class Certificate:
    """A certificate of merit: BẰNG KHEN / GIẤY KHEN (Circular 12/2019/TT-BNV layout)."""

    kind: str                     # "BẰNG KHEN" | "GIẤY KHEN"
    issuer_title: str             # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" / "THỦ TƯỚNG CHÍNH PHỦ"
    awardee: str                  # "Ủy ban nhân dân huyện Văn Quan"
    achievement: str              # "Đã có thành tích xuất sắc trong phong trào ..."
    decision_number: str          # "123/QĐ-UBND"
    decision_date: date
    place: str
    signed_on: date
    signer_title: str             # "CHỦ TỊCH"
    signer_name: str
    awardee_detail: str | None = None   # "Huyện Văn Quan, tỉnh Lạng Sơn"
    register_number: str | None = None  # "Số sổ vàng"
