"""Fitting the weights of many-sentence answers (evals/fit_synthesis.py): the labels, the
choice replayed under other weights, and the settings printed."""

from __future__ import annotations

from evals.fit_synthesis import QuestionSentences, as_settings, covered, spans_held
from reportqa.answering.candidates import Candidate
from reportqa.config import SynthesisSettings
from reportqa.models import ScoredPassage
from reportqa.synthesis import ScoredSentence

SPANS = ["Dues rose by a third after the dredging", "Ships moved to the west quay"]


def sentence(text: str, relevance: float, apparatus: float = 0.0) -> ScoredSentence:
    p = ScoredPassage(doc_id="h", chunk_id="h-1", text=text, source="h.pdf", page=1,
                      char_start=0, char_end=len(text), score=0.5)  # fmt: skip
    s = ScoredSentence(Candidate(p, 0, 0, len(text), text), {text.split()[0].lower(): 1.0})
    s.relevance = relevance  # on the topic: it may be chosen
    s.features = {"coverage_weight": relevance, "apparatus_penalty": apparatus}
    return s


def test_a_sentence_is_right_for_the_key_spans_it_holds():
    assert spans_held("Harbour dues rose by a third after the dredging of the channel.",
                      SPANS) == {0}  # fmt: skip
    assert spans_held("The harbour has two quays.", SPANS) == frozenset()


def test_the_choice_is_replayed_under_the_weights_given():
    texts = ["Dues rose by a third after the dredging.", "Ships moved to the west quay.",
             "See the annex for dues.", "The harbour master retired."]  # fmt: skip
    sentences = [sentence(texts[0], 0.9), sentence(texts[1], 0.5),
                 sentence(texts[2], 1.0, apparatus=-1.0), sentence(texts[3], 0.8)]  # fmt: skip
    gold = {"id": "h-1", "expected": {"key_evidence": SPANS, "min_cited": 2}}
    q = QuestionSentences("h", gold, sentences, [spans_held(t, SPANS) for t in texts])
    cfg = SynthesisSettings(min_sentences=2, max_sentences=2, keep_share=0.0)
    weights = {"coverage_weight": 1.0, "apparatus_penalty": 1.0}
    # relevance alone keeps the pointer to the annex beside a key sentence
    assert not covered(q, {"coverage_weight": 1.0}, cfg)
    # with the penalty, the retired harbour master (0.8) still outranks the quay (0.5)
    assert not covered(q, weights, cfg)
    sentences[3].features["coverage_weight"] = 0.1
    assert covered(q, weights, cfg)  # both key sentences kept


def test_settings_are_scaled_to_the_coverage_weight_and_penalties_stay_positive():
    out = as_settings({"coverage_weight": 2.0, "focus_weight": 1.0, "note_penalty": -0.4}, 1.0)
    assert out == {"synthesis": {"coverage_weight": 1.0, "focus_weight": 0.5, "note_penalty": 0.0}}
