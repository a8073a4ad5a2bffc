"""Read report files into raw text, one record per PDF page so passages know their page.

Formats are chosen by content as well as by name: a ``.pdf`` that is really HTML or a
ZIP is reported as such instead of producing a confusing parser error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError

if TYPE_CHECKING:
    from ingest.pdf import PdfDocument
    from reportqa.config import PdfSettings

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}


@dataclass
class RawDocument:
    path: Path
    format: str  # "text" | "markdown" | "html" | "pdf"
    pages: list[str]  # a single element for non-paginated formats
    raw_bytes: bytes
    pdf: PdfDocument | None = None  # the laid-out reading of a PDF

    @property
    def paginated(self) -> bool:
        return self.format == "pdf"


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 for Western text, then
    whatever charset-normalizer detects (GBK, Shift-JIS, ...); binary is refused.

    Windows-1252 decodes almost any bytes, so it is only trusted when the result is
    mostly ASCII, as Western text is; CJK encodings decoded that way are mostly accents.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise IngestError("binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _mostly_ascii(western):
        return _refuse_binary(western)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return _refuse_binary(str(best))
    if western is not None:
        return _refuse_binary(western)
    raise IngestError("binary data, not text (no known encoding fits)")


def _mostly_ascii(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return True
    return sum(1 for ch in visible if ord(ch) > 127) <= 0.2 * len(visible)


def _refuse_binary(text: str) -> str:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(10, len(text) // 100):
        raise IngestError("binary data, not text")
    return text


def html_to_text(markup: str) -> str:
    """Visible text only; scripts and styles dropped, headings kept as markdown headings."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for level in range(1, 7):
        for tag in soup.find_all(f"h{level}"):
            tag.insert_before("\n\n" + "#" * level + " ")
            tag.insert_after("\n\n")
    for tag in soup.find_all(["p", "div", "li", "tr", "br", "table", "section", "article"]):
        tag.insert_after("\n\n" if tag.name not in ("br", "tr", "li") else "\n")
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after("\t")
    return soup.get_text()


def _sniff(data: bytes) -> str | None:
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]:
        return "html"
    return None


def load_pdf(data: bytes, settings: PdfSettings | None = None) -> PdfDocument:
    """The PDF read with its layout (ingest/pdf); every parser failure is an IngestError."""
    from ingest.pdf import read_pdf

    try:
        return read_pdf(data, settings)
    except IngestError:
        raise
    except Exception as exc:  # PDFium raises a variety of errors on broken files
        raise IngestError(f"damaged or truncated PDF ({type(exc).__name__})") from exc


def too_big_message(size: int, max_bytes: int) -> str:
    """Sizes in the unit of the setting (MiB, as ``max_file_mb`` counts them)."""
    mib = 1024 * 1024
    return f"file is {size / mib:.3g} MB, over the {max_bytes / mib:.3g} MB limit"


def load_file(
    path: Path,
    max_bytes: int | None = None,
    data: bytes | None = None,
    pdf_settings: PdfSettings | None = None,
) -> RawDocument:
    """Read one file (or parse ``data`` already read from it); every problem becomes an
    IngestError with a readable reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}")
    if data is None:
        try:
            size = path.stat().st_size
            if max_bytes is not None and size > max_bytes:
                raise IngestError(too_big_message(size, max_bytes))
            data = path.read_bytes()
        except PermissionError as exc:
            raise IngestError("permission denied (not readable)") from exc
        except OSError as exc:
            raise IngestError(exc.strerror or str(exc)) from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise IngestError(too_big_message(len(data), max_bytes))
    if not data.strip():
        raise IngestError("empty file")
    sniffed = _sniff(data)
    if suffix == ".pdf":
        if sniffed != "pdf":
            what = {"html": "an HTML page", "zip": "a ZIP archive"}.get(sniffed or "", "not a PDF")
            raise IngestError(f"named .pdf but is {what}")
        pdf = load_pdf(data, pdf_settings)
        return RawDocument(path, "pdf", pdf.page_texts, data, pdf)
    if sniffed in ("pdf", "zip"):
        raise IngestError(f"named {suffix} but is a {sniffed.upper()} file")
    text = decode_text(data, path)
    if suffix in (".html", ".htm") or sniffed == "html":
        return RawDocument(path, "html", [html_to_text(text)], data)
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return RawDocument(path, fmt, [text], data)
