"""Extractive grounded answers: pick the sentences (or table rows) that answer, cite them.

No model is needed: the answer is made of verbatim spans of the reports, each followed by
``[n]``. Every number in the answer is then checked against the quote it cites
(``claims``); conflicts between reports are stated, not resolved; when nothing in the
corpus answers, the answer says so and shows the nearest passages instead of a guess.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

from reportqa.about_report import answer_about_report, asks_about_report, refers_to_a_report
from reportqa.config import Settings
from reportqa.corpus_stats import CorpusStats, DocumentHints
from reportqa.lexicon import activate
from reportqa.models import (
    Answer,
    Citation,
    Claim,
    Conflict,
    ConflictValue,
    Footnote,
    RetrievalFilters,
    ScoredPassage,
)
from reportqa.numbers import Quantity, find_quantities, find_years, parse_quantity
from reportqa.question import (
    STOPWORDS,
    QuestionFrame,
    acronym_in,
    analyse,
    content_terms,
    dating_months,
    entities_in,
    generic_stems,
    name_runs,
    names_in,
    question_word_stems,
    stages_in,
    stem,
    term_index,
    tokens,
)
from reportqa.question_kind import GIST_SECTION, SynthesisKind, synthesis_kind, topic_of
from reportqa.retrieve import HybridRetriever
from reportqa.semantic import SentenceSimilarity
from reportqa.text import find_markers, is_instruction, sentence_spans, superscript

DURATIONS = {"days", "weeks", "months", "years"}
CURRENCIES = {"USD", "AUD", "EUR", "GBP", "CNY"}
_MARKER = re.compile(r"\s?\[\d+\]")
# "Table 1", "Figure 2.3", "Box A": a question's pointer into the report, not a name the
# answering sentence must contain
_STRUCTURE_REF = re.compile(
    r"\b(Table|Figure|Box|Chart|Annex|Appendix|Chapter|Section|Exhibit|Map|Page)\s+[A-Z]?\d*"
)


@dataclass
class Candidate:
    """A sentence or table row of a retrieved passage, with absolute offsets."""

    passage: ScoredPassage
    rank: int
    start: int  # offsets in the cleaned document
    end: int
    text: str
    score: float = 0.0

    @property
    def context(self) -> str:
        """For a table row: its caption and header, which say what the cells mean."""
        return _table_parts(self.passage.text)[0] if self.passage.kind == "table" else ""

    @property
    def previous(self) -> str:
        """The sentence before this one in its passage ("" for the first)."""
        base = self.passage.char_start
        before = [(a, b) for a, b in sentence_spans(self.passage.text) if base + b <= self.start]
        return self.passage.text[before[-1][0] : before[-1][1]] if before else ""

    @property
    def header(self) -> list[str]:
        return list(_table_parts(self.passage.text)[1]) if self.passage.kind == "table" else []

    def column_of(self, q: Quantity) -> tuple[str, str]:
        """For a table row: (the column header of the cell holding ``q``, the row label)."""
        header = self.header
        if not header:
            return "", ""
        bounds = [m.start() for m in re.finditer(r"\t|\|", self.text)]
        index = sum(1 for b in bounds if b < q.start)
        label = re.split(r"\t|\|", self.text)[0].strip()
        if len(header) != len(bounds) + 1 or index >= len(header):
            return "", label
        return header[index], label

    @property
    def window(self) -> str:
        """What a reader sees around the sentence: section, table caption and header."""
        return f"{self.passage.section or ''}\n{self.context}\n{self.text}"

    @property
    def quantities(self) -> list[Quantity]:
        """Its figures; a table whose caption or header says tonnes gives bare cells "t"."""
        return list(_row_quantities(self.text, self.context))


@lru_cache(maxsize=32768)
def _row_quantities(text: str, context: str) -> tuple[Quantity, ...]:
    """Cached per (sentence, table context): every question scores the same sentences."""
    if "\t" in text:  # cell by cell: "0.4\t–0.1" is two values, not a range
        found, offset = [], 0
        for cell in text.split("\t"):
            found += [
                replace(q, start=q.start + offset, end=q.end + offset)
                for q in find_quantities(cell)
            ]
            offset += len(cell) + 1
    else:
        found = find_quantities(text)
    unit = table_unit(context)
    if unit:  # bare cells take the unit their caption or header states
        scale = table_scale(context) if unit in CURRENCIES else 1.0
        found = [
            replace(q, unit=unit, value=q.value * scale, high=q.high and q.high * scale)
            if q.unit == ""
            else q
            for q in found
        ]
    return tuple(found)


# a currency a caption or header puts its amounts in: "Amount (US$)", "(USD million)",
# "in € thousands"; the symbol an answer writes a bare cell with
_HEADER_CURRENCY = (
    ("USD", r"\bUS\$|\bUSD\b|\(\$|\$\s*(?:thousand|million|billion|m\b|bn\b)|\bUS dollars\b"),
    ("EUR", r"€|\bEUR\b|\beuros?\b"),
    ("GBP", r"£|\bGBP\b"),
    ("AUD", r"\bA\$|\bAUD\b"),
    ("CNY", r"¥|\bCNY\b|\bRMB\b|\byuan\b"),
)
CURRENCY_SYMBOL = {"USD": "US$", "EUR": "€", "GBP": "£", "AUD": "A$", "CNY": "¥"}


@lru_cache(maxsize=4096)
def table_unit(context: str) -> str:
    """The unit a table's caption or header gives its bare cells, if one."""
    low = context.lower()
    if re.search(r"\btonnes\b|\(t\b", low):
        return "t"
    if re.search(r"\bper ?cent\b|\bpercentage\b|\(%\)", low):
        return "%"
    for code, pattern in _HEADER_CURRENCY:
        if re.search(pattern, context):
            return code
    return ""


@lru_cache(maxsize=4096)
def table_scale(context: str) -> float:
    """A header's scale for its amounts ("US$ million": a cell of 12 is 12 million)."""
    m = re.search(r"\b(thousands?|millions?|billions?)\b", context, re.I)
    return {"t": 1e3, "m": 1e6, "b": 1e9}[m.group(1)[0].lower()] if m else 1.0


@lru_cache(maxsize=8192)
def _table_parts(text: str) -> tuple[str, tuple[str, ...]]:
    """A table passage's (lines above its first row of figures, header cells), once per
    passage. A header set on several lines ("Projections" over "2023") is read column by
    column, so a cell's header says all its lines say."""
    lines = text.split("\n")
    rows = [
        (i, re.split(r"\t|\|", line)) for i, line in enumerate(lines) if "\t" in line or "|" in line
    ]
    first_data = next((i for i, cells in rows if _is_data_row(cells)), None)
    above = [cells for i, cells in rows if first_data is None or i < first_data]
    if first_data is None or not above or len(above) > 3:  # a table of words: its first row
        above = [cells for _, cells in rows[:1]]
        first_data = rows[1][0] if len(rows) > 1 else None
    width = max((len(cells) for cells in above), default=0)
    header = tuple(
        " ".join(r[k].strip() for r in above if k < len(r) and r[k].strip()) for k in range(width)
    )
    context = lines[:first_data] if first_data else lines[:2]
    return "\n".join(context), header


def _is_data_row(cells: list[str]) -> bool:
    values = [c.strip() for c in cells[1:] if c.strip()]
    if values and all(re.fullmatch(r"(?:19|20)\d\d[a-z]?", v) for v in values):
        return False  # a row of years heads the columns
    figures = sum(1 for c in values if re.match(r"^[(\[]?[-–−+~<>≈]?[$€£¥]?\d", c))
    return bool(values) and figures * 2 >= len(values)


@dataclass
class Lens:
    """A question as the corpus sees it: how telling each word is, which reports it names."""

    frame: QuestionFrame
    stats: CorpusStats | None = None
    hints: DocumentHints = field(default_factory=DocumentHints)
    # a summary's topic may be the words of a title ("the trade truce"): keep them
    keep_title_words: bool = False

    def __post_init__(self) -> None:
        # the words that picked a report out name it; its other title words the question
        # uses ("inflation" of "Inflation Peaking amid Low Growth") may be what is asked,
        # unless they quote a run of the title (below)
        naming = self.hints.naming if self.hints.naming else self.hints.terms
        skip = naming | generic_stems() | question_word_stems()
        skip |= dating_months(self.frame.text, self.frame.years)
        self.key_terms = [t for t in dict.fromkeys(self.frame.terms) if t not in skip]
        # words quoting a report's title name the report, not what is asked of it; unless
        # they are all the question has (then it asks about the report itself)
        titled = self.stats.title_runs(self.frame.terms) if self.stats is not None else set()
        if not self.keep_title_words and any(t not in titled for t in self.key_terms):
            self.key_terms = [t for t in self.key_terms if t not in titled]
        self.runs = name_runs(self.frame.text)
        self.acronyms = {
            stem(w.lower()): w for w in re.findall(r"\b[A-Z][A-Z.]{1,}\b", self.frame.text)
        }
        meta = set().union(*self.stats.meta_terms.values()) if self.stats else set()
        structure = {stem(m.group(1).lower()) for m in _STRUCTURE_REF.finditer(self.frame.text)}
        self.names = [
            t
            for t in names_in(self.frame.text)
            if t not in self.hints.terms and t not in meta and t not in structure
        ]
        self.weights = {t: self.weight(t) for t in self.key_terms}
        self.total_weight = sum(self.weights.values())
        self._missing: dict[tuple[str, str | None], list[str]] = {}

    def weight(self, term: str) -> float:
        return self.stats.weight(term) if self.stats is not None else 1.0

    def coverage(self, text: str) -> float:
        """IDF-weighted share of the question's words that ``text`` contains."""
        if not self.total_weight:
            return 0.0
        have, prefixes = term_index(text)
        found = sum(
            w
            for t, w in self.weights.items()
            # same stem, or the same first five letters (inclusive/included, production/produce)
            if t in have or (len(t) >= 5 and t[:5] in prefixes)
        )
        return found / self.total_weight

    def missing_names(self, text: str, doc_id: str | None = None) -> list[str]:
        """Names the passage ``text`` does not speak of.

        A name counts as present when a word of the passage starts with it (Laos,
        Laotian), when the passage writes its initials (Less Common Metals, LCM), or, for
        an acronym of the question, when the passage or its report spells it out (USGS,
        U.S. Geological Survey).
        """
        key = (text, doc_id)
        if key not in self._missing:  # every sentence of a passage asks about its passage
            self._missing[key] = self._find_missing(text, doc_id)
        return list(self._missing[key])

    def _find_missing(self, text: str, doc_id: str | None) -> list[str]:
        have, _ = term_index(text)
        initials = _initials(text)
        covered = {t for terms, short in self.runs if short in initials for t in terms}
        missing = []
        for t in self.names:
            if t in have or t in covered:
                continue
            if len(t) >= 3 and any(h.startswith(t) for h in have):
                continue
            if t in self.acronyms:
                if acronym_in(self.acronyms[t], text):
                    continue
                if doc_id and self.stats and doc_id in self.stats.docs_with.get(t, ()):
                    continue
            missing.append(t)
        if missing and doc_id and self.stats is not None:
            missing = [t for t in missing if not self._shortened(t, have, doc_id)]
        return missing

    def _shortened(self, term: str, have: frozenset[str], doc_id: str) -> bool:
        """A word of a multi-word name that a passage leaves out once the report has
        written it in full: a table row gives "Sweden" for "the Government of Sweden".
        The passage must hold the name's most telling word (by IDF), and its report the
        word left out."""
        stats = self.stats
        if stats is None or doc_id not in stats.docs_with.get(term, ()):
            return False
        for terms, _ in self.runs:
            if term in terms and len(terms) > 1:
                telling = max(terms, key=self.weight)
                if telling != term and telling in have:
                    return True
        return False

    def unknown_names(self) -> list[str]:
        """Names no report uses at all: the shelf does not cover the question."""
        if self.stats is None:
            return []
        return [t for t in self.names if not self.stats.knows(t)]


@lru_cache(maxsize=16384)
def _initials(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\b[A-Z]{2,}\b", text))


def unit_matches(frame_unit: str | None, quantity_unit: str) -> bool:
    if frame_unit is None:
        return False
    if "|" in frame_unit:  # a change, in the thing's unit or in per cent
        return any(unit_matches(u, quantity_unit) for u in frame_unit.split("|"))
    if frame_unit == "money":
        return quantity_unit.split("/")[0] in CURRENCIES
    if frame_unit == "duration":
        return quantity_unit in DURATIONS
    if frame_unit == "count":
        return quantity_unit in ("", "t")
    if frame_unit == "ppm":
        return quantity_unit in ("", "ppm")
    return frame_unit == quantity_unit


def candidates_of(passage: ScoredPassage, rank: int) -> list[Candidate]:
    """Sentences of prose; rows of tables (with the caption kept for context); notes."""
    text, base = passage.text, passage.char_start
    spans: list[tuple[int, int]]
    if passage.kind in ("table", "footnotes"):
        spans = []
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                spans.append((offset, offset + len(line)))
            offset += len(line) + 1
    else:
        spans = sentence_spans(text)
    return [Candidate(passage, rank, base + a, base + b, text[a:b]) for a, b in spans]


def _term_overlap(frame: QuestionFrame, text: str) -> float:
    terms = set(frame.terms)
    if not terms:
        return 0.0
    have = set(content_terms(text))
    weights = {t: (2.0 if t in frame.specific_terms else 1.0) for t in terms}
    return sum(w for t, w in weights.items() if t in have) / sum(weights.values())


def score(frame: QuestionFrame, c: Candidate, lens: Lens | None = None) -> float:
    if lens is None:
        s = _term_overlap(frame, f"{c.context}\n{c.text}")
    else:
        s = 1.5 * lens.coverage(c.window)
        if lens.hints.doc_ids:
            s += 0.3 if c.passage.doc_id in lens.hints.doc_ids else -0.1
        if lens.names:
            where = f"{c.passage.section or ''} {c.passage.text}"
            s -= 0.3 * len(lens.missing_names(where)) / len(lens.names)
    asked = _quantities_of(frame.text)
    if asked and any(a.same_value(q) for a in asked for q in c.quantities):
        s += 0.5  # the question quotes this very figure
    if frame.intent == "list" and c.text.count(",") >= 3:
        s += 0.4
    s += 0.15 * c.passage.score
    stages = stages_in(c.text)
    if frame.stages:
        s += 0.25 if frame.stages & stages else -0.1
    if frame.entities:
        s += 0.1 if frame.entities & entities_in(c.text) else -0.05
    years = find_years(c.text)
    if frame.years:
        if set(frame.years) & set(years):
            s += 0.25
        elif years:
            s -= 0.15
    if frame.intent == "numeric":
        s += 0.3 if any(unit_matches(frame.unit, q.unit) for q in c.quantities) else -0.3
    if c.passage.kind == "table" and c.text.startswith(("Table", "Source", "Note")):
        s -= 0.2  # a caption or source line is not the answer row
    return s


@lru_cache(maxsize=4096)
def _quantities_of(text: str) -> tuple[Quantity, ...]:
    return tuple(find_quantities(text))


def stage_of(c: Candidate, q: Quantity) -> set[str]:
    """Stages a quantity speaks of: its column and row in a table; in prose the words
    right after it ("63% of ... mining"), else just before it ("US imports of 3,000t")."""
    if c.passage.kind == "table":
        column, label = c.column_of(q)
        return stages_in(f"{column or c.passage.text.split(chr(10), 1)[0]} {label}")
    after = c.text[q.end : q.end + 70]
    nxt = [x.start for x in c.quantities if x.start > q.end]
    if nxt:
        after = c.text[q.end : min(q.end + 70, nxt[0])]
    found = stages_in(after)
    if not found:
        found = stages_in(c.text[max(0, q.start - 35) : q.start])
    if not found:
        # "Stockpiles held by Canada were estimated at 187,000 tonnes": a sentence that
        # names one stage only speaks of it, however far the word is from the figure
        whole = stages_in(c.text)
        if len(whole) == 1:
            found = whole
    return found


def years_of(c: Candidate, q: Quantity) -> list[int]:
    """Years a quantity is for: its column header or row in a table, else its sentence."""
    if c.passage.kind == "table":
        column, _ = c.column_of(q)
        if not column:  # a row that does not line up with its header: the caption's years
            return find_years(c.text) or find_years(c.passage.text.split("\n", 1)[0])
        return find_years(column) or find_years(c.text)
    return prose_years(c.text, q, c.quantities)


def prose_years(text: str, q: Quantity, figures: list[Quantity]) -> list[int]:
    """The years a figure of a sentence is for, read from where they stand: the years
    after it up to the next figure or the clause's end ("8.8 percent in 2022 to 6.6
    percent in 2023"), else those before it since the previous figure ("In 2023, oil
    prices fall by 16 percent"), else every year of the sentence."""
    later = [x.start for x in figures if x.start >= q.end]
    after = text[q.end : min(later, default=len(text))]
    after = re.split(r"[,;:]\s|\.\s|\s[–—]\s", after, maxsplit=1)[0]
    found = find_years(after)
    if found:
        return found
    earlier = [x.end for x in figures if x.end <= q.start]
    before = list(_YEAR_SPAN.finditer(text[max(earlier, default=0) : q.start]))
    return find_years(before[-1].group(0)) if before else find_years(text)


# where one clause of a sentence ends and another, about another thing, starts: "oil
# prices fall by 16 percent, while nonfuel prices fall by 6.3 percent"
_CLAUSE_BREAK = re.compile(
    r";\s|,\s(?:while|whereas|but|although|though|compared with)\b|\s(?:while|whereas)\s"
    r"|\s?(?:––|—)\s?|\s–\s"
)


def figure_clause(c: Candidate, q: Quantity) -> str:
    """The clause a figure stands in (a table row: its row with caption and header)."""
    if c.passage.kind == "table":
        return c.window
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(c.text)]
    start = max((e for s, e in breaks if e <= q.start), default=0)
    end = min((s for s, e in breaks if s >= q.end), default=len(c.text))
    return c.text[start:end]


_PART_OF_YEAR = re.compile(
    r"\b(?:(?:first|second|third|fourth|last)\s+quarter|Q[1-4]|(?:first|second)\s+half|"
    r"end|middle|beginning|start)\s+(?:of\s+)?(?:19|20)\d\d"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:19|20)\d\d",
    re.I,
)


def for_part_of_a_year(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A figure dated to a quarter, a month or the end of a year ("to 4.5 percent by the
    fourth quarter of 2023") is not the year's figure ("for 2023"), unless the question
    itself asks for such a part."""
    if c.passage.kind == "table" or not frame.years:
        return False
    later = [x.start for x in c.quantities if x.start >= q.end]
    after = c.text[q.end : min(later, default=len(c.text))]
    after = re.split(r"[,;:]\s|\.\s", after, maxsplit=1)[0]
    asked = {_norm_space(m.group(0)) for m in _PART_OF_YEAR.finditer(frame.text)}
    return any(
        _norm_space(m.group(0)) not in asked and set(find_years(m.group(0))) & set(frame.years)
        for m in _PART_OF_YEAR.finditer(after)
    )


def _norm_space(text: str) -> str:
    return " ".join(text.lower().split())


# a year, or a span of years ("2017–19"), as find_years reads them
_YEAR_SPAN = re.compile(r"(?<![\d,.])(?:1[89]|20|21)\d{2}(?:[-–/]\d{2}(?![\d-]))?(?!\d|,\d|%)")


def _year_fits(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """The quantity is for the asked year, or its sentence follows one that sets it
    ("...in 2010, when exports were halted... prices rose from $91/kg in 2009")."""
    years = years_of(c, q)
    if not frame.years or not years or set(frame.years) & set(years):
        return True
    return c.passage.kind == "prose" and bool(set(frame.years) & set(find_years(c.previous)))


class Answerer:
    """Question in, :class:`Answer` out; the CLI, batch and the chat all call this."""

    def __init__(self, settings: Settings, retriever: HybridRetriever | None = None) -> None:
        self.settings = settings
        self.retriever = retriever or HybridRetriever(settings)
        self._similarity: SentenceSimilarity | None = None

    def warm_up(self) -> None:
        self.retriever.warm_up()
        self.corpus_stats()

    def corpus_stats(self) -> CorpusStats:
        """Word weights and report metadata, rebuilt only when the store's reports change."""
        return self.retriever.corpus_stats()

    def ask(
        self, question: str, k: int | None = None, filters: RetrievalFilters | None = None
    ) -> Answer:
        t0 = time.perf_counter()
        activate(self.settings.profile, self.settings.home)
        stats = self.corpus_stats()
        kind = synthesis_kind(question)
        if kind == "comparison" and analyse(question).intent == "numeric":
            kind = None  # comparing figures: each report's value, side by side, as a conflict
        # a summary or a "why" is about its topic, not about the words that ask for it
        topic = topic_of(question) if kind else question
        asked = topic or question
        lens = Lens(analyse(topic), stats, stats.hints(question))
        k = k or (self.settings.synthesis.k if kind else self.settings.answer.k)
        passages = self.retriever.retrieve(asked, k=k, filters=filters)
        if lens.hints.doc_ids and (filters is None or filters.is_empty()):
            named = RetrievalFilters(doc_ids=sorted(lens.hints.doc_ids))
            seen = {p.chunk_id for p in passages}
            extra = self.retriever.retrieve(asked, k=k, filters=named)
            passages += [p for p in extra if p.chunk_id not in seen]
        t1 = time.perf_counter()
        field = asks_about_report(question)
        about = self._about_report(question, field, lens, passages) if field else None
        if about is None and kind is not None:
            answer = self._synthesis(question, kind, passages, lens)
        else:
            answer = about or self._answer(question, passages, lens)
        t2 = time.perf_counter()
        answer.timings_ms = {
            "retrieve": round((t1 - t0) * 1000, 1),
            "answer": round((t2 - t1) * 1000, 1),
        }
        return answer

    def _about_report(
        self, question: str, field: str, lens: Lens, passages: list[ScoredPassage]
    ) -> Answer | None:
        """A question about a report itself: the one it names, else the one retrieved first."""
        named = sorted(lens.hints.doc_ids)
        titled = lens.stats.titled_report(lens.frame.terms) if lens.stats is not None else None
        if len(named) == 1:
            doc_id = named[0]
        elif titled:
            doc_id = titled
        elif refers_to_a_report(question) and passages:
            doc_id = passages[0].doc_id
        else:
            return None  # "Which agency issued the emergency order?": not this report
        record = next((r for r in self.retriever.records() if r.doc_id == doc_id), None)
        if record is None:
            return None
        # a title page in a PDF is many small passages: read enough to cover it
        first = self.retriever.opening(record.doc_id, n=self.settings.answer.title_page_passages)
        body = " ".join(p.text for p in self.retriever.passages() if p.doc_id == doc_id)
        return answer_about_report(question, field, record, first, body)

    def _synthesis(
        self, question: str, kind: SynthesisKind, passages: list[ScoredPassage], lens: Lens
    ) -> Answer:
        """Several cited sentences for a summary, a why, a recommendation, a comparison."""
        from reportqa.synthesis import synthesise

        unknown = lens.unknown_names()
        if unknown:
            return self._abstain(question, passages, unknown)
        if lens.hints.doc_ids:
            # a topic may share words with a title ("the UK's exposure to export controls",
            # "the trade truce"): only the words that picked the report out name it
            hints = DocumentHints(doc_ids=lens.hints.doc_ids, terms=lens.hints.naming)
            lens = Lens(lens.frame, lens.stats, hints, keep_title_words=True)
        if not lens.key_terms and lens.hints.doc_ids:
            # "What does the paper recommend?": the whole report is the topic; read where
            # it asks for what is asked, and its opening
            gist = [
                ScoredPassage(**{**p.model_dump(), "score": 0.0})  # may be scored
                for p in self.retriever.passages()
                if p.doc_id in lens.hints.doc_ids and GIST_SECTION.search(p.section or "")
            ]
            if gist:  # its conclusions, summary, recommendations
                passages = gist
            else:
                named = RetrievalFilters(doc_ids=sorted(lens.hints.doc_ids))
                passages = self.retriever.retrieve(
                    question, k=self.settings.synthesis.k, filters=named
                )
        answer = synthesise(
            question, kind, passages, lens, self.settings.synthesis, self.retriever.records()
        )
        return answer or self._abstain(question, passages, [])

    # ------------------------------------------------------------------ core logic
    def _answer(
        self, question: str, passages: list[ScoredPassage], lens: Lens | None = None
    ) -> Answer:
        lens = lens or Lens(analyse(question))
        frame = lens.frame
        short = asked_expansion(question)
        if short is not None:
            spelled = self._spelled_out(question, short, passages)
            if spelled is not None:
                return spelled
        candidates = [
            c
            for rank, p in enumerate(passages)
            if p.kind != "footnotes"
            or self.settings.answer.notes_answer
            or frame.intent == "source"
            for c in candidates_of(p, rank)
            if not is_instruction(c.text)  # orders in a report are data, never evidence
            and not frame.speaks_of_another_material(c.text)
        ]
        closeness = self._closeness(question, candidates)
        for c, near in zip(candidates, closeness, strict=True):
            c.score = score(frame, c, lens) + near
            if c.passage.kind == "footnotes":
                c.score -= self.settings.answer.note_penalty  # a note answers when clearly best
            if scoped_to_another_name(frame, c):
                c.score -= self.settings.answer.scope_penalty
        candidates.sort(key=lambda c: -c.score)
        ranked = candidates
        if frame.intent == "numeric":
            answering = {id(c): _answering_quantity(frame, c) for c in candidates}
            candidates = [c for c in candidates if answering[id(c)] is not None]
            weight = self.settings.answer.figure_clause_weight
            for c in candidates:  # the figure's own clause must speak of what is asked
                clause = figure_clause(c, answering[id(c)])  # type: ignore[arg-type]
                c.score -= weight * max(0.0, lens.coverage(c.window) - lens.coverage(clause))
            candidates.sort(key=lambda c: -c.score)
        best = candidates[0] if candidates else None
        if frame.intent == "numeric":
            best = _row_without_figure(frame, best, ranked) or best
        unknown = lens.unknown_names()
        if unknown:
            return self._abstain(question, passages, unknown)
        cfg = self.settings.answer
        if best is None or best.score < cfg.min_score:
            return self._abstain(question, passages, [])
        missing = _missing_in(lens, best)
        if missing:
            # the best sentence's passage lacks a name the question gives: take the best
            # one whose passage has them all, if it is nearly as good
            named = [
                c
                for c in candidates
                if c.score >= cfg.named_fallback * best.score and not _missing_in(lens, c)
            ]
            if named:
                best, missing = named[0], []
                candidates = [best, *(c for c in candidates if c is not best)]
        if missing or lens.coverage(best.window) < cfg.min_coverage:
            return self._abstain(question, passages, missing)
        if frame.intent == "source":
            return self._source_answer(question, frame, candidates)
        if frame.intent == "year":
            candidates = [c for c in candidates if _single_years(frame, c.text)] or candidates
            best = candidates[0]
        if frame.intent == "date":
            candidates = [c for c in candidates if _DAY_MONTH.search(c.text)] or candidates
            best = candidates[0]
        if frame.intent in ("numeric", "year") and candidates and best is candidates[0]:
            conflict = self._conflict(question, lens, candidates)
            if conflict is not None:
                return conflict
        if frame.intent == "list":
            best = _with_enumeration(best)
        items = self._items_after(best) if frame.intent in ("list", "text") else []
        if items:  # "... were noted, as follows:" and the items under it
            return self._compose(question, "answered", [best, *items])
        note = self._note_answering(best, lens) if frame.intent in ("list", "text") else None
        if note is not None:  # the sentence and its footnote, which says what is asked
            return self._compose(question, "answered", [best, note])
        chosen = [best]
        if frame.intent in ("list", "text"):
            for c in candidates[1:3]:
                if c.score >= 0.85 * best.score and c.passage.chunk_id != best.passage.chunk_id:
                    chosen.append(c)
        return self._compose(question, "answered", chosen)

    def _closeness(self, question: str, candidates: list[Candidate]) -> list[float]:
        """Each candidate's bonus for meaning what the question asks: its similarity above
        the median of those read, times the weight (0 when the weight is)."""
        weight = self.settings.answer.semantic_weight
        if not weight or not candidates:
            return [0.0] * len(candidates)
        if self._similarity is None:
            self._similarity = SentenceSimilarity(self.retriever.embedder)
        sims = self._similarity.scores(question, [semantic_text(c) for c in candidates])
        middle = statistics.median(sims)
        return [weight * (s - middle) for s in sims]

    def _spelled_out(
        self, question: str, short: str, passages: list[ScoredPassage]
    ) -> Answer | None:
        """ "What does MECS stand for?": the words whose initials spell it, where a report
        writes them (its list of acronyms, or the text), in the reports retrieved first."""
        everything = getattr(self.retriever, "passages", None)
        shelf = list(everything()) if everything is not None else []
        order = list(dict.fromkeys(p.doc_id for p in passages))
        ranked = sorted(
            [*passages, *(ScoredPassage(**{**p.model_dump(), "score": 0.0}) for p in shelf)],
            key=lambda p: (order.index(p.doc_id) if p.doc_id in order else len(order),
                           p.char_start),
        )  # fmt: skip
        for rank, p in enumerate(ranked):
            for c in candidates_of(p, rank):
                words = spell_out(short, c.text)
                if words:
                    return self._compose(
                        question, "answered", [c], text_for={1: f"{short}: {words}."}
                    )
        return None

    def _note_answering(self, c: Candidate, lens: Lens) -> Candidate | None:
        """The footnote of the answering sentence when it says more of what is asked than
        the sentence does ("...conducted by experts in 2002.¹" / "1. The findings are
        documented in the RAND report"): its line in the report's notes, to be quoted."""
        notes = _notes_of_item(c)
        if not notes:
            return None
        if c.text.rstrip().endswith("?"):
            # a question the report asks itself; its note tells what became of it
            return self._note_line(c, notes[0])
        base = lens.coverage(c.window)
        note = max(notes, key=lambda f: lens.coverage(f"{c.window}\n{f.text}"))
        if lens.coverage(f"{c.window}\n{note.text}") < base + self.settings.answer.note_gain:
            return None
        return self._note_line(c, note)

    def _note_line(self, c: Candidate, note: Footnote) -> Candidate | None:
        """The line of the report's notes that holds ``note``, as a candidate to quote."""
        passages = getattr(self.retriever, "passages", None)
        if passages is None:
            return None
        head = note.text.strip()[:40]
        for p in passages():
            if p.doc_id != c.passage.doc_id or p.kind != "footnotes" or head not in p.text:
                continue
            scored = ScoredPassage(**{**p.model_dump(), "score": c.passage.score})
            for line in candidates_of(scored, c.rank):
                if head in line.text:
                    return line
        return None

    def _items_after(self, c: Candidate) -> list[Candidate]:
        """The items of a list a sentence announces with a colon ("... as follows:"):
        the bulleted or numbered lines after it, in its passage and in the passages that
        follow it in its report and section, up to ``list_items`` of them."""
        if c.passage.kind != "prose" or not c.text.rstrip().endswith(":"):
            return []
        limit = self.settings.answer.list_items
        base = c.passage.char_start
        items = [
            Candidate(c.passage, c.rank, base + a, base + b, c.passage.text[a:b], c.score)
            for a, b in sentence_spans(c.passage.text)
            if base + a >= c.end and _LIST_ITEM.match(c.passage.text[a:b])
        ]
        if base + len(c.passage.text.rstrip()) > c.end or len(items) >= limit:
            return items[:limit]  # the list is inside the passage (or there is none)
        passages = getattr(self.retriever, "passages", None)
        if passages is None:
            return items
        following = sorted(
            (
                p
                for p in passages()
                if p.doc_id == c.passage.doc_id
                and p.char_start >= c.passage.char_end
                and p.section == c.passage.section
            ),
            key=lambda p: p.char_start,
        )
        for p in following:
            if len(items) >= limit or not _LIST_ITEM.match(p.text):
                break
            scored = ScoredPassage(**{**p.model_dump(), "score": c.passage.score})
            text = p.text.strip()
            items.append(Candidate(scored, c.rank, p.char_start, p.char_start + len(text), text))
        return items

    def _compose(
        self,
        question: str,
        status: str,
        chosen: list[Candidate],
        text_for: dict[int, str] | None = None,
        conflicts: list[Conflict] | None = None,
        lead: str = "",
    ) -> Answer:
        citations: list[Citation] = []
        parts: list[str] = []
        for n, c in enumerate(chosen, start=1):
            citations.append(_citation(n, c))
            body = (text_for or {}).get(n, sentence_text(c))
            parts.append(f"{body} [{n}]")
        answer_text = (lead + " " if lead else "") + " ".join(parts)
        answer = Answer(
            question=question,
            status=status,  # type: ignore[arg-type]
            answer=answer_text.strip(),
            citations=citations,
            conflicts=conflicts or [],
        )
        answer.claims = verify(answer)
        return answer

    def _abstain(self, question: str, passages: list[ScoredPassage], missing: list[str]) -> Answer:
        related = [
            _citation(n, Candidate(p, i, p.char_start, p.char_end, p.text), related=True)
            for n, (i, p) in enumerate(enumerate(passages[:3]), start=1)
        ]
        shown = as_written(question, missing)
        detail = f" (nothing on: {', '.join(shown)})" if shown else ""
        return Answer(
            question=question,
            status="abstained",
            answer=(
                "The reports do not answer this question"
                f"{detail}. The nearest passages are listed as related sources."
            ),
            citations=related,
        )

    def _source_answer(
        self, question: str, frame: QuestionFrame, candidates: list[Candidate]
    ) -> Answer:
        """The sentence making the claim, with the footnote(s) its markers point to."""
        with_notes = [c for c in candidates if _footnotes_of(c)]
        pick = (
            with_notes[0]
            if with_notes and with_notes[0].score >= 0.8 * candidates[0].score
            else None
        )
        if pick is None:
            return self._compose(question, "answered", [candidates[0]])
        notes = _footnotes_of(pick)
        listed = "; ".join(f"({superscript(f.n)}) {f.text}" for f in notes)
        text = f"{sentence_text(pick)} The report's source: {listed}"
        return self._compose(question, "answered", [pick], text_for={1: text})

    def _conflict(self, question: str, lens: Lens, candidates: list[Candidate]) -> Answer | None:
        """Different values for one quantity (stage, entity, comparable year) in the reports.

        Each value is stated with its source and year; no winner is chosen. Within one
        report too: a text and a table of the same paper can disagree.
        """
        frame = lens.frame
        top = candidates[0].score
        by_value: dict[str, tuple[Candidate, str, int | None]] = {}
        anchored = frame.intent == "year" and bool(find_quantities(frame.text))
        best_cover = lens.coverage(candidates[0].window)
        rival_share = self.settings.answer.same_quantity_coverage
        least = (
            _clause_cover(lens, candidates[0], rival_share) if frame.intent == "numeric" else None
        )
        for c in candidates:
            if c.score < 0.6 * top and not anchored:
                break
            if lens.hints.doc_ids and c.passage.doc_id not in lens.hints.doc_ids:
                continue
            if c.passage.kind == "footnotes":
                continue  # a note's figure belongs to the title of the work it cites
            if scoped_to_another_name(frame, c):
                continue  # "In Ghana, ...": one part's figure, not the whole's
            cfg = self.settings.answer
            share = cfg.same_year_coverage if frame.intent == "year" else cfg.same_quantity_coverage
            if not anchored and lens.coverage(c.window) < share * best_cover:
                continue  # it measures something else: its figure is no rival value
            for text, year, key in _conflict_values(lens, c, least):
                if not any(_same(key, other) for other in by_value):
                    by_value[key] = (c, text, year)
        if len(by_value) < 2:
            return None
        picks = sorted(by_value.values(), key=lambda v: -v[0].score)[:4]
        text_for: dict[int, str] = {}
        values: list[ConflictValue] = []
        for n, (c, text, year) in enumerate(picks, start=1):
            who = c.passage.publisher or c.passage.title or c.passage.source
            if frame.intent == "year":
                said = f"{who} gives {text}:"
            else:
                when = f" for {year}" if year else ""
                dated = f" (report of {c.passage.date})" if c.passage.date and not year else ""
                said = f"{who} gives {text}{when}{dated}:"
            text_for[n] = f"{said} \u201c{sentence_text(c)}\u201d"
            values.append(ConflictValue(value=text, year=year, citation=n, title=c.passage.title))
        label = "year" if frame.intent == "year" else " ".join(sorted(frame.stages))
        conflict = Conflict(
            quantity=f"{', '.join(sorted(frame.entities))} {label or 'this quantity'}".strip(),
            values=values,
        )
        return self._compose(
            question,
            "conflict",
            [c for c, _, _ in picks],
            text_for=text_for,
            conflicts=[conflict],
            lead="The reports disagree.",
        )


def as_written(question: str, stems: list[str]) -> list[str]:
    """The question's own words for term stems ("liberia" -> "Liberia"), each once."""
    words = re.findall(r"[\w'’.-]+", question)
    out: list[str] = []
    for t in stems:
        word = next((w.strip(".'’") for w in words if t in content_terms(w)), t)
        if word not in out:
            out.append(word)
    return out


# a sentence that opens on the place or body it speaks of: "In Bangladesh, ...", "• For
# the Northern Region, ..."
_OPENING_SCOPE = re.compile(
    r"^\W*(?:In|Across|For|At|Within)\s+(?:the\s+)?((?:[A-Z][\w’'-]+\s*){1,4}),"
)


def scoped_to_another_name(frame: QuestionFrame, c: Candidate) -> bool:
    """The sentence speaks of one named part ("In Bangladesh, UNICEF helped register 7.29
    million births") that the question does not name: a question that names no part
    asks about the whole."""
    if c.passage.kind != "prose":
        return False
    m = _OPENING_SCOPE.match(c.text)
    if m is None or _STRUCTURE_REF.match(m.group(1)) or find_years(m.group(1)):
        return False
    named = set(content_terms(m.group(1)))
    return bool(named) and not named & set(frame.terms)


_STANDS_FOR = re.compile(
    r"\b(?i:what|which words?)\s+(?:does|do|did)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?"
    r"([A-Z][A-Za-z&.]*[A-Z])\s+(?:stand|stands)\s+for\b"
    r"|\b(?i:what)\s+is\s+([A-Z][A-Za-z&.]*[A-Z])\s+(?:short|an?\s+(?:acronym|abbreviation))\s+for\b",
)
_CONNECTORS = {"and", "of", "for", "the", "on", "in", "&"}


def asked_expansion(question: str) -> str | None:
    """The acronym a question asks to spell out ("What does FAF stand for?"), if any."""
    m = _STANDS_FOR.search(question)
    return (m.group(1) or m.group(2)) if m else None


def spell_out(short: str, text: str) -> str | None:
    """The words of ``text`` whose initials spell ``short`` (connectors such as "and" and
    "of" may come between them): "Freight Analysis Framework" for FAF."""
    letters = [ch for ch in short.upper() if ch.isalpha()]
    if len(letters) < 2:
        return None
    found = list(re.finditer(r"[A-Za-z][\w’'-]*|&", text))
    words = [m.group(0) for m in found]
    for i, first in enumerate(words):
        if not first[0].isupper() or first[0] != letters[0]:
            continue
        k, j, used = 0, i, []
        while j < len(words) and k < len(letters):
            w = words[j]
            # a later word may be in lower case ("Log Mean Divisia index"), not in a
            # two-letter acronym, where that would find any two words
            if w[0].upper() == letters[k] and (w[0].isupper() or (k > 0 and len(letters) > 2)):
                used.append(w)
                k += 1
            elif w.lower() in _CONNECTORS and used:
                used.append(w)
            else:
                break
            j += 1
        if k == len(letters) and used[-1].lower() not in _CONNECTORS:
            return text[found[i].start() : found[i + len(used) - 1].end()]  # as written
    return None


def _missing_in(lens: Lens, c: Candidate) -> list[str]:
    """Names of the question that neither the passage nor its footnotes speak of."""
    notes = " ".join(f.text for f in c.passage.footnotes)
    text = f"{c.passage.section or ''} {c.passage.text} {notes}"
    return lens.missing_names(text.strip(), c.passage.doc_id)


_DAY_MONTH = re.compile(
    r"\b(?:\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)|(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{1,2})(?!\d)"
)
# the mark that starts an item of a list: a bullet, a dash, "1." or "(a)"
_LIST_ITEM = re.compile(r"^\s*(?:[•▪◦·●■*–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_COUNT_WORD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)\b|:\s*$", re.I)


def _with_enumeration(c: Candidate) -> Candidate:
    """A sentence announcing a list ("seven ... elements") with the next sentence that
    enumerates it, as one quote."""
    if c.passage.kind != "prose" or not _COUNT_WORD.search(c.text):
        return c
    base = c.passage.char_start
    for a, b in sentence_spans(c.passage.text):
        if base + a >= c.end:
            following = c.passage.text[a:b]
            if following.count(",") >= max(2, c.text.count(",") + 1):
                text = c.passage.text[c.start - base : b]
                return Candidate(c.passage, c.rank, c.start, base + b, text, c.score)
            break
    return c


def _row_without_figure(
    frame: QuestionFrame, best: Candidate | None, ranked: list[Candidate]
) -> Candidate | None:
    """A table row for the asked year that gives no figure (a quota "not publicly
    released"), ranked above any figure: the honest answer is that row, not another
    year's number."""
    if not frame.years:
        return None
    for c in ranked:
        if best is not None and (c is best or c.score < best.score):
            return None
        if c.passage.kind != "table" or not re.search(r"\t|\|", c.text):
            continue
        if c.text.strip() == "\t".join(c.header):
            continue  # the header row
        label = re.split(r"\t|\|", c.text)[0]
        if set(find_years(label)) & set(frame.years) and _answering_quantity(frame, c) is None:
            return c
    return None


# a word that makes a noun the whole of a kind: "all sectors", "the average country"
_AGGREGATE = re.compile(
    r"\b(?:all|every|each|total|overall|combined|average|across)\s+(?:the\s+|of\s+the\s+)?"
    r"([A-Za-z][\w-]+)",
    re.I,
)


@lru_cache(maxsize=4096)
def _item_pairs(question: str) -> tuple[tuple[str, str], ...]:
    """(modifier, noun) stems of the question's adjacent content words: "transportation
    sector" -> ("transport", "sector")."""
    words = tokens(question)
    pairs = []
    for a, b in zip(words, words[1:]):
        ta, tb = content_terms(a), content_terms(b)
        if ta and tb:
            pairs.append((ta[0], tb[0]))
    return tuple(pairs)


def speaks_of_the_whole(frame: QuestionFrame, c: Candidate) -> bool:
    """The question asks of one item of a kind ("the transportation sector") and the
    sentence speaks of the whole kind ("energy intensity in all sectors"), never naming
    the item: its figure is the whole's, not the item's."""
    pairs = _item_pairs(frame.text)
    if not pairs:
        return False
    have = set(content_terms(c.text))
    for m in _AGGREGATE.finditer(c.text):
        noun = content_terms(m.group(1))
        for modifier, head in pairs:
            if noun and noun[0] == head and modifier not in have:
                return True
    return False


def _whole_if_counted(frame: QuestionFrame, q: Quantity) -> bool:
    """A count ("how many") is a whole number: 3.1 in a table of rates counts nothing."""
    return frame.unit != "count" or q.unit != "" or float(q.value).is_integer()


def _answering_quantity(frame: QuestionFrame, c: Candidate) -> Quantity | None:
    """A quantity of the asked unit that is not about another stage of the chain."""
    if speaks_of_the_whole(frame, c):
        return None
    for q in c.quantities:
        if not unit_matches(frame.unit, q.unit) or not _whole_if_counted(frame, q):
            continue
        stages = stage_of(c, q)
        if frame.stages and stages and not frame.stages & stages:
            continue
        if not _year_fits(frame, c, q) or for_part_of_a_year(frame, c, q):
            continue
        if _share_of_another_thing(frame, c, q):
            continue
        return q
    return None


# "of" and the noun phrase after it, up to punctuation, a verb-like "are/were/is", or a
# preposition that starts another phrase
_SHARE_OF = re.compile(
    r"^\s*of\s+((?:(?!(?:are|were|is|was|in|by|for|from|to|with|than|at|on)\b)[\w'’-]+\s*){1,6})"
)


def _share_of_another_thing(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """ "84 percent of countries" is a share of countries: it answers a question on a
    rate only if the question speaks of countries too."""
    if q.unit != "%" or c.passage.kind == "table":
        return False
    m = _SHARE_OF.match(c.text[q.end : q.end + 40])
    if not m:
        return False
    phrase = content_terms(m.group(1))
    return bool(phrase) and not set(phrase) & set(frame.terms)


def _same(a: str, b: str) -> bool:
    qa, qb = parse_quantity(a), parse_quantity(b)
    if qa is None or qb is None:
        return a == b
    tolerance = 1.0 if qa.unit == "%" else 0.0
    return qa.same_value(qb) or qa.within(qb, tolerance)


# the verb after a clause's subject: "world trade growth | is expected to decline"
_AUXILIARY = re.compile(
    r"\s(?:is|are|was|were|has|have|had|will|would|can|could|may|might|should|remains?|"
    r"remained)\s"
)


def _subject_of_another_thing(lens: Lens, clause: str, q: Quantity, c: Candidate) -> bool:
    """The clause's subject, before its verb and after any opening phrase ("Following the
    path of global demand, world trade growth is expected to ..."), shares no telling
    word with the question: the figure measures that subject, not what is asked."""
    if c.passage.kind == "table":
        return False
    head = clause[: max(0, clause.find(c.text[q.start : q.end]))]
    head = re.split(r":\s", head)[-1]  # "... regions: Kenya accounts for 41%" starts anew
    verb = _AUXILIARY.search(head)
    if verb is None:
        return False
    subject = re.split(r",\s", head[: verb.start()])[-1]
    terms = set(content_terms(subject))
    return bool(terms) and not terms & set(lens.key_terms)


_YEAR_BEFORE_NOUN = re.compile(r"\b((?:19|20)\d\d)\s+([a-z][a-z-]+)\b")
_SINCE_WHEN = re.compile(r"\bsince (?:what|which) year\b|\bsince when\b", re.I)
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d\d\s?[-–/]\s?(?:(?:19|20)\d\d|\d\d)\b")


def _single_years(frame: QuestionFrame, text: str) -> list[int]:
    """The years a sentence gives as the answer to a "which year" question: not the ends
    of a span ("its Strategic Plan, 2022–2025" is a period), and, for "since what
    year", only a year the sentence says something has lasted since."""
    bare = _YEAR_RANGE.sub(" ", text)
    # "this 2020 workshop", "below 2010 levels": a year naming a thing, unless the
    # question speaks of that thing too
    for m in _YEAR_BEFORE_NOUN.finditer(bare):
        noun = content_terms(m.group(2))
        if m.group(2).lower() not in STOPWORDS and noun and noun[0] not in frame.terms:
            bare = bare[: m.start(1)] + "    " + bare[m.end(1) :]
    if _SINCE_WHEN.search(frame.text):
        return sorted({int(y) for y in re.findall(r"\b[Ss]ince\s+((?:19|20)\d\d)\b", bare)})
    return find_years(bare)


def _best_column(lens: Lens, c: Candidate) -> str | None:
    """For a table row, the header of the column that says most of what is asked, among
    those whose cells answer ("Projections 2023" or "Difference from October 2023"):
    one row gives one value of one quantity."""
    if c.passage.kind != "table":
        return None
    columns = [
        c.column_of(q)[0]
        for q in c.quantities
        if unit_matches(lens.frame.unit, q.unit) and c.column_of(q)[0]
    ]
    if len(set(columns)) < 2:
        return None
    return max(dict.fromkeys(columns), key=lambda h: lens.coverage(h))


def counts_another_item(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A count followed by what it counts ("17 emerging market and developing economies")
    whose noun is the question's but not with the question's word before it ("advanced
    economies"): it counts other items of the kind."""
    if q.unit != "" or c.passage.kind == "table":
        return False
    later = [x.start for x in c.quantities if x.start > q.end]
    after = c.text[q.end : min(later, default=len(c.text))]
    phrase = re.split(r"[,;:.()]|\s(?:in|on|at|by|for|from|with|than|to|since)\s", after)[0]
    have = set(content_terms(phrase))
    return any(head in have and modifier not in have for modifier, head in _item_pairs(frame.text))


def _clause_cover(lens: Lens, best: Candidate, share: float) -> float | None:
    """How much of the question the best figure's own clause holds, times ``share``: a
    rival value's clause must hold as much, or it measures another thing."""
    q = _answering_quantity(lens.frame, best)
    return None if q is None else share * lens.coverage(figure_clause(best, q))


def _conflict_values(
    lens: Lens, c: Candidate, least: float | None = None
) -> list[tuple[str, int | None, str]]:
    """The values this candidate gives for the asked quantity: (as written, year, key).

    Usually one; a table cell such as "~63% , >69%" gives two. With ``least``, only a
    figure whose own clause covers that much of the question measures the same thing.
    """
    frame = lens.frame
    if frame.intent == "year":
        anchors = find_quantities(frame.text)
        if anchors and not all(any(a.within(q, 0.0) for q in c.quantities) for a in anchors):
            return []
        if not anchors and lens.missing_names(c.window):
            return []
        given = [y for y in _single_years(frame, c.text) if y not in set(frame.years)]
        return [(str(given[0]), given[0], str(given[0]))] if given else []
    if frame.entities and not (frame.entities & entities_in(c.window)):
        return []
    if lens.missing_names(c.window):
        return []  # another country's row, another company's figure
    if not frame.entities and c.passage.kind == "table" and entities_in(c.text.split("\t")[0]):
        return []  # a country's row does not answer a question about the world
    out = []
    column = _best_column(lens, c)
    for q in c.quantities:
        if not unit_matches(frame.unit, q.unit) or not _whole_if_counted(frame, q):
            continue
        if column is not None and c.column_of(q)[0] != column:
            continue  # another column of the row measures another quantity
        if counts_another_item(frame, c, q):
            continue  # "17 emerging market economies" are not "advanced economies"
        stages = stage_of(c, q)
        if frame.stages and not (frame.stages & stages):
            continue
        q_years = years_of(c, q)
        if frame.years and not set(frame.years) & set(q_years):
            continue  # an undated figure is not comparable with a dated question
        if for_part_of_a_year(frame, c, q):
            continue  # a quarter's figure is not the year's
        if least is not None and lens.coverage(figure_clause(c, q)) < least:
            continue  # its clause measures another thing
        if least is not None and _subject_of_another_thing(lens, figure_clause(c, q), q, c):
            continue  # "world trade growth is expected to ..." is not inflation
        year = next((y for y in q_years if not frame.years or y in frame.years), None)
        key = f"{q.value:g}{q.unit}" if q.unit else q.text
        out.append((q.text, year, key))
        if c.passage.kind != "table":
            break  # in prose, the first matching figure is the one the sentence gives
    return out


def semantic_text(c: Candidate) -> str:
    """What a sentence means to a reader: a table row with its caption and header."""
    return f"{c.context} {c.text}".strip() if c.context else c.text


def sentence_text(c: Candidate) -> str:
    """A sentence as it stands; a table row with its caption, and each cell with its
    column's header, so the value and what it measures travel together."""
    if c.passage.kind != "table":
        return c.text.strip()
    caption = c.passage.text.split("\n", 1)[0]
    header = c.header
    cells = re.split(r"\t|\|", c.text)
    if header and len(cells) > 1 and c.text.strip() != "\t".join(header).strip():
        names = [_header_label(h) for h in header]
        label = cells[0].strip()
        unit = table_unit(c.context)
        scale = table_scale(c.context)
        scale_word = {1e3: " thousand", 1e6: " million", 1e9: " billion"}.get(scale, "")

        def told(value: str) -> str:
            if not re.fullmatch(r"[-–−+]?\d[\d.,]*", value):
                return value
            if unit == "%":
                return f"{value}%"
            if unit in CURRENCY_SYMBOL:  # the header's currency, written with the cell
                return f"{CURRENCY_SYMBOL[unit]}{value}{scale_word}"
            return value

        pairs = "; ".join(
            f"{names[k]}: {told(v.strip())}" if names[k] else told(v.strip())
            for k, v in enumerate(cells)
            if k and v.strip() and k < len(names)
        )
        if pairs:
            lead = f"{names[0]}: {label}; " if names[0] and label else f"{label}: " if label else ""
            return f"{caption.rstrip('.')} — {lead}{pairs}."
    return f"{caption.rstrip('.')} — {c.text.strip()}"


def _header_label(cell: str) -> str:
    """A header cell fit to name a value in an answer: one stating no figure of its own
    (years aside), since every figure an answer states must be in the quote it cites."""
    return "" if re.search(r"\d", re.sub(r"\b(?:19|20)\d\d\b", "", cell)) else cell


def _notes_of_item(c: Candidate) -> list[Footnote]:
    """The notes of a sentence; for an item of a list (a passage that opens with a
    bullet), the notes of the whole item, whose marker often ends its last sentence."""
    notes = _footnotes_of(c)
    if not notes and c.passage.kind == "prose" and _LIST_ITEM.match(c.passage.text):
        marks = set(find_markers(c.passage.text))
        notes = [f for f in c.passage.footnotes if f.n in marks]
    return notes


def _footnotes_of(c: Candidate) -> list[Footnote]:
    """The footnotes whose markers appear in this very sentence (not the whole passage)."""
    marks = set(find_markers(c.text))
    return [f for f in c.passage.footnotes if f.n in marks]


def _citation(n: int, c: Candidate, related: bool = False) -> Citation:
    p = c.passage
    return Citation(
        **p.source_ref_at(c.start),
        n=n,
        quote=c.text,
        passage=p.text,
        char_start=c.start,
        char_end=c.end,
        footnotes=_footnotes_of(c) if not related else p.footnotes,
        score=p.score,
        related=related,
    )


def verify(answer: Answer) -> list[Claim]:
    """Every number in the answer must be stated by the quote (or footnotes) it cites."""
    claims: list[Claim] = []
    by_n = {c.n: c for c in answer.citations}
    for segment, n in _segments(answer.answer):
        citation = by_n.get(n) if n is not None else None
        support = []
        if citation is not None:
            in_table = "\t" in citation.quote
            context = _table_parts(citation.passage)[0] if in_table else ""
            # a table cell is supported as written and with its caption's unit
            support = find_quantities(citation.quote) + list(
                _row_quantities(citation.quote, context)
            )
            for f in citation.footnotes:
                support += find_quantities(f.text)
        for q in find_quantities(segment):
            ok = any(q.same_value(s) for s in support)
            claims.append(Claim(text=q.text, value=q.value, unit=q.unit, citation=n, verified=ok))
    return claims


def _segments(text: str) -> list[tuple[str, int | None]]:
    """Split an answer at its [n] markers: each piece is supported by the marker after it."""
    out: list[tuple[str, int | None]] = []
    last = 0
    for m in re.finditer(r"\[(\d+)\]", text):
        out.append((text[last : m.start()], int(m.group(1))))
        last = m.end()
    if text[last:].strip():
        out.append((text[last:], None))
    return out
