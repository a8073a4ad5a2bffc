"""Characters -> words -> lines, with footnote markers told apart by their type.

A footnote marker is a number set smaller than the word it follows and raised above its
baseline. That is what a reader sees, and it separates "losses⁸" from "Figure 1.6",
"CHAPTER 1" or "4.5 percent", which a digit-after-a-word rule cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.pdf.chars import Char, normalise_glyphs
from reportqa.text import superscript

_MARKER_TEXT = re.compile(
    r"^(?:\d{1,3}(?:[,–-]\d{1,3})*|[*†‡§¶]{1,3}|[a-z]|st|nd|rd|th|e|er|re"
    r"|(?=[ivxlc]{2,7}$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))$"
)
# an endnote's mark in small Roman numerals ("xix"): read as its number
_ROMAN_MARK = re.compile(r"^(?=[ivxlc]{2,7}$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(text: str) -> int:
    """The value of a well-formed lower-case Roman numeral ("xix" -> 19)."""
    values = [_ROMAN_VALUES[ch] for ch in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_CLOSING = set(".,;:!?)]’”'\"")
# a list item's mark at a line's start: a bullet or box, a dash or arrow before a space,
# or a letter, roman numeral or number with "." or ")" (a short word ending a sentence at
# a line's start, "it. It is...", is not one)
LIST_MARK = re.compile(
    r"^(?:[•▪◦●■♦►✓❑○□➢]|[–—−›-]\s|\(?(?:[a-z]|[ivxl]{1,5}|\d{1,3}[a-z]?)[.)]\s)"
)
_SCALE = re.compile(r"^(?:thousand|million|billion|trillion|mn|bn)$", re.I)
# a currency's one-letter sign, alone or glued to its amount (see reportqa.numbers)
_SIGN = re.compile(r"[A-Z]")
_SIGNED = re.compile(r"[A-Z]\d")
_NUMERIC = re.compile(r"^[(\[]?[-–−+~<>≈]?[$€£¥]?\d[\d.,]*%?[)\]]?$|^[-–—]$|^n\.?a\.?$", re.I)


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    bold: bool
    raised: bool = False  # a footnote marker (smaller, raised type)


@dataclass
class Line:
    """Words on one baseline within one column: a printed line, or a table row's cell run."""

    words: list[Word]
    page: int
    column: int = 0  # set by the layout; -1 spans columns
    tags: set[str] = field(default_factory=set)

    _memo: tuple[int, float, float, float, float] | None = field(
        default=None, repr=False, compare=False
    )
    _plain: tuple[int, str] | None = field(default=None, repr=False, compare=False)

    def _geometry(self) -> tuple[int, float, float, float, float]:
        """(word count, x0, x1, baseline, size), worked out again only when a word joins
        (words are only ever added to a line: a marker, a bullet, a note number)."""
        memo = self._memo
        if memo is not None and memo[0] == len(self.words):
            return memo
        words = self.words
        body = [w for w in words if not w.raised] or words
        weights = sum(len(w.text) for w in body)
        size = sum(w.size * len(w.text) for w in body) / max(1, weights)
        memo = (
            len(words),
            min(w.x0 for w in words),
            max(w.x1 for w in words),
            max(w.baseline for w in body),
            size,
        )
        self._memo = memo
        return memo

    @property
    def x0(self) -> float:
        return self._geometry()[1]

    @property
    def x1(self) -> float:
        return self._geometry()[2]

    @property
    def baseline(self) -> float:
        return self._geometry()[3]

    @property
    def size(self) -> float:
        return self._geometry()[4]

    @property
    def top(self) -> float:
        return self.baseline - self.size

    @property
    def bold(self) -> bool:
        body = [w for w in self.words if not w.raised]
        return bool(body) and all(w.bold for w in body)

    @property
    def plain(self) -> str:
        """The words without their markers (for matching running heads); worked out again
        only when a word joins, as the geometry is."""
        memo = self._plain
        if memo is not None and memo[0] == len(self.words):
            return memo[1]
        text = " ".join(w.text for w in self.words if not w.raised)
        self._plain = (len(self.words), text)
        return text

    def render(self) -> tuple[str, list[tuple[int, int]]]:
        """The line as text, markers as superscript digits after their word, and each
        marker's (offset in the text, number)."""
        text = ""
        markers: list[tuple[int, int]] = []
        for word in sorted(self.words, key=lambda w: w.x0):
            numbers = re.findall(r"\d+", word.text) if word.raised else []
            if word.raised and _ROMAN_MARK.match(word.text):
                numbers = [str(roman_value(word.text))]  # "CO.xix": note 19
            if word.raised and not numbers and text and word.text.isalpha():
                if len(word.text) == 1 and _takes_a_note_letter(text):
                    continue  # a table note's letter ("Public debtᵈ"): no part of the word
                text += word.text  # a raised ordinal or letter suffix: "95th", "2nd"
                continue
            if not numbers:
                glued = text and text[-1] in _SUPERSCRIPTS and word.text[:1] in _CLOSING
                text = f"{text}{'' if glued else ' '}{word.text}" if text else word.text
                continue
            for k, number in enumerate(numbers):
                text += "," if k else ""
                markers.append((len(text), int(number)))
                text += superscript(int(number))
        return text, markers

    def is_numeric(self) -> bool:
        """A figure, a dash or "n.a."; a figure with its scale ("$10 million") too, and
        an amount of a scale after a currency's one-letter sign ("P5 Million", "P 16
        Million")."""
        body = [w.text for w in self.words if not w.raised]
        if len(body) == 3 and _SIGN.fullmatch(body[0]) and _SCALE.match(body[2]):
            body = body[1:]  # "P 16 Million"
        if len(body) == 2 and _SCALE.match(body[1]):
            first = body[0][1:] if _SIGNED.match(body[0]) else body[0]
            return bool(_NUMERIC.match(first))
        return bool(body) and all(_NUMERIC.match(t) for t in body)


def _takes_a_note_letter(text: str) -> bool:
    """Does a raised letter after ``text`` mark a note ("Public debtᵈ", "(millions)ᵇ")?
    After a figure it is an ordinal's ending ("95ᵗʰ"), after one capital an
    abbreviation's ("Mᶜ")."""
    last = text.rsplit(" ", 1)[-1]
    return len(last) > 1 and (last[-1].isalpha() or last[-1] == ")")


def build_words(chars: list[Char], marker_size_ratio: float, marker_rise: float) -> list[Word]:
    """Group characters in content order into words, then mark raised small numbers.

    This runs for every character of a report, so the comparisons use locals, not
    calls."""
    words: list[Word] = []
    current: list[Char] = []

    def flush() -> None:
        text = "".join([c.text for c in current])
        if "/" in text or not text.isascii():
            text = normalise_glyphs(text)
        text = text.strip()
        if text:
            first = current[0]
            x1 = size = 0.0
            bold = True
            for c in current:
                if c.x1 > x1:
                    x1 = c.x1
                if c.size > size:
                    size = c.size
                bold = bold and c.bold
            words.append(Word(text, first.x0, x1, first.baseline, size, bold))
        current.clear()

    last: Char | None = None
    for ch in _without_overprint(chars):
        if ch.text == " " or ch.text.isspace():
            if current:
                flush()
            last = None
            continue
        if last is not None:
            a, b = ch.size, last.size
            size, small = (a, b) if a > b else (b, a)
            gap = ch.x0 - last.x1
            drop = ch.baseline - last.baseline
            if (
                drop > 0.15 * size
                or drop < -0.15 * size
                or gap > 0.2 * size
                or (gap < -0.6 * size and abs(ch.x0 - last.x0) >= 0.05 * size)  # not a ligature
                or (size > 1.2 * small and not _small_capitals(last.text, ch.text, gap, size))
            ):
                flush()
        current.append(ch)
        last = ch
    if current:
        flush()
    words = _tracked_letters_joined(words)
    _mark_raised(words, marker_size_ratio, marker_rise)
    return words


def _small_capitals(before: str, after: str, gap: float, size: float) -> bool:
    """Capitals set small after a full-size one, touching it ("E" and "THICAL" of a
    heading in small capitals): one word, not two."""
    return before.isupper() and after.isupper() and gap <= 0.1 * size


def _tracked_letters_joined(words: list[Word]) -> list[Word]:
    """A heading set with wide letter spacing ("L A B O U R   F O R C E") comes out one
    letter a word. On a baseline holding four single letters or more, closer than their
    size, each run of them is joined into words, split where a gap is clearly wider than
    the letters' own; a first letter set larger (a drop capital) belongs to its word."""

    def single(w: Word) -> bool:
        return len(w.text) == 1 and w.text.isalpha()

    def follows(a: Word, b: Word) -> bool:
        small, large = sorted((a.size, b.size))
        return (
            single(a)
            and single(b)
            and abs(b.baseline - a.baseline) < 0.15 * large
            and large <= 1.35 * small
            and 0 < b.x0 - a.x1 < small
        )

    letters_on: dict[int, int] = {}
    for w in words:
        if single(w):
            key = round(w.baseline)
            letters_on[key] = letters_on.get(key, 0) + 1
    if not any(n >= 4 for n in letters_on.values()):
        return words
    out: list[Word] = []
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and follows(words[j], words[j + 1]):
            j += 1
        if j == i or letters_on.get(round(words[i].baseline), 0) < 4:
            out.append(words[i])
            i += 1
            continue
        run = words[i : j + 1]
        gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
        letter_gap = sorted(gaps)[len(gaps) // 2] if len(gaps) >= 3 else min(gaps)
        start = 0
        for k, gap in enumerate(gaps, start=1):
            if gap > 1.8 * letter_gap + 0.05 * min(w.size for w in run):
                out.append(_joined(run[start:k]))
                start = k
        out.append(_joined(run[start:]))
        i = j + 1
    return out


def _joined(letters: list[Word]) -> Word:
    first = letters[0]
    return Word(
        "".join(w.text for w in letters),
        first.x0,
        letters[-1].x1,
        first.baseline,
        sorted(w.size for w in letters)[len(letters) // 2],  # a drop capital aside
        all(w.bold for w in letters),
    )


def _without_overprint(chars: list[Char]) -> list[Char]:
    """Drop a character drawn again on top of itself (fake bold, fill then stroke): read
    twice it doubles every word ("Energy Energy Outlook, Outlook,")."""
    kept: list[Char] = []
    append = kept.append
    seen: dict[tuple[str, int, int], int] = {}
    get = seen.get
    for index, ch in enumerate(chars):
        text = ch.text
        if text != " " and not text.isspace():
            key = (text, int(ch.x0 / 1.5), int(ch.baseline / 1.5))
            earlier = get(key)
            # a ligature's letters share one box and come one after another: not a reprint
            if earlier is not None and earlier < index - 3:
                continue
            seen[key] = index
        append(ch)
    return kept


def _mark_raised(words: list[Word], size_ratio: float, rise: float) -> None:
    """Mark small numbers (and signs) raised beside a word as footnote markers.

    The word a marker follows is usually its neighbour in content order; some producers
    draw the markers of a page after its running footer, so a marker whose content
    neighbours do not hold it is matched to the word printed beside it instead."""
    unplaced: list[int] = []
    for i, word in enumerate(words):
        if not _MARKER_TEXT.match(word.text):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(words) and _raises(word, words[j], j < i, size_ratio, rise, True):
                word.raised = True
                break
        else:
            unplaced.append(i)
    if unplaced:
        _mark_raised_by_place(words, unplaced, size_ratio, rise)


def _raises(
    word: Word, other: Word, before: bool, size_ratio: float, rise: float, in_order: bool
) -> bool:
    """Is ``word`` a marker raised on ``other`` (``before``: other precedes it)?"""
    if other.raised:
        return False
    lifted = other.baseline - word.baseline
    smaller = word.size <= size_ratio * other.size
    adjacent = (
        -0.3 * other.size <= word.x0 - other.x1 <= 0.6 * other.size
        if before
        else -0.3 * other.size <= other.x0 - word.x1 <= 0.6 * other.size
    )
    # before a word, only a note's lead number, set small, is a marker: a number in the
    # word's own type above and left of it is a chart's axis label; out of content order
    # only the smaller type tells a marker
    return (
        adjacent
        and rise * other.size <= lifted < other.size
        and (smaller or (in_order and lifted >= 0.3 * other.size and before))
    )


def _mark_raised_by_place(
    words: list[Word], unplaced: list[int], size_ratio: float, rise: float
) -> None:
    import bisect

    order = sorted(range(len(words)), key=lambda k: words[k].baseline)
    keys = [words[k].baseline for k in order]
    for i in unplaced:
        word = words[i]
        reach = word.size / size_ratio
        lo = bisect.bisect_left(keys, word.baseline)
        hi = bisect.bisect_right(keys, word.baseline + reach)
        for k in order[lo:hi]:
            other = words[k]
            if k == i or other.size <= word.size:
                continue
            before = other.x1 <= word.x0 + 0.3 * other.size
            if _raises(word, other, before, size_ratio, rise, False):
                word.raised = True
                break


def baseline_rows(words: list[Word]) -> list[list[Word]]:
    """The words that are not raised markers, in rows of one baseline, top to bottom."""
    body = sorted((w for w in words if not w.raised), key=lambda w: (w.baseline, w.x0))
    rows: list[list[Word]] = []
    for word in body:
        if rows and abs(rows[-1][0].baseline - word.baseline) <= 0.3 * word.size:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def _set_wide(row: list[Word], justified: tuple[int, float, float]) -> bool:
    """Is the row one line of prose justified wide ("17 In 2012, the public funding
    reached 74 per cent …" with every gap a full em)? Its gaps are all alike, and most of
    its words are lower-case words; the gaps between a table's cells vary with the cells'
    widths, and a row of years or headings set at an even pitch is no prose."""
    min_words, evenness, prose_share = justified
    if len(row) < min_words:
        return False
    if sum(w.text[:1].islower() for w in row) < prose_share * len(row):
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:])]
    return min(gaps) > 0 and max(gaps) <= evenness * min(gaps)


def build_lines(
    words: list[Word], page: int, segment_gap: float, justified: tuple[int, float, float]
) -> list[Line]:
    """Words on one baseline form a line, split where the gap is a column or cell gap.

    Raised markers join the line right below them, next to the word they follow.
    ``justified``: (fewest words, evenness, share of prose words) of a row that is one
    line however wide its gaps (:func:`_set_wide`).
    """
    rows = baseline_rows(words)
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        if _set_wide(row, justified):
            lines.append(Line(row, page))
            continue
        current = [row[0]]
        for word in row[1:]:
            before = current[-1]
            size, small = max(word.size, before.size), min(word.size, before.size)
            gap = word.x0 - before.x1
            # a figure set large beside its caption ("100%" and "untreated trees that")
            # stands apart from it by more than a word space of the caption's type
            figure = size > 1.5 * small and _NUMERIC.match(
                (word if word.size > before.size else before).text
            )
            if gap > segment_gap * size or (figure and gap > 0.5 * small):
                lines.append(Line(current, page))
                current = [word]
            else:
                current.append(word)
        lines.append(Line(current, page))
    for marker in (w for w in words if w.raised):
        host = _host_line(lines, marker)
        if host is None:
            marker.raised = False
            lines.append(Line([marker], page))
        else:
            host.words.append(marker)
            host.words.sort(key=lambda w: w.x0)
    lines = _hang_note_numbers(lines)
    lines.sort(key=lambda ln: (ln.baseline, ln.x0))
    return lines


def _near(lines: list[Line], keys: list[float], baseline: float, reach: float) -> list[Line]:
    """Lines whose baseline is within ``reach`` of ``baseline`` (``keys``: the sorted
    lines' baselines)."""
    import bisect

    lo = bisect.bisect_left(keys, baseline - reach)
    hi = bisect.bisect_right(keys, baseline + reach)
    return lines[lo:hi]


def _join_bullet(line: Line, lines: list[Line], keys: list[float], absorbed: set[int]) -> None:
    """A list bullet set apart from its item's text by a hanging indent joins that text."""
    bullet = line.words[0]
    for other in _near(lines, keys, bullet.baseline, bullet.size):
        if other is line or id(other) in absorbed:
            continue
        gap = other.x0 - bullet.x1
        if (
            abs(other.baseline - bullet.baseline) <= 0.35 * other.size
            and 0 <= gap <= 4 * other.size
        ):
            other.words.insert(0, bullet)
            absorbed.add(id(line))
            return


def _hang_note_numbers(lines: list[Line]) -> list[Line]:
    """A small number alone in a hanging indent, raised to the first line of the text on
    its right, is that note's number: it joins the line as a raised lead marker."""
    absorbed: set[int] = set()
    lines = sorted(lines, key=lambda ln: ln.baseline)
    keys = [ln.baseline for ln in lines]
    for line in lines:
        if len(line.words) != 1:
            continue
        if re.fullmatch(r"[•▪◦●■♦►✓❑○□➢–—−›-]|\(?[a-z]\)|[a-z]\.", line.words[0].text):
            _join_bullet(line, lines, keys, absorbed)
            continue
        if not re.fullmatch(r"\d{1,3}[.)]?", line.words[0].text):
            continue
        number = line.words[0]
        if _in_scale(line, lines, keys):
            continue
        best: Line | None = None
        for other in _near(lines, keys, number.baseline, 3 * number.size):
            if other is line or id(other) in absorbed:
                continue
            drop = other.baseline - number.baseline
            gap = other.x0 - number.x1
            if -0.1 * other.size <= drop < other.size and 0 <= gap <= 4 * other.size:
                if best is None or other.x0 < best.x0:
                    best = other
        if best is not None and number.size <= 1.02 * best.size:
            number.raised = best.baseline - number.baseline > 0.1 * best.size
            best.words.insert(0, number)
            best.tags.add("lead-number")
            absorbed.add(id(line))
    return [ln for ln in lines if id(ln) not in absorbed]


def _in_scale(line: Line, lines: list[Line], keys: list[float]) -> bool:
    """Is this bare number one of a column of numbers stepping by more than one, or
    counting down the page (a chart's axis: 140, 120, 100; 3, 2, 1, 0)? Note numbers
    stacked in a hanging indent go 1, 2, 3 down the page."""
    word = line.words[0]
    value = int(re.match(r"\d+", word.text).group())
    for other in _near(lines, keys, word.baseline, 4 * word.size):
        if other is line or len(other.words) != 1:
            continue
        m = re.fullmatch(r"(\d{1,4})[.)]?", other.words[0].text)
        aligned = abs(other.x1 - word.x1) <= 1.0 or abs(other.x0 - word.x0) <= 1.0
        if not (m and aligned):
            continue
        step = int(m.group(1)) - value
        below = other.baseline > word.baseline
        if abs(step) > 1 or (step != 0 and (step < 0) == below):
            return True
    return False


def _host_line(lines: list[Line], marker: Word) -> Line | None:
    best: Line | None = None
    best_distance = float("inf")
    for line in lines:
        drop = line.baseline - marker.baseline
        if not 0 <= drop < line.size:
            continue
        if marker.x0 > line.x1 + 0.8 * line.size or marker.x1 < line.x0 - 0.8 * line.size:
            continue
        if drop < best_distance:
            best, best_distance = line, drop
    return best
