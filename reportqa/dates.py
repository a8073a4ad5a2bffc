"""Report dates: found in text, normalised to ISO prefixes and turned into sortable keys.

Reports carry dates of varying precision ("2026", "May 2026", "July 31, 2025"); we keep
the precision we have (``2026-05``) and compare through integer keys so Chroma can
filter on them.
"""

from __future__ import annotations

import re

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH_RE = "|".join(MONTHS)
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),\s*((?:19|20)\d{{2}})\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\s+((?:19|20)\d{{2}})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\s+((?:19|20)\d{{2}})\b", re.I)


def _real_date(year: int, month: int, day: int) -> bool:
    import datetime

    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def normalise_date(value: str) -> str | None:
    """'July 31, 2025' -> '2025-07-31'; 'May 2026' -> '2026-05'; '2026' -> '2026'."""
    value = value.strip()
    if m := re.fullmatch(r"((?:19|20)\d{2})(?:-(\d{2})(?:-(\d{2}))?)?", value):
        year, month, day = m.groups()
        if not _real_date(int(year), int(month or 1), int(day or 1)):
            return None  # "2025-13-45" is no date
        return "-".join(p for p in m.groups() if p)
    if m := _MONTH_DAY_YEAR.fullmatch(value):
        month, day = MONTHS[m[1].lower()], int(m[2])
        return f"{m[3]}-{month:02d}-{day:02d}" if _real_date(int(m[3]), month, day) else None
    if m := _DAY_MONTH_YEAR.fullmatch(value):
        month, day = MONTHS[m[2].lower()], int(m[1])
        return f"{m[3]}-{month:02d}-{day:02d}" if _real_date(int(m[3]), month, day) else None
    if m := _MONTH_YEAR.fullmatch(value):
        return f"{m[2]}-{MONTHS[m[1].lower()]:02d}"
    return None


# "Issued for comment by 16 February 2024", "comments due before 1 May": a deadline the
# report sets, not the day it came out
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|before|until|till|due|deadline|later than|closes?|expires?)\s*(?:on\s+)?:?\s*$",
    re.I,
)


def find_date(text: str) -> str | None:
    """The first full or month-precision date in ``text`` (used on a report's first lines)
    that is no deadline."""
    found = dates_in(text)
    return found[0] if found else None


def dates_in(text: str) -> list[str]:
    """The full or month-precision dates of ``text`` that are no deadline, in order."""
    deadlines: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR, _MONTH_YEAR):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in deadlines + taken):
                continue  # "February 2024" of "by 16 February 2024", of "16 February 2024"
            line_before = text[: m.start()].rsplit("\n", 1)[-1]
            if _DEADLINE_BEFORE.search(line_before):
                deadlines.append((m.start(), m.end()))
                continue
            date = normalise_date(m.group(0))
            if date:
                found.append((m.start(), date))
                taken.append((m.start(), m.end()))
    return [date for _, date in sorted(found)]


def nearest_before(dates: list[str], hint: str, slack_months: int = 2) -> str | None:
    """Of ``dates``, the one nearest ``hint`` (a file's creation, YYYY-MM) that is not
    after it by more than ``slack_months``: a report is dated when it is made."""

    def months(iso: str) -> int:
        return int(iso[:4]) * 12 + (int(iso[5:7]) if len(iso) >= 7 else 6)

    limit = months(hint) + slack_months
    fitting = [d for d in dates if months(d) <= limit]
    return min(fitting, key=lambda d: abs(months(hint) - months(d))) if fitting else None


def date_key(iso: str, upper: bool = False) -> int:
    """Sortable integer for an ISO prefix; missing parts count as the start (or end) of range."""
    parts = [int(p) for p in iso.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if upper else 0)
    day = parts[2] if len(parts) > 2 else (31 if upper else 0)
    return year * 10000 + month * 100 + day
