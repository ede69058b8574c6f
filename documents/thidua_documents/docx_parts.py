"""Low-level python-docx helpers: fonts, paragraph borders, cell widths, table borders."""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

FONT = "Times New Roman"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "centre": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def set_run_font(run_or_style, size: float | None = None) -> None:
    """Times New Roman for every script slot (Word picks eastAsia/cs slots for some characters)."""
    font = run_or_style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def add_run(paragraph: DocxParagraph, text: str, size: float, *, bold: bool = False,
            italic: bool = False):
    run = paragraph.add_run(text)
    set_run_font(run, size)
    run.bold = bold
    run.italic = italic
    return run


def tight(paragraph: DocxParagraph, align: str = "centre", before: float = 0, after: float = 0,
          line: float = 1.0) -> DocxParagraph:
    fmt = paragraph.paragraph_format
    paragraph.alignment = ALIGN[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    return paragraph


def rule(paragraph: DocxParagraph, width_mm: float, box_mm: float, before: float = 1) -> None:
    """Make an empty paragraph a centred horizontal rule `width_mm` long inside a box `box_mm` wide
    (a bottom border on a paragraph indented from both sides)."""
    side = max(0.0, (box_mm - width_mm) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(2)
    fmt.line_spacing = 1.0
    ppr = paragraph._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")  # the empty paragraph's mark at 2 pt: the rule sits close under the text
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    ppr.append(mark)


def fixed_widths(table: DocxTable, widths_mm: list[float]) -> None:
    """Column widths that Word and LibreOffice both honour (fixed layout, grid and every cell)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def no_borders(table: DocxTable) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def keep_on_one_page(row) -> None:
    """The row is never split across pages (the signature block stays whole)."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def first_paragraph(cell) -> DocxParagraph:
    return cell.paragraphs[0]
