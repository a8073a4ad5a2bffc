"""The layout-aware PDF reader (see reader.py)."""

from ingest.pdf.reader import PdfDocument, read_pdf

__all__ = ["PdfDocument", "read_pdf"]
