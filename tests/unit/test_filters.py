"""One filters model and one builder: the command line, question files and the chat turn
the same choices into the same store filters and refuse the same values."""

from __future__ import annotations

import pytest

from app.conversation import FilterError
from app.conversation import build_filters as sidebar_filters
from reportqa.filters import BadFilter, build_filters
from reportqa.models import DocumentRecord

RECORDS = [
    DocumentRecord(doc_id="a1", source="shelf/water_survey.pdf", path="/s/water_survey.pdf",
                   content_hash="h1", title="Water Survey"),
    DocumentRecord(doc_id="b2", source="shelf/school_review.txt", path="/s/school_review.txt",
                   content_hash="h2", title="School Review"),
]  # fmt: skip


def test_names_ids_and_dates_become_one_filter():
    by_name = build_filters(["Water Agency"], ["water_survey"], "May 2025", "2026", RECORDS)
    by_id = sidebar_filters(["a1"], ["Water Agency"], "May 2025", "2026")
    assert by_name == by_id
    assert by_name.doc_ids == ["a1"] and by_name.after == "2025-05"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"after": "2025-13-45"}, "after"),
        ({"before": "soon"}, "before"),
        ({"after": "2026", "before": "2025"}, "range"),
        ({"docs": ["nope"]}, "doc"),
    ],
)
def test_the_same_values_are_refused_everywhere(kwargs, field):
    with pytest.raises(BadFilter) as caught:
        build_filters(records=RECORDS, **kwargs)
    assert caught.value.field == field
    if field != "doc":  # the sidebar names the form's fields
        sidebar = {k: v for k, v in kwargs.items() if k in ("after", "before")}
        with pytest.raises(FilterError, match="Dated (from|until)"):
            sidebar_filters(**sidebar)
