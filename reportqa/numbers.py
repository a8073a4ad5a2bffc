"""Quantities in report text: find, normalise and compare them.

One module serves the answer verifier, the conflict detector, the eval scorer and
`check`, so "69 per cent", "69%" and "roughly 69%" are the same claim everywhere.

A quantity is a value (or a low-high range) in a canonical unit: ``%``, ``t`` (tonnes),
a currency code (``USD``, ``EUR``, ``BRL``, ``INR`` … see ``CURRENCY_CODES``) or a price per unit
(``USD/kg``), ``minutes``, ``hours``, ``days``, ``weeks``, ``months``, ``years``, ``g``
(masses), ``x`` (multiples), ``ppm``, or ``""`` for a plain count. What is not
a quantity is left alone: years ("2027"), references ("Table 4", "No. 11"), dates
("5 March 2026"), footnote markers (superscripts are not digits here) and identifiers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

# a decimal comma, as many reports outside English write it, where a share or a scale
# follows ("85,54%", "1,5 million"): one or two digits after the comma, never three
_DECIMAL_COMMA = (
    r"(?<!\d)\d{1,3},\d{1,2}(?=\s?(?:%|per\s?cent\b|percent\b|million\b|billion\b|thousand\b))"
)
# Indian grouping, in lakhs and crores: "8,77,567", "1,00,000"
_INDIAN = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"
_NUM = (
    _DECIMAL_COMMA + "|" + _INDIAN + r"|\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
)
_RANGE_SEP = r"\s?(?:-|–|—|to)\s?"
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    # South Asian scales: "Rs 500 crore", "3 lakh households"
    "crore": 1e7,
    "crores": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
}
_CURRENCY_PREFIX = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "a$": "AUD",
    "aud": "AUD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "r$": "BRL",
    "brl": "BRL",
    "₹": "INR",
    "inr": "INR",
    "₦": "NGN",
    "ngn": "NGN",
    "c$": "CAD",
    "cad": "CAD",
    "chf": "CHF",
    "jpy": "JPY",
    "kes": "KES",
    "zar": "ZAR",
    "etb": "ETB",
    "ron": "RON",
    "rs.": "INR",
    "rs": "INR",
}
_CURRENCY_SUFFIX = {
    "dollars": "USD",
    "dollar": "USD",
    "euro": "EUR",
    "us dollars": "USD",
    "usd": "USD",
    "euros": "EUR",
    "pounds": "GBP",
    "yuan": "CNY",
    "rmb": "CNY",
    "reais": "BRL",
    "rupees": "INR",
    "naira": "NGN",
    "rand": "ZAR",
    "yen": "JPY",
    "birr": "ETB",
    "lei": "RON",
    # names several currencies share: each its own unit, never taken for another
    "pesos": "PESO",
    "francs": "FRANC",
    "shillings": "SHILLING",
}
# an ISO code after the figure, in capitals only ("250-450 ETB", "40 CHF")
_CODE_SUFFIX = {k.upper(): v for k, v in _CURRENCY_PREFIX.items() if re.fullmatch(r"[a-z]{3}", k)}
# every currency a figure may be in
CURRENCY_CODES = frozenset(_CURRENCY_PREFIX.values()) | frozenset(_CURRENCY_SUFFIX.values())
# a currency a table's caption or header names for its cells: "(Rs. Million)", "Rs.Mn",
# "in lei", "(ETB)"; a symbol or code set apart, or a currency's name in lower case (a
# capitalised "Rand" is a name, not the currency)
_NAMED_CURRENCY = re.compile(
    r"(?:(?<![A-Za-z])(?P<pre>"
    + "|".join(
        re.escape(k)
        for k in sorted(_CURRENCY_PREFIX, key=len, reverse=True)
        if k != "$" and not re.fullmatch(r"[a-z]{3}", k)  # a code counts in capitals only
    )
    + r")(?=[\s.)]|mn\b|bn\b|$))"
    + r"|\b(?-i:(?P<code>"
    + "|".join(sorted(_CODE_SUFFIX, key=len, reverse=True))
    + r"))\b"
    + r"|\b(?-i:(?P<name>"
    + "|".join(re.escape(k) for k in sorted(_CURRENCY_SUFFIX, key=len, reverse=True))
    + r"))\b",
    re.I,
)


def named_currency(text: str) -> str | None:
    """The currency code a caption or header names for its figures, if one."""
    m = _NAMED_CURRENCY.search(text)
    if m is None:
        return None
    if m.group("pre"):
        return _CURRENCY_PREFIX[m.group("pre").lower()]
    if m.group("code"):
        return _CODE_SUFFIX[m.group("code")]
    return _CURRENCY_SUFFIX[m.group("name")]


_UNIT_WORDS = {
    "%": "%",
    "per cent": "%",
    "percent": "%",
    "pc": "%",
    "percentage points": "%",
    # basis points, hundredths of a point: a rate's change or spread ("7 bps below")
    "basis points": "bp",
    "basis point": "bp",
    "bps": "bp",
    "bp": "bp",
    # per thousand ("1267‰ dependants per 1000 employed"): a ratio, never a count
    "‰": "‰",
    "per mille": "‰",
    "per mil": "‰",
    "t": "t",
    "tonnes": "t",
    "tonne": "t",
    "tons": "t",
    "ton": "t",
    "metric tons": "t",
    "kt": "kt",
    "mt": "Mt",
    "hours": "hours",
    "hour": "hours",
    "hrs": "hours",
    "minutes": "minutes",
    "minute": "minutes",
    "working days": "days",
    "days": "days",
    "day": "days",
    "weeks": "weeks",
    "week": "weeks",
    "months": "months",
    "month": "months",
    "years": "years",
    "year": "years",
    "yrs": "years",
    "x": "x",
    "×": "x",
    "-fold": "x",
    "fold": "x",
    "times": "x",
    "ppm": "ppm",
    # masses, in grams: "400 g", "5 mg", "2.5 kilograms"
    "g": "g",
    "grams": "g",
    "gram": "g",
    "kg": "kg",
    "kilograms": "kg",
    "kilogram": "kg",
    "mg": "mg",
    "milligrams": "mg",
    "milligram": "mg",
    # areas and lengths: "1.7 million square miles", "517,000 sq. km", "40 hectares"
    "square miles": "sq mi",
    "square mile": "sq mi",
    "sq mi": "sq mi",
    "square kilometres": "km2",
    "square kilometers": "km2",
    "square kilometre": "km2",
    "square kilometer": "km2",
    "sq km": "km2",
    "sq. km": "km2",
    "km2": "km2",
    "km²": "km2",
    "hectares": "ha",
    "hectare": "ha",
    "ha": "ha",
    "acres": "acres",
    "acre": "acres",
    "nautical miles": "nmi",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "km": "km",
    "miles": "mi",
    "mile": "mi",
}
# a mass in another unit than the gram, and its factor to grams
_TO_GRAMS = {"kg": 1e3, "mg": 1e-3}
_PER = {"kg": "kg", "kilogram": "kg", "kilo": "kg", "tonne": "t", "t": "t", "lb": "lb"}
_QUALIFIERS = {
    "approx": r"roughly|approximately|approx\.|about|around|nearly|almost|some|close to|"
    r"an estimated|estimated|circa|c\.|~|≈",
    "over": r"over|more than|above|exceeding|in excess of|at least|>|≥|\+",
    "under": r"under|less than|below|up to|fewer than|at most|<|≤",
}
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:Table|Tables|Figure|Figures|Fig\.|Exhibit|Chart|No\.|Nos\.|Number|Chapter|Section|"
    r"Article|Annex|page|pages|p\.|pp\.|Order|Announcement|Docket|Batch|Phase|Level|Tier|Stage|"
    r"Step|Box|Appendix|Part|Rule|Resolution|Decree)\s*$)|(?:第\s*$)",
    re.I,
)
# "III.13", "Box II.4": a chapter's Roman numeral, a dot, then the paragraph or table
_ROMAN_SECTION_BEFORE = re.compile(r"\b[IVXLC]{1,6}\.$")
# "p. 3, 7", "pp. 12-14 and 18", "pages 4, 9": the later pages of a page list
_PAGE_LIST_BEFORE = re.compile(
    r"\b(?:p|pp|pages?)\.?\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*(?:,|and|&)\s*\d+(?:\s*[-–]\s*\d+)?)*"
    r"\s*(?:,|and|&)\s*$",
    re.I,
)
_MONTH_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+$")


@dataclass(frozen=True)
class Quantity:
    """A number as stated: value (or low..high) in a canonical unit, and its span."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    high: float | None = None
    qualifier: str | None = None  # "approx" | "over" | "under" | None

    @property
    def is_range(self) -> bool:
        return self.high is not None

    def same_value(self, other: Quantity, rel_tol: float = 0.005) -> bool:
        """Same unit and the same value or range, up to rounding (``rel_tol``)."""
        if self.unit != other.unit:
            return False
        if not math.isclose(self.value, other.value, rel_tol=rel_tol, abs_tol=1e-9):
            return False
        if (self.high is None) != (other.high is None):
            return False
        return self.high is None or math.isclose(self.high, other.high or 0.0, rel_tol=rel_tol)

    def within(self, other: Quantity, tolerance: float) -> bool:
        """Same unit and values within an absolute tolerance (e.g. 1 percentage point)."""
        if self.unit != other.unit:
            return False
        lo_a, hi_a = self.value, self.high if self.high is not None else self.value
        lo_b, hi_b = other.value, other.high if other.high is not None else other.value
        return abs(lo_a - lo_b) <= tolerance and abs(hi_a - hi_b) <= tolerance

    def describe(self) -> str:
        value = _fmt(self.value) + (f"–{_fmt(self.high)}" if self.high is not None else "")
        return f"{value} {self.unit}".strip()


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) and abs(value) >= 1000 else f"{value:g}"


def _to_float(text: str) -> float:
    if re.fullmatch(r"\d{1,3},\d{1,2}", text):
        return float(text.replace(",", "."))  # a decimal comma
    return float(re.sub(r"[,\u202f\u00a0 ]", "", text))


def _alternatives(words: dict[str, str] | list[str]) -> str:
    keys = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)


# a currency's one-letter sign before an amount of a scale: glued to it ("R62.7 million"
# rand, "P5 Million" pula, "K3 billion" kwacha), or set apart at the start of a line, a
# cell or a field ("P 16 Million", "Amount: P 16 Million"). Alone, a capital before a
# number is too often a label ("R2", "B52", "Scenario B 20 million people") to be money.
# "R" is the rand's; any other letter is a currency of its own, "¤P"
_AMOUNT_OF_A_SCALE = r"\d[\d,]*(?:\.\d+)?\s?(?:million|billion|thousand|bn)\b"
_SIGN_BEFORE_AMOUNT = (
    rf"(?-i:[A-Z])(?={_AMOUNT_OF_A_SCALE})"
    rf"|(?:(?<![^\t\n])|(?<=[:;(]\s))(?-i:[A-Z])(?=\s{_AMOUNT_OF_A_SCALE})"
)
_PREFIX_CODES = {**_CURRENCY_PREFIX, "r": "ZAR"}
# the code of a currency known only by its one-letter sign
SIGN_CURRENCY = "¤"


def is_currency(unit: str) -> bool:
    """Is ``unit`` a currency: a known code, or one known by its sign ("¤P")?"""
    return unit in CURRENCY_CODES or unit.startswith(SIGN_CURRENCY)


_QUALIFIER_RE = "|".join(
    "(?P<q_" + name + ">" + pattern.replace(" ", r"\s") + ")"
    for name, pattern in _QUALIFIERS.items()
)
_SCALE_RE = _alternatives(_SCALE)
_PATTERN = re.compile(
    rf"""
    (?:(?:{_QUALIFIER_RE})\s?)?
    (?:(?:(?<![A-Za-z])|(?=[^A-Za-z]))(?P<cur>{_alternatives(_CURRENCY_PREFIX)}|{_SIGN_BEFORE_AMOUNT}))?\s?
    (?P<a>{_NUM})
    (?:(?P<sep>{_RANGE_SEP})(?P<cur2>{_alternatives(_CURRENCY_PREFIX)})?(?P<b>{_NUM}))?
    (?:\s?(?P<scale>{_SCALE_RE})\b(?:\.(?=\w))?)?
    (?:(?:\s|-)?(?P<unit>{_alternatives(_UNIT_WORDS)})(?![A-Za-z]))?
    (?:\s(?:(?P<cursuf>{_alternatives(_CURRENCY_SUFFIX)})|(?-i:(?P<code>{_alternatives(_CODE_SUFFIX)})))\b)?
    (?:\s?(?:/|per\s)\s?(?P<per>{_alternatives(_PER)})\b)?
    """,
    re.X | re.I,
)


def _qualifier(m: re.Match[str]) -> str | None:
    for name in _QUALIFIERS:
        if m.group(f"q_{name}"):
            return name
    return None


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20|21)\d{2}", text))


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity stated in ``text``, in order, with its span."""
    return list(_quantities(text))


# English number words: "three to four years", "ten times", "two per cent". A word
# alone ("one of the", "two reports") is never read as a figure: only with a unit.
_WORD_VALUES = {
    w: float(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0,
     "eighty": 80.0, "ninety": 90.0, "hundred": 100.0}  # fmt: skip
_WORD_NUM = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_WORD_UNITS = {k: v for k, v in _UNIT_WORDS.items() if len(k) > 2 and k not in ("ton",)}
_WORD_PATTERN = re.compile(
    rf"""(?<![\w-])(?:(?:{_QUALIFIER_RE})\s)?
    (?P<a>{_WORD_NUM})
    (?:\s(?:to|or)\s(?P<b>{_WORD_NUM}))?
    [\s-](?P<unit>{_alternatives(_WORD_UNITS)})(?![\w-])""",
    re.X | re.I,
)


def _worded(text: str) -> list[Quantity]:
    """Quantities written in words with a unit ("three to four years", "two-fold")."""
    found = []
    for m in _WORD_PATTERN.finditer(text):
        high = _WORD_VALUES[m.group("b").lower()] if m.group("b") else None
        start = m.start() if _qualifier(m) else m.start("a")
        unit = _UNIT_WORDS[m.group("unit").lower()]
        factor = _TO_GRAMS.get(unit, 1.0)
        found.append(
            Quantity(
                text=text[start : m.end()],
                start=start,
                end=m.end(),
                value=_WORD_VALUES[m.group("a").lower()] * factor,
                unit="g" if unit in _TO_GRAMS else unit,
                high=high * factor if high is not None else None,
                qualifier=_qualifier(m),
            )
        )
    return found


@lru_cache(maxsize=32768)
def _quantities(text: str) -> tuple[Quantity, ...]:
    """Cached by text: the same sentences are read again for every question."""
    found: list[Quantity] = _worded(text) if re.search(r"[a-z]", text) else []
    pos = 0
    while (m := _PATTERN.search(text, pos)) is not None:
        pos = m.end()
        if m.group("b") and _is_year(m.group("a")) and not m.group("cur"):
            # "from 2009 to $2,377/kg", "8.8 percent in 2022 to 6.6 percent in 2023": a
            # year, then a quantity of its own (unless it is a year too: "2020 to 2023")
            pos = m.start("cur2") if m.group("cur2") else m.start("b")
            if re.fullmatch(r"\d\d", m.group("b")) and m.group("sep").strip() != "to":
                pos = m.end()  # "2023–24": one span of years
            continue
        quantity = _interpret(text, m)
        if quantity is not None:
            found.append(quantity)
    return tuple(_shared_units(text, sorted(found, key=lambda q: q.start)))


# "48 and 35 per cent", "10, 20 or 30 days": the figures of a coordination before a
# unit share it
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")


def _shared_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """Bare figures coordinated with a figure in a unit take that unit, read from the
    last: a unit written once is every coordinated figure's. A unit that scales
    ("million") is left to its own figure, whose value it changed."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        q, after = out[i], out[i + 1]
        if q.unit or q.high is not None or not after.unit or _is_year(q.text):
            continue
        between = text[q.end : after.start]
        if not _COORDINATED.fullmatch(between) or _SCALED.search(after.text):
            continue
        out[i] = replace(q, unit=after.unit)
    return out


_SCALED = re.compile(r"(?i)\b(?:thousand|million|billion|trillion|bn|mn|m|k)\b")


# Words after which a number is an amount, although they are capitalised at the start of
# a sentence ("In 2024", "The 12 members", "About 40 staff").
_FUNCTION_WORDS = frozenset(
    "the a an in on at by for from since of to about over under some all only nearly almost "
    "around approximately roughly these those its their our with and or than until after "
    "before between during per each every another more less fewer some".split()
)
_NAME_BEFORE = re.compile(r"(?:^|[ (])([A-Z][A-Za-z]+) $")  # in a sentence, not across cells


def _is_identifier(before: str, a: str, m: re.Match[str], text: str) -> bool:
    """A bare whole number right after a capitalised name ("Flight 610", "Boeing 737")
    or glued to another by a dash ("737-8", "737–8"), numbered with "#" ("ESF #14"), or
    alone in brackets ("(1) it would be …", the references "(2,5)"): it names, it does
    not count. So is a postal code after its town ("New Delhi – 110001")."""
    if re.fullmatch(r"\d{5,6}", a) and re.search(r"[A-Z][a-z]+\s?[–-]\s?$", before):
        return True
    if not re.fullmatch(r"\d{1,4}", a):
        return False
    if re.search(r"#\s?$", before):
        return True
    after = text[m.end("a") :]
    if re.search(r"\((?:\d{1,3},\s?)*$", before) and re.match(r"(?:,\s?\d{1,3})*\)", after):
        return True  # an enumerator "(1)" or the references "(2,5)" of a sentence
    if re.search(r"\[(?:\d{1,3}[,–-]\s?)*$", before) and re.match(r"(?:[,–-]\s?\d{1,3})*\]", after):
        return True  # the references "[7]", "[7, 8]", "[12-14]" of a sentence
    if re.search(r"\d:$", before) or re.match(r":\d", after):
        return True  # the terms of a ratio "8.8:1", "3:2", or a time "10:30"
    if _is_year(a):
        return False
    b = m.group("b")
    if b and re.fullmatch(r"\d{1,4}", b) and int(b) < int(a):
        return True  # "737–8" is a model, not a range that falls
    if re.match(r"[-–]\d", text[m.end("a") : m.end("a") + 2]) and not b:
        return True
    name = _NAME_BEFORE.search(before)
    return (
        bool(name)
        and name.group(1).lower() not in _FUNCTION_WORDS
        and not _MONTH_BEFORE.search(before)
    )


def _interpret(text: str, m: re.Match[str]) -> Quantity | None:
    a, b = m.group("a"), m.group("b")
    start_num = m.start("a")
    before = text[max(0, start_num - 30) : start_num]
    prev_char = text[start_num - 1] if start_num > 0 else " "
    end = m.end()
    next_char = text[end] if end < len(text) else " "
    currency = m.group("cur") or m.group("cur2")
    unit_word = (m.group("unit") or "").lower()
    scale_word = (m.group("scale") or "").lower()

    if prev_char.isdigit() or re.search(r"\d{4}-(?:\d{2}-)?$", before):
        return None  # the tail of a longer number, or the month/day of an ISO date
    # Part of an identifier or a word (RPT-1045, CO2, WT/DS431/1, 2a).
    if prev_char.isalpha() or prev_char in "/_" or (prev_char == "-" and before[-2:-1].isalpha()):
        if not currency:
            return None
    if next_char.isalpha() and not unit_word and not scale_word:
        return None
    money = currency or m.group("cursuf") or m.group("code")
    if next_char in "/" and not unit_word and not m.group("per") and not money:
        return None  # "WT/DS431/1"; but "250-450 ETB/day" is money by the day
    if _REFERENCE_BEFORE.search(before) and not currency and not unit_word:
        return None
    if _ROMAN_SECTION_BEFORE.search(before) and not currency and not unit_word:
        return None  # "III.13 When the committee met …", "Table III.4": a section's number
    if _PAGE_LIST_BEFORE.search(text[max(0, start_num - 60) : start_num]) and not unit_word:
        return None
    if _is_identifier(before, a, m, text) and not currency and not unit_word and not scale_word:
        return None  # "Flight 610", "Model 737-8": a name's number, not an amount
    line_start = text.rfind("\n", 0, start_num) + 1
    if (
        not text[line_start:start_num].strip()
        and re.match(r"\.\s", text[m.end("a") : m.end("a") + 2])
        and not unit_word
    ):
        return None  # "12. Reference text" numbering
    if _MONTH_AFTER.match(text[m.end("a") :]) or _MONTH_BEFORE.search(before):
        if not unit_word and not currency:
            return None  # a day of a date
    if re.match(r"-\d{2}\b", text[m.end("a") :]) and _is_year(a):
        return None  # ISO date 2025-07-31

    unit = _UNIT_WORDS.get(unit_word, "") if unit_word else ""
    if unit_word == "g" and m.group("unit") == "G":
        return None  # "5G networks": a generation, not grams
    if m.group("cursuf"):
        currency_code = _CURRENCY_SUFFIX[m.group("cursuf").lower()]
    elif m.group("code"):
        currency_code = _CODE_SUFFIX[m.group("code")]
    elif currency:
        currency_code = _PREFIX_CODES.get(currency.lower(), SIGN_CURRENCY + currency.upper())
    else:
        currency_code = None
    # "m" after a number is "million" only with money; "5 m" of length is not supported.
    if scale_word in ("m", "b", "k") and not currency_code and unit != "t":
        if scale_word == "m" and not unit_word:
            return _plain_or_none(text, m, a, b)
    if unit_word in ("mt",) and currency_code:
        unit_word, unit = "", ""
    scale = _SCALE.get(scale_word, 1.0) if scale_word else 1.0
    low = _to_float(a) * scale
    high = _to_float(b) * scale if b else None
    if unit == "kt":
        unit, low, high = "t", low * 1e3, high * 1e3 if high is not None else None
    elif unit == "Mt":
        unit, low, high = "t", low * 1e6, high * 1e6 if high is not None else None
    elif unit in _TO_GRAMS:
        factor = _TO_GRAMS[unit]
        unit, low, high = "g", low * factor, high * factor if high is not None else None
    if currency_code:
        unit = currency_code
        if m.group("per"):
            unit += "/" + _PER[m.group("per").lower()]  # a price: $110/kg
    if not unit and not scale_word:
        return _plain_or_none(text, m, a, b)
    span_start = m.start() if _qualifier(m) else (m.start("cur") if m.group("cur") else start_num)
    return Quantity(
        text=text[span_start:end].strip(),
        start=span_start,
        end=end,
        value=low,
        unit=unit,
        high=high,
        qualifier=_qualifier(m),
    )


def _plain_or_none(text: str, m: re.Match[str], a: str, b: str | None) -> Quantity | None:
    """A bare number: a count worth checking, unless it is a year or a lone digit."""
    if b is not None:
        if _is_year(a) or _is_year(b):
            return None  # "2023-24", "2020 to 2023"
    elif _is_year(a):
        return None
    start, end = m.start("a"), m.end("b") if b else m.end("a")
    return Quantity(
        text=text[start:end],
        start=start,
        end=end,
        value=_to_float(a),
        unit="",
        high=_to_float(b) if b else None,
        qualifier=_qualifier(m),
    )


def parse_quantity(text: str) -> Quantity | None:
    """The main quantity of a short expression ("69 per cent", "$13–18bn"), or None."""
    found = find_quantities(text)
    with_unit = [q for q in found if q.unit]
    return (with_unit or found or [None])[0]


def find_years(text: str) -> list[int]:
    """Years mentioned (1800-2199), including both ends of "2023-24" style spans."""
    return list(_years(text))


@lru_cache(maxsize=32768)
def _years(text: str) -> tuple[int, ...]:
    years = [int(y) for y in re.findall(r"(?<![\d,.])((?:1[89]|20|21)\d{2})(?!\d|,\d|%)", text)]
    years += [last for _, last in year_spans(text)]  # "2023-24" holds 2024 too
    return tuple(sorted(set(years)))


_YEAR_SPAN = re.compile(r"(?<!\d)((?:19|20)\d{2})[-–/](\d{2})(?![\d-])")


def _span_of(m: re.Match[str]) -> tuple[int, int] | None:
    first, last = m.group(1), m.group(2)
    return (int(first), int(first[:2] + last)) if int(last) > int(first[2:]) else None


@lru_cache(maxsize=32768)
def year_spans(text: str) -> frozenset[tuple[int, int]]:
    """The years written as one span, a financial or school year ("2025-26", "2023/24"),
    as (first, last); "2026-05" is a month, no span."""
    return frozenset(span for m in _YEAR_SPAN.finditer(text) if (span := _span_of(m)))


def _years_alone(text: str) -> set[int]:
    """The years ``text`` writes outside any span."""
    return set(_years(_YEAR_SPAN.sub(lambda m: " " if _span_of(m) else m.group(), text)))


def same_period(asked: str, text: str) -> bool:
    """Does ``text`` speak of a year ``asked`` names? A financial year is one period:
    "2025-26" is not the asked "2026-27", though both hold 2026. A year written alone
    matches any span holding it ("2026" and "2026-27")."""
    shared = set(find_years(asked)) & set(find_years(text))
    if not shared:
        return False
    asked_spans, spans = year_spans(asked), year_spans(text)
    if not (asked_spans and spans) or asked_spans & spans:
        return True
    return bool(shared & (_years_alone(asked) | _years_alone(text)))


def spelled_number(word: str) -> int | None:
    """ "four" -> 4: reports write small counts in words ("four consecutive seasons")."""
    value = _WORD_VALUES.get(word.strip().lower())
    return int(value) if value is not None else None


def spells(text: str, value: float) -> bool:
    """Whether ``text`` writes the whole number ``value`` out in words ("seven lifelines")."""
    words = [w for w, v in _WORD_VALUES.items() if v == value]
    return any(re.search(rf"\b{w}\b", text, re.I) for w in words)


# a number word counting the words after it: "seven community lifelines", "four
# consecutive seasons" (not "one of the", "two to three")
_COUNTED_WORD = re.compile(
    rf"(?<![\w-])(?P<a>{_WORD_NUM})\s+(?!(?:of|to|or|and|in|per|percent|cent)\b)(?=[a-z])",
    re.I,
)


def spelled_counts(text: str) -> list[Quantity]:
    """Counts written in words before what they count, as bare quantities: for a "how
    many" question only (alone, "two reports" is no figure; see _WORD_PATTERN)."""
    out = []
    for m in _COUNTED_WORD.finditer(text):
        value = _WORD_VALUES[m.group("a").lower()]
        if value >= 2:
            out.append(Quantity(m.group("a"), m.start("a"), m.end("a"), value, ""))
    return out
