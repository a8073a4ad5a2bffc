"""Answers of several sentences without a model: query-focused extractive synthesis.

A summary, a "why", a recommendation or a comparison is not one sentence. The answer is
made of 3–7 verbatim sentences of the retrieved passages, each with its own citation,
chosen for

- relevance: the IDF-weighted share of the topic's words the sentence holds (the topic
  is the question without its asking words), and its passage's retrieval score;
- centrality: how much it shares with the other relevant sentences (what several
  passages say is more likely the gist than what one says in passing);
- form: a sentence that gives a reason ("because", "due to", "reflects") answers "why",
  one that gives advice ("should", "recommends", "calls on") answers a recommendation
  question — general English, not the words of a field;
- meaning: its embedding similarity to the topic, which catches a paraphrase that shares
  no word with the question;
- place: the section most about the topic speaks for all its sentences, and a sentence
  next to a relevant one goes on about the same thing without naming it again; so the
  passages beside the best ones are read too, and for a recommendation question the
  conclusions and recommendations of the report found;
- form: what is about the document rather than its subject (a caption, a pointer, a
  link) is passed over; a list item giving an order ("2. Address …") answers a
  recommendation question; a sentence announcing a count of items ("makes three
  recommendations") brings the numbered items;
- no redundancy: a sentence that repeats a kept one is passed over (maximal marginal
  relevance).

Sentences keep their report order and are grouped by report when several speak; a
comparison lines the reports up, one paragraph each. Nothing relevant found: abstain.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportqa.about_report import refers_to_a_report
from reportqa.answering import (
    GIST_SECTION,
    Candidate,
    Lens,
    SynthesisKind,
    candidates_of,
    gives_labels,
    sentence_text,
    verify,
)
from reportqa.answering import citation as _citation
from reportqa.config import SynthesisSettings
from reportqa.models import Answer, Citation, DocumentRecord, Passage, ScoredPassage, with_score
from reportqa.numbers import find_quantities
from reportqa.text import announcer_after, is_credit_line, is_instruction
from reportqa.words import STOPWORDS, content_terms

_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a result|results? (?:in|from)|resulted (?:in|from)|"
    r"reflect(?:s|ed|ing)?|driven by|drive[sn]?|lead(?:s|ing)? to|led to|caus(?:e|es|ed|ing)|"
    r"so that|in order to|intended to|aim(?:s|ed)? (?:to|at)|allow(?:s|ed|ing)?|enabl\w+|"
    r"therefore|thus|hence|given that|reasons?|rationale|contribut\w+|weigh(?:s|ed)? on|"
    r"means? that|would (?:allow|help|permit|restore|reduce|improve)|help(?:s|ed)? to|"
    r"since)\b",
    re.I,
)
# a sentence giving advice in its grammar: a modal, a performative verb ("recommends
# that", "It is recommended"), a call; not one speaking of advice ("based on the
# recommendation of the mission", "invited the observers", "the requirements")
GIVES_ADVICE = re.compile(
    r"\b(?:should|must|recommend(?:s|ed|ing)?\b(?! by)|it is recommended|advis(?:e|es|ed)|"
    r"urg(?:e|es|ed|ing)|call(?:s|ed)? (?:on|for|upon)|needs? to|needed to|propos(?:e|es|ed)|"
    r"suggest(?:s|ed)?|encourag\w+|invite[sd]? \w+ to|ought to|"
    r"it is (?:important|essential|necessary|critical)|we (?:ask|invite)|"
    r"(?:could|might|may) (?:consider|explore|help)|worthwhile|urgen\w+)\b",
    re.I,
)
_CUES: dict[str, re.Pattern[str]] = {"why": _REASON, "recommendation": GIVES_ADVICE}
# "Summarise the main results / findings / headline figures of …": a summary of what was
# measured, which the sentences stating figures give
_ASKS_RESULTS = re.compile(
    r"\b(?:results?|findings?|figures|numbers|statistics|headline|key facts?)\b", re.I
)
# "…which states that the ministry should …": another actor's words, reported, not the report's
# own advice or reason
_REPORTED = re.compile(
    r"\b(?:states?|stated|says?|said|announced|declared|claims?|claimed|argues|argued)\s+that\b",
    re.I,
)

# A sentence about the document rather than its subject: a caption or a note under a
# figure, a pointer to another part ("is highlighted in box 3", "see Annex 2"), a link
# or an address. General document apparatus, never the gist.
_APPARATUS = re.compile(
    r"^\W*(?i:figure|fig\.|table|chart|graph|exhibit|map|box|panel|sources?|notes?)"
    r"(?:\s+[A-Z0-9][\w.]*)?\s*[.:\u2014\u2013-]"
    r"|\]\(|https?://|\bwww\.|\b[\w.-]+@[\w-]+\.\w"
    r"|\b(?i:is|are) (?i:highlighted|discussed|described|presented|detailed|explained|"
    r"outlined)\s+(?i:in|below|later)\b|\b(?i:explained|described|discussed) later\b"
    r"|\b(?i:in|see)\s+(?i:box|figure|table|chart|section|chapter|annex|appendix)\s+"
    r"[A-Z0-9][\w.]*\W*$"
    r"|^\W*(?:This|The following|The next) (?i:section|chapter|box|annex|appendix|part) "
    r"(?i:contains|presents|describes|sets out|provides|summari[sz]es|discusses|outlines)\b"
    r"|^\W*(?i:see)\s|\b(?i:for (?:more|further) (?:information|details))\b"
    r"|\b(?i:click|scan)\b"
)
_LIST_MARK = re.compile(r"\s[\u2022\u25aa\u25cf\u2212\u2013\u2014|]\s")


# the heading of a report's list of works cited: its lines name works, they say nothing
_WORKS_CITED = re.compile(
    r"^\W*(?:\d+[.)]?\s+)?(?:references|bibliography|works cited|literature cited|"
    r"sources cited|endnotes|reference list)\W*$",
    re.I,
)


def in_works_cited(section: str | None) -> bool:
    """Is a passage part of the report's references (its section a list of works)?"""
    return bool(section and _WORKS_CITED.match(section))


def is_apparatus(text: str) -> bool:
    """A caption, a pointer, a link, or not a sentence at all: a run of list items or
    table cells set as one line ("− Finance − Logistics − Public affairs …"), or a row of
    the same few words over and over."""
    if _APPARATUS.search(text) or is_credit_line(text):
        return True
    words = text.split()
    if len(_LIST_MARK.findall(text)) >= 3:
        return True
    return len(words) >= 12 and len({w.lower() for w in words}) < 0.5 * len(words)


# An order to the reader of a recommendation: a list item that opens on a verb
# ("1. Respect and ensure respect for …", "• Prioritize tailored support …"). Told by
# form: an item of a numbered or bulleted list whose first word is not of the closed
# classes, has no ending of a noun, adjective or participle, is not a possessive, and is
# followed by no verb of its own.
_LIST_OPENING = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[\u2022\u25aa\u25cf\u2013\u2014\u2212*-])\s+"
    r"([A-Z][a-z]+)\b(?![\u2019']s\b)"
)
_NOT_A_VERB = re.compile(
    r"(?:(?<!s)s|ed|ing|ly|al|ic|ion|ity|ment|ness|ance|ence|ous|ive|ful|ary|ern|ese|ian|ist|"
    r"er|or|est|th|y|ble)$"
)
_AUXILIARY = re.compile(
    r"(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|shall|"
    r"should|must|do|does|did|cannot)",
    re.I,
)


def is_imperative(text: str) -> bool:
    """Is the sentence a list item that gives an order ("1. Fund …", "• Strengthen …")?"""
    m = _LIST_OPENING.match(text)
    if m is None:
        return False
    word = m.group(1).lower()
    if word in STOPWORDS or len(word) < 3 or _NOT_A_VERB.search(word):
        return False
    following = [w.strip(",;:()") for w in text[m.end() :].split()[:3]]
    return bool(following) and not any(_AUXILIARY.fullmatch(w) for w in following)


@dataclass
class ScoredSentence:
    candidate: Candidate
    vector: dict[str, float]
    relevance: float = 0.0
    meaning: float = 0.0  # embedding similarity to the question, above the median read
    focus: float = 0.0  # how much its section is about the topic, 1 for the best section
    around: float = 0.0  # the relevance of the sentences just before and after it
    features: dict[str, float] = field(default_factory=dict)  # see _features
    score: float = 0.0


def _vector(text: str, lens: Lens) -> dict[str, float]:
    """TF-IDF of the sentence's stems, unit length."""
    counts = Counter(content_terms(text))
    vec = {t: n * (lens.weight(t) or 1.0) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _sentences(
    passages: Sequence[ScoredPassage], lens: Lens, cfg: SynthesisSettings
) -> list[ScoredSentence]:
    """Every sentence of the passages that could stand in an answer, once."""
    seen: set[tuple[str, int]] = set()
    said: set[str] = set()  # a sentence printed twice in a report (a summary box) is one
    out: list[ScoredSentence] = []
    for rank, passage in enumerate(passages):
        for c in candidates_of(passage, rank):
            key = (passage.doc_id, c.start)
            words = c.text.split()
            text = " ".join(words).lower()
            if key in seen or text in said or len(words) < cfg.min_words:
                continue
            if is_instruction(c.text) or not re.search(r"[a-z]{3,}", c.text):
                continue  # an order to the reader; a row of figures, a label
            seen.add(key)
            said.add(text)
            out.append(ScoredSentence(c, _vector(c.text, lens)))
    return out


# a function from sentences to their similarity in meaning with the question
Meaning = Callable[[list[str]], Sequence[float]]


def _weigh_meaning(sentences: list[ScoredSentence], meaning: Meaning | None) -> None:
    """Each sentence's closeness in meaning to the question, above the median of those
    read (0 for the median and below): an analyst paraphrases the topic ("why clinics
    closed" against "the district could no longer pay its nursing staff")."""
    if meaning is None or not sentences:
        return
    # a table row means what its caption and header say of it
    texts = [sentence_text(s.candidate) for s in sentences]
    sims = list(meaning(texts))
    middle = statistics.median(sims)
    for s, sim in zip(sentences, sims, strict=True):
        s.meaning = max(0.0, sim - middle)


# a passage's id to the passages just before and after it in its report
Neighbours = Callable[[str], tuple[Passage | None, Passage | None]]


def _with_neighbours(
    passages: Sequence[ScoredPassage], neighbours: Neighbours | None, cfg: SynthesisSettings
) -> list[ScoredPassage]:
    """The best passages with those beside them: retrieval finds the paragraph that names
    the topic, and the next one ("The exemptions must cover …", "Otherwise, …") goes on
    about it without naming it again. A neighbour takes its finder's score, discounted."""
    out = list(passages)
    if neighbours is None or not cfg.neighbour_passages:
        return out
    seen = {p.chunk_id for p in out}
    frontier = sorted(out, key=lambda p: -p.score)[: cfg.neighbour_passages]
    for _ in range(cfg.neighbour_depth):
        found: list[ScoredPassage] = []
        for p in frontier:
            for n in neighbours(p.chunk_id):
                if n is None or n.chunk_id in seen:
                    continue
                seen.add(n.chunk_id)
                data = {**n.model_dump(), "score": p.score * cfg.neighbour_discount}
                found.append(ScoredPassage(**data))
        out += found
        frontier = found
    return out


def with_gist(
    passages: Sequence[ScoredPassage], shelf: Sequence[Passage], cfg: SynthesisSettings
) -> list[ScoredPassage]:
    """The passages with the conclusions and recommendations of the report retrieved
    best: what a report asks for is said there, in words other than the topic's."""
    if not passages:
        return list(passages)
    best = max(passages, key=lambda p: p.score).doc_id
    seen = {p.chunk_id for p in passages}
    gist = [
        with_score(p, cfg.gist_score)
        for p in shelf
        if p.doc_id == best and p.chunk_id not in seen and GIST_SECTION.search(p.section or "")
    ]
    return [*passages, *gist[: cfg.gist_passages]]


def _score(sentences: list[ScoredSentence], kind: str, lens: Lens, cfg: SynthesisSettings) -> None:
    cue = _CUES.get(kind)
    results = kind == "summary" and bool(_ASKS_RESULTS.search(lens.frame.text))
    whole_report = not lens.key_terms  # no topic but the report: every sentence is on it
    for s in sentences:
        c = s.candidate
        if whole_report:
            s.relevance = 1.0
            continue
        s.relevance = lens.coverage(c.text)
        # the section a sentence sits under speaks for it, a little
        s.relevance = max(s.relevance, 0.5 * lens.coverage(f"{c.passage.section or ''} {c.text}"))
    relevant = [s for s in sentences if s.relevance > 0] or sentences
    _weigh_focus(sentences, cfg)
    # the mean cosine with the other relevant sentences, as one dot product with their sum
    total: Counter[str] = Counter()
    for o in relevant:
        total.update(o.vector)
    among = {id(o) for o in relevant}
    for s in sentences:
        own = id(s) in among
        others = len(relevant) - own
        centrality = (
            (_cosine(s.vector, total) - (_cosine(s.vector, s.vector) if own else 0.0)) / others
            if others
            else 0.0
        )
        s.features = _features(s, kind, centrality, cue, results, whole_report, lens)
        s.score = sum(getattr(cfg, name) * value for name, value in s.features.items())


def _features(
    s: ScoredSentence,
    kind: str,
    centrality: float,
    cue: re.Pattern[str] | None,
    results: bool,
    whole_report: bool,
    lens: Lens,
) -> dict[str, float]:
    """The signs a sentence's score is made of, each named as the setting that weighs it
    (a penalty is a sign of -1): the score is their sum, weighted, and a fit on dev can
    read them as they are (``evals.fit_synthesis``)."""
    c = s.candidate
    section = c.passage.section or ""
    found = cue.search(c.text) if cue is not None else None
    reported = _REPORTED.search(c.text)
    gives_cue = bool(found) and not (reported and reported.start() < found.start())
    return {
        "coverage_weight": s.relevance,
        "passage_weight": c.passage.score,
        "centrality_weight": centrality,
        "semantic_weight": s.meaning,
        "focus_weight": s.focus,
        "around_weight": s.around,
        "cue_weight": 1.0 if gives_cue else 0.0,
        # an order in a list, when the sentence has no advice cue of its own
        "imperative_weight": float(
            not gives_cue and kind == "recommendation" and is_imperative(c.text)
        ),
        "results_weight": float(results and _states_a_figure(c.text)),
        "apparatus_penalty": -float(is_apparatus(c.text) or in_works_cited(section)),
        # a section headed by the topic
        "section_weight": lens.coverage(section) if section and not whole_report else 0.0,
        "gist_section_weight": float(
            kind in ("summary", "recommendation") and bool(GIST_SECTION.search(section))
        ),
        "note_penalty": -float(c.passage.kind == "footnotes"),
        "table_penalty": -float(c.passage.kind == "table"),
    }


def _states_a_figure(text: str) -> bool:
    """A figure other than a year or a date: what a survey or a count found."""
    return any(q.unit not in ("year", "date") for q in find_quantities(text))


def _weigh_focus(sentences: list[ScoredSentence], cfg: SynthesisSettings) -> None:
    """How much each sentence's section, and the sentences beside it, are about the
    topic. The answer to a summary is mostly in the one section about its topic, and a
    paragraph goes on about its topic without naming it in every sentence."""
    by_section: dict[tuple[str, str], list[float]] = {}
    for s in sentences:
        key = (s.candidate.passage.doc_id, s.candidate.passage.section or "")
        by_section.setdefault(key, []).append(s.relevance + s.meaning)
    depth = max(1, cfg.focus_depth)
    strength = {k: sum(sorted(v, reverse=True)[:depth]) / depth for k, v in by_section.items()}
    best = max(strength.values(), default=0.0) or 1.0
    in_order = sorted(sentences, key=lambda s: (s.candidate.passage.doc_id, s.candidate.start))
    for i, s in enumerate(in_order):
        c = s.candidate
        s.focus = strength[(c.passage.doc_id, c.passage.section or "")] / best
        beside = [
            o.relevance
            for o in in_order[max(0, i - 1) : i + 2]
            if o is not s and _next_to(o.candidate, c, cfg.around_gap)
        ]
        s.around = max(beside, default=0.0)


def _next_to(a: Candidate, b: Candidate, gap: int) -> bool:
    """Two sentences one after the other in the same section of a report (a heading, a
    note's marker between them at most)."""
    if a.passage.doc_id != b.passage.doc_id or a.passage.section != b.passage.section:
        return False
    first, second = (a, b) if a.start < b.start else (b, a)
    return second.start - first.end <= gap


def choose(sentences: list[ScoredSentence], cfg: SynthesisSettings) -> list[ScoredSentence]:
    """Maximal marginal relevance: the best, then the best that repeats the kept least.
    A sentence holds a topic word, or means what is asked without its words."""
    pool = [
        s
        for s in sentences
        if s.relevance > 0
        or s.meaning >= cfg.semantic_floor > 0
        # the section about the topic, beside a sentence that names it or close in meaning
        or (s.focus >= cfg.focus_pool and (s.around > 0 or s.meaning > 0))
        or s.around >= cfg.around_pool  # beside a sentence that names it
    ]
    kept: list[ScoredSentence] = []
    best_score = max((s.score for s in pool), default=0.0)
    while pool and len(kept) < cfg.max_sentences:

        def marginal(s: ScoredSentence) -> float:
            overlap = max((_cosine(s.vector, k.vector) for k in kept), default=0.0)
            return s.score - cfg.redundancy * overlap

        pick = max(pool, key=marginal)
        if len(kept) >= cfg.min_sentences and marginal(pick) < cfg.keep_share * best_score:
            break
        kept.append(pick)
        pool.remove(pick)
    return kept


def _reports_speaking(passages: Sequence[ScoredPassage], lens: Lens) -> set[str]:
    """The reports whose passages give every name and numbered label of the question: a
    report that writes only "SDG 5" and "SDG 8" speaks of something else than "SDG 4"."""
    text_of: dict[str, str] = {}
    for p in passages:
        text_of[p.doc_id] = f"{text_of.get(p.doc_id, '')}\n{p.section or ''}\n{p.text}"
    return {
        d
        for d, text in text_of.items()
        if gives_labels(lens.frame.text, text) and not lens.missing_names(text, d)
    }


def _report_most_about(passages: Sequence[ScoredPassage], depth: int = 3) -> str:
    """The report whose best few passages retrieve best: the one the topic is about."""
    by_doc: dict[str, list[float]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append(p.score)
    return max(by_doc, key=lambda d: sum(sorted(by_doc[d], reverse=True)[:depth]))


def _announces_list(s: ScoredSentence, cfg: SynthesisSettings) -> bool:
    """The sentence ends in a colon, or a short one right after it in its passage does
    ("… that can address this problem. These include:"): the items come next."""
    if s.candidate.text.rstrip().endswith(":"):
        return True
    passage = s.candidate.passage
    end = s.candidate.end - passage.char_start
    return announcer_after(passage.text, end, cfg.announcer_words) is not None


def _with_what_follows(
    kept: list[ScoredSentence],
    sentences: list[ScoredSentence],
    extra: Callable[[ScoredSentence], list[ScoredSentence]],
    cfg: SynthesisSettings,
) -> list[ScoredSentence]:
    """A kept sentence that announces a list keeps the items too (read on into the next
    passages when the items are not among the sentences read)."""
    out = list(kept)
    for s in kept:
        if not _announces_list(s, cfg):
            continue
        passage = s.candidate.passage
        after = sorted(
            (
                o
                for o in sentences
                if o.candidate.passage.doc_id == passage.doc_id
                and o.candidate.passage.section == passage.section
                and o.candidate.start > s.candidate.start
                and o not in out
            ),
            key=lambda o: o.candidate.start,
        )
        if not after:
            after = [
                o
                for o in extra(s)
                if o.candidate.passage.section == passage.section
                and all(o.candidate.start != k.candidate.start for k in out)
            ]
        out += after[: cfg.items_after_colon]
    return out


def _with_reasons_explained(
    kept: list[ScoredSentence], sentences: list[ScoredSentence], cfg: SynthesisSettings
) -> list[ScoredSentence]:
    """A kept sentence that gives a reason ("The sharp decline was largely caused by the
    recession and the withdrawal of two lenders") is often spelled out by the sentences
    right after it in its paragraph ("… the two lenders represented as much as 40 percent
    of the equity"): keep those too."""
    out = list(kept)
    for s in kept:
        if not _REASON.search(s.candidate.text):
            continue
        passage = s.candidate.passage
        after = sorted(
            (
                o
                for o in sentences
                if o.candidate.passage.chunk_id == passage.chunk_id
                and o.candidate.start > s.candidate.start
            ),
            key=lambda o: o.candidate.start,
        )
        # (beyond max_sentences: the reason and what it goes on to say are one answer)
        room = cfg.max_sentences + cfg.reason_followers - len(out)
        out += [o for o in after[: cfg.reason_followers] if o not in out][: max(0, room)]
    return out


def _with_followers(
    kept: list[ScoredSentence], sentences: list[ScoredSentence], cfg: SynthesisSettings
) -> list[ScoredSentence]:
    """The best kept sentences each with the ones right after them in their passage,
    ahead of the kept sentences scored lower: the sentence that names the topic opens a
    paragraph whose next sentences say the rest ("The model is an estimate … In
    addition, its data are ten years old …"), each with a word of the topic or close to
    it in meaning (a sentence on something else is not kept for being next)."""
    out: list[ScoredSentence] = []
    limit = cfg.max_sentences + cfg.follower_room
    for rank, s in enumerate(sorted(kept, key=lambda s: -s.score)):
        if len(out) >= limit:
            break
        if s not in out:
            out.append(s)
        if rank >= cfg.follower_anchors:
            continue
        chunk, start = s.candidate.passage.chunk_id, s.candidate.start
        after = sorted(
            (
                o
                for o in sentences
                if o.candidate.passage.chunk_id == chunk
                and o.candidate.start > start
                and o.features.get("apparatus_penalty", 0.0) == 0.0
            ),
            key=lambda o: o.candidate.start,
        )
        # what goes on about the topic: a word of it, or close to it in meaning
        out += [o for o in after[: cfg.followers] if o not in out and (o.relevance or o.meaning)]
    return out[:limit] if len(out) > len(kept) else out


# a sentence stating an effect of what the sentence before it says
_RESULT_OPENING = re.compile(
    r"^\s*(?:as a (?:result|consequence)|consequently|therefore|thus|hence|accordingly|"
    r"for (?:this|these|that|those) reasons?|because of (?:this|these|that)|this means|"
    r"that is why|this is why|in turn)\b",
    re.I,
)


def _with_causes_before(
    kept: list[ScoredSentence], sentences: list[ScoredSentence], cfg: SynthesisSettings
) -> list[ScoredSentence]:
    """A kept sentence that opens on its cause ("As a result, compliance varies by
    station") answers a why question only with the sentence it refers back to ("The
    guards' presence varies …"): keep the sentence right before it in its passage."""
    out = list(kept)
    for s in kept:
        if not cfg.cause_leaders or not _RESULT_OPENING.match(s.candidate.text):
            continue
        passage = s.candidate.passage
        before = sorted(
            (
                o
                for o in sentences
                if o.candidate.passage.chunk_id == passage.chunk_id
                and o.candidate.start < s.candidate.start
            ),
            key=lambda o: -o.candidate.start,
        )
        out += [o for o in before[: cfg.cause_leaders] if o not in out]
    return out


# "the ICRC recommends three main actions", "two underlying features": a count of items
# in words announces a list, numbered ("1. …") or told off ("First, …") after it
_ANNOUNCES = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|several|a few|a number of|various|"
    r"multiple)\s+(?:[a-z-]+\s+){0,2}?[a-z]+s\b"
)
_COUNT = {w: n for n, w in enumerate("two three four five six seven eight nine ten".split(), 2)}
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_ITEM = re.compile(
    r"^\W{0,3}(?:(\d{1,2})[.)]\s|\((\d{1,2})\)\s|(?i:(" + "|".join(_ORDINALS) + r")(?:ly)?,))"
)


def _item_number(text: str) -> int | None:
    """The number a list item opens with ("2. …", "(2) …", "Second, …"), if one."""
    m = _ITEM.match(text)
    if m is None:
        return None
    if m.group(3):
        return _ORDINALS.index(m.group(3).lower()) + 1
    return int(m.group(1) or m.group(2))


def _with_announced(
    kept: list[ScoredSentence],
    sentences: list[ScoredSentence],
    extra: Callable[[ScoredSentence], list[ScoredSentence]],
    cfg: SynthesisSettings,
) -> list[ScoredSentence]:
    """A kept sentence that announces a count of items ("makes three recommendations",
    "for a few reasons") brings the items that follow it in its report, numbered 1 to
    that count; the items are what it says, the announcement only that there are some.
    A kept first item ("First, …") brings the items after it."""
    out = list(kept)
    for s in kept:
        m = _ANNOUNCES.search(s.candidate.text)
        first = _item_number(s.candidate.text) == 1  # "First, …": the others follow it
        if (m is None and not first) or not cfg.items_announced:
            continue
        # "for a few reasons": as many as are told off, up to the most kept
        count = min(_COUNT.get(m.group(1), cfg.items_announced) if m else cfg.items_announced,
                    cfg.items_announced)  # fmt: skip
        doc, start = s.candidate.passage.doc_id, s.candidate.start
        if first:
            start -= 1  # the first item is itself the first of the list
        later = sorted(
            (
                o
                for o in [*sentences, *extra(s)]
                if o.candidate.passage.doc_id == doc
                and start < o.candidate.start <= start + cfg.items_reach
            ),
            key=lambda o: o.candidate.start,
        )
        items: list[ScoredSentence] = []
        for o in later:
            if _item_number(o.candidate.text) == len(items) + 1:
                items.append(o)
                if len(items) == count:
                    break
        if len(items) < 2:  # told off by bullets rather than numbers
            items = _bulleted(s.candidate.end, later, count, cfg.bullet_reach)
        if len(items) >= 2:  # a list, not a stray number
            out += [o for o in items if all(o.candidate.start != k.candidate.start for k in out)]
    return out


# a list item's bullet: "· Connecting investors …", "• Monitoring …", "▪ Level of threat"
_BULLET = re.compile(r"^\s*[\u00b7\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2013\u2014-]\s")
_ITEM_SENTENCES = 2  # of a bulleted item: its lead-in and what it says


def _bulleted(
    after: int, later: list[ScoredSentence], count: int, reach: int
) -> list[ScoredSentence]:
    """The bulleted items right after an announcement ending at ``after``, up to
    ``count`` items. A sentence opening on a bullet, or a passage opening on one (its
    lead-in may be too short to read), is an item, read to its second sentence
    ("Connecting investors to projects." is followed by what it says). The first item
    comes within ``reach`` characters of the announcement and each next one within
    ``reach`` of the last; the list ends at the first sentence that is no item (a note
    set between two items is passed over)."""
    items: list[ScoredSentence] = []
    end = after
    taken: dict[tuple[str, int], int] = {}  # item -> its sentences kept
    last_in: dict[str, tuple[str, int]] = {}  # passage -> the item it is at
    for o in later:
        c = o.candidate
        if c.start - end > reach:
            break  # past the list, or a list elsewhere
        if c.passage.kind == "footnotes":
            end = max(end, c.end) if taken else end  # a note set between two items
            continue
        chunk = c.passage.chunk_id
        if _BULLET.match(c.text):
            key = (chunk, c.start)
        elif chunk in last_in:
            key = last_in[chunk]
        elif _BULLET.match(c.passage.text):
            key = (chunk, -1)
        elif taken:
            break
        else:
            continue
        end = c.end
        if key not in taken:
            if len(taken) == count:
                break
            taken[key] = 0
        last_in[chunk] = key
        if taken[key] < _ITEM_SENTENCES:
            taken[key] += 1
            items.append(o)
    return items if len(taken) >= 2 else []


def _balanced(
    kept: list[ScoredSentence], sentences: list[ScoredSentence], cfg: SynthesisSettings
) -> list[ScoredSentence]:
    """A comparison needs every report that speaks: each relevant report's best sentence."""
    have = {s.candidate.passage.doc_id for s in kept}
    for s in sorted(sentences, key=lambda s: -s.score):
        doc = s.candidate.passage.doc_id
        if doc not in have and s.relevance >= cfg.min_relevance:
            kept.append(s)
            have.add(doc)
    return kept


def synthesise(
    question: str,
    kind: SynthesisKind,
    passages: Sequence[ScoredPassage],
    lens: Lens,
    cfg: SynthesisSettings,
    records: Sequence[DocumentRecord] = (),
    meaning: Meaning | None = None,
    neighbours: Neighbours | None = None,
    trace: list[ScoredSentence] | None = None,
) -> Answer | None:
    """The many-sentence answer, or None when no sentence is relevant enough.
    ``meaning`` gives sentences their similarity to the question (None: words only);
    ``trace``, when given, receives every sentence scored."""
    if lens.hints.doc_ids:  # the question names its report(s): read only those
        named = [p for p in passages if p.doc_id in lens.hints.doc_ids]
        passages = named or passages
    speaking = _reports_speaking(passages, lens)
    if speaking and kind != "comparison":  # the reports that speak of what is named
        passages = [p for p in passages if p.doc_id in speaking]
    passages = _with_neighbours(passages, neighbours, cfg)
    sentences = _sentences(passages, lens, cfg)
    if not sentences:
        return None
    if cfg.semantic_weight:
        _weigh_meaning(sentences, meaning)
    _score(sentences, kind, lens, cfg)
    if trace is not None:
        trace.extend(sentences)
    if max(s.relevance for s in sentences) < cfg.min_relevance:
        return None
    if kind != "comparison" and not lens.hints.doc_ids and refers_to_a_report(question):
        # "the report", "this paper": one report, the one that speaks best to the topic
        top = _report_most_about(passages)
        sentences = [s for s in sentences if s.candidate.passage.doc_id == top]
    kept = choose(sentences, cfg)

    def following(s: ScoredSentence) -> list[ScoredSentence]:
        """The sentences of the passages after a sentence's own, not read yet."""
        if neighbours is None:
            return []
        out: list[ScoredSentence] = []
        passage: Passage | None = s.candidate.passage
        for _ in range(cfg.items_passages):
            passage = neighbours(passage.chunk_id)[1] if passage is not None else None
            if passage is None:
                break
            scored = with_score(passage, 0.0)
            out += _sentences([scored], lens, cfg)
        return out

    kept = _with_what_follows(kept, sentences, following, cfg)
    if kind in ("summary", "recommendation") and cfg.followers:
        kept = _with_followers(kept, sentences, cfg)
    if kind == "why":
        kept = _with_causes_before(kept, sentences, cfg)
        kept = _with_reasons_explained(kept, sentences, cfg)
    kept = _with_announced(kept, sentences, following, cfg)
    if kind == "comparison":
        kept = _balanced(kept, sentences, cfg)
    if not kept:
        return None
    return _compose(question, kept, records)


def _labels(doc_ids: list[str], records: Sequence[DocumentRecord]) -> dict[str, str]:
    """How each report is named beside its sentences: its publisher when that tells the
    reports apart ("RUSI: …; Andaman Partners: …"), else its title."""
    by_id = {r.doc_id: r for r in records}
    publishers = [by_id[d].publisher if d in by_id else None for d in doc_ids]
    distinct = all(publishers) and len(set(publishers)) == len(publishers)
    out = {}
    for doc_id, publisher in zip(doc_ids, publishers, strict=True):
        record = by_id.get(doc_id)
        out[doc_id] = (publisher if distinct else None) or (record.title if record else "") or ""
    return out


def _compose(
    question: str, kept: list[ScoredSentence], records: Sequence[DocumentRecord]
) -> Answer:
    """Report order within a report; reports in the order of their best sentence."""
    doc_order: list[str] = []
    for s in kept:
        if s.candidate.passage.doc_id not in doc_order:
            doc_order.append(s.candidate.passage.doc_id)
    labels = _labels(doc_order, records)
    several = len(doc_order) > 1
    citations: list[Citation] = []
    paragraphs: list[str] = []
    n = 0
    for doc_id in doc_order:
        group = sorted(
            (s for s in kept if s.candidate.passage.doc_id == doc_id),
            key=lambda s: s.candidate.start,
        )
        parts = []
        for s in group:
            n += 1
            citations.append(_citation(n, s.candidate))
            parts.append(f"{sentence_text(s.candidate)} [{n}]")
        body = " ".join(parts)
        if several:
            label = labels.get(doc_id) or group[0].candidate.passage.title or doc_id
            body = f"{label}: {body}"
        paragraphs.append(body)
    answer = Answer(
        question=question,
        status="answered",
        answer="\n\n".join(paragraphs),
        citations=citations,
    )
    answer.claims = verify(answer)
    return answer
