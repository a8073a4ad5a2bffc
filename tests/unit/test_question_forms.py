"""What a question asks for, read from its form alone (no field's words)."""

from __future__ import annotations

import pytest

from reportqa.answering import analyse


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Where does the agency tell donors to look for spending data by country?", "text"),
        ("Who funds the vaccination programme in Liberia?", "text"),
        ("How much did the government spend on hospitals in 2022?", "numeric"),
        ("What share of admissions were children?", "numeric"),
        ("Which share of the budget went to salaries?", "numeric"),
        ("In what year was the survey first run?", "year"),
        ("Which three measures does the review recommend?", "list"),
        ("List the countries where the platform was rolled out.", "list"),
        # the asking word after a preposition or a scene-setting phrase: a thing is asked,
        # whatever money or rate word the rest holds
        ("On which days of the month are the wage payments to nurses made?", "text"),
        ("In which district did the average rent paid by tenants rise the most?", "text"),
        ("Besides class size, which other factors does the review say drive costs?", "list"),
        ("From which regions do most of the clinic's paying patients come?", "list"),
        ("In which year did the ferry fares first exceed $5?", "year"),
        ("Besides the levy, what share of the port budget came from fees?", "numeric"),
    ],
)
def test_the_form_of_a_question_says_what_it_asks(question: str, intent: str) -> None:
    assert analyse(question).intent == intent


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("What is the average class size in the district's primary schools?", "count"),
        ("What was the median age of the patients admitted in 2021?", "duration"),
        ("What was the average duration of a ferry delay in 2020?", "duration"),
        ("How many hours of training do new wardens receive each year?", "duration"),
        # a typical amount of money spent or paid is money, not a count
        ("What was the average spending per visitor per night at the hostels?", "money"),
        ("What was the average cost of a ferry ticket in 2020?", "money"),
        ("What was the average reading score of the pupils?", "score"),
    ],
)
def test_a_typical_value_or_hours_asked_is_a_figure(question: str, unit: str) -> None:
    frame = analyse(question)
    assert (frame.intent, frame.unit) == ("numeric", unit)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        # "how many" with the things counted named before it: a count, whatever money
        # word follows
        ("Of the 40 grant applications, how many did the board recommend for funding?", "count"),
        # a score is a figure, in the points the report gives
        ("What was Veldoria's national reading score in 2018?", "score"),
        # how much of a thing: an amount of it, not a share
        ("How much sediment do the rivers carry to the delta each year?", "amount"),
        ("How much of the budget went to schools?", "%"),
        # a physical measure is a figure in the report's unit
        ("What was the approach speed of the ferry, in knots, before the collision?", "number"),
        ("What temperature did the lake reach in July 2019?", "number"),
        # a hyphened pair qualifying the noun after it names no unit: tiers, not a rate
        ("What is the highest of the three herd-growth tiers the permits allow?", None),
        # revenue is money, however it is asked for
        ("How much ferry ticket revenue did the harbour collect in 2014?", "money"),
        # "what average X does …" asks for a typical figure as "what is the average X"
        ("What average party size does the survey assume for day visitors?", "count"),
        # sorts of a thing are no amount of it
        ("Besides levies, what kinds of other revenues does the summary name?", None),
        ("Which average was used for the index?", None),
    ],
)
def test_the_unit_comes_from_what_is_asked_not_a_word_beside_it(question: str, unit) -> None:
    assert analyse(question).unit == unit


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("What growth does the January 2023 update project for 2025?", [2025]),
        ("What did the January 2023 update say?", [2023]),
        ("How many beds were there in 2019 and 2021?", [2019, 2021]),
    ],
)
def test_a_month_and_year_dates_the_report_not_the_quantity(question: str, years: list[int]):
    assert analyse(question).years == years


def test_a_title_before_a_name_is_no_name_of_its_own():
    from reportqa.answering.question import names_in

    assert names_in("What did Dr. Ana Ruiz present at the harbour forum?") == ["ana", "ruiz"]
    assert "ms" in names_in("What did the MS Society fund in 2022?")  # an acronym stays


@pytest.mark.parametrize(
    ("question", "years"),
    [
        # the year a change is measured from is a reference, when another is asked
        ("What cut from the 2008 baseline is targeted for 2031?", [2031]),
        ("How far below 2005 levels were harbour emissions in 2019?", [2019]),
        ("How much did dues grow in 2021 relative to 2020?", [2021]),
        # asked alone, it is the year asked
        ("What were harbour emissions in 2008?", [2008]),
        ("What was the 2008 baseline?", [2008]),
    ],
)
def test_a_reference_year_gives_way_to_the_year_asked(question, years):
    from reportqa.answering.question import asked_years

    assert asked_years(question) == years


@pytest.mark.parametrize(
    "text", ["on 9 August", "from the 9th August, 2019", "on the 9th of August", "August 9th"]
)
def test_a_day_of_a_month_is_read_with_its_ordinal(text):
    from reportqa.answering.answerer import _DAY_MONTH

    assert _DAY_MONTH.search(text)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # a number of things asked for, after "what were the": a list
        ("What were the four pillars of the water board's repair plan?", "list"),
        ("What are the two main risks the clinic review names?", "list"),
        # a figure in a unit is no count of things
        ("What were the 2 percent rules of the pension fund?", "numeric"),
        # sources ranked or counted are where a thing comes from, not a citation
        ("What were the three largest sources of the harbour's emissions?", "list"),
        ("What is the main source of income for herders in the district?", "text"),
        ("What is the source for the 35% figure on herders' income?", "source"),
    ],
)
def test_a_count_of_things_after_what_were_the_asks_for_a_list(question, intent):
    from reportqa.answering import analyse

    assert analyse(question).intent == intent


def test_items_set_off_by_semicolons_are_an_enumeration():
    from reportqa.answering import analyse
    from reportqa.answering.candidates import candidates_of
    from reportqa.answering.scoring import features
    from reportqa.models import ScoredPassage

    text = (
        "The board focused on the following four pillars: Staff; Pumps and Valves; "
        "Partnerships with Councils; and Metering."
    )
    p = ScoredPassage(
        doc_id="w", chunk_id="w-1", text=text, title="Water Board Plan", source="w.pdf",
        page=3, char_start=0, char_end=len(text), score=0.9,
    )  # fmt: skip
    c = candidates_of(p, 0)[0]
    frame = analyse("What were the four pillars of the water board's plan?")
    assert features(frame, c).get("enumeration") == 1.0


@pytest.mark.parametrize(
    ("question", "intent", "unit"),
    [
        ("What is the number of clinics in the district?", "numeric", "count"),
        ("What is the projected number of residents aged 65 and over in 2035?", "numeric", "count"),
        ("What 2050 population does the bureau project for Eastholm County?", "numeric", "count"),
        ("What was the population of the harbour town in 2020?", "numeric", "count"),
        # the noun picks a thing out, or names a kind of thing: no count
        ("Which population was surveyed?", "text", None),
        ("What population groups does the survey cover?", "list", None),
    ],
)
def test_the_number_or_population_of_something_is_a_count(question, intent, unit):
    frame = analyse(question)
    assert (frame.intent, frame.unit) == (intent, unit)


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("What population does the bureau's 2024 projections give for 2060?", [2060]),
        ("What did the GAO's 2005 report find about spending in 2003?", [2003]),
        ("What was spending in 2022, per the 2022 Annual Report?", [2022]),
        ("What growth does the January 2023 Update project for 2024?", [2024]),
        # a year naming the report, and nothing else dated: it is the year asked
        ("What did the 2021 review find?", [2021]),
        # a title's small words between its capitals: the year still dates the report
        ("What share did the 2005 Managing for Results report give for 2000?", [2000]),
        # a year before small words alone dates nothing
        ("What was spent in 2019 in the report on roads?", [2019]),
    ],
)
def test_a_year_that_names_a_report_is_not_the_year_asked(question, years):
    from reportqa.answering.question import asked_years

    assert asked_years(question) == years


@pytest.mark.parametrize(
    "question",
    [
        "What is Eastholm's projected population in 2060?",
        "What was the harbour board's average wait in 2020?",
        "What was the county's population in 2020?",
    ],
)
def test_a_possessive_in_place_of_the_asks_for_the_same_figure(question):
    assert analyse(question).intent == "numeric"


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How much spent fuel is stored at the plant?", "number"),
        ("How much was spent on harbour dredging in 2020?", "money"),
        ("What amount was spent by the port authority?", "money"),
        ("How much money was spent?", "money"),
    ],
)
def test_spent_before_its_noun_is_no_spending(question, unit):
    assert analyse(question).unit == unit


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # the word names a thing; a figure is asked
        ("How much of the county's water comes from groundwater sources?", "numeric"),
        ("By how much did the new filters cut arsenic levels from that source?", "text"),
        ("What share of clinics had no clean water source, according to the survey?", "numeric"),
        ("How many farms did the census the review cites count in 2020?", "numeric"),
        # where a claim comes from is asked, whatever figure the question quotes (and
        # "What is the source for the 35% figure …?", above)
        ("According to which source did clinic visits fall by 12% in 2022?", "source"),
        ("Which survey is the source of the 4,000 farms estimate?", "source"),
        ("How often are the tariffs revised, and from which sources are they drawn?", "source"),
    ],
)
def test_a_figure_asked_is_no_question_about_sources(question, intent):
    from reportqa.answering import analyse

    assert analyse(question).intent == intent
