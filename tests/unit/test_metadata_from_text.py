"""A report's publisher read from its copyright lines when no metadata file names it."""

from __future__ import annotations

import pytest

from ingest.metadata import publisher_from_text


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("Policy brief\n© ICRC, October 2022\n", "ICRC"),
        ("© World Health Organization 2016. All rights reserved.", "World Health Organization"),
        ("©2023 International Monetary Fund\nISBN 979-8", "International Monetary Fund"),
        ("Cover photo © UNICEF/UNI817147/Khayyam\n… © UNICEF/UNI724524/Nader", "UNICEF"),
        ("© 2023• ISBN: 979-8-40023-224-4", None),
        ("A report with no copyright line.", None),
        ("Members: (a) Iran (b) Iraq (c) OPEC = Organization of the Petroleum Exporting", None),
        ("Copyright 2021 Harbour Institute. All rights reserved.", "Harbour Institute"),
        ("Copyright © 2019 Harbour Institute", "Harbour Institute"),
        # the word in a sentence of the report is no copyright line
        ("The implementing regulation for the Copyright Law has not been issued.", None),
    ],
)
def test_the_publisher_named_in_copyright_lines(text, publisher):
    assert publisher_from_text(text) == publisher


def test_a_metadata_file_wins_over_the_text(tmp_path):
    from ingest.metadata import report_metadata

    report = tmp_path / "brief.txt"
    report.write_text("© Harbour Institute 2024\nText.", encoding="utf-8")
    assert report_metadata(report, report.read_text(), None)["publisher"] == "Harbour Institute"
    (tmp_path / "metadata.yaml").write_text("brief.txt:\n  publisher: Port Authority\n")
    from ingest.metadata import _folder_metadata

    _folder_metadata.cache_clear()
    assert report_metadata(report, report.read_text(), None)["publisher"] == "Port Authority"


@pytest.mark.parametrize(
    ("author", "body"),
    [
        ("Centers for Disease Control and Prevention", True),
        ("FEMA Doctrine and Policy Office", True),
        ("OECD", True),
        ("FEWS NET", True),
        ("Parker, Mike J", False),
        ("Adam Qian", False),
    ],
)
def test_an_author_field_naming_a_body_is_told_from_a_person(author, body):
    from ingest.metadata import is_organisation

    assert is_organisation(author) is body


def test_a_body_in_the_pdf_author_field_is_the_publisher_when_nothing_else_says(tmp_path):
    from types import SimpleNamespace

    from ingest.metadata import report_metadata

    report = tmp_path / "guide.pdf"
    body = SimpleNamespace(
        author="Centers for Disease Control and Prevention", date_hint=None, running_heads=[]
    )
    text = "Guide text by the Centers for Disease Control and Prevention."
    meta = report_metadata(report, text, "Guide", body)  # type: ignore[arg-type]
    assert meta["publisher"] == "Centers for Disease Control and Prevention"
    unnamed = report_metadata(report, "Guide text.", "Guide", body)  # type: ignore[arg-type]
    assert unnamed["publisher"] is None  # the report never names it: whoever made the file
    person = SimpleNamespace(author="Parker, Mike J", date_hint=None, running_heads=[])
    meta = report_metadata(report, "Guide by Mike Parker.", "Guide", person)  # type: ignore[arg-type]
    assert meta["publisher"] is None


def test_a_body_the_report_names_by_its_initials_is_named(tmp_path):
    from types import SimpleNamespace

    from ingest.metadata import report_metadata

    report = tmp_path / "housing.pdf"
    body = SimpleNamespace(
        author="U.S. Government Accountability Office", date_hint=None, running_heads=[]
    )
    text = "GAO surveyed 12 syndicators. GAO's analysis of the data shows ..."
    meta = report_metadata(report, text, "Housing credits", body)  # type: ignore[arg-type]
    assert meta["publisher"] == "U.S. Government Accountability Office"
    other = "The GA office surveyed 12 syndicators."  # no initials written as a word
    meta = report_metadata(report, other, "Housing credits", body)  # type: ignore[arg-type]
    assert meta["publisher"] is None


def test_the_body_of_a_department_in_the_author_field_is_the_publisher(tmp_path):
    from types import SimpleNamespace

    from ingest.metadata import report_metadata

    report = tmp_path / "outlook.pdf"
    body = SimpleNamespace(
        author="Regional Development Bank Research Department", date_hint=None, running_heads=[]
    )
    text = "Prepared by the staff of the REGIONAL DEVELOPMENT BANK. Growth will slow in 2024."
    meta = report_metadata(report, text, "Outlook", body)  # type: ignore[arg-type]
    assert meta["publisher"] == "Regional Development Bank"
    silent = report_metadata(report, "Growth is projected to slow.", "Outlook", body)  # type: ignore[arg-type]
    assert silent["publisher"] is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Consultative paper\nIssued for comment by 16 February 2024\nNovember 2023", "2023-11"),
        ("Comments due before March 3, 2021\nPublished 2 January 2021", "2021-01-02"),
        ("Harbour review, May 2026\nDeadline: 1 July 2026", "2026-05"),
    ],
)
def test_a_deadline_on_the_cover_is_not_the_reports_date(text, date):
    from reportqa.dates import find_date

    assert find_date(text) == date


@pytest.mark.parametrize(
    ("heads", "title", "publisher"),
    [
        (
            ["Harbour Energy Agency | Short-Term Outlook 4"],
            "Short-Term Outlook",
            "Harbour Energy Agency",
        ),
        (
            ["12", "Quarterly Review – Office of Coastal Planning"],
            None,
            "Office of Coastal Planning",
        ),
        (["2 Review of the Global Harbour Fund"], "Review of the Global Harbour Fund 2024", None),
        (["National Harbour Framework", "ii"], "National Harbour Framework", None),
        (["Harbour Guide / Vol. 3 / Proposed Rules"], None, None),
    ],
)
def test_a_body_named_in_the_running_heads_is_the_publisher(heads, title, publisher):
    from ingest.metadata import publisher_from_running_heads

    assert publisher_from_running_heads(heads, title) == publisher


def test_a_date_in_the_running_heads_dates_a_report_whose_first_lines_do_not(tmp_path):
    from types import SimpleNamespace

    from ingest.metadata import report_metadata

    report = tmp_path / "rule.pdf"
    heads = ["4711", "Harbour Gazette / Vol. 8, No. 12 / Thursday, May 6, 2021 / Rules"]
    pdf = SimpleNamespace(author=None, date_hint="2021-05", running_heads=heads)
    meta = report_metadata(report, "Berths: proposed rule.", "Berth rule", pdf)  # type: ignore[arg-type]
    assert meta["date"] == "2021-05-06"
    no_heads = SimpleNamespace(author=None, date_hint="2021-05", running_heads=[])
    meta = report_metadata(report, "Berths: proposed rule.", "Berth rule", no_heads)  # type: ignore[arg-type]
    assert meta["date"] == "2021-05"


def test_of_several_dates_on_a_cover_the_report_is_dated_nearest_its_making(tmp_path):
    from types import SimpleNamespace

    from ingest.metadata import report_metadata

    report = tmp_path / "inquiry.pdf"
    cover = "Final report\nFerry grounding, near Eastholm\n16 June 2019\nNovember 2022\n"
    made = SimpleNamespace(author=None, date_hint="2022-11", running_heads=[])
    meta = report_metadata(report, cover + "1.1. The ferry left at 0900.", "Final report", made)  # type: ignore[arg-type]
    assert meta["date"] == "2022-11"
    # the file's creation unknown: the first date, as before
    unknown = SimpleNamespace(author=None, date_hint=None, running_heads=[])
    meta = report_metadata(report, cover, "Final report", unknown)  # type: ignore[arg-type]
    assert meta["date"] == "2019-06-16"
    # a date after the making is no date of the report ("Outlook to March 2030")
    later = "Harbour Outlook to March 2030\nMay 2024\n"
    made = SimpleNamespace(author=None, date_hint="2024-06", running_heads=[])
    meta = report_metadata(report, later, "Harbour Outlook", made)  # type: ignore[arg-type]
    assert meta["date"] == "2024-05"
