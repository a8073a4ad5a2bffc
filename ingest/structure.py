"""Structure of a cleaned report: headings, prose, tables and footnotes, with offsets.

The unit is the line of the cleaned text (cleaning has already joined wrapped lines into
paragraphs). Lines are grouped into blocks; every block knows its section and its exact
``[start, end)`` span in the cleaned text, which is what passages and quotes point into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from reportqa.dates import normalise_date
from reportqa.text import find_markers

BlockKind = Literal["heading", "prose", "table", "footnotes", "box", "figure"]

_FOOTNOTE_DEF = re.compile(r"^[\s'‘’\"“]*(?:\[(\d{1,3})\]|\^?(\d{1,3})\.)\s+(\S.*)$")
_CAPTION = re.compile(r"^(?:Table|Exhibit)\s+\d+[A-Za-z]?\s*[:.\-–—]\s*\S")
_TABLE_TRAILER = re.compile(r"^(?:Sources?|Notes?)\s*:|^\*\s")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_NOT_HEADING_START = re.compile(r"^(?:Table|Figure|Exhibit|Chart|Source|Sources|Note|Notes)\b")


@dataclass
class Line:
    start: int
    end: int
    text: str


@dataclass
class Block:
    kind: BlockKind
    start: int
    end: int
    section: str | None
    footnote_numbers: list[int] = field(default_factory=list)  # defined here (footnote blocks)


@dataclass
class DocumentStructure:
    text: str
    blocks: list[Block]
    footnotes: dict[int, str]
    title: str | None
    # PDFs: each marker's offset -> (number, its own note), linked by the layout reader
    # (notes may restart per chapter, so a number alone does not name a note)
    marker_notes: dict[int, tuple[int, str]] | None = None

    def footnotes_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """(number, text) of the notes cited between two offsets, in order, resolved only."""
        if self.marker_notes is not None:
            found = [self.marker_notes[o] for o in sorted(self.marker_notes) if start <= o < end]
            seen: set[int] = set()
            return [(n, t) for n, t in found if not (n in seen or seen.add(n))]
        numbers = find_markers(self.text[start:end])
        return [(n, self.footnotes[n]) for n in numbers if n in self.footnotes]


def structure_from_layout(
    text: str,
    blocks: list[Block],
    notes: dict[int, str],
    marker_notes: dict[int, tuple[int, str]],
    title: str | None,
) -> DocumentStructure:
    """The structure a layout reader already knows (kinds from type and position)."""
    return DocumentStructure(text, blocks, notes, title, marker_notes)


def split_lines(text: str) -> list[Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        lines.append(Line(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return lines


def _footnote_definition(line: str) -> tuple[int, str] | None:
    m = _FOOTNOTE_DEF.match(line)
    if not m:
        return None
    return int(m.group(1) or m.group(2)), m.group(3).strip()


def is_heading(line: str, alone: bool) -> bool:
    """A short standalone line that reads like a title, not like a sentence or a cell."""
    text = line.strip()
    if _MD_HEADING.match(text):
        return True
    if not alone or not text or "\t" in text or "|" in text:
        return False
    words = text.split()
    if len(text) > 90 or len(words) > 14:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or _NOT_HEADING_START.match(text):
        return False
    if re.search(r"[.,;:!]$", text) or text.startswith(("- ", "* ", "• ")):
        return False
    if normalise_date(text) or not any(ch.isalpha() for ch in text):
        return False
    digits = sum(ch.isdigit() for ch in text)
    return digits <= len(text) * 0.3


def _heading_text(line: str) -> str:
    m = _MD_HEADING.match(line.strip())
    return m.group(2) if m else line.strip()


def parse_structure(text: str) -> DocumentStructure:
    """Group lines into heading, prose, table and footnote blocks with their spans."""
    lines = split_lines(text)
    markers = set(find_markers(text))
    n = len(lines)

    def blank(i: int) -> bool:
        return i < 0 or i >= n or not lines[i].text.strip()

    def is_row(i: int) -> bool:
        t = lines[i].text
        return "\t" in t or t.lstrip().startswith("|")

    footnotes: dict[int, str] = {}
    kinds: list[str] = []
    for i, line in enumerate(lines):
        t = line.text.strip()
        definition = _footnote_definition(t)
        if not t:
            kinds.append("blank")
        elif is_row(i):
            kinds.append("row")
        elif definition and definition[0] in markers:
            footnotes.setdefault(definition[0], definition[1])
            kinds.append("footnote")
        elif is_heading(t, blank(i - 1) and blank(i + 1)):
            kinds.append("heading")
        else:
            kinds.append("prose")

    _mark_caption_rows(lines, kinds)
    blocks: list[Block] = []
    section: str | None = None
    title: str | None = None
    i = 0
    while i < n:
        kind = kinds[i]
        if kind == "blank":
            i += 1
            continue
        if kind == "heading":
            section = _heading_text(lines[i].text)
            title = title or section
            blocks.append(Block("heading", lines[i].start, lines[i].end, section))
            i += 1
            continue
        if kind == "row" or (
            _CAPTION.match(lines[i].text.strip()) and _next_nonblank_kind(kinds, i) == "row"
        ):
            start = lines[i].start
            j = i
            if kinds[j] != "row":  # caption line, then blank lines up to the rows
                j = _next_nonblank(kinds, j)
            while j < n and (kinds[j] == "row" or (kinds[j] != "blank" and kinds[j - 1] == "row")):
                j += 1
            # Source / Note / "* ..." paragraphs that follow belong to the table.
            k = j
            while True:
                nxt = _next_nonblank(kinds, k - 1)
                if nxt < n and _TABLE_TRAILER.match(lines[nxt].text.strip()):
                    k = nxt + 1
                else:
                    break
            end_line = k - 1
            blocks.append(Block("table", start, lines[end_line].end, section))
            i = k
            continue
        if kind == "footnote":
            start = lines[i].start
            numbers: list[int] = []
            j = i
            while j < n and kinds[j] in ("footnote", "blank"):
                if kinds[j] == "footnote":
                    number, _ = _footnote_definition(lines[j].text.strip()) or (0, "")
                    numbers.append(number)
                    end = lines[j].end
                j += 1
            blocks.append(Block("footnotes", start, end, section, numbers))
            i = j
            continue
        # prose: consecutive prose lines (blank lines allowed between paragraphs)
        start = lines[i].start
        j = i
        end = lines[i].end
        while j < n and kinds[j] in ("prose", "blank"):
            if kinds[j] == "prose":
                if _CAPTION.match(lines[j].text.strip()) and _next_nonblank_kind(kinds, j) == "row":
                    break
                end = lines[j].end
            j += 1
        blocks.append(Block("prose", start, end, section))
        i = j
    if title is None:
        first = next((ln.text.strip() for ln in lines if ln.text.strip()), None)
        title = first[:150] if first else None
    return DocumentStructure(text, blocks, footnotes, title)


def _mark_caption_rows(lines: list[Line], kinds: list[str]) -> None:
    """Short lines right under a ``Table N:`` caption, one per line, are table rows."""
    for i, line in enumerate(lines):
        if not _CAPTION.match(line.text.strip()):
            continue
        j = _next_nonblank(kinds, i)
        k = j
        while k < len(lines) and kinds[k] != "blank" and len(lines[k].text) < 100:
            k += 1
        run_ends_paragraph = k >= len(lines) or kinds[k] == "blank"
        if k - j >= 2 and run_ends_paragraph:
            for m in range(j, k):
                kinds[m] = "row"


def _next_nonblank(kinds: list[str], i: int) -> int:
    j = i + 1
    while j < len(kinds) and kinds[j] == "blank":
        j += 1
    return j


def _next_nonblank_kind(kinds: list[str], i: int) -> str | None:
    j = _next_nonblank(kinds, i)
    return kinds[j] if j < len(kinds) else None
