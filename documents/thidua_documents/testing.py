"""Test helpers: read rendered files back the way a person's tools would (poppler, python-docx,
LibreOffice). poppler-utils (pdftotext, pdftoppm) is installed by `make test` when missing."""
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """pdftotext's reading of the PDF (UTF-8)."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True, timeout=60).stdout.decode("utf-8")


def pdf_fonts(data: bytes) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font with name, type, emb ("yes"/"no")."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True, timeout=60).stdout
    rows = out.splitlines()[2:]
    return [{"name": r.split()[0], "type": " ".join(r.split()[1:-5]), "emb": r.split()[-5]} for r in rows]


def pdf_pages_png(data: bytes, folder: Path, stem: str, *, dpi: int = 80) -> list[Path]:
    """Every page as PNG (pdftoppm), for a person to look at."""
    source = folder / f"{stem}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / stem)], check=True, timeout=120)
    return sorted(folder.glob(f"{stem}*.png"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, folder: Path, stem: str) -> bytes:
    """LibreOffice's rendering of a DOCX (needs soffice on PATH)."""
    source = folder / f"{stem}.docx"
    source.write_bytes(data)
    profile = folder / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=300)
    return (folder / f"{stem}.pdf").read_bytes()


def docx_text(data: bytes) -> str:
    """Every paragraph of the document, its tables' cells included, one per line."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n".join(lines)
