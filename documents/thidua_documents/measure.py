"""Approximate printed widths, for the short rules under the issuing body and the motto.

Times New Roman's metrics (reportlab's built-in Times AFM) on the text without its tone and
vowel marks: the marks sit above or below their letters and do not widen them.
"""
import unicodedata

from reportlab.pdfbase.pdfmetrics import stringWidth

_MM_PER_POINT = 25.4 / 72
_PLAIN = {"đ": "d", "Đ": "D"}


def _base_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(_PLAIN.get(ch, ch) for ch in kept)


def times_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    font = "Times-Bold" if bold else "Times-Roman"
    return stringWidth(_base_letters(text), font, size_pt) * _MM_PER_POINT
