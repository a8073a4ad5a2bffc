"""How a many-sentence answer reads its reports: sentences close in meaning, the passages
beside the best ones, the section about the topic, the sentences around a relevant one,
the items a sentence announces, the orders of a list of recommendations, and what is not
prose (captions, pointers). Reports of other fields, no field profile."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from reportqa import lexicon
from reportqa.answering import GIST_SECTION, Answerer, Lens, analyse, synthesis_kind, topic_of
from reportqa.answering.question_kind import asks_for_gist
from reportqa.config import Settings, SynthesisSettings
from reportqa.corpus_stats import CorpusStats
from reportqa.models import Answer, DocumentRecord, Passage, ScoredPassage
from reportqa.synthesis import is_apparatus, is_imperative, synthesise

WELLS = "Rural Water Survey"
# every way of reading of this module off: each test turns on the one it is about
OFF = {
    "semantic_weight": 0.0, "neighbour_passages": 0, "focus_weight": 0.0, "focus_pool": 1.1,
    "around_weight": 0.0, "items_announced": 0, "imperative_weight": 0.0,
    "apparatus_penalty": 0.0, "gist_passages": 0, "min_words": 4, "followers": 0,
}  # fmt: skip


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


def passage(text: str, n: int, section: str = "Findings", score: float = 0.9,
            doc: str = "w", title: str = WELLS) -> ScoredPassage:  # fmt: skip
    return ScoredPassage(
        doc_id=doc, chunk_id=f"{doc}-{n}", text=text, title=title, publisher=None,
        date="2023-05", source=f"{doc}.pdf", page=n, char_start=1000 * n,
        char_end=1000 * n + len(text), kind="prose", score=score, section=section,
    )  # fmt: skip


def records_of(passages: Sequence[Passage]) -> list[DocumentRecord]:
    return [
        DocumentRecord(doc_id=d, source=f"{d}.pdf", path=f"{d}.pdf", content_hash=d,
                       title=next(p.title for p in passages if p.doc_id == d))
        for d in dict.fromkeys(p.doc_id for p in passages)
    ]  # fmt: skip


def synthesis(question: str, passages: list[ScoredPassage], shelf: Sequence[Passage] = (),
              meaning=None, neighbours=None, **settings) -> Answer | None:  # fmt: skip
    everything = [*passages, *shelf]
    records = records_of(everything)
    stats = CorpusStats.build(records, everything)
    kind = synthesis_kind(question)
    assert kind is not None
    lens = Lens(analyse(topic_of(question)), stats, stats.hints(question))
    cfg = SynthesisSettings(**{**OFF, **settings})
    return synthesise(question, kind, passages, lens, cfg, records, meaning=meaning,
                      neighbours=neighbours)  # fmt: skip


def quotes(answer: Answer | None) -> list[str]:
    assert answer is not None
    return [c.quote for c in answer.citations]


def test_a_sentence_that_means_the_topic_without_its_words_is_found_by_meaning():
    agenda = "Teacher shortages were on the agenda of the annual board meeting in March."
    paraphrase = "Many rural schools could not fill their vacant posts, so classes were merged."
    shelf = [passage(f"{agenda} {paraphrase}", 1)]

    def meaning(texts: list[str]) -> list[float]:
        return [0.9 if t == paraphrase else 0.1 for t in texts]

    question = "Summarise what the review says about teacher shortages."
    one = {"max_sentences": 1, "min_sentences": 1}
    by_meaning = synthesis(question, shelf, meaning=meaning, semantic_weight=4.0,
                           semantic_floor=0.2, **one)  # fmt: skip
    assert quotes(by_meaning) == [paraphrase]
    assert quotes(synthesis(question, shelf, **one)) == [agenda]  # words alone


def test_the_passage_after_a_retrieved_one_is_read_too():
    found = passage("Hand hygiene compliance in clinics fell to 40% in 2022.", 1)
    after = passage("Compliance fell because sinks were too far from the treatment rooms.", 2,
                    score=0.0)  # fmt: skip

    def neighbours(chunk_id: str) -> tuple[Passage | None, Passage | None]:
        return (None, after) if chunk_id == found.chunk_id else (found, None)

    question = "Why did hand hygiene compliance in clinics fall?"
    read = synthesis(question, [found], [after], neighbours=neighbours, neighbour_passages=1)
    assert any("sinks were too far" in q for q in quotes(read))
    alone = synthesis(question, [found], [after], neighbours=neighbours)
    assert not any("sinks" in q for q in quotes(alone))


CONTAMINATION = [
    passage("Well contamination was found in 40% of the villages surveyed. Most of it "
            "came from latrines dug within ten metres of the water.", 1, section="Part 2"),
    passage("Well contamination was worst after the rains in the northern districts.", 2,
            section="Part 2", score=0.8),
    passage("The budget for well repairs rose by 10% in 2022. Road repairs took the rest "
            "of the district budget that year.", 3, section="Part 3", score=0.85),
]  # fmt: skip


def test_the_section_about_the_topic_speaks_even_where_a_sentence_does_not_name_it():
    question = "Summarise what the survey says about well contamination."
    focused = synthesis(question, CONTAMINATION, focus_weight=1.0, focus_pool=0.99,
                        max_sentences=3, min_sentences=3)  # fmt: skip
    assert any("latrines" in q for q in quotes(focused))
    assert not any("budget" in q for q in quotes(focused))
    unfocused = synthesis(question, CONTAMINATION, max_sentences=3, min_sentences=3)
    assert not any("latrines" in q for q in quotes(unfocused))


def test_a_sentence_beside_a_relevant_one_goes_on_about_its_topic():
    shelf = [
        passage("Well contamination was found in 40% of villages. Latrines were dug too "
                "close to the water in most of them.", 1),
        passage("Wells were counted in every district. Latrines were built with a grant "
                "from the ministry in most villages.", 2, section="Background"),
    ]  # fmt: skip
    question = "Summarise what the survey says about well contamination."
    one = {"max_sentences": 2, "min_sentences": 2, "centrality_weight": 0.0}
    beside = synthesis(question, shelf, around_weight=1.0, around_pool=0.5, **one)
    assert any("too close to the water" in q for q in quotes(beside))
    assert not any("grant" in q for q in quotes(beside))
    apart = synthesis(question, shelf, **one)
    assert not any("too close to the water" in q for q in quotes(apart))


def test_a_caption_or_a_pointer_is_not_the_gist():
    shelf = [
        passage("Figure 2. Well contamination by district, 2022. Well contamination was "
                "found in 40% of villages.", 1),
        passage("Well contamination by district is highlighted in box 3. Contamination "
                "of wells rose after the rains.", 2),
    ]  # fmt: skip
    question = "Summarise what the survey says about well contamination."
    kept = synthesis(question, shelf, apparatus_penalty=2.0, max_sentences=2, min_sentences=2)
    assert not any(q.startswith("Figure 2") or "box 3" in q for q in quotes(kept))
    plain = synthesis(question, shelf, max_sentences=4, min_sentences=4)
    assert any(q.startswith("Figure 2") or "box 3" in q for q in quotes(plain))


@pytest.mark.parametrize(
    ("text", "apparatus"),
    [
        ("Table 4: Pupils per teacher by region", True),
        ("Note: The bar shows the median of the districts.", True),
        ("The detailed results for each district are in appendix B.", True),
        ("For more information, visit the ministry's website.", True),
        ("− Finance − Logistics − Public affairs − Transport − Health", True),
        ("Category I Category II Category I Category I Category III Category I Category II",
         True),
        ("This section contains the results for each district.", True),
        ("As shown in Figure 3, admissions rose by a fifth in two years.", False),
        ("This section of the road was closed for repairs in 2022.", False),
        ("Tables were set out in the school hall for the pupils' exams.", False),
        ("Notes from the fieldwork suggest that pupils walked further in 2022.", False),
    ],
)  # fmt: skip
def test_what_is_apparatus_is_told_by_form(text, apparatus):
    assert is_apparatus(text) is apparatus


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("1. Fund a caretaker for every village well.", True),
        ("2. Address the causes of contamination at their source.", True),
        ("• Prioritize tailored support to the poorest households.", True),
        ("(b) Strengthen the inspection of private clinics.", True),
        ("Strengthen the inspection of private clinics.", False),  # not a list item
        ("1. Districts should test their wells.", False),
        ("- Sweden's grant covered half of the costs.", False),
        ("3. Rural households were surveyed in May.", False),
        ("• Finland will fund the second phase.", False),
        ("1. The ministry funds the inspections.", False),
    ],
)
def test_an_order_is_a_list_item_opening_on_a_verb(text, order):
    assert is_imperative(text) is order


def test_a_recommendation_question_prefers_the_orders_of_a_list():
    shelf = [
        passage("Rural water services need attention.\n1. Fund a caretaker for every rural "
                "well.\n2. Chlorinate rural wells after every flood.", 1,
                section="Rural water services"),
        passage("Rural water services were reviewed by the district water boards in 2022. "
                "Rural water services cost the districts more each year.", 2,
                section="Rural water services"),
    ]  # fmt: skip
    question = "What does the survey recommend for rural water services?"
    two = {"max_sentences": 2, "min_sentences": 2, "cue_weight": 0.0}
    ordered = synthesis(question, shelf, imperative_weight=2.0, **two)
    assert any(q.startswith(("1. Fund", "2. Chlorinate")) for q in quotes(ordered))
    plain = synthesis(question, shelf, **two)
    assert not any(q.startswith(("1. Fund", "2. Chlorinate")) for q in quotes(plain))


def test_a_sentence_announcing_a_count_of_items_brings_the_numbered_items():
    shelf = [
        passage("The survey makes three recommendations on well contamination.", 1),
        passage("The survey team visited every district twice in 2022.", 2, score=0.5),
        passage("1. Cap every open shaft with a concrete slab.\n2. Train one caretaker for "
                "each village.\n3. Test the water after every flood.", 3, score=0.2),
    ]  # fmt: skip
    question = "Summarise what the survey says about well contamination."
    listed = synthesis(question, shelf, items_announced=5)
    said = quotes(listed)
    assert [q for q in said if q[0].isdigit()] == [
        "1. Cap every open shaft with a concrete slab.",
        "2. Train one caretaker for each village.",
        "3. Test the water after every flood.",
    ]
    assert not any(q[0].isdigit() for q in quotes(synthesis(question, shelf)))


def test_the_items_are_read_from_the_passages_after_the_announcement():
    announcing = passage("Recent floods showed two weaknesses of the rural well network.", 1)
    first = passage("First, wells were dug too close to latrines in most villages.", 2,
                    score=0.0)  # fmt: skip
    second = passage("Second, no village had a caretaker who could chlorinate a well.", 3,
                     score=0.0)  # fmt: skip
    order = [announcing, first, second]

    def neighbours(chunk_id: str) -> tuple[Passage | None, Passage | None]:
        i = [p.chunk_id for p in order].index(chunk_id)
        return (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)

    question = "Summarise what the survey says about the weaknesses of the rural well network."
    listed = synthesis(question, [announcing], [first, second], neighbours=neighbours,
                       items_announced=5, items_passages=2)  # fmt: skip
    assert [q.split(",")[0] for q in quotes(listed)][1:] == ["First", "Second"]


def test_bulleted_items_after_an_announcement_are_read_with_what_each_says():
    announcing = passage("Caretakers take on several duties in keeping village wells.", 1)
    first = passage("\u00b7 Testing water. Caretakers test each well for bacteria every "
                    "month.", 2, score=0.0)  # fmt: skip
    note = passage("4. The county pays caretakers a small stipend.", 3, score=0.0)
    note = note.model_copy(update={"kind": "footnotes"})
    second = passage("\u00b7 Repairing pumps. Caretakers replace worn seals before the dry "
                     "season.", 4, score=0.0)  # fmt: skip
    after = passage("District engineers inspect the wells once a year.", 5, score=0.0)
    order = [announcing, first, note, second, after]

    def neighbours(chunk_id: str) -> tuple[Passage | None, Passage | None]:
        i = [p.chunk_id for p in order].index(chunk_id)
        return (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)

    question = "Summarise the duties of village well caretakers."
    listed = quotes(synthesis(question, [announcing], order[1:], neighbours=neighbours,
                              items_announced=5, items_passages=4, max_sentences=1,
                              min_sentences=1, bullet_reach=1500))  # fmt: skip
    assert "Caretakers test each well for bacteria every month." in listed, listed
    assert "Caretakers replace worn seals before the dry season." in listed, listed
    assert not any("stipend" in q or "engineers" in q for q in listed), listed
    # a list that starts far from the announcement is another one
    far = quotes(synthesis(question, [announcing], order[1:], neighbours=neighbours,
                           items_announced=5, items_passages=4, max_sentences=1,
                           min_sentences=1, bullet_reach=500))  # fmt: skip
    assert len(far) == 1, far


def test_a_few_reasons_and_a_first_item_bring_the_items_told_off_after_them():
    text = (
        "Demand for rural well repairs has grown in recent years for a few reasons. First, "
        "floods damaged many shafts. Second, pumps wore out faster than planned. Third, "
        "villages grew quickly in size. The survey team visited every district twice."
    )
    order = [passage(text, 1)]
    question = "Why has demand for rural well repairs grown in recent years?"
    said = quotes(synthesis(question, order, items_announced=5, max_sentences=1,
                            min_sentences=1))  # fmt: skip
    assert [q.split(",")[0] for q in said[1:]] == ["First", "Second", "Third"], said
    alone = synthesis(question, order, items_announced=0, max_sentences=1, min_sentences=1)
    assert not any(q.startswith("Second") for q in quotes(alone))


def test_a_question_on_a_fall_is_answered_by_a_sentence_on_a_decrease():
    from reportqa.answering import Lens, analyse

    lens = Lens(analyse("Why did well inspections fall in 2020?"))
    assert lens.coverage("Well inspections decreased in 2020.") == lens.coverage(
        "Well inspections fell in 2020."
    )
    assert lens.coverage("Well inspections increased in 2020.") < lens.coverage(
        "Well inspections fell in 2020."
    )


def test_a_call_to_action_is_where_a_report_asks_for_something():
    assert GIST_SECTION.search("A call to action")
    assert GIST_SECTION.search("A call to scale what works")
    assert not GIST_SECTION.search("Calls received by the helpline")


class _Shelf:
    """A retriever over a fixed shelf: everything the synthesis path asks of one."""

    def __init__(self, passages: list[Passage]) -> None:
        self._passages = passages
        self.embedder = None

    def passages(self) -> list[Passage]:
        return self._passages

    def records(self) -> list[DocumentRecord]:
        return records_of(self._passages)

    def neighbours(self, chunk_id: str) -> tuple[Passage | None, Passage | None]:
        return None, None


@pytest.mark.parametrize(
    "question",
    [
        "What does the survey recommend about flood damage to wells?",
        "What does the survey conclude about flood damage to wells?",
    ],
)
def test_a_question_for_the_reports_advice_reads_its_recommendations(question):
    found = passage(
        "Flood damage to rural wells cost the districts dearly in 2022. "
        "Flood damage to wells was worst in the north.",
        1,
    )
    advice = passage(
        "Districts should raise every well head above the flood line before the next rains.",
        9,
        section="Recommendations",
        score=0.0,
    )
    other = passage("Schools should open earlier.", 3, section="Recommendations",
                    score=0.0, doc="s", title="School Review")  # fmt: skip
    shelf = _Shelf([found, advice, other])
    kind = synthesis_kind(question)
    assert kind is not None

    def ask(**settings) -> list[str]:
        answerer = Answerer(Settings(embedding={"backend": "fake"}, synthesis={**OFF, **settings}),
                            retriever=shelf)  # type: ignore[arg-type]  # fmt: skip
        stats = CorpusStats.build(shelf.records(), shelf.passages())
        lens = Lens(analyse(topic_of(question)), stats, stats.hints(question))
        return quotes(answerer._synthesis(question, kind, [found], lens))

    read = ask(gist_passages=10)
    assert any("raise every well head" in q for q in read)
    assert not any("Schools" in q for q in read)  # another report's recommendations
    assert not any("raise every well head" in q for q in ask())


def test_the_verb_that_asks_for_a_reports_view_is_not_the_topic():
    assert topic_of("Why does the agency expect admissions to fall?").split() == [
        "the", "agency", "admissions", "to", "fall",
    ]  # fmt: skip
    assert "want" not in topic_of("Why does the council want a levy on parking?")
    assert "argue" not in topic_of("Why does the review argue that class sizes matter?")
    assert "class sizes matter" in topic_of("Why does the review argue that class sizes matter?")


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Summarise the effects of river dredging that the survey describes.",
         "the effects of river dredging"),
        ("What did the 2024 audit of the county's bus contracts conclude and recommend?",
         "the 2024 audit of the county's bus contracts"),
        ("What did the 2024 review of the county's bus contracts conclude and recommend?",
         "the county's bus contracts"),
        ("Why do wells run dry in August?", "wells run dry in August"),
    ],
)  # fmt: skip
def test_words_left_hanging_by_the_asking_words_are_not_the_topic(question, topic):
    assert topic_of(question) == topic


@pytest.mark.parametrize(
    ("question", "gist"),
    [
        ("What does the review conclude about class sizes?", True),
        ("What are the main findings on water quality?", True),
        ("What does the panel recommend about staffing ratios?", True),
        ("Summarise what the survey says about contaminated wells.", False),
        ("Why did inflation fall in 2023?", False),
        ("When did the review conclude?", False),  # a fact, not many sentences
    ],
)
def test_a_question_asking_what_a_report_concludes_reads_its_conclusions(question, gist):
    assert asks_for_gist(question, synthesis_kind(question)) is gist
