"""A certificate of merit (BẰNG KHEN / GIẤY KHEN) as a one-page landscape A4 PDF.

Layout after the model of Circular 12/2019/TT-BNV: the national motto on top, the conferring
authority, "TẶNG", the certificate's name, the awardee, the achievement; the decision's number and
date bottom left, place and date with the signer bottom right.
"""
import io

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from thidua_documents.fonts import BOLD, ITALIC, REGULAR, register_fonts
from thidua_documents.layout import MOTTO, MOTTO_TOP
from thidua_documents.model import Certificate
from thidua_documents.vi_text import nfc, place_date, vi_long_date

RED = HexColor("#B0151B")
GOLD = HexColor("#B8860B")
WIDTH, HEIGHT = landscape(A4)
TEXT_WIDTH = WIDTH - 70 * mm


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, *, x: float = WIDTH / 2,
             width: float = TEXT_WIDTH, leading: float = 1.25) -> float:
    """Draw `text` centred on x, wrapped to `width`; returns the y below the last line."""
    canvas.setFont(font, size)
    for line in simpleSplit(nfc(text), font, size, width):
        canvas.drawCentredString(x, y, line)
        y -= size * leading
    return y


def _frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(4)
    canvas.rect(10 * mm, 10 * mm, WIDTH - 20 * mm, HEIGHT - 20 * mm)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.rect(14 * mm, 14 * mm, WIDTH - 28 * mm, HEIGHT - 28 * mm)


def render_certificate_pdf(cert: Certificate) -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, HEIGHT), invariant=1, pageCompression=1,
                    initialFontName=REGULAR)
    canvas.setTitle(nfc(f"{cert.kind} - {cert.awardee}"))
    canvas.setAuthor(nfc(cert.issuer_title))
    canvas.setSubject(nfc(f"Quyết định số {cert.decision_number}"))
    canvas.setCreator("thidua")
    _frame(canvas)
    y = _centred(canvas, MOTTO_TOP, HEIGHT - 30 * mm, BOLD, 13)
    y = _centred(canvas, MOTTO, y, BOLD, 13)
    canvas.setLineWidth(0.6)
    canvas.setStrokeColor("black")
    canvas.line(WIDTH / 2 - 33 * mm, y + 9, WIDTH / 2 + 33 * mm, y + 9)
    y = _centred(canvas, cert.issuer_title.upper(), y - 24, BOLD, 17)
    y = _centred(canvas, "TẶNG", y - 4, BOLD, 15)
    canvas.setFillColor(RED)
    y = _centred(canvas, cert.kind.upper(), y - 38, BOLD, 46)
    canvas.setFillColor("black")
    y = _centred(canvas, cert.awardee, y - 4, BOLD, 24)
    if cert.awardee_detail:
        y = _centred(canvas, cert.awardee_detail, y, ITALIC, 15)
    _centred(canvas, cert.achievement, y - 12, REGULAR, 16)
    base = 48 * mm
    left_x, right_x = 75 * mm, WIDTH - 80 * mm
    lines = [f"Quyết định số {cert.decision_number}", vi_long_date(cert.decision_date)]
    if cert.register_number:
        lines.append(f"Số sổ vàng: {cert.register_number}")
    ly = base
    for line in lines:
        ly = _centred(canvas, line, ly, REGULAR, 12, x=left_x, width=100 * mm)
    ry = _centred(canvas, place_date(cert.place, cert.signed_on), base + 6, ITALIC, 13, x=right_x, width=120 * mm)
    _centred(canvas, cert.signer_title.upper(), ry, BOLD, 14, x=right_x, width=120 * mm)
    _centred(canvas, cert.signer_name, 22 * mm, BOLD, 15, x=right_x, width=120 * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
