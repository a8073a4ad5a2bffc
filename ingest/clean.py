"""Cleaning: the text every offset, quote and passage refers to.

What it repairs, and why:
- ``\\$`` and similar markdown escapes: extraction artefacts that break number matching;
- paragraphs repeated verbatim (some digests repeat their whole body): collapsed to one
  so the same sentence is not retrieved twice and counted as two sources;
- one-cell-per-line tables (a table flattened by extraction) are rebuilt as
  tab-separated rows so a row can be read and quoted as a row;
- PDF pages: running headers/footers and bare page numbers removed, words hyphenated
  across line ends rejoined, hard-wrapped lines joined into paragraphs, and the
  footnote block at the foot of each page turned into ``N. text`` lines with its
  plain-digit markers turned into superscripts, so PDFs and text files share one
  footnote format downstream.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from reportqa.text import superscript

PAGE_BREAK = "\ue000"  # private-use sentinel between PDF pages while cleaning

_ESCAPES = re.compile(r"\\([$%&#_*])")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_NUMERIC_CELL = re.compile(r"^(?:[~<>≈≥≤±+\-–]?\s*[$€£]?\s*\d|NA$|N/A$|n\.a\.$|[-–—]$|TBD$)")
_CAPTION = re.compile(r"^(?:Table|Exhibit)\s+\d+[A-Za-z]?\s*[:.\-–—]\s*\S")
_DEDUPE_MIN_CHARS = 150


@dataclass
class CleanedDocument:
    text: str
    page_starts: list[int] | None = None  # char offset where each PDF page begins

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        page = 1
        for number, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = number
            else:
                break
        return page


def _normalise_line(line: str) -> str:
    line = _SPACES.sub(" ", line).strip()
    return line


def _is_decoration(line: str) -> bool:
    """Lines with no letter or digit (``-``, ``\\``, ``-----///-----``) carry no content."""
    if not line or line == PAGE_BREAK or "|" in line:
        return False
    return not any(ch.isalnum() for ch in line)


def _key(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().lower()


def _drop_duplicates(lines: list[str]) -> list[str]:
    """Drop repeated long paragraphs anywhere, and a line repeating the previous one."""
    seen: set[str] = set()
    out: list[str] = []
    previous = ""
    for line in lines:
        key = _key(line)
        if not key:
            out.append(line)
            continue
        long_prose = len(key) >= _DEDUPE_MIN_CHARS and not key.startswith(("source", "note"))
        if long_prose and key in seen:
            continue
        if key == previous and len(key.split()) >= 3 and "\t" not in line:
            continue
        if long_prose:
            seen.add(key)
        previous = key
        out.append(line)
    return out


def _is_numeric_cell(cell: str) -> bool:
    return bool(_NUMERIC_CELL.match(cell))


def _looks_like_source(cell: str) -> bool:
    return cell.lower().startswith(("source", "note")) or (
        "," in cell and len(cell.split()) >= 5 and not _is_numeric_cell(cell)
    )


def _rebuild_flat_table(cells: list[str]) -> list[str] | None:
    """Rows from a table extracted one cell per line.

    Every row starts with a text label followed by numeric cells, and the header is all
    text, so the header has as many cells as there are leading text cells minus the
    first row's label.
    """
    leading = 0
    for cell in cells:
        if _is_numeric_cell(cell):
            break
        leading += 1
    columns = leading - 1
    if columns < 2 or leading >= len(cells):
        return None
    rows = ["\t".join(cells[:columns])]
    current: list[str] = []
    for cell in cells[columns:]:
        if not _is_numeric_cell(cell) and current:
            rows.append("\t".join(current))
            current = []
        current.append(cell)
        if len(current) == columns:
            rows.append("\t".join(current))
            current = []
    if current:
        rows.append("\t".join(current))
    return rows


def _reflow_flat_tables(lines: list[str]) -> list[str]:
    """Find ``Table N:`` captions followed by one short cell per paragraph; rebuild rows."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if not _CAPTION.match(line):
            continue
        cells: list[str] = []
        j = i
        while j < len(lines):
            cell = lines[j].strip()
            if not cell:
                j += 1
                continue
            if (
                "\t" in cell
                or "|" in cell
                or len(cell) > 100
                or len(cell.split()) >= 12
                or _CAPTION.match(cell)
                or cell == PAGE_BREAK
            ):
                break
            cells.append(cell)
            j += 1
        if len(cells) < 4:
            continue
        source = cells.pop() if _looks_like_source(cells[-1]) else None
        rows = _rebuild_flat_table(cells)
        if rows is None:
            continue
        out.append("")
        out.extend(rows)
        if source:
            out.append(source)
        out.append("")
        i = j
    return out


def clean_text(text: str) -> str:
    """Normalise a whole document (text, markdown, HTML text, or joined PDF pages)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _ESCAPES.sub(r"\1", text)
    lines = [_normalise_line(line) for line in text.split("\n")]
    lines = [line.replace(" \t", "\t").replace("\t ", "\t") for line in lines]
    lines = ["" if _is_decoration(line) else line for line in lines]
    lines = _reflow_flat_tables(lines)
    lines = _drop_duplicates(lines)
    cleaned = "\n".join(lines)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    # A paragraph that stops on a comma was split by extraction mid-sentence ("In 2023,").
    cleaned = re.sub(r"(?<=[a-z0-9],)\n\n(?=[A-Za-z])", " ", cleaned)
    return cleaned.strip("\n ")


# --------------------------------------------------------------------------- PDF pages

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_FOOTNOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+(\S.*)$")
_RULE = re.compile(r"^[_\-–—=·.\s]{3,}$")


def _strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove lines repeated at the top or bottom of most pages (digits ignored)."""
    if len(pages) < 2:
        return pages

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    counts: dict[str, int] = {}
    for lines in pages:
        edge = {shape(x) for x in lines[:2] + lines[-2:] if x.strip()}
        for s in edge:
            counts[s] = counts.get(s, 0) + 1
    threshold = max(2, int(0.6 * len(pages) + 0.5))
    running = {s for s, c in counts.items() if c >= threshold}
    out = []
    for lines in pages:
        keep = []
        for index, line in enumerate(lines):
            at_edge = index < 2 or index >= len(lines) - 2
            if at_edge and (shape(line) in running or _PAGE_NUMBER.match(line.strip())):
                continue
            keep.append(line)
        out.append(keep)
    return out


def _marker_pattern(number: int) -> re.Pattern[str]:
    return re.compile(rf"(?<=[A-Za-z)\]’'”\".,;:%])\s?{number}(?=[\s.,;:)]|$)")


def _split_page_footnotes(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Separate the footnote block at the foot of a page from its body."""
    body_text = "\n".join(lines)
    start = None
    expected_next: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        m = _FOOTNOTE_START.match(lines[index].strip())
        if not m:
            continue
        number = int(m.group(1))
        if expected_next is not None and number >= expected_next:
            continue
        above = "\n".join(lines[:index])
        if not _marker_pattern(number).search(above):
            continue
        start, expected_next = index, number
    if start is None:
        return lines, {}
    notes: dict[int, str] = {}
    current: int | None = None
    for line in lines[start:]:
        stripped = line.strip()
        m = _FOOTNOTE_START.match(stripped)
        if m and (current is None or int(m.group(1)) == current + 1):
            current = int(m.group(1))
            notes[current] = m.group(2).strip()
        elif current is not None and stripped and not _RULE.match(stripped):
            notes[current] = _join_wrapped(notes[current], stripped)
    body = [x for x in lines[:start] if not _RULE.match(x.strip() or "x")]
    del body_text
    return body, notes


def _join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines, repairing a word hyphenated across the break."""
    if re.search(r"[a-z]-$", left) and right[:1].islower():
        return left[:-1] + right
    return f"{left} {right}"


def _is_heading_line(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 12
        and line[:1].isupper()
        and not re.search(r"[.,;:!]$", line)
        and any(len(w) > 2 and w.isalpha() for w in words)
    )


def _paragraphs(lines: list[str], typical: float) -> list[str]:
    """Join hard-wrapped lines into paragraphs.

    A short line ending a sentence ends a paragraph; a short title-like line is a heading;
    the short lines after a ``Table N:`` caption stay one per line (they are rows).
    """
    lines = [x.strip() for x in lines if x.strip()]
    paragraphs: list[str] = []
    current = ""
    rows: list[str] | None = None
    for line in lines:
        short = len(line) < 0.75 * typical
        if rows is not None:
            if short and not re.search(r"[.!?]$", line):
                rows.append(re.sub(r" {2,}", "\t", line))
                continue
            if rows:
                paragraphs.append("\n".join(rows))
            rows = None
        if _CAPTION.match(line) or (_is_heading_line(line) and len(line) < 0.7 * typical):
            if current:
                paragraphs.append(current)
            paragraphs.append(line)
            current = ""
            rows = [] if _CAPTION.match(line) else None
            continue
        current = _join_wrapped(current, line) if current else line
        if re.search(r"[.!?:]['’”\"]?$|[⁰-⁹]$", line) and len(line) < 0.8 * typical:
            paragraphs.append(current)
            current = ""
    if rows:
        paragraphs.append("\n".join(rows))
    if current:
        paragraphs.append(current)
    return paragraphs


def clean_pdf_pages(pages: list[str]) -> CleanedDocument:
    """Clean extracted PDF pages into one text, remembering where each page starts."""
    split_pages = [page.replace("\r", "").split("\n") for page in pages]
    split_pages = _strip_running_lines(split_pages)
    lengths = [len(x.strip()) for lines in split_pages for x in lines if x.strip()]
    typical = statistics.median(lengths) if lengths else 80.0
    page_texts: list[str] = []
    for lines in split_pages:
        body, notes = _split_page_footnotes(lines)
        paragraphs = _paragraphs(body, typical)
        text = "\n\n".join(paragraphs)
        for number in notes:
            text = _marker_pattern(number).sub(superscript(number), text, 1)
        if notes:
            text += "\n\n" + "\n".join(f"{n}. {t}" for n, t in notes.items())
        page_texts.append(text)
    joined = f"\n\n{PAGE_BREAK}\n\n".join(page_texts)
    cleaned = clean_text(joined)
    parts = [p.strip("\n") for p in cleaned.split(PAGE_BREAK)]
    starts: list[int] = []
    out = ""
    for part in parts:
        if out:
            out += "\n\n"
        starts.append(len(out))
        out += part
    return CleanedDocument(out, starts)


def clean_document(pages: list[str], paginated: bool) -> CleanedDocument:
    if paginated:
        return clean_pdf_pages(pages)
    return CleanedDocument(clean_text("\n\n".join(pages)))
