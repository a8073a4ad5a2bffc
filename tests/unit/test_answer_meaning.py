"""A sentence closer in meaning to the question wins when the words tie: an analyst's
paraphrase ("shrink") for the report's word ("contract"). A toy embedder stands in for
the retriever's, so the rule is read without a model."""

from __future__ import annotations

import math

import pytest

from reportqa import lexicon
from reportqa.answering import Answerer, Lens, analyse
from reportqa.config import Settings
from reportqa.corpus_stats import CorpusStats
from reportqa.models import DocumentRecord, ScoredPassage

# words of one meaning share a dimension
_SENSES = {"shrink": 0, "contract": 0, "decline": 0, "grow": 1, "expand": 1, "rise": 1}


class ToyEmbedder:
    name = "toy"

    def _vector(self, text: str) -> list[float]:
        v = [0.0, 0.0, 0.1]
        for word in text.lower().replace(".", " ").replace("?", " ").split():
            for sense, dim in _SENSES.items():
                if word.startswith(sense):
                    v[dim] += 1.0
        norm = math.sqrt(sum(x * x for x in v))
        return [x / norm for x in v]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


def passage(text: str, n: int) -> ScoredPassage:
    return ScoredPassage(
        doc_id="o", chunk_id=f"o-{n}", text=text, title="Regional Outlook", publisher=None,
        date="2023-01", source="o.pdf", page=n, char_start=1000 * n,
        char_end=1000 * n + len(text), kind="prose", score=0.9,
    )  # fmt: skip


def ask(question: str, passages: list[ScoredPassage], meaning: float):
    records = [DocumentRecord(doc_id="o", source="o.pdf", path="o.pdf", content_hash="o",
                              title="Regional Outlook")]  # fmt: skip
    stats = CorpusStats.build(records, passages)

    class Shelf:
        embedder = ToyEmbedder()

        def passages(self) -> list[ScoredPassage]:
            return passages

    settings = Settings(embedding={"backend": "fake"}, answer={"weights": {"meaning": meaning}})
    answerer = Answerer(settings, retriever=Shelf())  # type: ignore[arg-type]
    lens = Lens(analyse(question), stats, stats.hints(question))
    return answerer._answer(question, passages, lens)


PASSAGES = [
    passage("The northern provinces are expected to expand output next year.", 1),
    passage("The northern provinces are expected to contract output next year.", 2),
]


def test_a_paraphrase_is_answered_by_the_sentence_of_its_meaning():
    result = ask("Which provinces are expected to shrink output next year?", PASSAGES, 1.0)
    assert "contract" in result.citations[0].quote


def test_without_the_meaning_weight_the_words_alone_decide():
    result = ask("Which provinces are expected to shrink output next year?", PASSAGES, 0.0)
    # the first of two sentences the words cannot tell apart
    assert "expand" in result.citations[0].quote
