"""Questions asking two things at once: split, answered part by part, joined."""

from reportqa.answering.compound import joined_answers, parts_of, with_parts
from reportqa.models import Answer, Citation, Claim


def cited(n: int, quote: str, doc: str = "a") -> Citation:
    return Citation(
        n=n, quote=quote, passage=quote, char_start=0, char_end=len(quote),
        doc_id=doc, chunk_id=f"{doc}-{n}", source=f"{doc}.pdf", page=n,
    )  # fmt: skip


def answered(text: str, *citations: Citation, value: float | None = None) -> Answer:
    claims = (
        [Claim(text=str(value), value=value, unit="", citation=1, verified=True)]
        if value is not None
        else []
    )
    return Answer(
        question="q", status="answered", answer=text, citations=list(citations),
        claims=claims,
    )  # fmt: skip


ABSTAINED = Answer(question="q", status="abstained", answer="The reports do not answer this.")


def test_a_second_question_after_a_comma_is_a_part_of_its_own():
    assert parts_of("How many ferries sailed in 2019, and at what load factor?") == (
        "How many ferries sailed in 2019?",
        "At what load factor?",
    )
    assert parts_of("When was the harbour plan revised, and why?") == (
        "When was the harbour plan revised?",
        "Why?",
    )
    # one question: a clause after "and", or no question before it
    assert parts_of("Summarise the risks and how they are managed.") is None
    assert parts_of("The fares, and what they cost?") is None
    assert parts_of("How many ferries sailed in 2019?") is None


def test_a_second_question_without_a_comma_is_known_by_its_inverted_verb():
    assert parts_of("What was the ferry fleet in 2019 and how old were its ships?") == (
        "What was the ferry fleet in 2019?",
        "How old were its ships?",
    )
    assert parts_of("How many pilots does the port train and how many ships do they guide?") == (
        "How many pilots does the port train?",
        "How many ships do they guide?",
    )
    # the subject before its verb: a clause, not a second question
    assert parts_of("What were the fares and how they were set?") is None
    assert parts_of("When and where was the harbour plan adopted?") is None


def test_a_phrase_setting_the_scene_may_lead_the_first_part():
    assert parts_of("Under the new timetable, how many ferries sail, and at what fare?") == (
        "Under the new timetable, how many ferries sail?",
        "At what fare?",
    )
    assert parts_of("Under the new timetable the ferries, and what they cost?") is None


def test_the_parts_answers_follow_the_wholes_renumbered():
    whole = answered(
        "In 2019, 40 ferries sailed. [1]", cited(1, "In 2019, 40 ferries sailed."), value=40
    )
    rate = answered(
        "Their load factor was 62%. [1] Fares rose. [2]",
        cited(1, "Their load factor was 62%."),
        cited(2, "Fares rose."),
        value=62,
    )
    joined = with_parts(
        "How many …, and at what load factor?", whole, [("At what load factor?", rate)]
    )
    assert (
        joined.answer
        == "In 2019, 40 ferries sailed. [1]\n\nTheir load factor was 62%. [2] Fares rose. [3]"
    )
    assert [c.n for c in joined.citations] == [1, 2, 3]
    assert [(c.value, c.citation) for c in joined.claims] == [(40, 1), (62, 2)]
    assert joined.question == "How many …, and at what load factor?"


def test_a_part_adding_nothing_or_speaking_of_another_report_is_left_out():
    whole = answered(
        "In 2019, 40 ferries sailed. [1]", cited(1, "In 2019, 40 ferries sailed."), value=40
    )
    same = answered("Forty ferries. [1]", cited(1, "Forty ferries sailed that year."), value=40)
    elsewhere = answered("Trams ran at 80%. [1]", cited(1, "Trams ran at 80%.", doc="b"), value=80)
    again = answered("In 2019, 40 ferries sailed. [1]", cited(1, "In 2019, 40 ferries sailed."))
    for part in (same, elsewhere, again):
        assert with_parts("q", whole, [("p", part)]) is whole


def test_an_abstained_whole_gives_way_to_its_answered_part_and_names_the_other():
    rate = answered(
        "Their load factor was 62%. [1]", cited(1, "Their load factor was 62%."), value=62
    )
    joined = with_parts(
        "q", ABSTAINED, [("How many ferries sailed?", ABSTAINED), ("At what load factor?", rate)]
    )
    assert joined.status == "answered" and joined.answer == "Their load factor was 62%. [1]"
    assert joined.notice == "The reports do not answer “How many ferries sailed?”"
    assert with_parts("q", ABSTAINED, [("p", ABSTAINED)]) is ABSTAINED


def test_joined_answers_number_citations_on():
    first = answered("A. [1] B. [2]", cited(1, "A."), cited(2, "B."))
    second = answered("C. [1]", cited(1, "C.", doc="b"))
    joined = joined_answers("q", [first, second])
    assert joined.answer.endswith("C. [3]") and [c.doc_id for c in joined.citations] == [
        "a",
        "a",
        "b",
    ]


def _share_said(question: str, text: str) -> float:
    words = {w.strip("?.,").lower() for w in question.split()}
    return sum(w in text.lower() for w in words) / len(words)


def test_a_part_the_answer_already_says_as_much_of_is_left_out():
    whole = answered(
        "The ferries sailed at a high load factor. [1]",
        cited(1, "The ferries sailed at a high load factor."),
    )
    weaker = answered("Load rose. [1]", cited(1, "Load rose."))
    asked = "At what load factor did ferries sail?"
    assert with_parts("q", whole, [(asked, weaker)], _share_said) is whole
    stronger = answered(
        "Ferries sailed at what load factor? High. [1]",
        cited(1, "At what load factor did ferries sail? At a high one."),
    )
    assert with_parts("q", whole, [(asked, stronger)], _share_said) is not whole


def test_a_compound_question_on_a_store_is_answered_in_both_parts(tmp_path):
    from ingest.pipeline import Ingestor
    from reportqa.answering import Answerer
    from reportqa.config import Settings

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "harbour.md").write_text(
        "# Harbour Review 2019\n\n"
        "In 2019, 40 ferries sailed from the north harbour.\n\n"
        "The dredging of the channel was finished in May.\n\n"
        "Across the year, the ferries ran at an average load factor of 62 percent.\n"
    )
    settings = Settings(home=tmp_path / "store", embedding={"backend": "fake"})
    Ingestor(settings).ingest([folder])
    answer = Answerer(settings).ask(
        "How many ferries sailed from the north harbour in 2019, and at what average load factor?"
    )
    assert answer.status == "answered", answer.answer
    assert "40 ferries" in answer.answer and "62 percent" in answer.answer, answer.answer
    assert len([c for c in answer.citations if not c.related]) == 2


def test_a_whole_answer_giving_two_figures_answers_both_parts():
    both = answered("40 ferries ran at 62%. [1]", cited(1, "40 ferries ran at 62%."), value=40)
    both.claims.append(both.claims[0].model_copy(update={"value": 62, "unit": "%"}))
    other = answered(
        "Ferries ran at 58% in May. [1]", cited(1, "Ferries ran at 58% in May."), value=58
    )
    assert with_parts("q", both, [("At what load factor?", other)]) is both
    one = answered("40 ferries ran. [1]", cited(1, "40 ferries ran."), value=40)
    assert with_parts("q", one, [("At what load factor?", other)]) is not one


def test_a_first_part_led_by_a_preposition_is_a_question_too():
    assert parts_of(
        "After how long unpaid does a mooring lapse, and for how long are reminders sent?"
    ) == ("After how long unpaid does a mooring lapse?", "For how long are reminders sent?")
    assert parts_of("About how much water is pumped, and what share of demand is met?") == (
        "About how much water is pumped?",
        "What share of demand is met?",
    )


def test_a_part_giving_a_figure_of_its_own_is_added_though_both_speak_of_it():
    whole = answered(
        "Reminders for lapsed moorings are sent for three years. [1]",
        cited(1, "Reminders for lapsed moorings are sent for three years."),
        value=3,
    )
    lapse = answered(
        "A mooring unpaid for six months lapses. [1]",
        cited(1, "A mooring unpaid for six months lapses."),
        value=6,
    )
    asked = "After how long unpaid do moorings lapse?"
    # the answer so far says more of the part's words; only the part gives its figure
    said = {"Reminders for lapsed moorings are sent for three years.": 0.6,
            "A mooring unpaid for six months lapses.": 0.5}  # fmt: skip
    joined = with_parts("q", whole, [(asked, lapse)], lambda _q, text: said[text])
    assert "six months lapses. [2]" in joined.answer
    # a part that gives no figure, saying less of the part, adds nothing
    words = answered("Moorings lapse. [1]", cited(1, "A mooring unpaid for six months lapses."))
    assert with_parts("q", whole, [(asked, words)], lambda _q, text: said[text]) is whole
