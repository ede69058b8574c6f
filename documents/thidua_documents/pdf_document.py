"""An administrative document, or a plain set of tables, as PDF bytes (same layout as the DOCX)."""
import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle

from thidua_documents import layout as L

from reportlab.pdfbase.pdfmetrics import stringWidth

from thidua_documents.fonts import BOLD, REGULAR
from thidua_documents.model import AdminDocument, Paragraph, Table
from thidua_documents.pdf_styles import (BLOCK_STYLES, CAPTION, CELL, CELL_FIGURE, CELL_HEAD, SCALE,
                                         WIDER, hrule, para, style)
from thidua_documents.vi_text import cell_text, is_figure, nfc, place_date, vi_long_date

PRODUCER = "thidua"


def _template(out: io.BytesIO, title: str, author: str, subject: str = "") -> SimpleDocTemplate:
    return SimpleDocTemplate(
        out, pagesize=A4, invariant=1, title=nfc(title), author=nfc(author), subject=nfc(subject),
        creator=PRODUCER, initialFontName=REGULAR, leftMargin=L.MARGIN_LEFT_MM * mm, rightMargin=L.MARGIN_RIGHT_MM * mm,
        topMargin=L.MARGIN_TOP_MM * mm, bottomMargin=L.MARGIN_BOTTOM_MM * mm)


def _page_number(canvas, doc) -> None:
    if doc.page > 1:
        canvas.setFont(REGULAR, 10)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(doc.page))


def _style(*commands) -> TableStyle:
    """Table commands with the embedded face as the cells' font (reportlab's default, Helvetica,
    would otherwise be referenced, unembedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def pdf_table(table: Table) -> list:
    texts = [[cell_text(c) for c in row] for row in table.rows]
    widths = (L.column_widths(table.widths, L.TEXT_WIDTH_MM) if table.widths
              else L.auto_widths_mm(table.columns, tuple(map(tuple, texts)), L.TEXT_WIDTH_MM, CELL.fontSize,
                                    widen=WIDER, padding_mm=4.5))
    head = [para(c, CELL_HEAD) for c in table.columns]
    body = [[para(t, CELL_FIGURE if is_figure(v) else CELL) for t, v in zip(row, raw)]
            for row, raw in zip(texts, table.rows)]
    grid = PdfTable([head, *body], colWidths=[w * mm for w in widths],
                    repeatRows=1)
    grid.setStyle(_style(("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)))
    return [para(table.title, CAPTION), grid, Spacer(1, 6)]


def _block(block: Paragraph | Table) -> list:
    if isinstance(block, Table):
        return pdf_table(block)
    return [para(block.text, BLOCK_STYLES[block.style], block.lead)]


def _header(doc: AdminDocument) -> list:
    left = []
    if doc.issuer_superior:
        left.append(para(doc.issuer_superior.upper(), style(L.HEADER_PT)))
    left += [para(doc.issuer.upper(), style(L.HEADER_PT, bold=True)), hrule(22)]
    right = [para(L.MOTTO_TOP, style(L.MOTTO_TOP_PT, bold=True)), para(L.MOTTO, style(L.MOTTO_PT, bold=True)),
             hrule(stringWidth(L.MOTTO, BOLD, L.MOTTO_PT * SCALE) / mm)]
    number = para(f"Số: {doc.number}", style(L.HEADER_PT))
    when = para(place_date(doc.place, doc.signed_on), style(L.HEADER_PT, italic=True))
    grid = PdfTable([[left, right], [number, when]], colWidths=[L.HEADER_LEFT_MM * mm, L.HEADER_RIGHT_MM * mm])
    grid.setStyle(_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                         ("TOPPADDING", (0, 1), (-1, 1), 6)))
    flow = [grid, para(doc.kind.upper(), style(L.BODY_PT, bold=True, before=18)),
            para(doc.title, style(L.BODY_PT, bold=True)), hrule(40)]
    if doc.authority:
        flow.append(para(doc.authority.upper(), style(L.BODY_PT, bold=True, before=10, after=6)))
    return flow


def _signature(doc: AdminDocument) -> list:
    left = []
    if doc.recipients:
        left.append(para(L.RECIPIENTS_TITLE, style(L.RECIPIENTS_TITLE_PT, bold=True, italic=True, align="left")))
        left += [para(f"- {item}", style(L.RECIPIENTS_PT, align="left")) for item in doc.recipients]
    sign = doc.signature
    right = [para(line.upper(), style(L.BODY_PT, bold=True)) for line in (*sign.authority, sign.position)]
    right += [Spacer(1, 60), para(sign.name, style(L.BODY_PT, bold=True))]
    grid = PdfTable([[left, right]], colWidths=[L.SIGN_LEFT_MM * mm, L.SIGN_RIGHT_MM * mm])
    grid.setStyle(_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)))
    return [Spacer(1, 6), KeepTogether([grid])]


def render_pdf(doc: AdminDocument) -> bytes:
    out = io.BytesIO()
    story = _header(doc)
    for block in doc.body:
        story += _block(block)
    story += _signature(doc)
    for annex in doc.annexes:
        note = f"(Kèm theo {doc.kind.capitalize()} số {doc.number} {vi_long_date(doc.signed_on)})"
        story += [PageBreak(), para(note, style(L.BODY_PT, italic=True, after=6)), *pdf_table(annex)]
    _template(out, f"{doc.kind} {doc.number}", doc.issuer.replace("\n", " "), doc.title).build(
        story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()


def render_tables_pdf(title: str, tables: Sequence[Table], *, subtitle: str | None = None,
                      author: str = "thidua") -> bytes:
    """A report: a bold centred title, an optional italic subtitle, then each table with its caption."""
    out = io.BytesIO()
    story = [para(title, style(L.BODY_PT, bold=True, after=4))]
    if subtitle:
        story.append(para(subtitle, style(L.HEADER_PT, italic=True, after=6)))
    for table in tables:
        story += pdf_table(table)
    _template(out, title, author).build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()
