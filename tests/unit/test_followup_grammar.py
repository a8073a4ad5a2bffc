"""Follow-ups read by the grammar of ellipsis and reference (reportqa.followup): months,
the slot of a bare name, names joined by a preposition, coordinated phrases, a quantity
of the thing measured, agreement, and pronouns by number. Questions of several fields,
none of the seed shelf's."""

from __future__ import annotations

import pytest

from reportqa.followup import Turn, resolve
from reportqa.followup_grammar import _coordinated, parts_of
from reportqa.words import content_terms


def understood(previous: str, question: str) -> str | None:
    result = resolve([Turn(question=previous)], question)
    return result.understood if result else None


# ----------------------------------------------------------------------------- months
@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # housing: the asked month is replaced, its year stays
        (
            "What was the average rent in March 2021?",
            "And in June?",
            "What was the average rent in June 2021?",
        ),
        # transport: no month asked, the month goes before the asked year
        (
            "How many passengers used the airport in 2019?",
            "And in July?",
            "How many passengers used the airport in July 2019?",
        ),
        # health: a month dating the bulletin is not the asked one
        (
            "How many flu cases does the October 2022 bulletin report for 2023?",
            "And in January?",
            "How many flu cases does the October 2022 bulletin report for January 2023?",
        ),
    ],
)
def test_a_month_replaces_the_asked_month(previous: str, followup: str, expected: str) -> None:
    assert understood(previous, followup) == expected


# ----------------------------------------------------------------------------- names
def test_a_bare_name_takes_the_place_of_a_bare_name() -> None:
    # philanthropy: the giver is the bare name, the receiver is led by "to"
    assert (
        understood(
            "How much did the Ford Foundation give to the Lagos Water Trust in 2019?",
            "And the Gates Foundation?",
        )
        == "How much did the Gates Foundation give to the Lagos Water Trust in 2019?"
    )


def test_a_bare_name_still_moves_the_place_before_a_bare_actor() -> None:
    assert (
        understood("What fine did the FAA set for Boeing in 2020?", "What about Airbus?")
        == "What fine did the FAA set for Airbus in 2020?"
    )


def test_a_fragment_led_by_a_preposition_replaces_the_name_that_preposition_joins() -> None:
    # transport: "for" joins two names in one run of capitals
    assert (
        understood("Who chairs the Steering Committee for Route 9 Upgrades?", "And for Route 12?")
        == "Who chairs the Steering Committee for Route 12?"
    )


def test_a_year_inside_a_phrase_leaves_it_its_preposition() -> None:
    # city budgets: "Nairobi" is led by "of" across "the 2023"
    assert (
        understood("What share of the 2023 Nairobi budget went to Kibera?", "And of Mombasa?")
        == "What share of the 2023 Mombasa budget went to Kibera?"
    )


def test_a_date_inside_a_phrase_leaves_it_its_preposition() -> None:
    # statistics: "Monthly Bulletin" is led by "of", so "Norway" replaces the bare name
    assert (
        understood(
            "In the annex of the March 2023 Monthly Bulletin, what growth is forecast for Sweden?",
            "What about Norway?",
        )
        == "In the annex of the March 2023 Monthly Bulletin, what growth is forecast for Norway?"
    )


# ----------------------------------------------------------------------------- noun phrases
@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # banking: coordinated modifiers go with the head they share
        (
            "What default rate does the regulator expect on residential and commercial "
            "mortgages in 2025?",
            "And for car loans?",
            "What default rate does the regulator expect on car loans in 2025?",
        ),
        # disasters: "X and other Y" is one phrase, whichever conjunct is chosen
        (
            "How many people did floods and other storms displace in 2020?",
            "And forest fires?",
            "How many people did forest fires displace in 2020?",
        ),
        (
            "How many people did drought and other dry spells displace in 2018?",
            "And river floods?",
            "How many people did river floods displace in 2018?",
        ),
    ],
)
def test_a_phrase_replaces_the_whole_coordination(
    previous: str, followup: str, expected: str
) -> None:
    assert understood(previous, followup) == expected


def test_a_coordinated_subject_is_replaced_up_to_its_verb() -> None:
    # food security: the subject of "did" runs to the bare verb, its complement included
    assert (
        understood(
            "How many people did drought and other threats to harvests push into hunger in 2021?",
            "And price shocks?",
        )
        == "How many people did price shocks push into hunger in 2021?"
    )


def test_a_rate_of_the_thing_measured_keeps_its_modifiers_and_the_verb_agrees() -> None:
    # health: "the admission rate" after "hospital admissions"
    assert (
        understood(
            "What were the hospital admissions in Ontario in 2019?", "And the admission rate?"
        )
        == "What was the hospital admission rate in Ontario in 2019?"
    )


def test_the_auxiliary_agrees_with_a_subject_of_another_number() -> None:
    # infrastructure
    assert understood("Was the new bridge finished in 2019?", "And the tunnels?") == (
        "Were the new tunnels finished in 2019?"
    )
    # a modifier replaced leaves the verb alone: "the rate" is still the subject's head
    assert understood("What was the vacancy rate in Leeds in 2019?", "And the arrears?") == (
        "What was the arrears rate in Leeds in 2019?"
    )


# ----------------------------------------------------------------------------- pronouns
def test_a_possessive_points_back_whatever_the_length_of_the_question() -> None:
    # charity funding
    assert (
        understood(
            "How much did the regional health fund raise in 2022?",
            "Who were its three largest private donors?",
        )
        == "Who were the regional health fund’s three largest private donors in 2022?"
    )


def test_a_plural_pronoun_takes_the_plural_phrase_the_question_asked_about() -> None:
    # health workforce: "they" are the nurses, not the hospital
    assert (
        understood(
            "How many nurses does the Alder Valley hospital employ?", "Why are they leaving?"
        )
        == "Why are the nurses that the Alder Valley hospital employs leaving?"
    )
    # water: the verb carried by "did" is put back in the past
    assert (
        understood("How many wells did the district build in 2021?", "Why did they fail?")
        == "Why did the wells that the district built in 2021 fail?"
    )
    assert (
        understood("Which three ports does the authority manage?", "How much do they earn?")
        == "How much do the three ports that the authority manages earn?"
    )


def test_a_singular_pronoun_keeps_the_subject() -> None:
    assert (
        understood(
            "How many tonnes of wheat did Ukraine export in 2021?", "And how much did it import?"
        )
        == "How much did Ukraine import in 2021?"
    )


def test_the_subject_of_do_ends_before_its_verb() -> None:
    assert (
        understood(
            "How much did the regional water board spend in 2020?", "Why did it spend so much?"
        )
        == "Why did the regional water board spend so much in 2020?"
    )


@pytest.mark.parametrize(
    "question",
    [
        "Which ports raised their fees in 2023?",
        "Did the councils publish their budgets on time?",
        "How did the board explain its decision to close the depot?",
    ],
)
def test_a_pronoun_with_its_antecedent_in_the_question_starts_fresh(question: str) -> None:
    assert understood("How much did the port authority earn in 2022?", question) is None


def test_a_coordination_with_words_naming_a_report_is_one_phrase():
    fragment = "harbour dues and port authority charges"
    naming = frozenset(content_terms("port authority charges"))
    parts = _coordinated(parts_of(fragment, report_terms=naming), fragment)
    assert [p.text(fragment) for p in parts] == [fragment]
