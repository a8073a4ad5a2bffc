"""The answerer's sentence-similarity feature, with a stand-in embedder."""

from __future__ import annotations

from reportqa.embedding import HashEmbedder
from reportqa.semantic import SentenceSimilarity
from tests.fixtures.embedders import CountingEmbedder


def test_the_sentence_saying_what_is_asked_is_closest():
    similarity = SentenceSimilarity(HashEmbedder())
    question = "hospital beds per thousand people in rural districts"
    sentences = [
        "The ministry published its annual accounts in March.",
        "Rural districts had 1.2 hospital beds per thousand people.",
        "Vaccination coverage rose in the capital.",
    ]
    scores = similarity.scores(question, sentences)
    assert max(range(3), key=scores.__getitem__) == 1


def test_a_sentence_seen_before_is_not_embedded_again():
    embedder = CountingEmbedder()
    similarity = SentenceSimilarity(embedder, cache_size=10)
    first = similarity.scores("q one", ["alpha beta", "gamma delta"])
    second = similarity.scores("q one", ["gamma delta", "alpha beta", "epsilon"])
    assert embedder.documents == ["alpha beta", "gamma delta", "epsilon"]
    assert second[:2] == [first[1], first[0]]


def test_the_cache_keeps_only_its_size():
    embedder = CountingEmbedder()
    similarity = SentenceSimilarity(embedder, cache_size=2)
    similarity.scores("q", ["a a", "b b", "c c"])
    similarity.scores("q", ["a a"])
    assert embedder.documents.count("a a") == 2
    assert similarity.scores("q", []) == []
