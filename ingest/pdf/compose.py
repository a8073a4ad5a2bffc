"""Blocks of every page -> one clean text with its page map, blocks, footnotes and title.

The text is what every quote and offset points into. Pages are joined so that a
sentence broken by a page (or column) break reads as one, with the footnotes of the page
placed after it; ``page_runs`` records the page of every character offset, so a quote is
cited on the page where it is printed even when its passage began on the page before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.pdf.layout import Block, note_number
from ingest.pdf.lines import LIST_MARK, Line
from ingest.structure import Block as TextSpan
from reportqa.models import page_at

_TERMINAL = re.compile(r"[.!?:;]['’”\")\]]*[⁰-⁹¹²³,]*$")


@dataclass
class ComposedText:
    text: str
    page_runs: list[tuple[int, int]]  # (offset, page), offsets ascending
    blocks: list[TextSpan]
    marker_notes: dict[int, tuple[int, str]]  # marker offset -> (number, note text)
    notes: dict[int, str]  # first definition of each number (for display)
    unresolved: list[tuple[int, int]]  # (page, number) markers with no note found
    headings: list[tuple[int, str]]  # (page, text)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.page_runs, offset)


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.page_runs: list[tuple[int, int]] = []
        self.markers: list[tuple[int, int, int]] = []  # (offset, page, n)

    def _page(self, page: int) -> None:
        if not self.page_runs or self.page_runs[-1][1] != page:
            if self.page_runs and self.page_runs[-1][0] == self.length:
                self.page_runs[-1] = (self.length, page)
            else:
                self.page_runs.append((self.length, page))

    def write(self, text: str, page: int) -> None:
        if not text:
            return
        self._page(page)
        self.parts.append(text)
        self.length += len(text)

    def write_line(self, line: Line, separator: str) -> None:
        """A line of text, its footnote markers remembered with their offsets."""
        self.write(separator, line.page)
        text, markers = line.render()
        for offset, number in markers:
            self.markers.append((self.length + offset, line.page, number))
        self.write(text, line.page)

    @property
    def text(self) -> str:
        return "".join(self.parts)


# a figure's or a table's caption set in bold like a heading ("Figure 3. Map of …",
# "Table 8.6: Monthly …", "Exhibit 2"): it names the figure or table under it, not the
# section the text after them goes on in
_CAPTION_HEADING = re.compile(r"^(?:Figure|Fig\.|Table|Exhibit|Chart|Graph|Map)\s+[A-Z]?[\d.-]*\d")
_CAPTIONED = ("table", "figure")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_HALVES = re.compile(r"[A-Za-z]+-\n[A-Za-z]+")  # a word broken at a line's end
_BROKEN = re.compile(r"(\S*?)([A-Za-z]+)-$")
_URL = re.compile(r"https?://|www\.|\w\.\w+/|@")


class Hyphens:
    """Is a hyphen ending a line the word's own ("cross-" + "sectional") or the
    typesetter's ("resil-" + "ience")? Told by the words the report prints whole: the
    joined word printed elsewhere is one word; the compound printed elsewhere, or both
    parts printed as words, keep their hyphen; inside a web address the hyphen stays;
    otherwise the word was broken."""

    def __init__(self, lines: Iterable[Line] = ()) -> None:
        text = _HALVES.sub(" ", "\n".join(line.plain for line in lines))
        tokens = {token.lower() for token in _WORD.findall(text)}
        self.compounds: set[str] = {t for t in tokens if "-" in t}  # hyphenated in a line
        self.words: set[str] = tokens - self.compounds  # printed whole, no hyphen
        self.parts: set[str] = self.words | {
            part for compound in self.compounds for part in compound.split("-")
        }  # words and the parts of compounds

    def keep(self, previous: str, following: str) -> bool | None:
        """True to keep the hyphen ending ``previous``, False to drop it, None when the
        line does not end in a word broken before ``following``'s first word."""
        m = _BROKEN.search(previous)
        n = re.match(r"[a-z]+", following)
        if not m or not n:
            return None
        head, tail = m.group(2).lower(), n.group()
        if head + tail in self.words:
            return False
        if f"{head}-{tail}" in self.compounds:
            return True
        if head in self.parts and tail in self.parts and len(head) >= 2 and len(tail) >= 3:
            return True
        return bool(_URL.search(m.group(1) + m.group(2)))


def _joins(previous: str, following: str, hyphens: Hyphens) -> str:
    """What goes between two wrapped lines: nothing after a hyphen broken word ("\b":
    drop the hyphen), nor inside a token broken at the line's end."""
    nxt = following[:1]
    if re.search(r"[A-Za-z]-$", previous) and nxt.islower():
        return "" if hyphens.keep(previous, following) else "\b"
    if re.search(r"[\w][-–—]$|[/@]$", previous) and nxt[:1].isalnum():
        return ""  # "737–" + "9", "https://" + "www": one token broken at the line end
    last = previous.rsplit(None, 1)[-1] if previous.strip() else ""
    if _URL.search(last) and re.match(r"[-_/.?=&#%~]\S", following):
        return ""  # a web address broken before its next part: ".../4642-hunger" + "-and-..."
    return " "


def _write_lines(w: _Writer, lines: list[Line], hyphens: Hyphens, joined: bool = True) -> None:
    previous = ""
    for index, line in enumerate(lines):
        if index == 0:
            w.write_line(line, "")
        elif not joined:
            w.write_line(line, "\n")
        else:
            sep = _joins(previous, line.plain, hyphens)
            if sep == "\b":
                # remove the hyphen just written
                w.parts[-1] = w.parts[-1][:-1]
                w.length -= 1
                sep = ""
            w.write_line(line, sep)
        previous = _text_of(line)


def _ends_sentence(lines: list[Line]) -> bool:
    return bool(_TERMINAL.search(_text_of(lines[-1]).rstrip()))


def _continues(previous: Block, nxt: Block, measure: float, full_line: float = 0.8) -> bool:
    """Does ``nxt`` carry on the sentence ``previous`` left open (across a page break)?

    A capital after the break goes on the sentence only when the page's last line was
    full (``full_line`` of the page's usual line width, ``measure``): a short last line
    ended its paragraph (a form's answer cell, a list item, a label).
    """
    if previous.kind != "prose" or nxt.kind != "prose" or _ends_sentence(previous.lines):
        return False
    first = nxt.lines[0].plain
    last = previous.lines[-1].plain
    if LIST_MARK.match(first):
        return False
    full = previous.lines[-1].x1 - previous.lines[-1].x0 >= full_line * measure
    return first[:1].islower() or (full and bool(re.search(r"[a-z,\-]$", last)))


def _measure(blocks: list[Block]) -> float:
    """The usual width of a page's prose lines (most lines are full ones)."""
    widths = sorted(ln.x1 - ln.x0 for b in blocks if b.kind == "prose" for ln in b.lines)
    return widths[int(0.8 * (len(widths) - 1))] if widths else 0.0


def compose(pages: list[list[Block]], full_line: float = 0.8) -> ComposedText:
    w = _Writer()
    hyphens = Hyphens(ln for blocks in pages for b in blocks for ln in b.lines)
    blocks: list[TextSpan] = []
    section: str | None = None
    caption: str | None = None  # the caption over the figure or table to come
    headings: list[tuple[int, str]] = []
    notes_by_page: dict[int, dict[int, str]] = {}

    def gap() -> None:
        if w.length:
            w.write("\n\n", w.page_runs[-1][1] if w.page_runs else 1)

    def emit(block: Block) -> None:
        nonlocal section, caption
        gap()
        start = w.length
        if block.kind == "heading":
            _write_lines(w, block.lines, hyphens)
            said = w.text[start:].strip()
            if _CAPTION_HEADING.match(said):
                caption = said
            else:
                section, caption = said, None
            headings.append((block.page, said))
            blocks.append(TextSpan("heading", start, w.length, said))
            return
        if block.kind == "table":
            for r, row in enumerate(block.rows or []):
                w.write(("\n" if r else "") + "\t".join(row), block.page)
            _collect_table_markers(w, block, start)
        elif block.kind == "footnotes":
            numbers = []
            notes = [(n, note_text(lines, hyphens)[1]) for n, lines in block.note_lines]
            for k, (number, text) in enumerate(block.notes + notes):
                w.write(("\n" if k else "") + f"{number}. {text}", block.page)
                notes_by_page.setdefault(block.page, {}).setdefault(number, text)
                numbers.append(number)
            blocks.append(TextSpan("footnotes", start, w.length, section, numbers))
            return
        elif block.parts:
            for k, part in enumerate(block.parts):
                if k:
                    w.write("\n\n", part[0].page)
                _write_lines(w, part, hyphens)
        else:
            _write_lines(w, block.lines, hyphens, joined=block.kind in ("prose", "box"))
        under = caption if caption is not None and block.kind in _CAPTIONED else section
        if block.kind not in _CAPTIONED:
            caption = None  # the text goes on in its section
        blocks.append(TextSpan(block.kind, start, w.length, under))  # type: ignore[arg-type]

    pending: Block | None = None  # the last paragraph of a page, its sentence maybe open
    measure = 0.0  # the usual width of the prose lines on pending's page
    carried: list[Block] = []  # notes of a page whose paragraph is still open
    deferred: list[Block] = []  # that page's notes: they follow the paragraph's end
    for page_blocks in pages:
        body = [b for b in page_blocks if b.kind != "footnotes"]
        if pending is not None:
            # the sentence may resume after the next page's running figure or table
            k = next((i for i, b in enumerate(body) if b.kind == "prose"), None)
            lead = body[k] if k is not None else None
            if (
                lead is not None
                and _continues(pending, lead, measure, full_line)
                and (k == 0 or lead.lines[0].plain[:1].islower())
            ):
                merged = Block("prose", pending.lines + lead.lines, pending.page)
                if k == len(body) - 1:
                    # the paragraph fills this page too and may go on over the next
                    # break: it stays open, the notes of both pages after its end
                    body = body[:k] + [merged]
                    carried, deferred = deferred, []
                else:
                    emit(merged)
                    for block in deferred:
                        emit(block)
                    deferred = []
                    body = body[:k] + body[k + 1 :]
            else:
                emit(pending)
            pending = None
        for block in deferred:
            emit(block)
        if body and body[-1].kind == "prose":
            *head, pending = body
            measure = _measure(page_blocks)
        else:
            head, pending = body, None
        for block in head:
            emit(block)
        deferred = carried + [b for b in page_blocks if b.kind == "footnotes"]
        carried = []
    if pending is not None:
        emit(pending)
    for block in deferred:
        emit(block)

    text = w.text
    marker_notes: dict[int, tuple[int, str]] = {}
    unresolved: list[tuple[int, int]] = []
    endnotes: list[tuple[int, dict[int, str]]] | None = None
    for offset, page, number in w.markers:
        note = _find_note(notes_by_page, page, number)
        if note is None:
            if endnotes is None:
                endnotes = _endnote_lists(text, blocks, w.page_runs)
            note = _find_endnote(endnotes, page, number)
        if note is None:
            unresolved.append((page, number))
        else:
            marker_notes[offset] = (number, note)
    first_notes: dict[int, str] = {}
    for page in sorted(notes_by_page):
        for number, note in notes_by_page[page].items():
            first_notes.setdefault(number, note)
    return ComposedText(text, w.page_runs, blocks, marker_notes, first_notes, unresolved, headings)


_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$", re.S)
_MIN_ENDNOTES = 3  # a shorter numbered run is a list in the text, not the notes


def _endnote_lists(
    text: str, blocks: list[TextSpan], runs: list[tuple[int, int]]
) -> list[tuple[int, dict[int, str]]]:
    """Runs of paragraphs numbered 1, 2, 3... in body type (a report's endnotes or
    references, set as a list after the text that cites them): (first page, n -> text).
    A paragraph without a number right after an item is that item's next line."""
    found: list[tuple[int, dict[int, str]]] = []
    current: dict[int, str] = {}
    first_page = 0
    last = 0

    def close() -> None:
        nonlocal current
        if len(current) >= _MIN_ENDNOTES:
            found.append((first_page, current))
        current = {}

    for span in blocks:
        if span.kind != "prose":
            close()
            continue
        body = text[span.start : span.end].strip()
        m = _NUMBERED.match(body)
        number = int(m.group(1)) if m else None
        if number is not None and current and number == last + 1:
            current[number] = " ".join(m.group(2).split())
            last = number
        elif number == 1:
            close()
            current, last = {1: " ".join(m.group(2).split())}, 1
            first_page = page_at(runs, span.start) or 0
        elif number is None and current:
            current[last] += " " + " ".join(body.split())
        else:
            close()
    close()
    return found


def _find_endnote(lists: list[tuple[int, dict[int, str]]], page: int, number: int) -> str | None:
    """The first numbered list on or after the marker's page that holds its number."""
    for first_page, notes in lists:
        if first_page >= page and number in notes:
            return notes[number]
    return None


def _collect_table_markers(w: _Writer, block: Block, start: int) -> None:
    """Superscripts written inside table cells are markers too."""
    from reportqa.text import find_marker_spans

    for offset, number in find_marker_spans(w.text[start:]):
        w.markers.append((start + offset, block.page, number))


def _find_note(notes: dict[int, dict[int, str]], page: int, number: int) -> str | None:
    """A marker's note is on its page, else on the next (a note carried over), else the
    nearest page before or after that defines that number."""
    for candidate in (page, page + 1, page - 1):
        if number in notes.get(candidate, {}):
            return notes[candidate][number]
    later = sorted(p for p in notes if number in notes[p] and p > page)
    return notes[later[0]][number] if later else None


def note_text(lines: list[Line], hyphens: Hyphens | None = None) -> tuple[int | None, str]:
    """A footnote's number and its text, wrapped lines joined."""
    hyphens = hyphens or Hyphens()
    number = note_number(lines[0])
    parts: list[str] = []
    for index, line in enumerate(lines):
        text = _text_of(line)
        if index == 0 and number is not None:
            text = re.sub(rf"^[⁰-⁹¹²³]+\s*|^{number}[.)]?\s*", "", text, count=1)
        if not text:
            continue
        sep = _joins(parts[-1], text, hyphens) if parts else " "
        if sep == " " or not parts:
            parts.append(text)
        else:
            parts[-1] = (parts[-1][:-1] if sep == "\b" else parts[-1]) + text
    return number, " ".join(parts)


def _text_of(line: Line) -> str:
    return line.render()[0]
