"""An administrative document (Decree 30/2020/NĐ-CP, Appendix I) as DOCX bytes."""
import io
from datetime import datetime, time

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua_documents import layout as L
from thidua_documents.docx_parts import (add_run, first_paragraph, fixed_widths, keep_on_one_page, no_borders,
                                          repeat_header, rule, set_run_font, tight)
from thidua_documents.measure import times_width_mm
from thidua_documents.model import AdminDocument, Paragraph, Table
from thidua_documents.reproducible import fixed_zip
from thidua_documents.vi_text import cell_text, is_figure, nfc, place_date, vi_long_date


def render_docx(doc: AdminDocument) -> bytes:
    document = Document()
    _page(document)
    _properties(document, doc)
    _header(document, doc)
    _kind_and_title(document, doc)
    for block in doc.body:
        _block(document, block)
    _signature(document, doc)
    for annex in doc.annexes:
        _annex(document, doc, annex)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    normal = document.styles["Normal"]
    set_run_font(normal, L.BODY_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)


def _properties(document, doc: AdminDocument) -> None:
    props = document.core_properties
    moment = datetime.combine(doc.signed_on, time())
    props.created = props.modified = moment
    props.last_printed = moment
    props.author = props.last_modified_by = nfc(doc.issuer.replace("\n", " "))
    props.title = nfc(f"{doc.kind} {doc.number}")
    props.subject = nfc(doc.title)
    props.revision = 1
    props.language = "vi-VN"


def _lines(cell, text: str, size: float, *, bold: bool = False, italic: bool = False):
    blank = len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs
    paragraph = tight(first_paragraph(cell) if blank else cell.add_paragraph())
    for i, line in enumerate(nfc(text).split("\n")):
        if i:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        add_run(paragraph, line, size, bold=bold, italic=italic)
    return paragraph


def _header(document, doc: AdminDocument) -> None:
    table = document.add_table(rows=2, cols=2)
    no_borders(table)
    fixed_widths(table, [L.HEADER_LEFT_MM, L.HEADER_RIGHT_MM])
    left, right = table.rows[0].cells
    if doc.issuer_superior:
        _lines(left, doc.issuer_superior.upper(), L.HEADER_PT)
    _lines(left, doc.issuer.upper(), L.HEADER_PT, bold=True)
    rule(left.add_paragraph(), 22.0, L.HEADER_LEFT_MM - 4)
    _lines(right, L.MOTTO_TOP, L.MOTTO_TOP_PT, bold=True)
    _lines(right, L.MOTTO, L.MOTTO_PT, bold=True)
    rule(right.add_paragraph(), times_width_mm(L.MOTTO, L.MOTTO_PT, bold=True), L.HEADER_RIGHT_MM - 4)
    number, when = table.rows[1].cells
    tight(_lines(number, f"Số: {doc.number}", L.HEADER_PT), before=6)
    tight(_lines(when, place_date(doc.place, doc.signed_on), L.BODY_PT, italic=True), before=6)


def _kind_and_title(document, doc: AdminDocument) -> None:
    kind = tight(document.add_paragraph(), before=18)
    add_run(kind, nfc(doc.kind.upper()), L.BODY_PT, bold=True)
    title = tight(document.add_paragraph())
    for i, line in enumerate(nfc(doc.title).split("\n")):
        if i:
            title.add_run().add_break(WD_BREAK.LINE)
        add_run(title, line, L.BODY_PT, bold=True)
    rule(document.add_paragraph(), 40.0, L.TEXT_WIDTH_MM, before=3)
    if doc.authority:
        authority = tight(document.add_paragraph(), before=12, after=6)
        add_run(authority, nfc(doc.authority.upper()), L.BODY_PT, bold=True)
    else:
        tight(document.add_paragraph(), after=6)


def _block(document, block: Paragraph | Table) -> None:
    if isinstance(block, Table):
        _table(document, block)
        return
    paragraph = document.add_paragraph()
    if block.style in ("heading", "centre"):
        tight(paragraph, "centre", before=6, after=6)
    else:
        tight(paragraph, "justify", after=6, line=1.1)
        paragraph.paragraph_format.first_line_indent = Mm(L.FIRST_LINE_INDENT_MM)
    if block.lead:
        add_run(paragraph, nfc(block.lead), L.BODY_PT, bold=True)
    add_run(paragraph, nfc(block.text), L.BODY_PT, bold=block.style == "heading",
            italic=block.style == "basis")


def _table(document, table: Table) -> None:
    caption = tight(document.add_paragraph(), before=6, after=6)
    add_run(caption, nfc(table.title), L.TABLE_PT + 1, bold=True)
    texts = tuple(tuple(cell_text(c) for c in row) for row in table.rows)
    widths = (L.column_widths(table.widths, L.TEXT_WIDTH_MM) if table.widths
              else L.auto_widths_mm(table.columns, texts, L.TEXT_WIDTH_MM, L.TABLE_PT))
    grid = document.add_table(rows=1 + len(texts), cols=len(table.columns))
    grid.style = "Table Grid"
    fixed_widths(grid, widths)
    repeat_header(grid.rows[0])
    for cell, title in zip(grid.rows[0].cells, table.columns):
        add_run(tight(first_paragraph(cell), before=2, after=2), nfc(title), L.TABLE_PT, bold=True)
    for row, values, raw in zip(grid.rows[1:], texts, table.rows):
        for cell, text, value in zip(row.cells, values, raw):
            align = "right" if is_figure(value) else "left"
            add_run(tight(first_paragraph(cell), align, before=2, after=2), text, L.TABLE_PT)
    tight(document.add_paragraph(), after=6)


def _signature(document, doc: AdminDocument) -> None:
    if document.paragraphs:  # the last lines of the body go to the signature's page with it
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    fixed_widths(table, [L.SIGN_LEFT_MM, L.SIGN_RIGHT_MM])
    keep_on_one_page(table.rows[0])
    left, right = table.rows[0].cells
    if doc.recipients:
        title = tight(first_paragraph(left), "left", before=6)
        add_run(title, L.RECIPIENTS_TITLE, L.RECIPIENTS_TITLE_PT, bold=True, italic=True)
        for item in doc.recipients:
            add_run(tight(left.add_paragraph(), "left"), f"- {nfc(item)}", L.RECIPIENTS_PT)
    sign = doc.signature
    for line in (*sign.authority, sign.position):
        _lines(right, line.upper(), L.BODY_PT, bold=True)
    tight(_lines(right, sign.name, L.BODY_PT, bold=True), before=72)


def _annex(document, doc: AdminDocument, annex: Table) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    note = tight(document.add_paragraph(), after=6)
    add_run(note, f"(Kèm theo {nfc(doc.kind.capitalize())} số {doc.number} "
                  f"{vi_long_date(doc.signed_on)})", L.BODY_PT, italic=True)
    _table(document, annex)
