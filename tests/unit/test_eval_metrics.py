"""The eval metrics on hand-made answers: each can fail, none needs a model or a store."""

from __future__ import annotations

import pytest

from evals.metrics import (
    abstention_scores,
    accuracy_by_kind,
    citation_precision,
    citation_support,
    cited_sentences,
    conflict_recall,
    footnote_correct,
    mean_reciprocal_rank,
    percentile,
    quote_supports,
    rate,
    recall_at_k,
    unverified_numbers,
)
from evals.scoring import is_correct

QUOTE = "In 2024, China accounted for 91% of global rare earth refining."
PASSAGE = "Rare earths. " + QUOTE + " Mining is more spread out."


def citation(n: int = 1, quote: str = QUOTE, passage: str = PASSAGE, **extra) -> dict:
    return {
        "n": n,
        "doc_id": "d",
        "chunk_id": f"c{n}",
        "source": "corpus/x.txt",
        "quote": quote,
        "passage": passage,
        "char_start": 0,
        "char_end": len(quote),
        "footnotes": extra.pop("footnotes", []),
        "related": extra.pop("related", False),
        **extra,
    }


def answer(text: str, citations: list[dict] | None = None, status: str = "answered") -> dict:
    return {
        "question": "q",
        "status": status,
        "answer": text,
        "citations": citations if citations is not None else [citation()],
        "claims": [],
        "conflicts": [],
    }


# ----------------------------------------------------------------------------- retrieval
def test_recall_at_k_counts_ranks_within_k_and_misses():
    ranks = [1, 2, 5, None, 11]
    assert recall_at_k(ranks, 1) == pytest.approx(1 / 5)
    assert recall_at_k(ranks, 3) == pytest.approx(2 / 5)
    assert recall_at_k(ranks, 5) == pytest.approx(3 / 5)
    assert recall_at_k(ranks, 10) == pytest.approx(3 / 5)
    assert recall_at_k([], 5) == 0.0


def test_mrr_is_mean_of_reciprocal_first_hit_rank():
    assert mean_reciprocal_rank([1, 2, None, 4]) == pytest.approx((1 + 0.5 + 0 + 0.25) / 4)
    assert mean_reciprocal_rank([None, None]) == 0.0


# ----------------------------------------------------------------------------- accuracy
def test_accuracy_by_kind_and_overall():
    table = accuracy_by_kind([("numeric", True), ("numeric", False), ("list", True)])
    assert table == {"all": (2, 3), "list": (1, 1), "numeric": (1, 2)}
    assert rate(table["numeric"]) == 0.5
    assert rate((0, 0)) == 0.0


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("69 per cent", "69%"),
        ("350 000 tonnes", "350,000t"),
        ("13 to 18 billion dollars", "$13–18bn"),
    ],
)
def test_numeric_accuracy_is_unit_aware(stated, expected):
    gold = {"kind": "numeric", "expected": {"quantities": [expected]}, "evidence": []}
    right = answer(f"The figure is {stated} [1].")
    assert is_correct(right, gold)
    wrong = answer("The figure is 12 per cent [1].")
    assert not is_correct(wrong, gold)


def test_a_stated_range_states_each_of_its_ends():
    gold = {"kind": "numeric", "expected": {"quantities": ["Rs 40", "Rs 150"]}, "evidence": []}
    assert is_correct(answer("Dues range between Rs.40 to Rs.150 a month [1]."), gold)
    # an end alone, or the ends in another unit, is not both
    assert not is_correct(answer("Dues start at Rs 40 [1]."), gold)
    assert not is_correct(answer("Dues range between 40 to 150 tonnes [1]."), gold)
    # a range asked is matched as a range
    spans = {"kind": "numeric", "expected": {"quantities": ["$13–18bn"]}, "evidence": []}
    assert not is_correct(answer("It costs $13 billion [1]."), spans)


def test_numeric_tolerance_accepts_close_values_only():
    gold = {"kind": "numeric", "expected": {"quantities": ["90%"], "tolerance": 1.0}}
    assert is_correct(answer("About 91% [1]."), gold)
    assert not is_correct(answer("About 93% [1]."), gold)


def test_correct_needs_the_evidence_cited():
    gold = {
        "kind": "numeric",
        "expected": {"quantities": ["91%"]},
        "evidence": [{"doc": "x", "span": "China accounted for 91% of global rare earth refining"}],
    }
    assert is_correct(answer("China held 91% [1]."), gold)
    elsewhere = citation(quote="91% of something", passage="91% of something else entirely")
    assert not is_correct(answer("China held 91% [1].", [elsewhere]), gold)


def test_a_footnote_a_citation_quotes_is_evidence_cited():
    gold = {
        "kind": "text",
        "expected": {"any_of": ["Harbour Survey"]},
        "evidence": [{"doc": "x", "span": "Coastal Office, Harbour Survey 2022, p. 4."}],
    }
    note = {"n": 1, "text": "Coastal Office, Harbour Survey 2022, p. 4."}
    marked = citation(quote="Traffic fell.¹", passage="Traffic fell.¹ Fees rose.")
    assert not is_correct(answer("Harbour Survey [1].", [marked]), gold)
    marked["footnotes"] = [note]
    assert is_correct(answer("Harbour Survey [1].", [marked]), gold)


def test_a_list_whose_items_are_passages_of_their_own_is_evidence_cited_together():
    gold = {
        "kind": "list",
        "expected": {"all_of": ["ferries", "bridges"]},
        "evidence": [{"doc": "x", "span": "1. Renew the ferries; and 2. Repair the bridges."}],
    }
    items = [
        citation(quote="1. Renew the ferries; and", passage="1. Renew the ferries; and"),
        citation(quote="2. Repair the bridges.", passage="2. Repair the bridges."),
    ]
    assert is_correct(answer("Ferries [1]; bridges [2].", items), gold)
    assert not is_correct(answer("Ferries [1]; bridges [2].", items[:1]), gold)
    assert not is_correct(answer("Ferries [1]; bridges [2].", items[::-1]), gold)


def test_a_trade_mark_sign_is_the_letters_it_stands_for():
    from evals.questions import holds_evidence

    assert holds_evidence("known as the FerryTrack (FTRKTM) system", "the FerryTrack (FTRK™)")
    assert not holds_evidence("known as the FerryTrack (FTRK) system", "the FerryTrack (FTRK™)")


# ----------------------------------------------------------------------------- citations
def test_cited_sentences_split_at_markers():
    text = "First claim 91% [1]. Second one [2] and both [1, 2]"
    got = cited_sentences(text)
    assert got[1] == ["First claim 91%", "and both"]
    assert got[2] == [". Second one", "and both"]


def test_quote_supports_sentence_with_its_numbers():
    assert quote_supports("China accounted for 91% of global refining in 2024", QUOTE, PASSAGE)
    # a number the quote does not state
    assert not quote_supports("China held 93% of global refining in 2024", QUOTE, PASSAGE)
    # a quote that is not a span of its passage
    assert not quote_supports("China held 91% of refining", QUOTE, "another passage")
    # a sentence that has nothing to do with the quote
    assert not quote_supports("Japan invested in France", QUOTE, PASSAGE)


def test_citation_precision_over_answers():
    good = answer("In 2024 China accounted for 91% of global rare earth refining [1].")
    changed = answer("In 2024 China accounted for 97% of global rare earth refining [1].")
    dangling = answer("China accounted for 91% of global refining [1].", citations=[])
    unused = answer("No marker here.", [citation()])
    assert citation_support(good) == (1, 1)
    assert citation_support(changed) == (0, 1)
    assert citation_support(dangling) == (0, 1)
    assert citation_support(unused) == (0, 1)
    assert citation_precision([good, changed]) == 0.5


def test_related_citations_of_an_abstention_are_not_claims():
    abstained = answer(
        "The reports do not answer this question.",
        [citation(related=True)],
        status="abstained",
    )
    assert citation_support(abstained) == (0, 0)


# ----------------------------------------------------------------------------- footnotes
def test_footnote_accuracy_needs_the_named_footnote_with_the_source():
    gold = {"kind": "source", "expected": {"any_of": ["IEA"], "footnote": 13}}
    note = {"n": 13, "text": "IEA, 'Rare Earth Elements', 2025"}
    assert footnote_correct(answer("x [1]", [citation(footnotes=[note])]), gold) is True
    wrong_n = {"n": 12, "text": "IEA, 'Rare Earth Elements', 2025"}
    assert footnote_correct(answer("x [1]", [citation(footnotes=[wrong_n])]), gold) is False
    wrong_text = {"n": 13, "text": "USGS, Mineral Commodity Summaries"}
    assert footnote_correct(answer("x [1]", [citation(footnotes=[wrong_text])]), gold) is False
    assert footnote_correct(answer("x [1]"), {"kind": "text", "expected": {}}) is None


# ----------------------------------------------------------------------------- abstention
def test_abstention_precision_and_recall():
    pairs = [
        ("unanswerable", "abstained"),
        ("unanswerable", "answered"),
        ("numeric", "abstained"),
        ("numeric", "answered"),
    ]
    assert abstention_scores(pairs) == (0.5, 0.5)
    never = [("unanswerable", "answered"), ("numeric", "answered")]
    assert abstention_scores(never) == (1.0, 0.0)


def test_conflict_recall_needs_status_and_listed_conflicts():
    flagged = {"status": "conflict", "conflicts": [{"quantity": "share", "values": []}]}
    unlisted = {"status": "conflict", "conflicts": []}
    plain = {"status": "answered", "conflicts": []}
    pairs = [("conflict", flagged), ("conflict", unlisted), ("conflict", plain), ("numeric", plain)]
    assert conflict_recall(pairs) == pytest.approx(1 / 3)


# ----------------------------------------------------------------------------- numbers
def test_unverified_numbers_are_rechecked_not_trusted():
    honest = answer("China accounted for 91% of global rare earth refining [1].")
    assert unverified_numbers(honest) == 0
    lying = answer("China accounted for 96% of global rare earth refining [1].")
    lying["claims"] = [{"text": "96%", "value": 96, "unit": "%", "citation": 1, "verified": True}]
    assert unverified_numbers(lying) == 1


def test_percentile_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) == 0.0


def test_a_year_asked_as_a_number_is_found_among_the_answers_years() -> None:
    from evals.scoring import quantities_match

    assert quantities_match({"answer": "The system was initiated in 2002 [1]."}, ["2002"])
    assert not quantities_match({"answer": "The system was initiated in 2003 [1]."}, ["2002"])


def test_a_count_written_in_words_states_the_number():
    from evals.scoring import quantities_match

    said = {"answer": "It follows four consecutive poor rainy seasons [1]."}
    assert quantities_match(said, ["4"])
    assert quantities_match(said, ["four"])
    assert not quantities_match(said, ["5"])
    assert not quantities_match({"answer": "Fourteen were open [1]."}, ["4"])


def test_a_wrong_answer_is_told_by_its_cause():
    from evals.scoring import FAILURE_CAUSES, failure_cause

    span = "admissions fell by 12% in 2022"
    gold = {"kind": "numeric", "question": "q", "expected": {"quantities": ["12%"]},
            "evidence": [{"doc": "d", "page": 2, "span": span}]}  # fmt: skip
    cited = {"passage": "Admissions fell by 12% in 2022. Staff left.", "quote": "Staff left.",
             "page": 2}  # fmt: skip
    elsewhere = {"passage": "Clinics opened in 2021.", "quote": "Clinics opened.", "page": 3}
    right = {"status": "answered", "answer": "Admissions fell by 12% [1].", "citations": [cited]}
    short = {"status": "answered", "answer": "Staff left [1].", "citations": [cited]}
    wrong = {"status": "answered", "answer": "Clinics opened [1].", "citations": [elsewhere]}
    silent = {"status": "abstained", "answer": "The reports do not answer.", "citations": []}
    assert failure_cause(right, gold) is None
    assert failure_cause(short, gold) == FAILURE_CAUSES[3]
    assert failure_cause(wrong, gold) == FAILURE_CAUSES[2]
    assert failure_cause(silent, gold) == FAILURE_CAUSES[0]
    assert failure_cause(short, {"kind": "unanswerable", "question": "q"}) == FAILURE_CAUSES[1]
    assert failure_cause(silent, {"kind": "unanswerable", "question": "q"}) is None


def test_a_quote_is_on_its_page_on_any_page_that_prints_the_span():
    from evals.scoring import page_checks

    span = "Various industry sources estimate that the two lenders held 40 percent."
    gold = {"evidence": [{"doc": "r.pdf", "page": 6, "span": span}]}
    on = {"citations": [{"quote": span, "page": 20}]}
    assert page_checks(on, gold) == (1, 0)
    printed_twice = {"evidence": [{"doc": "r.pdf", "page": 6, "pages": [6, 20], "span": span}]}
    assert page_checks(on, printed_twice) == (1, 1)
    assert page_checks({"citations": [{"quote": span, "page": 7}]}, printed_twice) == (1, 0)
