"""The round's documents as the province files them, opened and read (not only fetched)."""
import io
import subprocess
import unicodedata

from .expected import commune_names
from .history import RECOGNISED, History, ok
from .round_api import ROUND, Awards
from .workflow import DECISION


def text_of_docx(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def check_documents(a: Awards, h: History) -> None:
    number = DECISION["provincial"]
    names = commune_names()
    flag_commune = names[h.recognised("185")[1]]
    docx = a.client().get(f"/rounds/{ROUND}/decision.docx", params={"number": number})
    assert docx.status_code == 200 and docx.content[:2] == b"PK", docx.text[:200]
    text = text_of_docx(docx.content)
    assert unicodedata.is_normalized("NFC", text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert number in text and "QUYẾT ĐỊNH" in text
    for name in (flag_commune, "Huyện Cao Lộc", "Sở Nông nghiệp và Phát triển nông thôn", "Hoàng Văn Đức",
                 "Công ty Cổ phần Xi măng Đồng Bành"):
        assert name in text, name
    assert "Huyện Văn Quan" not in text  # rejected: not on the list
    assert "200.000.000" in text  # the flag commune's prize, set by the council's resolution (A9(g))
    xlsx = a.client().get(f"/rounds/{ROUND}/decision.xlsx", params={"number": number})
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    cells = [str(c) for ws in load_workbook(io.BytesIO(xlsx.content)).worksheets
             for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert flag_commune in cells and "Hoàng Văn Đức" in cells, cells[:40]
    pdf = a.client().get(f"/rounds/{ROUND}/nominations/provincial_flag_commune/{h.recognised('185')[1]}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    pdf_text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert flag_commune in unicodedata.normalize("NFC", pdf_text.decode()), pdf_text[:400]
    # Decision 1620: the Government-flag district and the top 5% of the recognised xã (at least
    # one), taken from the communes approved for the PM's certificate (recognised the same day: by code).
    national = ok(a.client().get(f"/rounds/{ROUND}/national-nomination"))
    recognised = sum(RECOGNISED.values())
    quota = max(1, recognised * 5 // 100)
    pm = sorted(a.ledger.of_kind("pm_certificate", "conferred"))
    assert national["district"]["code"] == "185" and national["recognised_communes"] == recognised, national
    assert national["commune_quota"] == quota and [c["code"] for c in national["communes"]] == pm[:quota], national
