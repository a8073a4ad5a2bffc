"""One way from what a user chose (publishers, reports by name, a date range) to the
store's :class:`RetrievalFilters`, for the command line, question files and the chat.

Each entry point names the fields in its own words (``--after``, a file's ``after:``,
the sidebar's "Dated from"), so a :class:`BadFilter` carries the field and the value
and the caller says it; the rules are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportqa.dates import normalise_date
from reportqa.models import DocumentRecord, RetrievalFilters

DATE_FORMS = "a date like 2025, 2025-07 or 2025-07-31"


@dataclass
class BadFilter(ValueError):
    """A filter value the user must correct: which field, what was given, why."""

    field: str  # "after", "before", "range" or "doc"
    value: str
    reason: str

    def __str__(self) -> str:
        return self.reason


def parse_dates(after: str | None, before: str | None) -> dict[str, str]:
    """The normalised dates of a range; an impossible date or an empty range is refused."""
    dates: dict[str, str] = {}
    for name, value in (("after", after), ("before", before)):
        value = (value or "").strip()
        if value:
            parsed = normalise_date(value)
            if not parsed:
                raise BadFilter(name, value, f"expects {DATE_FORMS}")
            dates[name] = parsed
    if "after" in dates and "before" in dates and dates["after"] > dates["before"]:
        raise BadFilter("range", f"{dates['after']}..{dates['before']}", "no report can match")
    return dates


def resolve_documents(names: Iterable[str], records: Sequence[DocumentRecord]) -> list[str]:
    """Doc ids for names given by a user: a doc id, a source path, a file name or its stem."""
    ids: list[str] = []
    for name in names:
        matches = [
            r.doc_id
            for r in records
            if name in (r.doc_id, r.source, r.path)
            or r.source.endswith("/" + name)
            or r.source.rsplit("/", 1)[-1].rsplit(".", 1)[0] == name
            or r.source.rsplit("/", 1)[-1] == name
        ]
        if not matches:
            raise BadFilter("doc", name, f"no document matches {name!r}; see `reportqa list`")
        ids.extend(matches)
    return ids


def build_filters(
    publishers: Iterable[str] = (),
    docs: Iterable[str] = (),
    after: str | None = None,
    before: str | None = None,
    records: Sequence[DocumentRecord] = (),
    doc_ids: Iterable[str] = (),
) -> RetrievalFilters:
    """The store's filters for a user's choices; ``docs`` are names resolved against
    ``records``, ``doc_ids`` are ids already chosen (the sidebar's list)."""
    dates = parse_dates(after, before)
    names = list(docs)
    ids = [*doc_ids, *(resolve_documents(names, records) if names else [])]
    return RetrievalFilters(publishers=list(publishers), doc_ids=ids, **dates)
