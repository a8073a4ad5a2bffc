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
