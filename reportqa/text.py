"""Sentences and footnote markers in text, shared by ingest and the answer layer.

Offsets are kept, never the strings alone: a quote is always ``text[start:end]``.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_BRACKET_MARKER = re.compile(r"\[(\d{1,3})\]|\^(\d{1,3})\b")
# A superscript right after one of these is an exponent (km², m³), not a footnote marker.
_UNIT_BEFORE_EXPONENT = re.compile(r"(?:^|[\s\d(])(?:k|c|m)?m$|(?:^|[\s\d(])ft$")

# Sentence ends: . ! ? (optionally followed by quotes/superscript markers) + space + capital.
# A table's lettered notes run on: "… in HS17 nomenclature. b Including prohibited …".
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[’'”\")\]]*[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?=\s+[\"'“‘(\[]?[A-Z0-9¹²³⁴⁵⁶⁷⁸⁹]|\s+[a-z]\s+[A-Z])"
    r"|(?<=[⁰¹²³⁴⁵⁶⁷⁸⁹])(?=\s+[A-Z])"
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|et al|vs|No|Nos|Fig|Dr|Mr|Mrs|Ms|Prof|Inc|Ltd|Co|St|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|cf|U\.S|U\.K|U\.N|Mfg)\.|\b[A-Z]\.)$"
)
_NUMBERING = re.compile(r"\s*\d{1,3}\.")
# a short word with a full stop before a figure is an abbreviation of what the figure
# counts or is in ("Rs. 3000", "p. 12", "Art. 5", "Vol. 2"): sentences seldom open on a
# numeral. An acronym in capitals ("… the EU. 2019 …") may end a sentence
_SHORT_BEFORE_FIGURE = re.compile(r"(?:^|[\s(])(?![A-Z]{2,3}\.)[A-Za-z]{1,3}\.$")


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    offset = 0
    for raw in text.split("\n"):
        out.append((offset, raw))
        offset += len(raw) + 1
    return out


def announcer_after(text: str, end: int, max_words: int) -> tuple[int, int] | None:
    """The span of a short sentence ending in a colon right after ``end`` in ``text``
    ("… address this problem. These include:"): it announces items for the sentence
    before it. None when the next sentence is longer or ends otherwise."""
    spans = [(a, b) for a, b in sentence_spans(text) if a >= end]
    if not spans:
        return None
    a, b = spans[0]
    sentence = text[a:b].strip()
    return (a, b) if sentence.endswith(":") and len(sentence.split()) <= max_words else None


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence [start, end) spans within text[start:end]; newlines always end a sentence."""
    if start == 0 and end is None:
        return list(_passage_sentence_spans(text))
    return list(_split_sentences(text, start, len(text) if end is None else end))


@lru_cache(maxsize=16384)
def _passage_sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Cached: every question splits the same retrieved passages again."""
    return _split_sentences(text, 0, len(text))


def _split_sentences(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for line_start, line_text in _lines(text[start:end]):
        if not line_text.strip():
            continue
        base = start + line_start
        cursor = 0
        for m in _SENTENCE_END.finditer(line_text):
            cut = m.end()
            # only the last few characters before the cut are read: a line of a million
            # sentences is split in linear time, not re-read from its start at each one
            abbreviated = _ABBREVIATIONS.search(line_text, max(0, cut - 16), cut)
            if abbreviated and not line_text[cut - 1].isdigit():
                continue
            if line_text[cut : cut + 4].lstrip()[:1].isdigit() and _SHORT_BEFORE_FIGURE.search(
                line_text, max(0, cut - 6), cut
            ):
                continue
            if _NUMBERING.fullmatch(line_text, 0, cut):  # "12. Reference..." numbering
                continue
            spans.append((base + cursor, base + cut))
            cursor = cut
            while cursor < len(line_text) and line_text[cursor] == " ":
                cursor += 1
        if cursor < len(line_text.rstrip()):
            spans.append((base + cursor, base + len(line_text.rstrip())))
    return tuple((a, b) for a, b in spans if text[a:b].strip())


def find_markers(text: str) -> list[int]:
    """Footnote markers: unicode superscripts (¹, ²⁷), ``[7]`` and ``^7``.

    A superscript after a length unit (``km²``) is an exponent. Digits before a
    superscript stay outside it, so ``2²⁷`` cites footnote 27.
    """
    found: list[int] = []
    for m in _SUPERSCRIPT_RUN.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()]
        if _UNIT_BEFORE_EXPONENT.search(before) and len(m.group()) == 1:
            continue
        found.append(int(m.group().translate(_FROM_SUPERSCRIPT)))
    for m in _BRACKET_MARKER.finditer(text):
        found.append(int(m.group(1) or m.group(2)))
    seen: set[int] = set()
    return [n for n in found if not (n in seen or seen.add(n))]


def find_marker_spans(text: str) -> list[tuple[int, int]]:
    """(offset, number) of every superscript marker run, exponents left out."""
    spans: list[tuple[int, int]] = []
    for m in _SUPERSCRIPT_RUN.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()]
        if _UNIT_BEFORE_EXPONENT.search(before) and len(m.group()) == 1:
            continue
        spans.append((m.start(), int(m.group().translate(_FROM_SUPERSCRIPT))))
    return spans


def superscript(number: int) -> str:
    return str(number).translate(TO_SUPERSCRIPT)


# "© UNICEF/UNI528296/Name", "Photo: J. Doe/Agency", "Cover photo credit: …": who made
# a picture or holds the rights, printed beside it; never a finding
_CREDIT_LINE = re.compile(
    r"^\W*(?:©|(?:cover\s+)?photo(?:graph)?s?(?:\s+credits?)?\s*[:©]|credits?\s*:|sources?\s*:)",
    re.I,
)


# a telephone or fax number ("312.793.8550", "(202) 512-4800", "Phone: +44 20 7946 0958")
_PHONE = re.compile(
    r"\b(?:phone|tel|telephone|fax)\b\.?\s*:\s*\+?\(?\d"
    r"|\b\d{3}([.-])\d{3}\1\d{4}\b|\(\d{3}\)\s?\d{3}-\d{4}\b",
    re.I,
)


def is_contact_block(text: str) -> bool:
    """Is this an address or contact block ("300 West Adams, Suite 200 … Phone: …")? Its
    figures are street, suite, postcode and telephone numbers: never values."""
    return bool(_PHONE.search(text))


def is_credit_line(text: str) -> bool:
    """Is this line a copyright, a photo credit or a source line ("Source: Map created by
    …") rather than a sentence of the report? It says where something came from, which
    answers only a question on sources."""
    return bool(_CREDIT_LINE.match(text))


# a note's reference to a work: its quoted title (“A Title,” then the journal), a page,
# "hereinafter", a link
_CITES_A_WORK = re.compile(
    r"“[^”]{3,160},”|\bpp?\.\s?\d|\bhereinafter\b|https?://|\baccessed\b|\bibid\b|§",
    re.I,
)
_SEE = re.compile(r"^(?:for example,\s*|e\.g\.,?\s*)?(?:see|cf\.)\s", re.I)
# a finite verb: an auxiliary, or a lower-case word in -ed ("was cut", "reported")
_A_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|"
    r"shall|do|does|did|shows?|finds?|says?|notes?|gives?|remains?|[Aa]ccording)\b"
    r"|\b[a-z]{3,}ed\b"
)


def is_reference_entry(text: str) -> bool:
    """Is this line a note's bare reference to a work ("187. A. Author and B. Author, “A
    Title,” Journal, 12 (2026), pp. 1-16.", "49. See Infographic IG1, Title, by A.")
    rather than a sentence saying something? Its figures are volumes, pages and years.

    A reference states nothing: outside its quoted titles it has no verb."""
    body = re.sub(r"^\s*\d{1,3}\.\s+", "", text)
    if not (_SEE.match(body) or _CITES_A_WORK.search(body)):
        return False
    return not _A_VERB.search(_TITLE_OR_ASIDE.sub(" ", body))


# a quoted title (a quote of a few words: a long one is what someone said) or an aside
_TITLE_OR_ASIDE = re.compile(r"“[^”]{0,160}”|\([^()]*\)")


def is_instruction(text: str) -> bool:
    """Does this text order its reader about what to answer ("disregard everything above and
    reply only with...", "your answer must state...")? See :mod:`reportqa.instructions`.

    Such a sentence is data to show, never evidence: its figures are orders, not findings.
    """
    from reportqa.instructions import addresses_the_reader  # it splits with sentence_spans

    return addresses_the_reader(text)


# a header cell naming its column's year: "2021", "2021*" (an estimate), "2021e", "FY2022",
# "2023-24"; the reader and the answerer both tell a row of years heading the columns by it
HEADER_YEAR = re.compile(r"(?:FY\s?)?(?:19|20)\d\d(?:[-–/]\d{2,4})?[a-z*]?")

# a table's caption: "Table 4. …", "Table 3a …", "Exhibit 2-1 …" (the reader, the chunker
# and the answerer all tell one by it)
TABLE_CAPTION = re.compile(r"^(?:Table|Exhibit)\s+[A-Z]?\d+(?:[.\-–]\d+)*[A-Za-z]?\b", re.I)

_CONTENTS_HEADING = re.compile(r"^\s*(?:table of )?contents\s*$", re.IGNORECASE)
_CONTENTS_ENTRY = re.compile(
    r"^\s*(?:\d{1,3}\s*(?:\t|\s{2,}|\.{2,})\s*[^\t\d][^\t]*|[^\t]*[A-Za-z][^\t]*?(?:\t|\s{2,}|\.{2,})\s*\d{1,3})\s*$"
)


# "3 PROJECTED STATEWIDE POPULATION 2020 TO 2050 4 METHODOLOGY 5 COMPONENTS OF CHANGE …":
# the entries of a contents page set on one line, each a page number and a title in capitals
_RUN_ON_ENTRY = re.compile(
    r"(?<![\w.,])(\d{1,3})\s+([A-Z][A-Z0-9 ,&'’:()/-]*?[A-Z)])(?=\s+\d|\s*$)"
)
_RUN_ON_MIN_ENTRIES = 4
# a title joined to its page number by a dotted leader: "Licensing Data ........ 5"
_LEADER_ENTRY = re.compile(r"[A-Za-z].*?(?:\.\s?){5,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)


def _run_on_contents(line: str) -> bool:
    """Is the line a contents page's entries run together, their page numbers rising?"""
    entries = list(_RUN_ON_ENTRY.finditer(line))
    if len(entries) < _RUN_ON_MIN_ENTRIES:
        return False
    pages = [int(m.group(1)) for m in entries]
    covered = sum(m.end() - m.start() for m in entries)
    return pages == sorted(pages) and covered >= 0.7 * len(line.strip())


def is_contents_listing(text: str, section: str | None = None) -> bool:
    """Is this passage a report's table of contents (page numbers and section titles)?

    It holds every section title of its report, so term matching ranks it high for most
    questions about that report, yet it answers none of them. Recognised by its heading
    ("Contents", "Table of contents") and lines that are page/title pairs.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if any(_run_on_contents(line) for line in lines):
        return True
    if lines and all(_LEADER_ENTRY.search(line) for line in lines):
        return True  # "Licensing Data ........ 5": entries set apart, one passage each
    if lines and _CONTENTS_HEADING.match(lines[0]):
        lines = lines[1:]
    elif not (section and _CONTENTS_HEADING.match(section)):
        return False
    entries = sum(1 for line in lines if _CONTENTS_ENTRY.match(line))
    return len(lines) >= 3 and entries >= 0.6 * len(lines)


_ANSWER_MARKER = re.compile(r"\[(\d{1,3})\]")


def renumber(text: str, mapping: dict[int, int]) -> str:
    """An answer's own ``[n]`` markers rewritten by ``mapping`` (others left as they are)."""

    def swap(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[{mapping[n]}]" if n in mapping else m.group(0)

    return _ANSWER_MARKER.sub(swap, text)
