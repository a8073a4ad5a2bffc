"""Counts, dates and times in the words an analyst reads: '1 passage', 'May 2026',
'29 Nov 2026, 17:36' instead of '1 passages', '2026-05' and ISO stamps."""

from __future__ import annotations

from datetime import datetime, tzinfo

_MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTH_NAME = (
    "January February March April May June July August September October November December"
).split()


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 passage', '2 passages', '0 reports', '1,204 passages' (``many``: irregular)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def human_date(iso: str | None) -> str:
    """A report's date as a bibliography writes it: '2026', 'May 2026', '31 Jul 2025'.

    Anything that is not an ISO prefix (YYYY, YYYY-MM, YYYY-MM-DD) is shown as stored.
    """
    if not iso:
        return ""
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return iso
    year, rest = parts[0], [int(p) for p in parts[1:]]
    if not rest:
        return year
    if not 1 <= rest[0] <= 12:
        return iso
    if len(rest) == 1:
        return f"{_MONTH_NAME[rest[0] - 1]} {year}"
    if not 1 <= rest[1] <= 31:
        return iso
    return f"{rest[1]} {_MONTH_ABBR[rest[0] - 1]} {year}"


def human_time(stamp: str | None, zone: tzinfo | None = None) -> str:
    """An ingest stamp ('2026-11-29T17:36:29+00:00') as '29 Nov 2026, 17:36' in ``zone``
    (default: this machine's time zone; stamps are written in UTC)."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return f"{moment.day} {_MONTH_ABBR[moment.month - 1]} {moment.year}, {moment:%H:%M}"
