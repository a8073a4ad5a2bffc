"""Follow-ups as an analyst types them (reportqa.followup, reportqa.dialogue): slips and
contractions, relative years, "how does that compare", the fragment's own grammar ("the
long-term ones", "small and medium firms", "in euros", "X's exports"), what a pronoun or
a demonstrative points back at and the scope it keeps, and questions that
leave out what the previous one said ("Why?", "How many are there?", "the median"). Every
question is of a field none of the evaluation's reports is about."""

from __future__ import annotations

import pytest

from reportqa.dialogue import compared, turn_of
from reportqa.followup import Turn, parts_of, resolve
from reportqa.models import Answer, Citation
from reportqa.words import stem


def understood(previous: str, question: str, **turn) -> str | None:
    result = resolve([Turn(question=previous, **turn)], question)
    return result.understood if result else None


# ----------------------------------------------------------------------------- typing
@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # housing: a letter too many, two letters swapped
        (
            "What was the average rent in Leeds in 2021?",
            "what aboutt 2022?",
            "What was the average rent in Leeds in 2022?",
        ),
        (
            "What was the average rent in Leeds in 2021?",
            "waht about York?",
            "What was the average rent in York in 2021?",
        ),
        # labour: "what's" is "what is", so the question word is seen
        (
            "What was the unemployment rate of young workers at the end of 2021?",
            "what's the source for that figure",
            "What is the source for the unemployment rate of young workers at the end of 2021?",
        ),
    ],
)
def test_slips_and_contractions_are_read_through(
    previous: str, followup: str, expected: str
) -> None:
    assert understood(previous, followup) == expected


@pytest.mark.parametrize(
    ("followup", "year"),
    [("And a year earlier?", 2018), ("and the following year?", 2020), ("The year before?", 2018)],
)
def test_a_relative_year_counts_from_the_asked_year(followup: str, year: int) -> None:
    # culture
    assert understood("How many visitors did the museum receive in 2019?", followup) == (
        f"How many visitors did the museum receive in {year}?"
    )


def test_how_does_that_compare_asks_again_and_sets_the_figures_side_by_side() -> None:
    result = resolve(
        [Turn(question="What was the vacancy rate in Leeds in 2019?")],
        "How does that compare with York?",
    )
    assert result is not None
    assert result.understood == "What was the vacancy rate in York in 2019?"
    assert result.compare == "compare"


def test_compared_says_which_figure_is_larger() -> None:
    from reportqa.answering import verify

    def answer(question: str, text: str, doc: str) -> Answer:
        out = Answer(
            question=question,
            status="answered",
            answer=f"{text} [1]",
            citations=[_citation(text, doc)],
        )
        out.claims = verify(out)
        return out

    before = answer("Vacancy in Leeds?", "Office vacancy in Leeds was 8.5% in 2019.", "d1")
    now = answer("Vacancy in York?", "Office vacancy in York was 6.1% in 2019.", "d2")
    out = compared(now, turn_of(before.question, before, None), "compare", "Vacancy in York?")
    assert out.answer.startswith("6.1% [1] is less than 8.5% [2].")
    assert [c.n for c in out.citations] == [1, 2]


# ----------------------------------------------------------------------------- fragments
@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # energy: "and"/"or" make one phrase of the fragment
        (
            "What tariff does the ministry set for large industrial users in 2024?",
            "What about small and medium users?",
            "What tariff does the ministry set for small and medium users in 2024?",
        ),
        # corporate finance: the modifiers before the shared words change, the rest stays
        (
            "What is the reported net profit margin of the bank in 2023?",
            "And the operating profit margin?",
            "What is the reported operating profit margin of the bank in 2023?",
        ),
        # housing: "the long-term ones" are long-term risks
        (
            "What are the short-term risks to the housing market in 2024?",
            "And the long-term ones?",
            "What are the long-term risks to the housing market in 2024?",
        ),
        # transport
        (
            "Which is the first stage of the metro plan?",
            "And the second one?",
            "Which is the second stage of the metro plan?",
        ),
        # local government: "the one for X" gives only its complement
        (
            "Who chairs the committee for the northern district?",
            "And the one for the southern district?",
            "Who chairs the committee for the southern district?",
        ),
        # prices: a phrase a preposition leads is added where none stood before
        (
            "What inflation does the central bank expect in 2024?",
            "And for food?",
            "What inflation does the central bank expect in 2024 for food?",
        ),
        # transit: "the leading private one" changes only what differs
        (
            "Which city was the leading public sector partner of the transit fund in 2023?",
            "And the leading private one?",
            "Which city was the leading private sector partner of the transit fund in 2023?",
        ),
        # roads: a word for a phrase a preposition leads takes it whole
        (
            "How much did the ministry spend on road maintenance for rural districts in 2022?",
            "And for schools?",
            "How much did the ministry spend on road maintenance for schools in 2022?",
        ),
        # real estate: a phrase led by a preposition takes the place of the one it led
        (
            "What is the vacancy rate on office buildings in Leeds?",
            "and on retail units?",
            "What is the vacancy rate on retail units in Leeds?",
        ),
        # public budgets: a unit asks the same in that unit
        (
            "By how much did the city's transport budget grow in 2022?",
            "in euros?",
            "By how much did the city's transport budget grow in 2022 in euros?",
        ),
        (
            "What was the cost overrun of the metro line in 2019?",
            "How much is that in euros?",
            "What was the cost overrun of the metro line in 2019 in euros?",
        ),
        # trade: "Peru's exports" names the verb asked, so Peru is the new exporter
        (
            "How much did Chile export to Japan in 2020?",
            "And Peru's exports?",
            "How much did Peru export to Japan in 2020?",
        ),
    ],
)
def test_a_fragment_is_read_by_its_own_grammar(previous: str, followup: str, expected: str) -> None:
    assert understood(previous, followup) == expected


def test_a_numbered_label_is_no_slot_for_a_place() -> None:
    # agriculture: "Table 2" is led by "in" like a place, but counts like a label
    assert (
        understood(
            "What yield is projected for Kenya in Table 2 of the survey?", "What about Uganda?"
        )
        == "What yield is projected for Uganda in Table 2 of the survey?"
    )


def test_a_name_takes_the_place_a_common_noun_set() -> None:
    # labour: "the rural north" is where the rate was asked
    assert (
        understood(
            "What is the jobless rate for the rural north in 2021 according to Table 4?",
            "The same for Wales",
        )
        == "What is the jobless rate for Wales in 2021 according to Table 4?"
    )


def test_a_run_of_capitals_names_a_report_only_if_every_word_does() -> None:
    report = frozenset({stem("national"), stem("water")})
    parts = parts_of("And the National Water Plan?", initial_is_name=True, report_terms=report)
    assert [(p.kind, p.text("And the National Water Plan?")) for p in parts] == [
        ("name", "National Water Plan")
    ]
    # in lower case before a noun, a title's words are the noun's phrase
    parts = parts_of("In the national water review?", report_terms=report)
    assert [(p.kind, p.text("In the national water review?")) for p in parts] == [
        ("noun", "national water review")
    ]
    parts = parts_of("How much did tariffs rise in the national water?", report_terms=report)
    assert [p.kind for p in parts][-1] == "report"


# ----------------------------------------------------------------------------- pointing back
@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # prices: a possessive name goes with the noun it owns; the closing phrases stay
        (
            "What was Kenya's inflation in 2022 according to the central bank?",
            "Why did it rise?",
            "Why did Kenya's inflation rise in 2022 according to the central bank?",
        ),
        # real estate: the case the question set is kept, not only its year
        (
            "What is the projected vacancy rate under the high-rate scenario in the 2025 outlook?",
            "For how many cities is it above 10%?",
            "For how many cities is the projected vacancy rate above 10% under the high-rate "
            "scenario in the 2025 outlook?",
        ),
        # macroeconomics: what was revised is the growth, not the bank; a passive's
        # subject is the thing asked about
        (
            "What growth is projected for Ghana in 2024?",
            "Why was it revised up?",
            "Why was the growth projected for Ghana in 2024 revised up?",
        ),
        (
            "What growth does the central bank project for Ghana in 2024?",
            "Why was it revised down?",
            "Why was the growth that the central bank projects for Ghana in 2024 revised down?",
        ),
        # health: "those statistics" are the ones named before
        (
            "By how much did hospital waiting times fall according to the quarterly NHS "
            "statistics?",
            "Who publishes those statistics?",
            "Who publishes the quarterly NHS statistics?",
        ),
        # agriculture: "it" agrees with the insurance, not with the farmers
        (
            "Where have farmers received crop insurance from the ministry?",
            "How does it work?",
            "How does the crop insurance work?",
        ),
        # technology: "what is it?" asks what the thing is, in no year
        (
            "In which districts was the new app launched in 2023?",
            "What is it?",
            "What is the new app?",
        ),
        # building: a copula heads its run, "of" follows a noun, not a verb
        (
            "When does the new edition of the building code become binding?",
            "What does it replace?",
            "What does the new edition of the building code replace?",
        ),
    ],
)
def test_what_a_follow_up_points_back_at(previous: str, followup: str, expected: str) -> None:
    assert understood(previous, followup) == expected


@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # banking: a name inside a phrase does not end it, "its" is the owner's
        (
            "What is Harbour Bank's projected minimum CET1 ratio?",
            "Why is it so low?",
            "Why is Harbour Bank's projected minimum CET1 ratio so low?",
        ),
        (
            "What is Harbour Bank's projected minimum CET1 ratio?",
            "What is its leverage ratio?",
            "What is Harbour Bank's leverage ratio?",
        ),
        # water: after "who" comes the verb; "it" is its object
        (
            "Who chaired the regional water summit?",
            "Who organised it?",
            "Who organised the regional water summit?",
        ),
        # education: "many of them" are the things asked about, not a phrase "to" led; the
        # question keeps its scope, not its whole description
        (
            "How many schools did the ministry inspect in 2023 to meet its targets?",
            "How many of them failed?",
            "How many of the schools failed in 2023?",
        ),
        # prices: "falling" says a quantity changed, so "it" is the rate asked about
        (
            "What rate of inflation does the central bank expect for 2024?",
            "Why is it falling?",
            "Why is the rate of inflation that the central bank expects for 2024 falling?",
        ),
        # telecoms: "had" with no participle after it is the verb, and the share grew
        (
            "What proportion of households had broadband in 2020?",
            "Why did it grow?",
            "Why did the proportion of households that had broadband in 2020 grow?",
        ),
        # ports: "that" after "how much" is the amount; "give" is a verb though a stopword
        (
            "How much did Oslo give to the harbour fund in 2023?",
            "what share of the total is that",
            "What share of the total is the amount that Oslo gave to the harbour fund in 2023?",
        ),
        (
            "How many wells did the district build in 2021?",
            "Is that enough?",
            "Is the number of wells that the district built in 2021 enough?",
        ),
        # energy: a phrase "as" leads gives a role, not the question's scope
        (
            "What year did the panel choose as the new base year?",
            "What was the previous one?",
            "What was the previous year?",
        ),
        # housing: "one" stands for the noun the previous question was about
        (
            "What are the four pillars of the new housing strategy?",
            "What is the second one?",
            "What is the second pillar of the new housing strategy?",
        ),
        (
            "Which ports does the authority manage?",
            "And which ones are closing?",
            "Which ports are closing?",
        ),  # fmt: skip
        # public administration: a preposition left at the end closes nothing
        ("What does PPP stand for?", "Who introduced it?", "Who introduced PPP?"),
    ],
)
def test_the_phrase_a_pronoun_stands_for(previous: str, followup: str, expected: str) -> None:
    assert understood(previous, followup) == expected


def test_a_pronoun_after_a_preposition_is_a_phrase_a_preposition_led() -> None:
    # rail: "they" are the report's authors, "it" is the railway
    assert (
        understood(
            "What did the panel say about the northern railway?",
            "What did they propose for it?",
            titles=["Rail Review 2022"],
            doc_ids=["d1"],
        )
        == "What did the report “Rail Review 2022” propose for the northern railway?"
    )


def test_who_said_that_asks_who_made_the_statement_quoted() -> None:
    answer = Answer(
        question="What did the minister say about rivers?",
        status="answered",
        answer="“Water is life. We will clean every river.” [1]",
        citations=[_citation("“Water is life. We will clean every river.”", "d1")],
    )
    turn = turn_of(answer.question, answer, None)
    assert turn.quote == "Water is life"
    assert resolve([turn], "Who said that?").understood == "Who said “Water is life”?"
    assert resolve([turn], "Who proposed that?").understood == "Who proposed “Water is life”?"
    # without a quote nothing stands for "that"
    assert understood("Which quote opens the brief?", "Who said that?") is None
    assert understood("What did the panel say about rivers?", "Who raised that?") is None


def test_who_said_that_asks_after_the_quotation_among_the_sentences_cited() -> None:
    answer = Answer(
        question="What does the review quote about rivers?",
        status="answered",
        answer="The ministry works across 12 regions. [1] “Water is life.” [2]",
        citations=[
            _citation("The ministry works across 12 regions.", "d1"),
            _citation("“Water is life.”", "d1"),
        ],
    )
    turn = turn_of(answer.question, answer, None)
    assert resolve([turn], "Who said that?").understood == "Who said “Water is life”?"


# ----------------------------------------------------------------------------- left out
@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # infrastructure: another question word for the same question
        ("When was the harbour bridge opened?", "Where?", "Where was the harbour bridge opened?"),
        (
            "When was the coastal levy introduced?",
            "by whom?",
            "By whom was the coastal levy introduced?",
        ),  # fmt: skip
        # planning: the thing asked about becomes "that site"
        (
            "Which site did the council choose for the new depot?",
            "Why?",
            "Why did the council choose that site for the new depot?",
        ),
        # transport: a quantity word takes the noun it left out
        (
            "How does the plan define priority corridors?",
            "How many are there?",
            "How many priority corridors are there?",
        ),  # fmt: skip
        (
            "How many ferries operated in 2019?",
            "Why were there fewer than the year before?",
            "Why were there fewer ferries that operated in 2019 than in 2018?",
        ),
        # water: the same things counted, done by someone
        (
            "How many wells did the district build in 2021?",
            "Why were there so few?",
            "Why were there so few wells that the district built in 2021?",
        ),
        # building: "And the range?" is the range of what was asked; a word in -ed before
        # a noun modifies it ("projected repair cost")
        (
            "What is the median projected repair cost in the 2022 survey?",
            "And the range?",
            "What is the range of the median projected repair cost in the 2022 survey?",
        ),
        # insurance: a measure without its "of" measures what was asked before
        (
            "What were the annual flood losses in the coastal districts in 2020?",
            "What is the median across districts?",
            "What is the median of the annual flood losses across districts in the coastal "
            "districts in 2020?",
        ),
    ],
)
def test_what_a_follow_up_leaves_out_comes_from_the_previous_question(
    previous: str, followup: str, expected: str
) -> None:
    assert understood(previous, followup) == expected


@pytest.mark.parametrize(
    ("previous", "question"),
    [
        ("What is the capital of Peru?", "Why?"),  # nothing to ask the reason of
        ("When was the coastal levy introduced?", "Who?"),  # who did what?
        ("How many hospitals closed in 2022?", "How much did it cost to build the new clinic?"),
        ("What share of households had broadband in 2020?", "What is the inflation rate in Peru?"),
        ("What share of households had broadband in 2020?", "What is the range of prices?"),
    ],
)
def test_questions_that_say_it_all_are_left_alone(previous: str, question: str) -> None:
    assert understood(previous, question) is None


def _citation(quote: str, doc: str) -> Citation:
    return Citation(
        n=1,
        chunk_id=f"{doc}:0",
        doc_id=doc,
        source=f"{doc}.txt",
        title=f"Report {doc}",
        quote=quote,
        passage=quote,
        char_start=0,
        char_end=len(quote),
    )


def test_a_measure_whose_phrase_names_a_new_thing_is_a_question_of_its_own() -> None:
    # forestry: "the source for the 4,300 hectares" says what the source is of
    previous = "What share of the region's forest was certified in 2023?"
    assert understood(previous, "What is the source for the 4,300 hectares?") is None
    assert understood(previous, "What is the source for the replanting figures?") is None
    # while "across provinces" only narrows what was asked
    narrowed = understood(previous, "What is the range across provinces?")
    assert narrowed is not None and "forest" in narrowed


def test_a_bare_why_after_a_year_asks_about_the_year_the_answer_gave():
    previous = "Which year did the review panel suggest as the new base year?"
    answer = "The panel suggested 2010, a good post-recession starting point. [1]"
    assert understood(previous, "Why?", quote=answer) == (
        "Why did the review panel suggest 2010 as the new base year?"
    )
    two = "Members suggested 2010 or 2012. [1]"  # the answer names no one year
    assert understood(previous, "Why?", quote=two) == (
        "Why did the review panel suggest that year as the new base year?"
    )


# ----------------------------------------------------------------------------- in one breath
def test_a_second_part_of_a_compound_question_points_back_with_words_of_its_own():
    """ "…, and how large was it relative to the budget?": said with the first part, "it"
    is what the first asked about however many words of its own the part has; a lone
    follow-up with as many words is a question of its own."""
    from reportqa.followup import Context

    previous = Turn(question="How much grant aid did the river authority receive in 2021?")
    alone = resolve([previous], "How large was it relative to the annual budget?")
    assert alone is None
    part = resolve(
        [previous], "How large was it relative to the annual budget?", None,
        Context(max_pronoun_terms=20),
    )  # fmt: skip
    assert part is not None
    assert "grant aid" in part.question and "the river authority received" in part.question


def test_how_large_asks_about_its_subject_not_about_the_word_large():
    got = understood(
        "How large was the library's backlog of uncatalogued books at the end of 2022?",
        "Why did it fall?",
    )
    assert got is not None and "the library's backlog" in got and "the large" not in got


def test_a_possessive_after_its_pronoun_is_bound_to_it():
    """ "How much had it shrunk from its peak?": one thing, the previous question's."""
    from reportqa.followup import Context

    got = resolve(
        [Turn(question="How large was the library's backlog of uncatalogued books in 2022?")],
        "How much had it shrunk from its peak?", None, Context(max_pronoun_terms=20),
    )  # fmt: skip
    assert got is not None and got.question.startswith("How much had the library's backlog")
    assert "from its peak" in got.question


def test_a_statistic_with_a_word_saying_over_what_is_of_the_previous_thing():
    got = understood(
        "What share of the county's electricity came from wind farms in 2020?",
        "What is the national average?",
    )
    assert got is not None and got.startswith("What is the national average of")
    assert "electricity" in got
