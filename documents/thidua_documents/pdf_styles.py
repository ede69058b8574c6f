"""Paragraph styles and small flowables for the PDF renderers (sizes from layout.py)."""
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable
from reportlab.platypus import Paragraph as PdfParagraph

from thidua_documents import layout as L
from thidua_documents.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts
from thidua_documents.vi_text import nfc

register_fonts()
_FACES = {(False, False): REGULAR, (True, False): BOLD, (False, True): ITALIC, (True, True): BOLD_ITALIC}
# DejaVu Serif runs about 27% wider than Times New Roman: the PDF sets each Decree size at 0.88 of
# it so a page holds about what the DOCX page holds (14 pt → 12.3 pt, with a larger x-height).
SCALE = 0.88
WIDER = 1.3
_ALIGN = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def style(size: float, *, bold: bool = False, italic: bool = False, align: str = "centre",
          before: float = 0, after: float = 0, indent_mm: float = 0, leading: float = 1.2) -> ParagraphStyle:
    return ParagraphStyle(
        name=f"s{size}{bold}{italic}{align}{before}{after}{indent_mm}", fontName=_FACES[(bold, italic)],
        fontSize=size * SCALE, leading=size * SCALE * leading, alignment=_ALIGN[align], spaceBefore=before,
        spaceAfter=after, firstLineIndent=indent_mm * mm)


def para(text: str, st: ParagraphStyle, lead: str = "") -> PdfParagraph:
    body = escape(nfc(text)).replace("\n", "<br/>")
    if lead:
        body = f"<font name='{BOLD}'>{escape(nfc(lead))}</font>{body}"
    return PdfParagraph(body, st)


def hrule(width_mm: float, before: float = 4, after: float = 2) -> HRFlowable:
    return HRFlowable(width=width_mm * mm, thickness=0.6, color="black", hAlign="CENTER",
                      spaceBefore=before, spaceAfter=after)


BODY = style(L.BODY_PT, align="justify", after=6, indent_mm=L.FIRST_LINE_INDENT_MM)
BASIS = style(L.BODY_PT, italic=True, align="justify", after=6, indent_mm=L.FIRST_LINE_INDENT_MM)
HEADING = style(L.BODY_PT, bold=True, before=6, after=6)
CENTRE = style(L.BODY_PT, before=6, after=6)
CELL = style(L.TABLE_PT - 1, align="left")
CELL_FIGURE = style(L.TABLE_PT - 1, align="right")
CELL_HEAD = style(L.TABLE_PT - 1, bold=True)
CAPTION = style(L.TABLE_PT + 1, bold=True, before=6, after=6)
BLOCK_STYLES = {"body": BODY, "basis": BASIS, "heading": HEADING, "centre": CENTRE}
