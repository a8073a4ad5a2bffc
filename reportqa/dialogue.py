"""A conversation with the reports: follow-ups are read against the earlier turns.

:class:`Conversation` keeps the last turns of one asker. ``ask("And what about
exports?")`` resolves the follow-up (:mod:`reportqa.followup`), answers the question as
understood with the inherited filters, and returns an :class:`Answer` whose
``question`` is what was typed and whose ``understood_as`` is what was answered. The
chat, the CLI (``reportqa ask --follow-up``) and a library user all go through here.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from reportqa.answering import asked_years
from reportqa.followup import Context, Resolution, Turn, resolve
from reportqa.lexicon import activate
from reportqa.models import Answer, RetrievalFilters


class AnswererLike(Protocol):
    settings: Any
    retriever: Any

    def ask(
        self, question: str, k: int | None = None, filters: RetrievalFilters | None = None
    ) -> Answer: ...


def turn_of(question: str, answer: Answer, filters: RetrievalFilters | None) -> Turn:
    """What a later follow-up needs of an answered question."""
    cited = [c for c in answer.citations if not c.related]
    doc_ids: list[str] = []
    titles: list[str] = []
    for c in cited:
        if c.doc_id not in doc_ids:
            doc_ids.append(c.doc_id)
            titles.append(c.title or Path(c.source).name)
    figure = next((c for c in answer.claims if c.verified and c.citation is not None), None)
    citation = next((c for c in cited if figure and c.n == figure.citation), None)
    # "who said that?" asks after a statement: a cited quotation ("“Literacy is …”") before
    # the first sentence cited
    quoted = next((c for c in cited if c.quote.lstrip().startswith(("“", '"'))), None)
    quote = _first_sentence((quoted or cited[0]).quote) if cited else None
    if answer.status == "abstained":
        doc_ids, titles, figure, citation, quote = [], [], None, None, None
    return Turn(
        question=question,
        filters=filters,
        doc_ids=doc_ids,
        titles=titles,
        figure=figure,
        citation=citation,
        quote=quote,
    )


def _first_sentence(text: str) -> str | None:
    """The quote's first sentence, its closing stop left off ("who said that?" asks about
    one statement)."""
    text = " ".join(text.split()).strip(' “”"')
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text, maxsplit=1)[0]
    return first.rstrip(".") or None


class Conversation:
    """The turns of one conversation and the answerer that answers them."""

    def __init__(self, answerer: AnswererLike, turns: Sequence[Turn] = ()) -> None:
        self.answerer = answerer
        self.settings = answerer.settings.followup
        self.turns: list[Turn] = list(turns)[-self.settings.history :]

    @classmethod
    def from_answers(
        cls,
        answerer: AnswererLike,
        answers: Sequence[Answer],
        filters: RetrievalFilters | None = None,
    ) -> Conversation:
        """A conversation whose earlier turns are these answers (e.g. the chat's history)."""
        turns = [turn_of(a.understood_as or a.question, a, filters) for a in answers]
        return cls(answerer, turns)

    # ------------------------------------------------------------------ steps
    def understand(
        self, question: str, filters: RetrievalFilters | None = None
    ) -> Resolution | None:
        """The question as understood against the earlier turns (None: as asked)."""
        if not self.turns:
            return None
        settings = self.answerer.settings
        activate(settings.profile, settings.home)
        retriever = self.answerer.retriever
        records = retriever.records()
        context = Context(
            stats=retriever.corpus_stats(),
            doc_ids=[r.doc_id for r in records],
            titles={r.doc_id: r.title for r in records if r.title},
            related=self._related,
            max_fragment_words=self.settings.max_fragment_words,
            max_pronoun_terms=self.settings.max_pronoun_terms,
            weights=self.settings.slots,
        )
        return resolve(self.turns, question, filters, context)

    def plan(
        self, question: str, filters: RetrievalFilters | None = None
    ) -> tuple[Resolution | None, str, RetrievalFilters | None]:
        """(the resolution, the question to answer, the filters to answer it with)."""
        resolution = self.understand(question, filters)
        if resolution is None:
            return None, question, filters
        return resolution, resolution.question, resolution.filters

    def remember(
        self,
        question: str,
        resolution: Resolution | None,
        answer: Answer,
        filters: RetrievalFilters | None = None,
    ) -> Answer:
        """Record the turn; the answer shows what was typed and how it was understood."""
        asked = resolution.question if resolution else question
        used = resolution.filters if resolution else filters
        if resolution is not None:
            answer.question = question
            answer.understood_as = resolution.understood
            if resolution.compare and resolution.previous is not None:
                answer = compared(answer, resolution.previous, resolution.compare, asked)
        self.turns.append(turn_of(asked, answer, used))
        self.turns = self.turns[-self.settings.history :]
        return answer

    def ask(
        self, question: str, filters: RetrievalFilters | None = None, k: int | None = None
    ) -> Answer:
        """Answer ``question`` as a turn of this conversation."""
        resolution, asked, used = self.plan(question, filters)
        answer = self.answerer.ask(asked, k=k, filters=used)
        return self.remember(question, resolution, answer, filters)

    # ------------------------------------------------------------------ corpus
    def _related(self, word: str, other: str) -> float:
        """How often the corpus lists ``word`` with ``other`` ("imports and exports",
        "oil or gas"): words listed together play one role. 0 to 1."""
        n = self.settings.related_passages
        if n == 0 or word == other:
            return 0.0
        cache = self.__dict__.setdefault("_passages", {})
        if word not in cache:
            cache[word] = [p.text for p in self.answerer.retriever.retrieve(word, k=n)]
        a, b = re.escape(word[:5]), re.escape(other[:5])
        link = r"\s*(?:/|&|\band\b|\bor\b|\bversus\b|\bvs\.?)\s*(?:the\s+)?"
        joined = re.compile(rf"\b(?:{a}\w*{link}{b}\w*|{b}\w*{link}{a}\w*)\b", re.I)
        # a comma joins a list only where the list goes on ("Kenya, Uganda and Peru"), not
        # after an opening phrase ("In Kenya, the ministry ...")
        listed = r",\s*(?:the\s+)?"
        more = r"\w*\s*(?:,|\band\b|\bor\b)"
        comma = re.compile(rf"\b(?:{a}\w*{listed}{b}{more}|{b}\w*{listed}{a}{more})", re.I)
        hits = sum(bool(joined.search(t) or comma.search(t)) for t in cache[word])
        return min(1.0, hits / 2)


# ----------------------------------------------------------------------------- comparisons
def compared(answer: Answer, previous: Turn, way: str, asked: str) -> Answer:
    """Put the previous figure beside the new one: "Yes: 91% (2024) is more than 85%
    (2020)", or for a question of how they compare "6.1% is less than 8.5%". The previous
    figure's citation joins the answer, so both numbers stay cited."""
    from reportqa.answering import verify

    answer = answer.model_copy(deep=True)
    new = next((c for c in answer.claims if c.verified and c.citation is not None), None)
    old, old_citation = previous.figure, previous.citation
    if answer.status == "abstained" or new is None or old is None or old_citation is None:
        return answer
    if new.unit != old.unit:
        return answer
    n = max((c.n for c in answer.citations), default=0) + 1
    answer.citations.append(old_citation.model_copy(update={"n": n}))
    then = _year_label(previous.question)
    now = _year_label(asked)
    if way == "compare":  # "How does that compare with York?": the new figure beside the old
        relation = (
            "the same as" if old.value == new.value
            else "more than" if new.value > old.value else "less than"
        )  # fmt: skip
        lead = f"{new.text}{now} [{new.citation}] is {relation} {old.text}{then} [{n}]."
        answer.answer = f"{lead} {answer.answer}"
        answer.claims = verify(answer)
        return answer
    bigger = old.value > new.value
    smaller = old.value < new.value
    holds = bigger if way == "more" else smaller
    relation = "more" if way == "more" else "less"
    if old.value == new.value:
        lead = f"No: the same, {old.text}{then} [{n}] and {new.text}{now} [{new.citation}]."
    else:
        verdict = "Yes" if holds else "No"
        negation = "" if holds else "not "
        lead = (
            f"{verdict}: {old.text}{then} [{n}] is {negation}{relation} than "
            f"{new.text}{now} [{new.citation}]."
        )
    answer.answer = f"{lead} {answer.answer}"
    answer.claims = verify(answer)
    return answer


def _year_label(question: str) -> str:
    years = asked_years(question)
    return f" ({years[0]})" if years else ""


# ----------------------------------------------------------------------------- the CLI's turns
def load_turns(path: Path) -> list[Turn]:
    """The turns saved by the last `reportqa ask` (none when there is no readable file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Turn.model_validate(t) for t in data.get("turns", [])]
    except (OSError, ValueError, AttributeError, TypeError):
        return []


def save_turns(path: Path, turns: Sequence[Turn]) -> None:
    """Write the turns atomically: two asks at once leave one whole file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"turns": [t.model_dump(mode="json") for t in turns]}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".conversation-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
