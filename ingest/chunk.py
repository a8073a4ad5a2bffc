"""Passages from structure: sentence-aware prose chunks, whole tables, footnote lists.

Invariants the rest of the system relies on:
- ``passage.text == cleaned_text[char_start:char_end]`` (quotes are shown in place);
- a table (with its caption and source lines) is one passage, whatever its size;
- a sentence and a footnote definition are never cut;
- chunk ids are a hash of the document id, its content hash and the span, so the same
  content always gets the same ids and a re-run after a crash overwrites, never doubles.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ingest.clean import CleanedDocument
from ingest.structure import DocumentStructure, split_lines
from reportqa.models import Footnote, Passage
from reportqa.text import sentence_spans


@dataclass
class DocumentInfo:
    doc_id: str
    content_hash: str
    source: str
    title: str | None
    publisher: str | None
    date: str | None


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


def chunk_id(info: DocumentInfo, start: int, end: int) -> str:
    key = f"{info.doc_id}:{info.content_hash}:{start}:{end}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def make_passages(
    cleaned: CleanedDocument,
    structure: DocumentStructure,
    info: DocumentInfo,
    size: int,
    overlap: int,
) -> list[Passage]:
    text = cleaned.text
    windows: list[tuple[str, int, int, str | None, list[int] | None]] = []
    for block in structure.blocks:
        if block.kind == "heading":
            continue
        if block.kind == "table":
            windows.append(("table", block.start, block.end, block.section, None))
        elif block.kind == "footnotes":
            defs = [
                (line.start + block.start, line.end + block.start)
                for line in split_lines(text[block.start : block.end])
                if line.text.strip()
            ]
            for a, b in _pack(defs, size, 0):
                numbers = [n for n in block.footnote_numbers if f"{n}." in text[a:b]]
                windows.append(("footnotes", a, b, block.section, numbers))
        else:
            sentences = sentence_spans(text, block.start, block.end)
            paragraph_of = [text.count("\n", block.start, a) for a, _ in sentences]
            for a, b in _pack(sentences, size, overlap, paragraph_of):
                windows.append((block.kind, a, b, block.section, None))

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
