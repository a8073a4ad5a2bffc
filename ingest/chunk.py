"""Passages from structure: sentence-aware prose chunks, whole tables, footnote lists.

Invariants the rest of the system relies on:
- ``passage.text == cleaned_text[char_start:char_end]`` (quotes are shown in place);
- a table (with its caption and source lines) is one passage, whatever its size;
- a sentence and a footnote definition are never cut, unless it alone is longer than the
  passage size: text without spaces or sentence ends (CJK, or a hostile megabyte-long
  line) is cut at punctuation, else whitespace, else a character boundary, so no prose
  or footnote passage is ever longer than the size;
- chunk ids are a hash of the document id, its content hash and the span, so the same
  content always gets the same ids and a re-run after a crash overwrites, never doubles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from ingest.clean import CleanedDocument
from ingest.structure import Block, DocumentStructure, split_lines
from reportqa.models import Footnote, Passage
from reportqa.signatures import signature_of
from reportqa.text import TABLE_CAPTION, is_credit_line, sentence_spans


@dataclass
class DocumentInfo:
    doc_id: str
    content_hash: str
    source: str
    title: str | None
    publisher: str | None
    date: str | None


# Where an over-long run of text may be cut, best first: after a sentence end (CJK, or
# Latin before a space, so "3.14" and "example.org" are not ends), with its closing
# quotes; at whitespace; after a clause mark.
_CLOSERS = "\"'’”」』）)\\]"
_SENTENCE_CUT = re.compile(rf"[。！？‼⁇⁈⁉]+[{_CLOSERS}]*|[.!?…]+[{_CLOSERS}]*(?=\s)")
_SPACE_CUT = re.compile(r"\s+")
_CLAUSE_CUT = re.compile(r"[,;:，、；：]+")


def _hard_cut(text: str, cut: int, floor: int) -> int:
    """``cut`` moved back off a combining mark or joiner, so no character is split."""
    at = cut
    while at > floor and (unicodedata.combining(text[at]) or text[at] in "\u200d\ufe0e\ufe0f"):
        at -= 1
    return at if at > floor else cut


def _last_cut(window: str) -> int | None:
    """Offset in ``window`` after which to cut, by the best kind of boundary it holds."""
    for pattern, after in ((_SENTENCE_CUT, True), (_SPACE_CUT, False), (_CLAUSE_CUT, True)):
        last = None
        for last in pattern.finditer(window):  # noqa: B007 - the last match is wanted
            continue
        if last is not None:
            return last.end() if after else last.start()
    return None


def _cut_long(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """``[start, end)`` as pieces of at most ``size`` characters, edges stripped.

    A piece ends at the last sentence end in the second half of its window, else the last
    whitespace, else the last clause mark, else at a character boundary: text without
    spaces is cut as a reader would, and no unit is longer than a passage may be.
    """
    pieces: list[tuple[int, int]] = []
    a = start
    while a < end:
        while a < end and text[a].isspace():
            a += 1
        if a >= end:
            break
        if end - a <= size:
            b = end
        else:
            floor = a + max(1, size // 2)
            found = _last_cut(text[floor : a + size])
            b = floor + found if found is not None else _hard_cut(text, a + size, a)
        piece_end = b
        while piece_end > a and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > a:
            pieces.append((a, piece_end))
        a = b
    return pieces


def _within_size(spans: list[tuple[int, int]], text: str, size: int) -> list[tuple[int, int]]:
    """The units, each one longer than ``size`` cut into pieces that fit."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        out.extend(_cut_long(text, a, b, size) if b - a > size else [(a, b)])
    return out


def _paragraph_numbers(text: str, start: int, spans: list[tuple[int, int]]) -> list[int]:
    """The paragraph (newline count since ``start``) of each unit, in one pass."""
    numbers: list[int] = []
    count, at = 0, start
    for a, _ in spans:
        count += text.count("\n", at, a)
        at = a
        numbers.append(count)
    return numbers


def _pack(
    spans: list[tuple[int, int]], size: int, overlap: int, paragraphs: list[int] | None = None
) -> list[tuple[int, int]]:
    """Group consecutive units into windows of about ``size`` chars with ``overlap``.

    With ``paragraphs`` (a paragraph index per unit), a window that is already half full
    stops at a paragraph boundary, and the next one starts cleanly at the new paragraph:
    a passage then holds whole paragraphs, which keeps a figure next to its context.
    """
    para = paragraphs or [0] * len(spans)
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= size:
            if para[j + 1] != para[j] and spans[j][1] - spans[i][0] >= size // 2:
                break
            j += 1
        windows.append((spans[i][0], spans[j][1]))
        if j + 1 >= len(spans):
            break
        k = j + 1
        if para[k] == para[j]:
            while k - 1 > i and para[k - 1] == para[j] and spans[j][1] - spans[k - 1][0] <= overlap:
                k -= 1
        i = k
    return windows


_CAPTION_CHARS = 200  # a section label, not a paragraph


def _credits(
    block: Block,
    opening: str,
    windows: list[tuple[str, int, int, str | None, list[int] | None]],
    cleaned: CleanedDocument,
    size: int,
) -> bool:
    """Is ``block`` the source line printed under the table the last window holds
    ("Source: Statistics Office, Labour Survey Note: 2024 provisional")? It is part of
    that table: alone it is a passage naming the report's bodies, which matches the words
    of every question on the report and answers none, while the rows it credits go
    unfound."""
    if not windows or windows[-1][0] != "table" or not is_credit_line(opening):
        return False
    if block.kind not in ("prose", "box") or block.end - block.start > size:
        return False
    return cleaned.page_at(block.start) == cleaned.page_at(windows[-1][1])


def chunk_id(info: DocumentInfo, start: int, end: int) -> str:
    key = f"{info.doc_id}:{info.content_hash}:{start}:{end}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def make_passages(
    cleaned: CleanedDocument,
    structure: DocumentStructure,
    info: DocumentInfo,
    size: int,
    overlap: int,
    caption_reach: int = 3,
) -> list[Passage]:
    text = cleaned.text
    windows: list[tuple[str, int, int, str | None, list[int] | None]] = []
    # Headings are passages' sections, not passages; but a document that is nothing but
    # heading-like lines (a form's one repeated title) is kept as its text, not dropped.
    only_headings = all(block.kind == "heading" for block in structure.blocks)
    caption: tuple[str, int, int] | None = None  # (its first line, page, block index)
    last_table = -2  # the block index of the table the last window holds
    for index, block in enumerate(structure.blocks):
        opening = text[block.start : block.end].split("\n", 1)[0].strip()
        if TABLE_CAPTION.match(opening) and block.kind != "table":
            # the caption block whole when short: its unit line ("Percent") belongs to it
            whole = " ".join(text[block.start : block.end].split())
            said = whole if len(whole) <= _CAPTION_CHARS else opening[:_CAPTION_CHARS]
            caption = (said, cleaned.page_at(block.start), index)
        if block.kind == "heading" and not only_headings:
            if signature_of(text[block.start : block.end], text) is None:
                continue
            # a signature set large under a foreword ("Honourable Minister A. Name /
            # MINISTER OF …") is read as a heading, but it says who signed: a passage
        if index == last_table + 1 and _credits(block, opening, windows, cleaned, size):
            kind, a, _, section, defined = windows[-1]
            windows[-1] = (kind, a, block.end, section, defined)
            last_table = index
            continue
        if block.kind == "table":
            section = block.section
            if (
                caption is not None
                and not TABLE_CAPTION.match(opening)
                and caption[1] == cleaned.page_at(block.start)
                and index - caption[2] <= caption_reach
            ):
                # its caption was set apart (in a frame, over a header read as text):
                # the caption says what the rows measure, and is the table's section
                section = caption[0]
            windows.append(("table", block.start, block.end, section, None))
            last_table = index
        elif block.kind == "footnotes":
            defs = _within_size(
                [
                    (line.start + block.start, line.end + block.start)
                    for line in split_lines(text[block.start : block.end])
                    if line.text.strip()
                ],
                text,
                size,
            )
            for a, b in _pack(defs, size, 0):
                numbers = [n for n in block.footnote_numbers if f"{n}." in text[a:b]]
                windows.append(("footnotes", a, b, block.section, numbers))
        else:
            sentences = _within_size(sentence_spans(text, block.start, block.end), text, size)
            paragraph_of = _paragraph_numbers(text, block.start, sentences)
            for a, b in _pack(sentences, size, overlap, paragraph_of):
                kind = "prose" if block.kind == "heading" else block.kind
                windows.append((kind, a, b, block.section, None))

    passages: list[Passage] = []
    for kind, a, b, section, defined in windows:
        if defined is not None:
            notes = [(n, structure.footnotes[n]) for n in defined if n in structure.footnotes]
        else:
            notes = structure.footnotes_in(a, b)
        passages.append(
            Passage(
                doc_id=info.doc_id,
                chunk_id=chunk_id(info, a, b),
                text=text[a:b],
                title=info.title,
                publisher=info.publisher,
                date=info.date,
                source=info.source,
                page=cleaned.page_at(a),
                section=section,
                char_start=a,
                char_end=b,
                footnotes=[Footnote(n=n, text=t) for n, t in notes],
                kind=kind,  # type: ignore[arg-type]
                page_runs=cleaned.runs_within(a, b),
            )
        )
    return passages
