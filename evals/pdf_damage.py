"""How much a PDF reading damages the text: a metric over the passages of real PDFs.

For every report of the real set it counts passages holding a running head or footer
(a row printed at the top or bottom edge of most pages), glyph codes, a number turned
into a footnote marker, or a sentence cut by a page break;
footnote markers resolved; the evidence of each question found on its own page; and
pages per second. It reads through ``ingest.pipeline.parse_file`` only, so the same
script measures any version of the reader (run it from an older checkout for "before").

    python -m evals.pdf_damage [--real evals/real] [--json out.json]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from evals.real_set import RealReport, load_real_set

_GLYPH = re.compile(
    r"/[A-Za-z](?:_[A-Za-z])+\b|/uni[0-9A-Fa-f]{4}|\(cid:\d+\)|\ufffd|[\ufb00-\ufb06]"
)
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_NUMBER_AS_MARKER = re.compile(
    rf"[{_SUP}]+[.,]\d"
    rf"|\b(?i:figure|table|chart|box|chapter|section|panel|annex|part|page)\s?[{_SUP}]"
)
_TERMINAL = re.compile(r"[.!?:;]['’”\")\]]*[⁰-⁹¹²³]*\s*$")
# a passage opening with a list item's mark ("ii. Annually", "b. Practice...", "• ...")
# starts an item of its own, whatever the item before it ended with
# ("o" is the second-level bullet of word processors: "o NIMS NQS Supplemental Guide")
_LIST_ITEM = re.compile(
    r"^(?:[•▪◦●■–—-]|o(?=\s+(?:[A-Z]|https?:))|\(?(?:[a-z]|[ivx]{1,5}|\d{1,3})[.)])\s"
)


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z#]+", "", re.sub(r"\d+", "#", text.lower()))


EDGE = 0.08  # top and bottom share of a page where running heads and footers are printed


def page_rows(page) -> tuple[list[tuple[float, str]], list[str]]:  # noqa: ANN001 - pypdf page
    """The page's text as rows, (distance from the top as a share of the page's height,
    the row's text left to right), from pypdf's text operations and their positions; and
    its plain lines in pypdf's reading order (columns one after the other)."""
    height = float(page.mediabox.height) or 1.0
    bottom = float(page.mediabox.bottom)
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((y - bottom, x, text))

    plain = page.extract_text(visitor_text=visit) or ""
    rows: list[tuple[float, list[tuple[float, str]]]] = []
    for y, x, text in sorted(runs, key=lambda r: (-r[0], r[1])):
        if rows and rows[-1][0] - y <= 2.0:
            rows[-1][1].append((x, text))
        else:
            rows.append((y, [(x, text)]))
    lines = [ln.strip() for ln in plain.splitlines() if ln.strip()]
    return [(1 - y / height, " ".join(t for _, t in sorted(parts))) for y, parts in rows], lines


def running_strings(data: bytes) -> tuple[list[str], dict[int, str]]:
    """Rows printed at the top or bottom edge of most pages (the outer ``EDGE`` of their
    height), read by pypdf, not the reader under test, digits ignored: what a reader
    skips as running heads; and the squashed text of each page (1-based) less those edge
    rows, its body, in pypdf's reading order.

    A row that is also printed in the body of pages ("(4) In the Operating Procedures
    chapter," opening each numbered instruction, which lands at the top of short pages)
    is the report's text, not a running head; so is a table's caption or notes repeated
    on every page of an appendix but set inside the page, away from its edges.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    counts: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    bodies: dict[int, str] = {}
    pages = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            rows, lines = page_rows(page)
        except Exception:  # noqa: BLE001 - a page pypdf cannot read has no running line
            continue
        pages += 1
        edge = {squash(t) for y, t in rows if y < EDGE or y > 1 - EDGE}
        counts.update(s for s in edge if len(s.replace("#", "")) >= 10)
        middle = [s for s in (squash(ln) for ln in lines) if s not in edge]
        inner.update(middle)
        bodies[number] = "".join(middle)
    need = max(3, round(0.3 * pages))
    heads = [s for s, n in counts.items() if n >= need and inner[s] <= 0.2 * n]
    return heads, bodies


@dataclass
class Damage:
    doc: str
    pages: int
    passages: int
    seconds: float
    running_head: int = 0
    glyph_codes: int = 0
    number_as_marker: int = 0
    cut_sentence: int = 0
    markers: int = 0
    markers_resolved: int = 0
    evidence: int = 0
    evidence_found: int = 0
    evidence_right_page: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def damaged(self) -> int:
        return self.running_head + self.glyph_codes + self.number_as_marker + self.cut_sentence

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _page_of(passage, offset: int) -> int | None:  # noqa: ANN001 - any Passage version
    finder = getattr(passage, "page_at", None)
    return finder(offset) if finder else passage.page


def measure(report: RealReport, settings) -> Damage:  # noqa: ANN001
    from ingest.pipeline import parse_file
    from reportqa.text import find_markers

    data = report.path.read_bytes()
    started = time.perf_counter()
    parsed = parse_file(report.path, settings, "h", data)
    seconds = time.perf_counter() - started
    passages = parsed.passages
    result = Damage(report.stem, parsed.record.pages or 0, len(passages), seconds)
    heads, bodies = running_strings(data)

    def example(kind: str, text: str) -> None:
        result.examples.setdefault(kind, [])
        if len(result.examples[kind]) < 3:
            result.examples[kind].append(text[:160])

    for p in passages:
        # the title on a cover or in a suggested citation is not a running head
        flat = squash(p.text) if (p.page or 0) > 2 else ""
        # a head's words printed in the page's body too (a suggested citation giving the
        # report's title) are text
        body = bodies.get(p.page or 0, "")
        hit = next((h for h in heads if h in flat and h not in body), None)
        if hit:
            result.running_head += 1
            example("running_head", hit)
        if m := _GLYPH.search(p.text):
            result.glyph_codes += 1
            example("glyph_codes", p.text[max(0, m.start() - 30) : m.end() + 30])
        if p.kind != "table" and (m := _NUMBER_AS_MARKER.search(p.text)):
            result.number_as_marker += 1
            example("number_as_marker", p.text[max(0, m.start() - 30) : m.end() + 30])
        if p.kind in ("prose", "box"):
            numbers = find_markers(p.text)
            result.markers += len(numbers)
            cited = {f.n for f in p.footnotes}
            result.markers_resolved += sum(1 for n in numbers if n in cited)
    result.cut_sentence = _cut_sentences(passages, example)
    for question in report.questions:
        for evidence in question.get("evidence", []):
            result.evidence += 1
            want = squash(evidence["span"])
            for p in passages:
                flat = squash(p.text)
                if want and want in flat:
                    result.evidence_found += 1
                    offset = _offset_of(p.text, evidence["span"])
                    if _page_of(p, p.char_start + offset) in evidence.get(
                        "pages", [evidence.get("page")]
                    ):
                        result.evidence_right_page += 1
                    break
    return result


def _offset_of(text: str, span: str) -> int:
    """Where a loosely matching span starts in ``text`` (first word as anchor)."""
    words = re.findall(r"\w+", span)
    if not words:
        return 0
    m = re.search(r"\W*".join(re.escape(w) for w in words[:4]), text, re.I)
    return m.start() if m else 0


def _cut_sentences(passages, example) -> int:  # noqa: ANN001
    """Prose passages that end mid-sentence where the next prose passage of the report
    carries it on in lower case: a sentence a page or column break cut in two."""
    prose = sorted((p for p in passages if p.kind == "prose"), key=lambda p: p.char_start)
    cut = 0
    for a, b in zip(prose, prose[1:]):
        if b.char_start <= a.char_end + 1:
            # overlapping windows of one paragraph, or a paragraph longer than a passage
            # cut by the chunker at a space: the reader joined it, no break cut it
            continue
        if getattr(a, "section", None) != getattr(b, "section", None):
            continue  # a heading stands between them ("Email" before an address)
        tail, head = a.text.rstrip(), b.text.lstrip()
        if (
            tail
            and head
            and not _TERMINAL.search(tail)
            and head[:1].islower()
            and not _LIST_ITEM.match(head)
        ):
            cut += 1
            example("cut_sentence", tail[-60:] + " | " + head[:60])
    return cut


def main(argv: list[str] | None = None) -> int:
    from reportqa.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=Path("evals/real"))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--examples", action="store_true", help="print examples of damage")
    args = parser.parse_args(argv)
    settings = Settings()
    reports = load_real_set(args.real)
    if not reports:
        print("no real PDFs found (see evals/real/README.md)")
        return 2
    rows = [measure(r, settings) for r in reports]
    print(table(rows, {r.stem: r.split for r in reports}))
    if args.examples:
        for row in rows:
            for kind, texts in row.examples.items():
                for text in texts:
                    print(f"{row.doc} {kind}: {text!r}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1))
    return 0


def table(rows: list[Damage], splits: dict[str, str]) -> str:
    head = (
        "| report | split | pages | passages | damaged | running head | glyphs | number→marker "
        "| cut sentence | markers resolved | evidence right page/found/all | pages/s |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for r in rows:
        lines.append(
            f"| {r.doc} | {splits.get(r.doc, '')} | {r.pages} | {r.passages} | {r.damaged} "
            f"| {r.running_head} | {r.glyph_codes} | {r.number_as_marker} | {r.cut_sentence} "
            f"| {r.markers_resolved}/{r.markers} "
            f"| {r.evidence_right_page}/{r.evidence_found}/{r.evidence} "
            f"| {r.pages_per_second:.1f} |"
        )
    total = Damage(
        "all",
        sum(r.pages for r in rows),
        sum(r.passages for r in rows),
        sum(r.seconds for r in rows),
    )
    for name in (
        "running_head",
        "glyph_codes",
        "number_as_marker",
        "cut_sentence",
        "markers",
        "markers_resolved",
        "evidence",
        "evidence_found",
        "evidence_right_page",
    ):
        setattr(total, name, sum(getattr(r, name) for r in rows))
    lines.append(
        f"| **all** | | {total.pages} | {total.passages} | {total.damaged} | {total.running_head} "
        f"| {total.glyph_codes} | {total.number_as_marker} | {total.cut_sentence} "
        f"| {total.markers_resolved}/{total.markers} "
        f"| {total.evidence_right_page}/{total.evidence_found}/{total.evidence} "
        f"| {total.pages_per_second:.1f} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
