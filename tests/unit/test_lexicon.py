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


def test_a_profile_speaks_for_the_folder_it_came_with(fake_settings, tmp_path: Path):
    from ingest.pipeline import Ingestor

    wards, harbour, other = (tmp_path / n for n in ("wards", "harbour", "other"))
    for folder in (wards, harbour, other):
        folder.mkdir()
        (folder / "a.txt").write_text(f"# {folder.name}\n\nAdmissions fell in 2022.\n")
    (wards / "profile.yaml").write_text("generic: [admissions]\n")
    Ingestor(fake_settings).ingest([wards, other])
    home = fake_settings.home
    assert lexicon.profile_scope(home) == [str(wards.resolve())]  # not the other folder
    assert lexicon.in_scope(str((wards / "a.txt").resolve()), lexicon.profile_scope(home))
    assert not lexicon.in_scope(str((other / "a.txt").resolve()), lexicon.profile_scope(home))
    # a different profile replaces it and speaks for its own folder only
    (harbour / "profile.yaml").write_text("generic: [berths]\n")
    Ingestor(fake_settings).ingest([harbour])
    assert lexicon.profile_scope(home) == [str(harbour.resolve())]
    # a store that never noted a scope: the profile speaks for the whole shelf
    assert lexicon.profile_scope(tmp_path / "old-home") is None


def test_a_pinned_lexicon_holds_for_one_question_whatever_activates_the_profile(tmp_path: Path):
    (tmp_path / "profile.yaml").write_text("generic: [outlay]\n")
    try:
        with lexicon.pinned(lexicon.EMPTY):
            assert lexicon.activate(None, tmp_path) is lexicon.EMPTY
            assert not generic_stems()
        assert lexicon.activate(None, tmp_path).generic == {"outlay"}
    finally:
        lexicon.use(lexicon.EMPTY)


def test_a_question_on_another_folders_report_is_read_without_the_profile(
    fake_settings, tmp_path: Path
):
    """The wards' profile makes "dues" a common word there; in the harbour's report,
    which the profile does not speak for, "dues" tells its sentence from the others."""
    from ingest.pipeline import Ingestor
    from reportqa.answering import Answerer

    wards, harbour = tmp_path / "wards", tmp_path / "harbour"
    wards.mkdir()
    harbour.mkdir()
    (wards / "a.txt").write_text("# Wards\n\nWard dues are paid monthly by the trust.\n")
    (wards / "profile.yaml").write_text("generic: [dues]\n")
    (harbour / "b.txt").write_text(
        "# Harbour\n\nHarbour berth fees rose by 3% in 2022, the harbour office said.\n\n"
        "Harbour dues rose by 12% in 2022.\n"
    )
    Ingestor(fake_settings).ingest([wards, harbour])
    question = "By how much did harbour dues rise in 2022?"
    try:
        scoped = Answerer(fake_settings).ask(question)
        assert scoped.status == "answered" and "12%" in scoped.answer and "3%" not in scoped.answer
        # the same shelf, the profile named for the whole shelf: "dues" says nothing there
        whole = fake_settings.model_copy(update={"profile": fake_settings.home / "profile.yaml"})
        assert "12%" not in Answerer(whole).ask(question).answer
    finally:
        lexicon.use(lexicon.EMPTY)
