"""Pages rendered to PNG for a person to look at (pdftoppm; LibreOffice for the DOCX when installed).

The PNGs are kept under the test's tmp folder; the assertions check they are real pages (A4 size,
mostly white with ink on them). Set THIDUA_DOCUMENTS_PNG=<folder> to keep a copy to look at.
"""
import os
import shutil
from pathlib import Path

import pytest

from thidua_documents import render_certificate_pdf, render_docx, render_pdf
from thidua_documents.testing import docx_to_pdf, pdf_pages_png, pdf_text, soffice


def _check_png(path: Path, landscape: bool) -> None:
    from PIL import Image
    with Image.open(path) as image:
        width, height = image.size
        assert (width > height) == landscape
        grey = image.convert("L")
        dark = sum(1 for v in grey.getdata() if v < 128)
        assert 0.002 < dark / (width * height) < 0.3


def _keep(paths: list[Path]) -> None:
    if target := os.environ.get("THIDUA_DOCUMENTS_PNG"):
        Path(target).mkdir(parents=True, exist_ok=True)
        for path in paths:
            shutil.copy(path, target)


def test_certificate_and_decision_pages_render(tmp_path, certificate, decision):
    pages = pdf_pages_png(render_certificate_pdf(certificate), tmp_path, "certificate")
    assert len(pages) == 1
    _check_png(pages[0], landscape=True)
    decision_pages = pdf_pages_png(render_pdf(decision), tmp_path, "decision")
    _check_png(decision_pages[0], landscape=False)
    _keep(pages + decision_pages)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_docx_opens_in_libreoffice_with_the_same_text(tmp_path, decision):
    pdf = docx_to_pdf(render_docx(decision), tmp_path, "decision-lo")
    text = " ".join(pdf_text(pdf).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 123/QĐ-UBND", "Lạng Sơn, ngày 31 tháng 12 năm 2015",
                     "Điều 1.", "Văn Quan", "Hữu Lũng", "Nơi nhận:"):
        assert expected in text, expected
    pages = pdf_pages_png(pdf, tmp_path, "decision-lo")
    assert len(pages) == 1, "the sample decision fits one A4 page as LibreOffice lays it out"
    _check_png(pages[0], landscape=False)
    _keep(pages)
