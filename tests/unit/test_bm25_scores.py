"""BM25 scores summed in one pass equal bm25s's own, for every scoring variant."""

from __future__ import annotations

import random

import numpy as np
import pytest

from reportqa.retrieve import bm25_scores

WORDS = "china rare earth export magnet tonnes refining share mine quota licence".split()


@pytest.mark.parametrize("method", ["lucene", "robertson", "bm25+", "bm25l", "atire"])
def test_scores_equal_bm25s(method: str) -> None:
    import bm25s

    rng = random.Random(7)
    corpus = [" ".join(rng.choices(WORDS, k=rng.randint(3, 40))) for _ in range(300)]
    model = bm25s.BM25(method=method)
    model.index(bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False)
    for query in (["china", "export"], ["magnet", "magnet", "quota"], ["tonnes", "unseen"]):
        expected = model.get_scores(query)
        got = bm25_scores(model, query)
        assert got.dtype == expected.dtype
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
        assert list(np.argsort(-got, kind="stable")[:20]) == list(
            np.argsort(-expected, kind="stable")[:20]
        )
    assert not bm25_scores(model, ["unseen"]).any()


def test_a_phrase_of_the_question_is_also_searched_by_its_initials():
    from reportqa.words import initialisms

    found = initialisms("Which harbour's port control board approved the plan?")
    assert "pcb" in found and "tpc" not in found  # no stop word inside a run


def test_a_passage_writing_the_initials_is_found_for_the_words(tmp_path, fake_settings):
    from ingest.pipeline import Ingestor
    from reportqa.retrieve import HybridRetriever

    shelf = tmp_path / "shelf"
    shelf.mkdir()
    for name, who in (("a-council.txt", "the council"), ("b-irb.txt", "the city's IRB")):
        (shelf / name).write_text(
            f"Ferry study\n\nThe ferry study was approved by {who} in 2021.\n", encoding="utf-8"
        )
    Ingestor(fake_settings).ingest([shelf])
    retriever = HybridRetriever(fake_settings)
    index = retriever._passage_index()
    lexical = retriever._bm25_scores(index, "Which institutional review board approved it?")
    by_text = {p.text: float(score) for p, score in zip(index.passages, lexical)}
    irb = next(score for text, score in by_text.items() if "IRB" in text)
    council = next(score for text, score in by_text.items() if "council" in text)
    assert irb > council
