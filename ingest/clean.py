"""Cleaning: the text every offset, quote and passage refers to.

What it repairs, and why:
- ``\\$`` and similar markdown escapes: extraction artefacts that break number matching;
- paragraphs repeated verbatim (some digests repeat their whole body): collapsed to one
  so the same sentence is not retrieved twice and counted as two sources;
- one-cell-per-line tables (a table flattened by extraction) are rebuilt as
  tab-separated rows so a row can be read and quoted as a row;
- PDFs are read with their layout by ``ingest.pdf`` (running heads, columns, footnotes,
  tables); their composed text is used as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.loaders import RawDocument
from reportqa.models import page_at

PAGE_BREAK = "\ue000"  # private-use sentinel: a flat table never runs across it

_ESCAPES = re.compile(r"\\([$%&#_*])")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_NUMERIC_CELL = re.compile(r"^(?:[~<>≈≥≤±+\-–]?\s*[$€£]?\s*\d|NA$|N/A$|n\.a\.$|[-–—]$|TBD$)")
_CAPTION = re.compile(r"^(?:Table|Exhibit)\s+\d+[A-Za-z]?\s*[:.\-–—]\s*\S")
_DEDUPE_MIN_CHARS = 150


@dataclass
class CleanedDocument:
    text: str
    # (offset, page) where the page changes, ascending offsets; PDFs only. Pages need not
    # rise monotonically: a page's footnotes follow a sentence that ran onto the next page.
    page_runs: list[tuple[int, int]] | None = None

    def page_at(self, offset: int) -> int | None:
        return page_at(self.page_runs, offset)

    def runs_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The page runs of ``[start, end)``, the first at ``start``."""
        if not self.page_runs:
            return []
        first = self.page_at(start)
        runs = [(start, first)] if first is not None else []
        runs += [(o, p) for o, p in self.page_runs if start < o < end]
        return runs


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


_ENDS_SENTENCE = re.compile(r"[.!?:;][\"”’)\]]*\s*$")
_STARTS_BLOCK = re.compile(r"\s*(?:[#|>*•·–-]|\d+[.)]\s)")


def _unwrap_soft_breaks(lines: list[str]) -> list[str]:
    """A prose line broken mid-sentence (hard-wrapped text, Markdown source) is one line
    again: a sentence cut at a line break would be quoted in halves, and half an order
    in a report would no longer read as one. Headings, lists, table rows and lines that
    end a sentence keep their breaks."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if (
            prev.strip()
            and line.strip()
            and line.lstrip()[:1].islower()
            and not _ENDS_SENTENCE.search(prev)
            and not _STARTS_BLOCK.match(prev)
            and not _STARTS_BLOCK.match(line)
            and "\t" not in prev
            and "\t" not in line
        ):
            out[-1] = f"{prev.rstrip()} {line.lstrip()}"
        else:
            out.append(line)
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
    lines = _unwrap_soft_breaks(lines)
    cleaned = "\n".join(lines)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    # A paragraph that stops on a comma was split by extraction mid-sentence ("In 2023,").
    cleaned = re.sub(r"(?<=[a-z0-9],)\n\n(?=[A-Za-z])", " ", cleaned)
    return cleaned.strip("\n ")


def clean_document(raw: RawDocument) -> CleanedDocument:
    """The text every offset refers to: a PDF's composed reading, or cleaned text."""
    if raw.pdf is not None:
        composed = raw.pdf.composed
        return CleanedDocument(composed.text, composed.page_runs)
    return CleanedDocument(clean_text("\n\n".join(raw.pages)))
