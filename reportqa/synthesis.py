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
- no redundancy: a sentence that repeats a kept one is passed over (maximal marginal
  relevance).

Sentences keep their report order and are grouped by report when several speak; a
comparison lines the reports up, one paragraph each. Nothing relevant found: abstain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reportqa.about_report import refers_to_a_report
from reportqa.answering import (
    GIST_SECTION,
    Candidate,
    Lens,
    SynthesisKind,
    candidates_of,
    sentence_text,
    verify,
)
from reportqa.answering import citation as _citation
from reportqa.config import SynthesisSettings
from reportqa.models import Answer, Citation, DocumentRecord, ScoredPassage
from reportqa.text import is_instruction
from reportqa.words import content_terms

_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a result|results? (?:in|from)|resulted (?:in|from)|"
    r"reflect(?:s|ed|ing)?|driven by|drive[sn]?|lead(?:s|ing)? to|led to|caus(?:e|es|ed|ing)|"
    r"so that|in order to|intended to|aim(?:s|ed)? (?:to|at)|allow(?:s|ed|ing)?|enabl\w+|"
    r"therefore|thus|hence|given that|reasons?|rationale|contribut\w+|weigh(?:s|ed)? on|"
    r"means? that|would (?:allow|help|permit|restore|reduce|improve)|help(?:s|ed)? to|"
    r"since)\b",
    re.I,
)
_ADVICE = re.compile(
    r"\b(?:should|must|recommend\w*|advis\w+|urg(?:e|es|ed|ing)|call(?:s|ed)? (?:on|for|upon)|"
    r"needs? to|needed to|propos\w+|suggest\w*|encourag\w+|invit\w+|requir\w+|ought to|"
    r"it is (?:important|essential|necessary|critical)|priorit\w+|we (?:ask|invite)|"
    r"(?:could|might|may) (?:consider|explore|help)|worthwhile|urgen\w+)\b",
    re.I,
)
_CUES: dict[str, re.Pattern[str]] = {"why": _REASON, "recommendation": _ADVICE}
# "…which states that the ministry should …": another actor's words, reported, not the report's
# own advice or reason
_REPORTED = re.compile(
    r"\b(?:states?|stated|says?|said|announced|declared|claims?|claimed|argues|argued)\s+that\b",
    re.I,
)


@dataclass
class _Sentence:
    candidate: Candidate
    vector: dict[str, float]
    relevance: float = 0.0
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
) -> list[_Sentence]:
    """Every sentence of the passages that could stand in an answer, once."""
    seen: set[tuple[str, int]] = set()
    out: list[_Sentence] = []
    for rank, passage in enumerate(passages):
        for c in candidates_of(passage, rank):
            key = (passage.doc_id, c.start)
            words = c.text.split()
            if key in seen or len(words) < cfg.min_words or is_instruction(c.text):
                continue
            if not re.search(r"[a-z]{3,}", c.text):  # a row of figures, a label
                continue
            seen.add(key)
            out.append(_Sentence(c, _vector(c.text, lens)))
    return out


def _score(sentences: list[_Sentence], kind: str, lens: Lens, cfg: SynthesisSettings) -> None:
    cue = _CUES.get(kind)
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
    for s in sentences:
        others = [o for o in relevant if o is not s]
        centrality = (
            sum(_cosine(s.vector, o.vector) for o in others) / len(others) if others else 0.0
        )
        c = s.candidate
        s.score = (
            cfg.coverage_weight * s.relevance
            + cfg.passage_weight * c.passage.score
            + cfg.centrality_weight * centrality
        )
        found = cue.search(c.text) if cue is not None else None
        reported = _REPORTED.search(c.text)
        if found and not (reported and reported.start() < found.start()):
            s.score += cfg.cue_weight
        if c.passage.section and not whole_report:  # a section headed by the topic
            s.score += cfg.section_weight * lens.coverage(c.passage.section)
        if kind in ("summary", "recommendation") and GIST_SECTION.search(c.passage.section or ""):
            s.score += cfg.gist_section_weight
        if c.passage.kind == "footnotes":
            s.score -= cfg.note_penalty
        if c.passage.kind == "table":
            s.score -= cfg.table_penalty


def _select(sentences: list[_Sentence], cfg: SynthesisSettings) -> list[_Sentence]:
    """Maximal marginal relevance: the best, then the best that repeats the kept least."""
    pool = [s for s in sentences if s.relevance > 0]
    kept: list[_Sentence] = []
    best_score = max((s.score for s in pool), default=0.0)
    while pool and len(kept) < cfg.max_sentences:

        def marginal(s: _Sentence) -> float:
            overlap = max((_cosine(s.vector, k.vector) for k in kept), default=0.0)
            return s.score - cfg.redundancy * overlap

        pick = max(pool, key=marginal)
        if len(kept) >= cfg.min_sentences and marginal(pick) < cfg.keep_share * best_score:
            break
        kept.append(pick)
        pool.remove(pick)
    return kept


def _report_most_about(passages: Sequence[ScoredPassage], depth: int = 3) -> str:
    """The report whose best few passages retrieve best: the one the topic is about."""
    by_doc: dict[str, list[float]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append(p.score)
    return max(by_doc, key=lambda d: sum(sorted(by_doc[d], reverse=True)[:depth]))


def _with_what_follows(
    kept: list[_Sentence], sentences: list[_Sentence], cfg: SynthesisSettings
) -> list[_Sentence]:
    """A kept sentence that ends in a colon announces what follows: keep the items too."""
    out = list(kept)
    for s in kept:
        if not s.candidate.text.rstrip().endswith(":"):
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
        out += after[: cfg.items_after_colon]
    return out


def _balanced(
    kept: list[_Sentence], sentences: list[_Sentence], cfg: SynthesisSettings
) -> list[_Sentence]:
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
) -> Answer | None:
    """The many-sentence answer, or None when no sentence is relevant enough."""
    if lens.hints.doc_ids:  # the question names its report(s): read only those
        named = [p for p in passages if p.doc_id in lens.hints.doc_ids]
        passages = named or passages
    sentences = _sentences(passages, lens, cfg)
    if not sentences:
        return None
    _score(sentences, kind, lens, cfg)
    if max(s.relevance for s in sentences) < cfg.min_relevance:
        return None
    if kind != "comparison" and not lens.hints.doc_ids and refers_to_a_report(question):
        # "the report", "this paper": one report, the one that speaks best to the topic
        top = _report_most_about(passages)
        sentences = [s for s in sentences if s.candidate.passage.doc_id == top]
    kept = _select(sentences, cfg)
    kept = _with_what_follows(kept, sentences, cfg)
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


def _compose(question: str, kept: list[_Sentence], records: Sequence[DocumentRecord]) -> Answer:
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
