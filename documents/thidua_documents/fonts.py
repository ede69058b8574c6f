"""The PDF typeface: DejaVu Serif, embedded (subset) so every Vietnamese glyph prints anywhere.

Reading: no well-kept PyPI package ships a Times-metric TrueType font (Liberation Serif, Tinos),
so the PDF uses DejaVu Serif from the system (Debian package fonts-dejavu-core, which `make test`
installs when missing); nothing is ever downloaded at run time. DOCX files name Times New Roman
(the Decree's face) and leave the font to the reader's word processor. THIDUA_FONT_DIR overrides
the folder (it must hold the four DejaVuSerif*.ttf files).
"""
import os
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "Serif", "Serif-Bold", "Serif-Italic", "Serif-BoldItalic"
_FILES = {REGULAR: "DejaVuSerif.ttf", BOLD: "DejaVuSerif-Bold.ttf",
          ITALIC: "DejaVuSerif-Italic.ttf", BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf"}
_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


def font_folder() -> Path:
    candidates = [os.environ["THIDUA_FONT_DIR"]] if os.environ.get("THIDUA_FONT_DIR") else list(_FOLDERS)
    for folder in map(Path, candidates):
        if all((folder / name).is_file() for name in _FILES.values()):
            return folder
    raise FileNotFoundError(
        f"DejaVu Serif (DejaVuSerif*.ttf) not found in {', '.join(candidates)}: install the Debian "
        "package fonts-dejavu-core or set THIDUA_FONT_DIR")


def register_fonts() -> str:
    """Register the family once (idempotent); returns the regular face's name."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return REGULAR
    folder = font_folder()
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(REGULAR, bold, italic, face)
    return REGULAR
