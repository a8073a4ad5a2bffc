"""Fusion rules as plain functions over per-passage scores."""

from __future__ import annotations

import numpy as np
import pytest

from reportqa.fusion import dbsf, distribution_normalised, rrf


def test_distribution_normalised_maps_mean_and_three_sd() -> None:
    scores = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    out = distribution_normalised(scores)
    mean, sd = scores.mean(), scores.std()
    assert out[2] == pytest.approx(0.5)  # the mean
    # mean - 3 sd would map to 0 and mean + 3 sd to 1
    assert list(out) == pytest.approx(list((scores - (mean - 3 * sd)) / (6 * sd)))
    assert out[-1] - out[0] == pytest.approx((scores[-1] - scores[0]) / (6 * sd))
    assert list(np.argsort(out)) == list(np.argsort(scores))  # order kept, nothing clipped
    assert list(distribution_normalised(np.array([2.0, 2.0]))) == [0.5, 0.5]
    assert distribution_normalised(np.array([])).size == 0


def test_dbsf_keeps_a_clear_lexical_lead_that_rank_fusion_loses() -> None:
    """Passage 0 is far ahead on BM25 (an exact name) and middling on dense; 1-3 are a bit
    better than average on both. Rank fusion puts 1-3 first; score fusion keeps 0 first."""
    dense = np.array([0.30, 0.45, 0.44, 0.43] + [0.2] * 40)
    lexical = np.array([30.0, 4.0, 4.1, 4.2] + [0.5] * 40)
    fused = dbsf(dense, lexical, dense_weight=0.6)
    assert int(np.argmax(fused)) == 0
    dense_rank = [str(i) for i in np.argsort(-dense, kind="stable")]
    lexical_rank = [str(i) for i in np.argsort(-lexical, kind="stable")]
    by_rank = rrf([dense_rank, lexical_rank])
    assert max(by_rank, key=by_rank.get) != "0"


def test_dbsf_weights_and_missing_lexical_side() -> None:
    dense = np.array([0.9, 0.1, 0.5])
    lexical = np.array([0.0, 9.0, 1.0])
    assert int(np.argmax(dbsf(dense, lexical, dense_weight=1.0))) == 0
    assert int(np.argmax(dbsf(dense, lexical, dense_weight=0.0))) == 1
    assert list(dbsf(dense, None)) == pytest.approx(list(distribution_normalised(dense)))


def test_rrf_scales_first_everywhere_to_one() -> None:
    fused = rrf([["a", "b"], ["a", "c"]], k=60)
    assert fused["a"] == pytest.approx(1.0)
    assert fused["b"] == pytest.approx(fused["c"]) and fused["b"] < 0.5
    assert rrf([["a"], []])["a"] == pytest.approx(0.5)
