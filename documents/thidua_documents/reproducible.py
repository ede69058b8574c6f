"""Same input, same bytes: fixed zip entry times and a fixed document time.

Reporting hashes issued documents, so nothing in a file may depend on when it was rendered.
"""
import io
import zipfile
from datetime import datetime

# The time written into core properties when a caller gives none (DOCX/XLSX dcterms, PDF dates):
# the document's own date at midnight is used instead where there is one.
EPOCH = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry stamped 1980-01-01 00:00, in the same order, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
