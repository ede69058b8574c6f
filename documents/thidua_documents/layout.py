"""Decree 30/2020/NĐ-CP page and type sizes, shared by the DOCX and the PDF renderers.

A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the Decree's ranges are 20-25,
20-25, 30-35, 15-20: the smallest, the most text per page, as most provincial offices print);
Times New Roman; body 14 pt (13-14), header 13 pt, motto first line 12 pt (12-13) so it fits its
column on one line, "Nơi nhận" 12 pt bold italic with its items at 11 pt.
"""
from thidua_documents.measure import times_width_mm

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165

HEADER_LEFT_MM = 65.0    # issuing body, number
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM  # motto, place and date
SIGN_LEFT_MM = 75.0      # "Nơi nhận"
SIGN_RIGHT_MM = TEXT_WIDTH_MM - SIGN_LEFT_MM  # signature block

BODY_PT = 14.0
HEADER_PT = 13.0
MOTTO_TOP_PT = 12.0
MOTTO_PT = 13.0
TABLE_PT = 12.0
RECIPIENTS_TITLE_PT = 12.0
RECIPIENTS_PT = 11.0
FIRST_LINE_INDENT_MM = 12.7

MOTTO_TOP = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_TITLE = "Nơi nhận:"


def column_widths(weights: tuple[float, ...], total_mm: float) -> list[float]:
    whole = sum(weights)
    return [total_mm * w / whole for w in weights]


def auto_widths_mm(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...], total_mm: float,
                   size_pt: float, *, widen: float = 1.0, padding_mm: float = 4.0) -> list[float]:
    """Column widths filling `total_mm`: each column gets at least its longest header word and its
    longest unbreakable cell (a figure, a date, a word); what is left goes to the columns whose
    text would run longer (names), in proportion to how much longer. `widen` scales Times metrics
    for a wider face (DejaVu Serif in the PDF)."""
    def width(text: str, bold: bool = False) -> float:
        return times_width_mm(text, size_pt, bold=bold) * widen + padding_mm

    least, natural = [], []
    for i, title in enumerate(columns):
        cells = [row[i] for row in rows]
        words = [w for text in cells for w in text.split()] + [""]
        least.append(max(max(width(w, True) for w in title.split() or [""]), max(width(w) for w in words)))
        natural.append(max([least[-1]] + [width(c) for c in cells]))
    spare = total_mm - sum(least)
    extra = [n - m for n, m in zip(natural, least)]
    if spare <= 0:
        return [total_mm * m / sum(least) for m in least]
    if sum(natural) <= total_mm:
        return [total_mm * n / sum(natural) for n in natural]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra)]
