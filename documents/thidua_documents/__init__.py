"""Documents thidua issues (Decree 30/2020/NĐ-CP layout), as DOCX, PDF, XLSX and CSV bytes.

Every renderer is a pure function of its input: the same input gives the same bytes (fixed
core-property times and zip entry times, invariant PDF dates and ids), so issued documents can be
hashed. Figures are written with thidua_kernel.vi_format.
"""
from thidua_documents.model import (AdminDocument, Block, Cell, Certificate, Paragraph, Signature,
                                    Table, article)
from thidua_documents.vi_text import place_date, vi_long_date

__all__ = ["AdminDocument", "Block", "Cell", "Certificate", "Paragraph", "Signature", "Table",
           "article", "place_date", "vi_long_date"]

from thidua_documents.certificate import render_certificate_pdf  # noqa: E402
from thidua_documents.csv_table import render_csv  # noqa: E402
from thidua_documents.docx import render_docx  # noqa: E402
from thidua_documents.pdf_document import render_pdf, render_tables_pdf  # noqa: E402
from thidua_documents.xlsx import render_xlsx, sheet_names  # noqa: E402

__all__ += ["render_certificate_pdf", "render_csv", "render_docx", "render_pdf", "render_tables_pdf",
            "render_xlsx", "sheet_names"]
