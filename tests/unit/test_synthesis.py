"""Many-sentence answers (summary, why, recommendation, comparison) on reports of other
fields, with no field profile: the kind comes from the question's form, the sentences from
the topic's words, their form and their report."""

from __future__ import annotations

import pytest

from reportqa import lexicon
from reportqa.answering import Lens, analyse, synthesis_kind, topic_of
from reportqa.config import SynthesisSettings
from reportqa.corpus_stats import CorpusStats
from reportqa.models import Answer, DocumentRecord, ScoredPassage
from reportqa.synthesis import synthesise


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Summarise what the guide says about hand hygiene in clinics.", "summary"),
        ("Give an overview of the fiscal outlook for 2024.", "summary"),
        ("What does the survey say about teacher shortages?", "summary"),
        ("What are the main findings on water quality?", "summary"),
        ("Why did inflation fall in 2023?", "why"),
        ("How did the agency come to lower its forecast?", "why"),
        ("What explains the rise in hospital admissions?", "why"),
        ("What does the panel recommend about staffing ratios?", "recommendation"),
        ("What did the experts advise the ministry to do?", "recommendation"),
        ("What does the report ask of donors?", "recommendation"),
        ("How do the reports compare on the cost of the levy?", "comparison"),
        ("What is the difference between the two estimates of turnout?", "comparison"),
        # single facts, whatever else they say
        ("How many clinics opened in 2021?", None),
        ("What share of admissions does the report say fell?", None),
        ("When was the guideline published?", None),
        ("Who wrote the review?", None),
        ("Which agency issued the order?", None),
        ("What was the inflation rate in Chile in 2023?", None),
        ("What levy rate on plastic bags does the council recommend?", None),
        ("What market share do the authors propose as a cap?", None),
        ("What should the levy rate be, according to the council?", "recommendation"),
        # advice asked by its noun or its modal; a reason asked after whose word it is
        ("What options does the report lay out for Congress on port dredging?", "recommendation"),
        (
            "What lesson do the authors draw for policymakers about apprenticeships?",
            "recommendation",
        ),
        (
            "What caution does the bureau give readers about its migration estimates?",
            "recommendation",
        ),
        ("How should clinics store vaccines during power cuts?", "recommendation"),
        (
            "What outstanding steps does the review identify for the customs union?",
            "recommendation",
        ),
        ("According to the 2019 audit, why did the ferry service lose money?", "why"),
        ("What steps did the ministry take in 2019?", None),
    ],
)
def test_kind_comes_from_the_form_of_the_question(question, kind):
    assert synthesis_kind(question) == kind


def test_the_topic_is_the_question_without_its_asking_words():
    topic = topic_of("Summarise what the guide says about hand hygiene in clinics.")
    assert "hand hygiene in clinics" in topic
    assert "summarise" not in topic.lower() and "says" not in topic
    assert "recommend" not in topic_of("What does the panel recommend about staffing?")
    assert "staffing" in topic_of("What does the panel recommend about staffing?")
    # another's findings are what is asked; the report's own are the asking
    assert "findings" in topic_of("Summarise the inspector's findings on the ferry.")
    assert "findings" not in topic_of("Summarise the main findings on the ferry.")


def passage(doc: str, text: str, n: int, title: str, section: str = "Findings",
            score: float = 0.9, kind: str = "prose") -> ScoredPassage:  # fmt: skip
    return ScoredPassage(
        doc_id=doc, chunk_id=f"{doc}-{n}", text=text, title=title, publisher=None,
        date="2023-05", source=f"{doc}.pdf", page=n, char_start=1000 * n,
        char_end=1000 * n + len(text), kind=kind, score=score, section=section,
    )  # fmt: skip


WATER = "Rural Water Survey"
SCHOOLS = "School Staffing Review"
SHELF = [
    passage("w", "Rural households reported contaminated wells in 40% of villages. Water "
            "quality testing was carried out in every district during 2022.", 1, WATER),
    passage("w", "Contamination of wells rose because latrines were dug too close to water "
            "sources. Heavy rains also washed waste into open wells.", 2, WATER),
    passage("w", "Districts should test every well twice a year. The ministry must fund "
            "chlorination for wells found contaminated.", 3, WATER, section="Recommendations"),
    passage("w", "The survey team thanks the district officers for their help with logistics "
            "and transport during the fieldwork.", 4, WATER, score=0.5),
    passage("s", "Teacher vacancies stood at 12% of posts in rural schools in 2022. Pupil "
            "numbers grew faster than training places.", 1, SCHOOLS, score=0.6),
]  # fmt: skip


def synthesis(question: str, passages=SHELF, **settings) -> Answer | None:
    records = [
        DocumentRecord(doc_id=d, source=f"{d}.pdf", path=f"{d}.pdf", content_hash=d,
                       title=next(p.title for p in passages if p.doc_id == d))
        for d in dict.fromkeys(p.doc_id for p in passages)
    ]  # fmt: skip
    stats = CorpusStats.build(records, passages)
    kind = synthesis_kind(question)
    assert kind is not None
    lens = Lens(analyse(topic_of(question)), stats, stats.hints(question))
    return synthesise(question, kind, passages, lens, SynthesisSettings(**settings), records)


def quotes(answer: Answer) -> list[str]:
    return [c.quote for c in answer.citations]


def test_a_summary_cites_every_sentence_it_says_in_report_order():
    answer = synthesis("Summarise what the survey says about contaminated wells.")
    assert answer is not None and answer.status == "answered"
    assert len(answer.citations) >= 2
    for c in answer.citations:
        assert c.quote in answer.answer and f"[{c.n}]" in answer.answer
    starts = [c.char_start for c in answer.citations]
    assert starts == sorted(starts)  # one report: its own order
    assert all("thanks" not in q for q in quotes(answer))  # not on the topic


def test_why_prefers_the_sentence_that_gives_a_reason():
    answer = synthesis("Why did contamination of wells rise?", max_sentences=1,
                       min_sentences=1, reason_followers=0)  # fmt: skip
    assert answer is not None
    assert quotes(answer) == [
        "Contamination of wells rose because latrines were dug too close to water sources."
    ]


def test_a_summary_of_results_prefers_the_sentences_stating_figures():
    method = (
        "The survey of wells was carried out by district teams using a common "
        "questionnaire in every village."
    )
    found = (
        "Contaminated wells were found in 40% of villages, and 1,200 wells were closed by "
        "the district teams."
    )
    survey = [passage("w", method, 1, WATER, score=0.95), passage("w", found, 2, WATER, score=0.8)]
    answer = synthesis("Summarise the main results of the survey of wells.", survey,
                       max_sentences=1, min_sentences=1)  # fmt: skip
    assert answer is not None
    assert quotes(answer) == [survey[1].text]
    # asked what the survey says of its method, the figures get no bonus
    answer = synthesis("Summarise how the survey of wells was carried out.", survey,
                       max_sentences=1, min_sentences=1)  # fmt: skip
    assert answer is not None and quotes(answer) == [survey[0].text]


def test_a_recommendation_question_finds_the_advice():
    answer = synthesis("What does the survey recommend about contaminated wells?",
                       max_sentences=2, min_sentences=1)  # fmt: skip
    assert answer is not None
    assert any(q.startswith(("Districts should", "The ministry must")) for q in quotes(answer))


def test_nothing_on_the_topic_is_no_answer():
    assert synthesis("Summarise what the survey says about railway timetables.") is None


def test_a_comparison_lines_up_every_report_that_speaks():
    answer = synthesis("How do the reports compare on rural shortages in 2022?",
                       max_sentences=1, min_sentences=1, min_relevance=0.2)  # fmt: skip
    assert answer is not None
    assert {c.doc_id for c in answer.citations} == {"w", "s"}
    assert answer.answer.startswith((f"{WATER}:", f"{SCHOOLS}:"))
    assert f"\n\n{SCHOOLS}:" in answer.answer or f"\n\n{WATER}:" in answer.answer


def test_a_repeated_sentence_is_said_once():
    twice = [*SHELF, passage("w", SHELF[1].text, 9, WATER, score=0.88)]
    answer = synthesis("Summarise what the survey says about contaminated wells.", twice)
    assert answer is not None
    said = [q for q in quotes(answer) if q.startswith("Contamination of wells rose")]
    assert len(said) == 1


def test_a_sentence_ending_in_a_colon_brings_its_items():
    listing = [
        passage("w", "The survey recommended three changes to well maintenance:", 1, WATER,
                section="Maintenance"),
        passage("w", "1. Cap every open well with a concrete slab.", 2, WATER,
                section="Maintenance", score=0.3),
        passage("w", "2. Train one caretaker for each village well.", 3, WATER,
                section="Maintenance", score=0.3),
    ]  # fmt: skip
    answer = synthesis("Summarise the changes to well maintenance.", listing, min_words=4)
    assert answer is not None
    assert any("caretaker" in q for q in quotes(answer))
    assert any("concrete slab" in q for q in quotes(answer))


def test_reports_side_by_side_are_named_by_publisher_when_that_tells_them_apart():
    from reportqa.synthesis import _labels

    records = [
        DocumentRecord(doc_id="w", source="w.pdf", path="w.pdf", content_hash="w",
                       title=WATER, publisher="Water Agency"),
        DocumentRecord(doc_id="s", source="s.pdf", path="s.pdf", content_hash="s",
                       title=SCHOOLS, publisher="Education Office"),
    ]  # fmt: skip
    assert _labels(["w", "s"], records) == {"w": "Water Agency", "s": "Education Office"}
    same = [r.model_copy(update={"publisher": "One Ministry"}) for r in records]
    assert _labels(["w", "s"], same) == {"w": WATER, "s": SCHOOLS}


def test_advice_reported_from_another_actor_is_not_the_reports_advice():
    shelf = [
        passage("w", "The ministry's plan states that districts should dig more wells. "
                "Districts should test every well for contamination twice a year.", 1, WATER,
                section="Recommendations"),
    ]  # fmt: skip
    answer = synthesis("What does the survey recommend about wells?", shelf,
                       max_sentences=1, min_sentences=1, min_words=4)  # fmt: skip
    assert answer is not None
    assert [c.quote for c in answer.citations] == [
        "Districts should test every well for contamination twice a year."
    ]


def test_why_keeps_what_the_reason_goes_on_to_say():
    from reportqa.answering.candidates import candidates_of
    from reportqa.synthesis import ScoredSentence, _with_reasons_explained

    reason = passage(
        "h",
        "The sharp decline in equity raised by housing funds in 2008 was largely caused by "
        "the recession and the withdrawal of two state-backed lenders. Together they had "
        "supplied two fifths of the capital before they withdrew. Fund managers also "
        "reported staff turnover.",
        1,
        "Housing Funds Review",
    )
    cause, follower, other = (ScoredSentence(c, {}) for c in candidates_of(reason, 0))
    said = _with_reasons_explained([cause], [cause, follower, other], SynthesisSettings())
    assert said == [cause, follower]
    off = SynthesisSettings(reason_followers=0)
    assert _with_reasons_explained([cause], [cause, follower, other], off) == [cause]
    # a sentence giving no reason brings nothing after it
    assert _with_reasons_explained([other], [cause, follower, other], SynthesisSettings()) == [
        other
    ]


def test_a_numbered_label_of_the_question_keeps_the_reports_that_write_it():
    first, second = "Coastal Fund Review", "Inland Fund Review"
    shelf = [
        passage("c", "The fund supports Target 5 and Target 8 of the coastal plan. Donors "
                "are asked to commit multi-year funding to the coastal plan.", 1, first),
        passage("i", "Reaching Target 4 of the inland plan requires accelerated investment "
                "in rural schools. Donors are asked to commit multi-year funding.", 1, second,
                score=0.8),
    ]  # fmt: skip
    answer = synthesis("What does the fund recommend donors do to reach Target 4?", shelf)
    assert answer is not None and answer.status == "answered"
    assert {c.doc_id for c in answer.citations} == {"i"}, quotes(answer)


def test_a_reports_summary_sections_by_their_usual_names():
    from reportqa.answering import GIST_SECTION
    from reportqa.answering.question_kind import asks_for_gist

    for heading in ("Synthesis", "Main results", "At a glance", "Key findings"):
        assert GIST_SECTION.search(heading), heading
    assert not GIST_SECTION.search("Sampling design")
    assert asks_for_gist("Summarise the main results of the ferry survey.", "summary")
    assert not asks_for_gist("Summarise what the survey says about ferries.", "summary")


def test_a_short_announcer_after_a_kept_sentence_brings_the_items_of_the_next_passages():
    said = passage("w", "The survey will help districts choose ways to keep wells clean and "
                   "safe. These include:", 1, WATER, section="Use")  # fmt: skip
    items = [
        passage("w", "• Capping every open well with a concrete slab;", 2, WATER, section="Use"),
        passage("w", "• Training one caretaker for each village well.", 3, WATER, section="Use"),
    ]
    chain = {said.chunk_id: items[0], items[0].chunk_id: items[1]}
    records = [DocumentRecord(doc_id="w", source="w.pdf", path="w.pdf", content_hash="w",
                              title=WATER)]  # fmt: skip
    stats = CorpusStats.build(records, [said, *items])
    question = "Summarise the ways to keep wells clean and safe the survey will help choose."
    lens = Lens(analyse(topic_of(question)), stats, stats.hints(question))

    def answer(**settings) -> list[str]:
        got = synthesise(
            question, "summary", [said], lens, SynthesisSettings(**settings), records,
            neighbours=lambda chunk: (None, chain.get(chunk)),
        )  # fmt: skip
        assert got is not None
        return quotes(got)

    assert any("caretaker" in q for q in answer(neighbour_passages=0))
    assert not any("caretaker" in q for q in answer(neighbour_passages=0, announcer_words=0))


def test_why_keeps_the_cause_an_effect_refers_back_to():
    from reportqa.answering.candidates import candidates_of
    from reportqa.synthesis import ScoredSentence, _with_causes_before

    evening = passage(
        "c",
        "The college opened two new workshops in the spring. Buses stop running at seven in "
        "most outlying districts. As a result, attendance at evening classes is low outside "
        "the town centre.",
        1,
        "Adult Learning Review",
    )
    other, cause, effect = (ScoredSentence(c, {}) for c in candidates_of(evening, 0))
    said = _with_causes_before([effect], [other, cause, effect], SynthesisSettings())
    assert said == [effect, cause]
    off = SynthesisSettings(cause_leaders=0)
    assert _with_causes_before([effect], [other, cause, effect], off) == [effect]
    # a sentence that does not open on its cause brings nothing before it
    assert _with_causes_before([cause], [other, cause, effect], SynthesisSettings()) == [cause]


def test_a_list_of_works_cited_is_not_quoted_as_what_the_report_says():
    shelf = [
        passage("h", "Harbour dues rose by a third after the dredging of the east channel. "
                "Shipping lines moved their calls to the west quay.", 1, "Port Review"),
        passage("h", "Harbour dues and the dredging of channels: a review of port charges.",
                9, "Port Review", section="References", score=0.95),
    ]  # fmt: skip
    answer = synthesis("Summarise what the review says about harbour dues and dredging.",
                       shelf, min_sentences=1)  # fmt: skip
    assert answer is not None
    assert all("a review of port charges" not in q for q in quotes(answer))
    assert any("rose by a third" in q for q in quotes(answer))


def test_a_sentences_score_is_its_signs_weighed_by_the_settings():
    from reportqa.synthesis import ScoredSentence

    trace: list[ScoredSentence] = []
    question = "Summarise what the survey says about contaminated wells."
    records = [DocumentRecord(doc_id=d, source=f"{d}.pdf", path=f"{d}.pdf", content_hash=d,
                              title=t) for d, t in (("w", WATER), ("s", SCHOOLS))]  # fmt: skip
    stats = CorpusStats.build(records, SHELF)
    lens = Lens(analyse(topic_of(question)), stats, stats.hints(question))
    cfg = SynthesisSettings(note_penalty=0.7, focus_weight=1.1)
    synthesise(question, "summary", SHELF, lens, cfg, records, trace=trace)
    assert trace
    for s in trace:
        assert set(s.features) <= set(SynthesisSettings.model_fields)
        assert s.score == pytest.approx(sum(getattr(cfg, n) * v for n, v in s.features.items()))


def test_a_summary_keeps_what_its_best_sentence_goes_on_to_say():
    """The paragraph that names the topic says the rest in the sentences after it; one
    on something else (who funded the fieldwork) is not kept for being next."""
    model = passage(
        "m",
        "The sediment model of the estuary has known limits: it is an estimate calibrated "
        "on six river gauges. "
        "In addition, the model's inputs date from 2002, ten years before this study. "
        "Land use has changed since then, so the model's calibration is dated. "
        "Fieldwork was funded by the county.",
        1,
        "Estuary Sediment Study",
        section="Discussion",
    )
    other = passage("m", "Dredging volumes at the harbour mouth were not measured.", 2,
                    "Estuary Sediment Study", score=0.4)  # fmt: skip
    question = "Summarise the limits of the sediment model of the estuary."
    one = {"min_sentences": 1, "max_sentences": 1, "followers": 3}
    kept = quotes(synthesis(question, [model, other], **one))
    assert kept == [
        "The sediment model of the estuary has known limits: it is an estimate calibrated "
        "on six river gauges.",
        "In addition, the model's inputs date from 2002, ten years before this study.",
        "Land use has changed since then, so the model's calibration is dated.",
    ]
    alone = synthesis(question, [model, other], **{**one, "followers": 0})
    assert quotes(alone) == kept[:1]


def test_advice_is_given_in_grammar_not_spoken_of():
    from reportqa.synthesis import GIVES_ADVICE

    giving = [
        "It is recommended that a right of appeal to a court be provided.",
        "The Commission recommended that the authority review its rules.",
        "We invite more partners to join us.",
        "The ministry should publish the register each year.",
    ]
    speaking = [
        "Based on the recommendation of a needs assessment mission, a team was deployed.",
        "The embassy invited the observers in May.",
        "The requirements for registration are set out in the act.",
        "Prioritisation of the projects followed the scoring in Appendix C.",
    ]
    assert all(GIVES_ADVICE.search(s) for s in giving)
    assert not any(GIVES_ADVICE.search(s) for s in speaking)
