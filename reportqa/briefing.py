"""Briefing drafts from a batch: Markdown, DOCX (python-docx) or JSON, chosen by extension.

Markdown and DOCX are written from one list of blocks (headings, paragraphs, sources,
list items), so both formats always carry the same content: a title, a summary line, a
heading per section, each answer with its ``[n]`` markers and its sources under it, then
"Where the reports disagree", "Not covered by the reports", failed questions, and a
bibliography that lists each report once with title, publisher, date and pages cited.
JSON is the list of Answer objects of DESIGN.md, each with the question's ``id`` and
``section``; a failed question is ``{"status": "failed", "error": ...}``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportqa.batch import BatchEntry, BatchResult
from reportqa.models import Citation
from reportqa.render import location

OUTPUT_SUFFIXES = (".md", ".docx", ".json")
DISAGREE = "Where the reports disagree"
NOT_COVERED = "Not covered by the reports"
FAILED = "Questions that could not be answered"
BIBLIOGRAPHY = "Bibliography"


class BriefingError(ValueError):
    """An output the user asked for that cannot be written (bad extension, bad folder)."""


@dataclass
class Block:
    kind: str  # heading | para | source | item | quote
    text: str
    level: int = 0


@dataclass
class Reference:
    """One report in the bibliography, however many times it is cited."""

    title: str
    publisher: str | None
    date: str | None
    source: str
    pages: set[int] = field(default_factory=set)
    citations: int = 0

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
    """Each cited report once (by document), in order of first citation."""
    refs: dict[str, Reference] = {}
    for entry in result.entries:
        if entry.answer is None:
            continue
        for c in entry.answer.citations:
            if c.related:
                continue  # nearest passages of an abstention are not sources
            ref = refs.setdefault(
                c.doc_id,
                Reference(c.title or Path(c.source).name, c.publisher, c.date, c.source),
            )
            ref.citations += 1
            if c.page is not None:
                ref.pages.add(c.page)
    return list(refs.values())


def _source_line(c: Citation) -> str:
    quote = " ".join(c.quote.split())
    if len(quote) > 400:
        quote = quote[:400] + "…"
    line = f"[{c.n}] {location(c)}: \u201c{quote}\u201d"
    if c.footnotes:
        line += " Footnotes: " + "; ".join(f"{f.n}. {f.text}" for f in c.footnotes)
    return line


def _entry_blocks(entry: BatchEntry) -> list[Block]:
    blocks = [Block("heading", entry.item.question, 3)]
    if entry.answer is None:
        blocks.append(Block("para", f"Failed: {entry.error}"))
        return blocks
    answer = entry.answer
    blocks.append(Block("para", answer.answer))  # it opens with "The reports disagree." etc.
    unverified = [c.text for c in answer.claims if not c.verified]
    if unverified:
        blocks.append(Block("para", f"Unverified numbers: {', '.join(unverified)}"))
    if answer.citations:
        heading = "Related passages" if answer.status == "abstained" else "Sources"
        blocks.append(Block("para", f"{heading}:"))
        blocks.extend(Block("source", _source_line(c)) for c in answer.citations)
    return blocks


def briefing_blocks(result: BatchResult) -> list[Block]:
    """The whole draft, format-neutral."""
    blocks = [Block("heading", result.title, 1), Block("para", result.summary())]
    for section in result.sections:
        blocks.append(Block("heading", section, 2))
        for entry in result.entries:
            if entry.item.section == section:
                blocks.extend(_entry_blocks(entry))

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
                blocks.append(Block("item", f"{v.value}{year}: {who or 'unknown source'}"))

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
    blocks.extend(Block("item", ref.describe()) for ref in refs)
    return blocks


_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]<>()#|!~])")
_LIVE_URL = re.compile(
    r"\b(?:[a-z][a-z0-9+.-]*:/{1,3}|www\.)[^\s<>\"'`]+|\bjavascript:[^\s]+", re.I
)
_OUR_MARKER = re.compile(r"\\\[(\d{1,3})\\\]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def markdown_literal(text: str) -> str:
    """Text that a Markdown viewer shows as written: report text may hold HTML, script,
    links or images, and none of it must run, load or become live. Markdown's active
    characters are backslash-escaped, a URL is shown as code (visible, not a link) and
    control characters are dropped; the draft's own [n] citation markers stay as they are."""
    text = _CONTROLS.sub("", text)
    out: list[str] = []
    last = 0
    for m in _LIVE_URL.finditer(text):
        out.append(_MD_ACTIVE.sub(r"\\\1", text[last : m.start()]))
        out.append("`" + m.group(0).replace("`", "'") + "`")
        last = m.end()
    out.append(_MD_ACTIVE.sub(r"\\\1", text[last:]))
    return _OUR_MARKER.sub(r"[\1]", "".join(out))


def render_markdown(result: BatchResult) -> str:
    out: list[str] = []
    listed = ("item", "source")
    previous = ""
    for b in briefing_blocks(result):
        if b.kind not in listed or previous not in listed:
            out.append("")  # a blank line between blocks; list items stay together
        text = markdown_literal(b.text)
        if b.kind == "heading":
            out.append(f"{'#' * b.level} {text}")
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


def write_docx(result: BatchResult, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = result.title
    for b in briefing_blocks(result):
        if b.kind == "heading":
            doc.add_heading(b.text, level=0 if b.level == 1 else b.level - 1)
        elif b.kind == "item":
            doc.add_paragraph(b.text, style="List Bullet")
        elif b.kind == "source":
            para = doc.add_paragraph(style="List Bullet 2")
            run = para.add_run(b.text)
            run.font.size = Pt(9)
        else:
            doc.add_paragraph(b.text)
    doc.save(str(path))


def write_briefing(result: BatchResult, path: Path) -> None:
    """Write ``result`` to ``path`` in the format its extension names."""
    path = Path(path)
    suffix = check_output_path(path)
    if suffix == ".docx":
        write_docx(result, path)
    elif suffix == ".json":
        path.write_text(render_json(result), encoding="utf-8")
    else:
        path.write_text(render_markdown(result), encoding="utf-8")
