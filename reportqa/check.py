"""`reportqa check`: every numeric claim of a draft against the reports.

Each sentence of the draft that states a quantity is looked up with the same hybrid
retriever the answers use; the retrieved passages are cut into the same candidates
(sentences, table rows) and their quantities read by the same number parser. A claim is

- SUPPORTED when a report states the same value (unit-normalised) for a comparable
  quantity (same unit, compatible stage and entity) and a compatible year;
- CONTRADICTED when the reports state that quantity with another value (or state this
  value for another year): the deciding passage is shown and cited;
- NOT FOUND when no report states it.

Support is looked for leniently and contradiction strictly (stage and entity must be
explicit and agree, the passage must be about the claim), because a false
"contradicted" sends an analyst chasing an error that is not there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportqa.answering import (
    Candidate,
    analyse,
    candidates_of,
    entities_in,
    score,
    stage_of,
    stages_in,
    years_of,
)
from reportqa.markdown_text import markdown_literal
from reportqa.models import Citation, ScoredPassage
from reportqa.numbers import Quantity, find_quantities, find_years
from reportqa.printable import location, safe, visible
from reportqa.retrieve import HybridRetriever
from reportqa.text import find_markers, is_instruction, sentence_spans
from reportqa.words import content_terms, generic_stems

Verdict = Literal["SUPPORTED", "CONTRADICTED", "NOT FOUND"]
DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".docx")
REPORT_SUFFIXES = (".md", ".json")
MIN_RELEVANCE = 0.45  # the answerer's own floor for "this sentence answers"
PERCENT_TOLERANCE = 0.0
_MARKDOWN_LINE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_INLINE_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_CITATION_MARK = re.compile(r"\[\d{1,3}\]")


class CheckError(ValueError):
    """A draft or output the user has to fix; one line."""


@dataclass
class DraftClaim:
    """One quantity stated by one sentence of the draft."""

    sentence: str
    quantity: Quantity  # offsets within ``sentence``
    line: int

    @property
    def text(self) -> str:
        return self.quantity.text.rstrip(".")  # "$13-18 billion." at a sentence end


@dataclass
class ClaimVerdict:
    claim: DraftClaim
    verdict: Verdict
    reason: str
    evidence: Citation | None = None
    report_value: str | None = None
    other_values: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sentence": self.claim.sentence,
            "line": self.claim.line,
            "claim": self.claim.text,
            "value": self.claim.quantity.value,
            "unit": self.claim.quantity.unit,
            "verdict": self.verdict,
            "reason": self.reason,
            "report_value": self.report_value,
            "other_values": self.other_values,
            "evidence": self.evidence.model_dump(mode="json") if self.evidence else None,
        }


@dataclass
class CheckReport:
    draft: str
    verdicts: list[ClaimVerdict]

    def counts(self) -> dict[str, int]:
        out = {"SUPPORTED": 0, "CONTRADICTED": 0, "NOT FOUND": 0}
        for v in self.verdicts:
            out[v.verdict] += 1
        return out

    def summary(self) -> str:
        c = self.counts()
        return (
            f"{len(self.verdicts)} numeric claims: {c['SUPPORTED']} supported,"
            f" {c['CONTRADICTED']} contradicted, {c['NOT FOUND']} not found"
        )


# ------------------------------------------------------------------ reading a draft


def read_draft(path: Path) -> str:
    """The draft's text, one paragraph per line (.md/.txt as text, .docx by paragraph)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise CheckError(
            f"{path.name}: unsupported draft type {suffix or '(none)'!r}; use .md, .txt or .docx"
        )
    if not path.is_file():
        raise CheckError(f"{path}: no such file")
    if suffix == ".docx":
        from docx import Document
        from docx.opc.exceptions import PackageNotFoundError

        try:
            doc = Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError) as exc:
            raise CheckError(f"{path.name}: not a readable .docx file") from exc
        except Exception as exc:  # zipfile.BadZipFile and friends
            raise CheckError(f"{path.name}: not a readable .docx file ({exc})") from exc
        lines = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(lines)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CheckError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    if suffix in (".md", ".markdown"):
        text = "\n".join(_plain_markdown_line(line) for line in text.splitlines())
    return text


def _plain_markdown_line(line: str) -> str:
    line = _MARKDOWN_LINE.sub("", line)
    line = _LINK.sub(r"\1", line)
    return _INLINE_MARKUP.sub("", line)


def find_claims(text: str) -> list[DraftClaim]:
    """Every quantity of every sentence; citation markers like ``[3]`` are not claims."""
    claims: list[DraftClaim] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        marks = [m.span() for m in _CITATION_MARK.finditer(sentence)]
        line = text.count("\n", 0, start) + 1
        for q in find_quantities(sentence):
            if any(a <= q.start < b for a, b in marks):
                continue
            claims.append(DraftClaim(sentence, q, line))
    return claims


# ------------------------------------------------------------------ judging one claim


def _stages(c: Candidate, q: Quantity) -> set[str]:
    """The stage a quantity speaks of: after it (the answerer's rule), else just before it."""
    found = stage_of(c, q)
    if found:
        return found
    earlier = [x.end for x in c.quantities if x.end <= q.start]
    window_start = max([q.start - 100, *earlier, 0])
    return stages_in(c.text[window_start : q.start])


def _figure_years(c: Candidate, q: Quantity) -> set[int]:
    """The years a figure is for: the one written next to it ("8.8 percent in 2022 to 6.6
    percent in 2023" gives 8.8 for 2022), a table cell's column; else its sentence's."""
    return set(years_of(c, q))


def _year_relation(claim_years: set[int], c: Candidate, stated: set[int] | None = None) -> str:
    """same | different | unknown. A sentence without a year speaks of its report's present:
    the report's date, or up to two years before it (data lag behind publication).
    ``stated``: the years of the figure compared, when known."""
    if not claim_years:
        return "unknown"
    stated = set(find_years(c.text)) if stated is None else stated
    if stated:
        return "same" if claim_years & stated else "different"
    date = c.passage.date or ""  # ISO: YYYY[-MM[-DD]]
    if not date[:4].isdigit():
        return "unknown"
    present = range(int(date[:4]) - 2, int(date[:4]) + 1)
    return "same" if any(y in present for y in claim_years) else "different"


def _draft_candidate(sentence: str) -> Candidate:
    passage = ScoredPassage(
        doc_id="draft", chunk_id="draft", source="draft", text=sentence,
        char_start=0, char_end=len(sentence),
    )  # fmt: skip
    return Candidate(passage, 0, 0, len(sentence), sentence)


@dataclass
class _Match:
    candidate: Candidate
    quantity: Quantity
    relevance: float
    strict: bool  # stage and entity explicitly agree: fit to contradict
    year_relation: str  # same | unknown | different


def _local_terms(c: Candidate, q: Quantity, reach: int = 40) -> set[str]:
    """Content words right around a quantity, up to the neighbouring quantities: what it counts
    ("... at 60% for each mineral", "... 45 working days for approval")."""
    before = [x.end for x in c.quantities if x.end <= q.start]
    after = [x.start for x in c.quantities if x.start >= q.end]
    start = max([q.start - reach, *before, 0])
    end = min([q.end + reach, *after, len(c.text)])
    words = f"{c.text[start : q.start]} {c.text[q.end : end]}"
    return set(content_terms(re.sub(r"\d", " ", words))) - generic_stems()


def _row_subject_matches(c: Candidate, claim_terms: set[str], claim_stages: set[str]) -> bool:
    """A table row speaks of its first cell ("India", "Mining"): the claim must name it."""
    if c.passage.kind != "table" or "\t" not in c.text:
        return True
    first = c.text.split("\t", 1)[0]
    if not first.strip() or any(ch.isdigit() for ch in first):
        return True
    return bool(set(content_terms(first)) & claim_terms or stages_in(first) & claim_stages)


def _compare(claim: DraftClaim, candidates: list[Candidate]) -> list[_Match]:
    frame = analyse(claim.sentence)
    me = _draft_candidate(claim.sentence)
    q = claim.quantity
    my_stages = _stages(me, q)
    my_entities = entities_in(claim.sentence)
    my_years = _figure_years(me, q)
    my_terms = set(content_terms(claim.sentence))
    my_local = _local_terms(me, q)
    out: list[_Match] = []
    previous: dict[str, str] = {}  # the sentence before, in the same passage ("It produced...")
    for c in candidates:
        before, previous[c.passage.chunk_id] = previous.get(c.passage.chunk_id, ""), c.text
        relevance = score(frame, c)
        their_entities = entities_in(f"{c.context}\n{c.text}")
        if (
            my_entities
            and their_entities
            and not my_entities & (their_entities | entities_in(before))
        ):
            continue  # about another country
        if not _row_subject_matches(c, my_terms, my_stages):
            continue
        for cq in c.quantities:
            if cq.unit != q.unit:
                continue
            year_relation = _year_relation(my_years, c, _figure_years(c, cq))
            their_stages = _stages(c, cq)
            spoken_of = their_stages or stages_in(c.text)
            if my_stages and spoken_of and not my_stages & spoken_of:
                continue  # the passage speaks of another stage of the chain
            same_entity = my_entities & their_entities if my_entities else not their_entities
            same_stage = bool(my_stages & their_stages)
            # Without a stage, the words around both numbers must say they count the same thing.
            same_thing = (
                not my_stages and not spoken_of and len(my_local & _local_terms(c, cq)) >= 2
            )
            strict = bool(same_stage and same_entity) or (
                same_thing and (same_entity or not their_entities)
            )
            out.append(_Match(c, cq, relevance, strict, year_relation))
    return out


def _citation(c: Candidate) -> Citation:
    p = c.passage
    marks = set(find_markers(c.text))
    return Citation(
        **p.source_ref_at(c.start),
        n=1,
        quote=c.text,
        passage=p.text,
        char_start=c.start,
        char_end=c.end,
        footnotes=[f for f in p.footnotes if f.n in marks],
        score=p.score,
    )


def _who(c: Candidate) -> str:
    p = c.passage
    return p.publisher or p.title or p.source


def judge(claim: DraftClaim, candidates: list[Candidate]) -> ClaimVerdict:
    """The verdict for one claim, from the candidates of its retrieved passages."""
    q = claim.quantity
    matches = _compare(claim, candidates)
    same = [m for m in matches if m.quantity.same_value(q) and m.relevance >= MIN_RELEVANCE / 2]
    supporting = [m for m in same if m.year_relation != "different"]
    strict_other = [
        m
        for m in matches
        if m.strict
        and m.relevance >= MIN_RELEVANCE
        and not m.quantity.same_value(q)
        and not m.quantity.within(q, PERCENT_TOLERANCE)
    ]
    others = sorted({f"{m.quantity.text} ({_who(m.candidate)})" for m in strict_other})
    if supporting:
        best = max(supporting, key=lambda m: (m.year_relation == "same", m.relevance))
        return ClaimVerdict(
            claim,
            "SUPPORTED",
            f"{_who(best.candidate)} states {best.quantity.text}",
            evidence=_citation(best.candidate),
            report_value=best.quantity.text,
            other_values=[o for o in others if not o.startswith(f"{best.quantity.text} (")],
        )
    wrong_year = [m for m in same if m.strict and m.year_relation == "different"]
    if wrong_year:
        best = max(wrong_year, key=lambda m: m.relevance)
        figure_years = _figure_years(best.candidate, best.quantity)
        years = ", ".join(str(y) for y in sorted(figure_years))
        when = f"for {years}" if years else f"in a report of {best.candidate.passage.date}"
        return ClaimVerdict(
            claim,
            "CONTRADICTED",
            f"{_who(best.candidate)} gives {best.quantity.text} {when}, not for the year"
            " the draft states",
            evidence=_citation(best.candidate),
            report_value=best.quantity.text,
        )
    contradicting = [m for m in strict_other if m.year_relation != "different"]
    if contradicting:
        best = max(contradicting, key=lambda m: (m.year_relation == "same", m.relevance))
        when = sorted(_figure_years(best.candidate, best.quantity))
        return ClaimVerdict(
            claim,
            "CONTRADICTED",
            f"{_who(best.candidate)} gives {best.quantity.text}"
            + (f" ({', '.join(map(str, when))})" if when else "")
            + f", not {q.text}",
            evidence=_citation(best.candidate),
            report_value=best.quantity.text,
            other_values=others,
        )
    nearest = max(candidates, key=lambda c: c.score, default=None)
    return ClaimVerdict(
        claim,
        "NOT FOUND",
        "no report states this figure",
        evidence=_citation(nearest) if nearest is not None else None,
    )


class DraftChecker:
    """Checks drafts against one store, through the same retriever as the answers."""

    def __init__(self, retriever: HybridRetriever, k: int = 12) -> None:
        self.retriever = retriever
        self.k = k
        self._candidates: dict[str, list[Candidate]] = {}

    def candidates_for(self, sentence: str) -> list[Candidate]:
        """Candidates of the passages retrieved for a sentence (once per sentence)."""
        if sentence not in self._candidates:
            passages = self.retriever.retrieve(sentence, k=self.k)
            frame = analyse(sentence)
            found = [
                c
                for rank, p in enumerate(passages)
                for c in candidates_of(p, rank)
                if not is_instruction(c.text)  # an order in a report supports nothing
            ]
            for c in found:
                c.score = score(frame, c)
            self._candidates[sentence] = found
        return self._candidates[sentence]

    def check_claim(self, claim: DraftClaim) -> ClaimVerdict:
        return judge(claim, self.candidates_for(claim.sentence))

    def check_text(self, text: str, draft: str = "draft") -> CheckReport:
        return CheckReport(draft, [self.check_claim(c) for c in find_claims(text)])

    def check_file(self, path: Path) -> CheckReport:
        return self.check_text(read_draft(path), draft=str(path))


# ------------------------------------------------------------------ writing the report


VERDICT_COLOURS = {"SUPPORTED": "green", "CONTRADICTED": "red", "NOT FOUND": "yellow"}


def _evidence_label(v: ClaimVerdict) -> str:
    return "Nearest passage" if v.verdict == "NOT FOUND" else "Deciding passage"


def _evidence_where(c: Citation) -> str:
    return f"{location(c)}, {visible(c.source)}:{c.char_start}-{c.char_end}"


def render_markdown(report: CheckReport) -> str:
    """The findings as Markdown (for ``-o findings.md`` and for a pipe). The draft's and the
    reports' text is escaped, so a viewer shows it as written and nothing in it is live."""
    md = markdown_literal
    lines = [f"# Numeric claims in {md(Path(report.draft).name)}", "", report.summary(), ""]
    for i, v in enumerate(report.verdicts, start=1):
        lines.append(f"## {i}. {v.verdict}: {md(v.claim.text)}")
        lines.append("")
        lines.append(f"> {md(v.claim.sentence)}")
        lines.append("")
        lines.append(f"{md(v.reason)}.")
        if v.other_values:
            lines.append(f"Other values in the reports: {md('; '.join(v.other_values))}.")
        if v.evidence is not None:
            quote = " ".join(v.evidence.quote.split())
            lines.append("")
            lines.append(f"{_evidence_label(v)}: {md(_evidence_where(v.evidence))}")
            lines.append(f"\u201c{md(quote)}\u201d")
            for f in v.evidence.footnotes:
                lines.append(f"- {f.n}. {md(f.text)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def stdout_is_terminal() -> bool:
    """Whether findings go to a person (rich rendering) or to a pipe or file (Markdown)."""
    import sys

    return sys.stdout.isatty()


def print_report(report: CheckReport, console=None) -> None:  # console: rich Console
    """The findings for a terminal: a heading, each claim under its coloured verdict with
    the sentence, the reason and the deciding passage, and the summary line once at the end.

    Every piece of draft or report text goes through :func:`reportqa.printable.safe`, so a
    "[red]" or an ESC sequence in a report is shown as text, never obeyed."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    console = console or Console()

    def say(markup: str, indent: int = 0) -> None:
        text = Text.from_markup(markup, emoji=False)  # wrapped lines keep the indent
        console.print(Padding(text, (0, 0, 0, indent)), highlight=False, emoji=False)

    console.rule(Text.from_markup(f"[bold]Numeric claims in {safe(Path(report.draft).name)}"))
    for i, v in enumerate(report.verdicts, start=1):
        colour = VERDICT_COLOURS[v.verdict]
        console.print()
        say(
            f"[bold]{i}.[/bold] [bold {colour}]{v.verdict}[/bold {colour}]  "
            f"[bold]{safe(v.claim.text)}[/bold]  [dim](line {v.claim.line})[/dim]"
        )
        say(f"[italic]\u201c{safe(v.claim.sentence)}\u201d[/italic]", 3)
        say(f"{safe(v.reason)}.", 3)
        if v.other_values:
            say(f"Other values in the reports: {safe('; '.join(v.other_values))}.", 3)
        if v.evidence is not None:
            quote = " ".join(v.evidence.quote.split())
            say(f"[dim]{_evidence_label(v)}:[/dim] [cyan]{safe(_evidence_where(v.evidence))}", 3)
            say(f"\u201c{safe(quote)}\u201d", 3)
            for f in v.evidence.footnotes:
                say(f"[dim]{f.n}. {safe(f.text)}[/dim]", 6)
    console.print()
    c = report.counts()
    say(
        f"[bold]{len(report.verdicts)} numeric claims:[/bold]"
        f" [green]{c['SUPPORTED']} supported[/green],"
        f" [red]{c['CONTRADICTED']} contradicted[/red],"
        f" [yellow]{c['NOT FOUND']} not found[/yellow]"
    )


def render_json(report: CheckReport) -> str:
    payload = {
        "draft": report.draft,
        "counts": report.counts(),
        "claims": [v.as_dict() for v in report.verdicts],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def check_report_path(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise CheckError(
            f"{Path(path).name}: unsupported report type {suffix or '(none)'!r}; use .md or .json"
        )
    if not Path(path).resolve().parent.is_dir():
        raise CheckError(f"{Path(path).resolve().parent}: the output folder does not exist")
    return suffix


def write_report(report: CheckReport, path: Path) -> None:
    suffix = check_report_path(path)
    text = render_json(report) if suffix == ".json" else render_markdown(report)
    Path(path).write_text(text, encoding="utf-8")
