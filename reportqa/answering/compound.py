"""Questions that ask two things at once: "How many cases were reported in 2019, and at
what rate?", "When was the guide revised, and why?".

One sentence seldom answers both. The question is answered as asked, then each of its
two parts: the second read as a follow-up of the first (its "at what rate?" inherits the
cases and the year), so it is understood as a whole question. A part's answer that cites
what the whole's does not is added after it, each sentence with its own citation; a part
the reports do not answer is said so in the answer's notice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reportqa.answering.lens import Lens
from reportqa.answering.question import analyse
from reportqa.models import Answer, RetrievalFilters
from reportqa.text import renumber
from reportqa.words import content_terms

# a preposition a wh-word may follow ("for how long", "after how many", "about how much")
_PREPOSITION = (
    r"(?:at|in|to|by|from|for|on|of|with|after|before|since|until|within|under|over|about|"
    r"around|between|among|during|per|through|across|into)"
)
# ", and at what rate?", ", and why?", ", and how many …": a second question after a
# comma; a wh-word without the comma ("the risks and how they are managed") is a clause
_SECOND = re.compile(
    rf",\s*and\s+(?=(?:{_PREPOSITION}\s+)?"
    r"(?:what|which|who|whom|whose|when|where|why|how)\b)",
    re.I,
)
_AUXILIARY = r"(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)"
# "… in 2012 and how far were they below …?", "… and what investment does it say …?":
# without the comma, a wh-word followed by an inverted auxiliary still starts a question
# ("the risks and how they are managed", its subject before the verb, is a clause)
_SECOND_INVERTED = re.compile(
    r"\s+and\s+(?=(?:(?:what|which)(?:\s+(?!(?:they|it|he|she|we|you|i|this|these|those|"
    r"the|a|an|its|their|his|her|our)\b)[\w'’-]+){0,3}"
    r"|how(?:\s+(?:much|many)(?:\s+[\w'’-]+){1,3}|\s+(?:far|long|large|big|often|old|high|"
    r"low|fast|sharply|quickly))?"
    rf"|when|where|why)\s+{_AUXILIARY}\b)",
    re.I,
)
# the first part must be a question of its own: led by a wh-word or an auxiliary, after
# a phrase setting its scene ("Under the adverse scenario, where …")
_ASKS = re.compile(
    rf"^\s*(?:(?:{_PREPOSITION}|according to [^,]+,)\s+"
    rf"|(?:{_PREPOSITION}|according)\b[^,?]{{0,80}},\s*)?"
    r"(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|has|"
    r"have|had|can|could|will|would|should)\b",
    re.I,
)


def parts_of(question: str) -> tuple[str, str] | None:
    """The two questions of a compound one, each as a question of its own; None for a
    question asking one thing."""
    m = _SECOND.search(question) or _SECOND_INVERTED.search(question)
    if m is None or not _ASKS.match(question):
        return None
    first = question[: m.start()].rstrip(" ,;") + "?"
    second = question[m.end() :].strip()
    if len(first.split()) < 3 or not second.strip(" ?"):
        return None
    second = second[:1].upper() + second[1:]
    return first, second if second.endswith("?") else second + "?"


def with_parts(
    question: str,
    whole: Answer,
    parts: Sequence[tuple[str, Answer]],
    coverage: Callable[[str, str], float] | None = None,
) -> Answer:
    """``whole`` (the question answered as asked) with the answers of its parts that cite
    a passage it does not, renumbered after it; parts nobody answers named in a notice.
    An abstained whole gives way to its answered parts.

    ``coverage(question, text)``: how much of a part's question a text says. A part's
    answer is added only where it says more of the part than the answer so far: the
    sentence answering "how many cases, and at what rate?" may hold both figures."""
    kept = [whole] if whole.status != "abstained" else []
    cited_whole = [c for c in whole.citations if not c.related] if kept else []
    quoted = {c.quote for c in cited_whole}
    reports = {c.doc_id for c in cited_whole}
    unanswered = []
    for asked, answer in parts:
        if answer.status == "abstained":
            unanswered.append(asked)
            continue
        cited = [c for c in answer.citations if not c.related]
        if not cited or {c.quote for c in cited} <= quoted:
            continue  # it says nothing the answer does not
        if reports and not {c.doc_id for c in cited} <= reports:
            continue  # both parts ask of the report the whole is answered from
        if kept and _restates(answer, kept):
            continue
        if answer.claims and len({(c.value, c.unit) for c in whole.claims}) >= _BOTH_FIGURES:
            continue  # one sentence gave a figure for each part: "40 ferries, at 62%"
        if kept and coverage is not None and not answer.claims:
            # (a part giving a figure the answer so far does not, which states fewer than
            # one a part, adds it: "dormant after six months" beside "reminders for three
            # years", though both sentences speak of dormant accounts)
            said = " ".join(c.quote for a in kept for c in a.citations if not c.related)
            if coverage(asked, " ".join(c.quote for c in cited)) <= coverage(asked, said):
                continue  # the answer so far says as much of this part
        kept.append(answer)
        quoted |= {c.quote for c in cited}
    if not kept or kept == [whole]:
        return whole
    joined = joined_answers(question, kept)
    if unanswered and len(unanswered) < len(parts):
        said = "; ".join(f"“{q}”" for q in unanswered)
        joined.notice = f"The reports do not answer {said}"
    return joined


_BOTH_FIGURES = 2


def _restates(answer: Answer, kept: Sequence[Answer]) -> bool:
    """Does ``answer`` give only figures the answers kept already state?"""
    figures = {(c.value, c.unit) for c in answer.claims}
    stated = {(c.value, c.unit) for a in kept for c in a.claims}
    return bool(figures) and figures <= stated


def joined_answers(question: str, answers: Sequence[Answer]) -> Answer:
    """One answer of several: their texts one after the other, their citations numbered
    on (the second answer's [1] becomes [3] after two), claims and conflicts with them."""
    texts, citations, claims, conflicts = [], [], [], []
    offset = 0
    for answer in answers:
        mapping = {c.n: c.n + offset for c in answer.citations}
        texts.append(renumber(answer.answer, mapping))
        citations += [c.model_copy(update={"n": mapping[c.n]}) for c in answer.citations]
        claims += [
            claim.model_copy(update={"citation": mapping.get(claim.citation, claim.citation)})
            for claim in answer.claims
        ]
        for conflict in answer.conflicts:
            values = [
                v.model_copy(update={"citation": mapping.get(v.citation, v.citation)})
                for v in conflict.values
            ]
            conflicts.append(conflict.model_copy(update={"values": values}))
        offset = max((c.n for c in citations), default=offset)
    status = "conflict" if any(a.status == "conflict" for a in answers) else "answered"
    return Answer(
        question=question,
        status=status,
        answer="\n\n".join(t for t in texts if t.strip()),
        citations=citations,
        claims=claims,
        conflicts=conflicts,
    )


def ask_in_parts(
    answerer: object,
    question: str,
    whole: Answer,
    k: int | None = None,
    filters: RetrievalFilters | None = None,
) -> Answer:
    """``whole`` completed by the answers of the question's two parts, the second read
    as a follow-up of the first; ``whole`` itself for a question asking one thing."""
    parts = parts_of(question)
    if parts is None:
        return whole
    from reportqa.dialogue import Conversation  # it answers through the answerer

    conversation = Conversation(answerer)  # type: ignore[arg-type]
    followup = conversation.settings
    conversation.settings = followup.model_copy(
        update={"max_pronoun_terms": followup.part_pronoun_terms}
    )
    first = conversation.ask(parts[0], filters=filters, k=k)
    second = conversation.ask(parts[1], filters=filters, k=k)
    answered = [(parts[0], first)]
    if second.understood_as is not None or len(content_terms(parts[1])) >= _OWN_TERMS:
        # "at what rate?" not understood against the first part would, asked alone, be
        # answered about anything
        answered.append((second.understood_as or parts[1], second))
    stats = answerer.corpus_stats()  # type: ignore[attr-defined]
    lenses: dict[str, Lens] = {}

    def coverage(asked: str, text: str) -> float:
        if asked not in lenses:
            lenses[asked] = Lens(analyse(asked), stats, stats.hints(asked))
        return lenses[asked].coverage(text)

    return with_parts(question, whole, answered, coverage)


_OWN_TERMS = 2  # the telling words a second part needs to be asked on its own
