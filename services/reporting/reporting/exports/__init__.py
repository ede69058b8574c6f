"""Every report as documents (thidua_documents): a declarative layout per report kind (spec.py),
mapped purely from the report's JSON; rendered to DOCX, XLSX, PDF and CSV (render.py)."""
