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
