"""Briefing drafts from a batch: Markdown, DOCX (python-docx) or JSON, chosen by extension.

Markdown and DOCX are written from one list of blocks (headings, paragraphs, sources,
list items), so both formats always carry the same content: a title, an outcome line, a
heading per section, each answer with its ``[n]`` markers and its quoted sources (and
their footnotes) under it, then "Where the reports disagree", "Not covered by the
reports", failed questions, and a numbered bibliography that lists each report once with
title, publisher, date and pages cited. An answer's ``[n]`` is the report's number in
that bibliography, so one number means one report across the whole draft. A draft has
no timings (they belong to the terminal and to JSON's ``timings_ms``).
JSON is the list of Answer objects of DESIGN.md, each with the question's ``id`` and
``section``; a failed question is ``{"status": "failed", "error": ...}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from reportqa.batch import BatchEntry, BatchResult
from reportqa.markdown_text import markdown_literal, web_url
from reportqa.models import Citation
from reportqa.printable import location
from reportqa.questions_file import DEFAULT_SECTION
from reportqa.text import renumber

__all__ = ["markdown_literal"]  # drafts and tests take the escaping from here too

OUTPUT_SUFFIXES = (".md", ".docx", ".json")
DISAGREE = "Where the reports disagree"
NOT_COVERED = "Not covered by the reports"
FAILED = "Questions that could not be answered"
BIBLIOGRAPHY = "Bibliography"
QUOTE_CHARS = 400  # a source's quote is cut after this many characters


class BriefingError(ValueError):
    """An output the user asked for that cannot be written (bad extension, bad folder)."""


@dataclass
class Block:
    """One piece of the draft. ``kind``: heading (level 1 title, 2 section, 3 question) |
    para | answer | source (a quoted source of an answer) | note (a footnote of that quote)
    | item (a bullet) | reference (a bibliography entry, ``level`` is its number)."""

    kind: str
    text: str
    level: int = 0
    url: str | None = None  # a reference's own metadata URL: the only link a draft makes live


@dataclass
class Reference:
    """One report in the bibliography, however many times it is cited."""

    title: str
    publisher: str | None
    date: str | None
    source: str
    pages: set[int] = field(default_factory=set)
    citations: int = 0
    url: str | None = None

    def describe(self) -> str:
        parts = [self.title]
        parts.append(self.publisher or "publisher unknown")
        parts.append(self.date or "undated")
        if self.pages:
            pages = sorted(self.pages)
            parts.append(("p. " if len(pages) == 1 else "pp. ") + ", ".join(map(str, pages)))
        else:
            parts.append("no page numbers (text source)")
        parts.append(f"cited {self.citations} time{'s' if self.citations != 1 else ''}")
        parts.append(self.source)
        return ". ".join(p.rstrip(".") for p in parts) + "."


def check_output_path(path: Path) -> str:
    """The output format for ``path``; fails early, before any question is answered."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise BriefingError(
            f"{Path(path).name}: unsupported output type {suffix or '(none)'!r}; use .md, .docx"
            " or .json"
        )
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise BriefingError(f"{parent}: the output folder does not exist")
    return suffix


def bibliography(result: BatchResult) -> list[Reference]:
    """Each cited report once (by document), in order of first citation: its place in this
    list is the number the draft's ``[n]`` markers use."""
    refs: dict[str, Reference] = {}
    for entry in result.entries:
        if entry.answer is None:
            continue
        for c in entry.answer.citations:
            if c.related:
                continue  # nearest passages of an abstention are not sources
            record = result.documents.get(c.doc_id)
            ref = refs.setdefault(
                c.doc_id,
                Reference(
                    c.title or Path(c.source).name,
                    c.publisher,
                    c.date,
                    c.source,
                    url=web_url(record.url) if record else None,
                ),
            )
            ref.citations += 1
            if c.page is not None:
                ref.pages.add(c.page)
    return list(refs.values())


def reference_numbers(result: BatchResult) -> dict[str, int]:
    """doc_id -> the report's number in the bibliography (1-based)."""
    numbers: dict[str, int] = {}
    for entry in result.entries:
        for c in entry.answer.citations if entry.answer else []:
            if not c.related:
                numbers.setdefault(c.doc_id, len(numbers) + 1)
    return numbers


def _quote(text: str) -> str:
    quote = " ".join(text.split())
    return quote[:QUOTE_CHARS] + "…" if len(quote) > QUOTE_CHARS else quote


def _source_blocks(c: Citation, number: int | None) -> list[Block]:
    """One quoted source of an answer, then the texts of the footnotes its quote cites."""
    head = f"[{number}] " if number is not None else ""
    blocks = [Block("source", f"{head}{location(c)}: \u201c{_quote(c.quote)}\u201d")]
    blocks.extend(Block("note", f"Footnote {f.n}: {' '.join(f.text.split())}") for f in c.footnotes)
    return blocks


def _entry_blocks(entry: BatchEntry, numbers: dict[str, int]) -> list[Block]:
    blocks = [Block("heading", entry.item.question, 3)]
    if entry.answer is None:
        blocks.append(Block("para", f"Failed: {entry.error}"))
        return blocks
    answer = entry.answer
    mapping = {c.n: numbers[c.doc_id] for c in answer.citations if c.doc_id in numbers}
    # it opens with "The reports disagree." etc.; its markers now point at the bibliography
    blocks.append(Block("answer", renumber(answer.answer, mapping)))
    unverified = [c.text for c in answer.claims if not c.verified]
    if unverified:
        blocks.append(Block("para", f"Unverified numbers: {', '.join(unverified)}"))
    if answer.citations:
        heading = "Related passages" if answer.status == "abstained" else "Sources"
        blocks.append(Block("para", f"{heading}:"))
        for c in answer.citations:
            blocks.extend(_source_blocks(c, None if c.related else numbers.get(c.doc_id)))
    return blocks


def drafted_on(result: BatchResult) -> str:
    return f"{result.created.day} {result.created:%B %Y}"


def briefing_blocks(result: BatchResult) -> list[Block]:
    """The whole draft, format-neutral."""
    numbers = reference_numbers(result)
    blocks = [
        Block("heading", result.title, 1),
        Block("para", f"{result.outcome_line()}. Drafted {drafted_on(result)}."),
    ]
    for section in result.sections:
        blocks.append(Block("heading", section, 2))
        for entry in result.entries:
            if entry.item.section == section:
                blocks.extend(_entry_blocks(entry, numbers))

    conflicts = [e for e in result.entries if e.answer and e.answer.status == "conflict"]
    blocks.append(Block("heading", DISAGREE, 2))
    if not conflicts:
        blocks.append(Block("para", "No question found the reports in disagreement."))
    for e in conflicts:
        assert e.answer is not None
        by_n = {c.n: c for c in e.answer.citations}
        for conflict in e.answer.conflicts:
            blocks.append(Block("para", f"{e.item.question} ({conflict.quantity})"))
            for v in conflict.values:
                cited = by_n.get(v.citation)
                who = (cited.publisher or cited.title) if cited else v.title
                year = f" for {v.year}" if v.year and str(v.year) != v.value else ""
                mark = f" [{numbers[cited.doc_id]}]" if cited and cited.doc_id in numbers else ""
                blocks.append(Block("item", f"{v.value}{year}: {who or 'unknown source'}{mark}"))

    abstained = [e for e in result.entries if e.answer and e.answer.status == "abstained"]
    blocks.append(Block("heading", NOT_COVERED, 2))
    if not abstained:
        blocks.append(Block("para", "The reports address every question."))
    blocks.extend(Block("item", e.item.question) for e in abstained)

    failed = [e for e in result.entries if e.answer is None]
    if failed:
        blocks.append(Block("heading", FAILED, 2))
        blocks.extend(Block("item", f"{e.item.question}: {e.error}") for e in failed)

    blocks.append(Block("heading", BIBLIOGRAPHY, 2))
    refs = bibliography(result)
    if not refs:
        blocks.append(Block("para", "No report was cited."))
    blocks.extend(
        Block("reference", ref.describe(), level=i, url=ref.url)
        for i, ref in enumerate(refs, start=1)
    )
    return blocks


def render_markdown(result: BatchResult) -> str:
    out: list[str] = []
    listed = ("item", "source", "note", "reference")
    previous = ""
    for b in briefing_blocks(result):
        if b.kind not in listed or previous not in listed:
            out.append("")  # a blank line between blocks; list items stay together
        text = markdown_literal(b.text)
        if b.kind == "heading":
            out.append(f"{'#' * b.level} {text}")
        elif b.kind == "reference":
            link = f" <{b.url}>" if b.url else ""  # the report's own address: the one live link
            out.append(f"{b.level}. {text}{link}")
        elif b.kind == "note":
            out.append(f"  - {text}")
        elif b.kind in listed:
            out.append(f"- {text}")
        else:
            out.append(text)
        previous = b.kind
    return "\n".join(out).strip() + "\n"


def render_json(result: BatchResult) -> str:
    payload = []
    for e in result.entries:
        head = {"id": e.item.id, "section": e.item.section}
        if e.answer is None:
            payload.append(
                {**head, "question": e.item.question, "status": "failed", "error": e.error}
            )
        else:
            payload.append({**head, **e.answer.model_dump(mode="json")})
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def docx_properties(result: BatchResult):  # -> reportqa.docx_draft.DocProperties
    """What the document says about itself: its title and author, when it was drafted,
    the sections it covers (subject) and the reports it cites (keywords)."""
    from reportqa.docx_draft import DocProperties

    sections = [s for s in result.sections if s != DEFAULT_SECTION]
    cited = list(dict.fromkeys(r.publisher or r.title for r in bibliography(result)))
    return DocProperties(
        title=result.title,
        author=result.author,
        created=result.created,
        subject="; ".join(sections) or result.title,
        keywords="; ".join(cited),
        comments=result.outcome_line(),
    )


def write_briefing(result: BatchResult, path: Path) -> None:
    """Write ``result`` to ``path`` in the format its extension names."""
    path = Path(path)
    suffix = check_output_path(path)
    if suffix == ".docx":
        from reportqa.docx_draft import write_docx

        write_docx(briefing_blocks(result), path, docx_properties(result))
    elif suffix == ".json":
        path.write_text(render_json(result), encoding="utf-8")
    else:
        path.write_text(render_markdown(result), encoding="utf-8")
