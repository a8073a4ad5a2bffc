"""The field profile is data: without one, question analysis knows no field's words;
with one, its words count; a bad one is named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportqa import lexicon
from reportqa.answering import analyse, entities_in, stages_in
from reportqa.answering.question import names_in
from reportqa.words import generic_stems, stem


def test_without_a_profile_no_word_of_any_field_is_special() -> None:
    lexicon.use(lexicon.EMPTY)
    frame = analyse("How many hospitals in China closed in 2022?")
    assert stem("china") in frame.terms
    assert stem("china") in names_in(frame.text)
    assert not generic_stems()
    assert not stages_in("mine production and refining rose")
    assert not entities_in("China and the U.S. agreed")


def test_a_profile_gives_its_field_words(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(
        "generic: [hospital]\n"
        "stages: {admissions: [admission, admissions, admitted]}\n"
        "entities: {Liberia: [liberia, liberian], UK: [uk, united kingdom]}\n"
    )
    lexicon.use(lexicon.load_profile(path))
    try:
        assert stem("hospital") in generic_stems()
        assert stages_in("Admissions fell by a third") == {"admissions"}
        assert entities_in("Liberian clinics") == {"Liberia"}
        # a short name that is also a word counts only in capitals
        assert entities_in("the UK said") == {"UK"} and entities_in("uk") == frozenset()
    finally:
        lexicon.use(lexicon.EMPTY)
    assert not stages_in("Admissions fell by a third")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- just a list\n", "expected a mapping"),
        ("stages: [mining]\n", "stages: expected a mapping"),
        ("generic: {a: b}\n", "generic: expected a list"),
        ("synonyms: [a]\n", "unknown section"),
        ("generic: [unclosed\n", "unreadable profile"),
    ],
)
def test_a_bad_profile_is_named_with_what_is_wrong(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(text)
    with pytest.raises(lexicon.ProfileError, match=reason) as caught:
        lexicon.load_profile(path)
    assert str(path) in str(caught.value)


def test_the_store_copy_is_used_when_settings_name_none(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text("generic: [outlay]\n")
    try:
        used = lexicon.activate(None, tmp_path)
        assert used.generic == {"outlay"} and lexicon.active() is used
        assert lexicon.activate(None, tmp_path / "empty-home") is lexicon.EMPTY
    finally:
        lexicon.use(lexicon.EMPTY)


def test_ingest_copies_a_folders_profile_and_refuses_a_bad_one(fake_settings, tmp_path: Path):
    from ingest.pipeline import Ingestor

    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "a.txt").write_text("# Wards\n\nAdmissions fell by a third in 2022.\n")
    (shelf / "profile.yaml").write_text("stages: {admissions: [admissions]}\n")
    report = Ingestor(fake_settings).ingest([shelf])
    assert not report.failed
    assert (
        fake_settings.home / "profile.yaml"
    ).read_text() == "stages: {admissions: [admissions]}\n"
    (shelf / "profile.yaml").write_text("stages: [admissions]\n")
    report = Ingestor(fake_settings).ingest([shelf])
    assert [o.path.endswith("profile.yaml") for o in report.failed] == [True]
    assert "stages: expected a mapping" in report.failed[0].error
    assert "admissions: [admissions]" in (fake_settings.home / "profile.yaml").read_text()
