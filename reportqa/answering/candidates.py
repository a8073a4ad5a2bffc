"""What an answer is chosen from: the sentences of prose and the rows of tables.

A retrieved passage is cut into :class:`Candidate` sentences (rows, for a table; lines,
for a page of notes), each with its offsets in the document so a citation can point at
it. A table row keeps its caption and header, which say what its cells measure; this
module also writes a row as a sentence a reader can follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from reportqa.asked_kinds import kind_names
from reportqa.models import Footnote, Passage, ScoredPassage
from reportqa.numbers import (
    Quantity,
    find_quantities,
    is_currency,
    named_currency,
    parse_quantity,
)
from reportqa.text import HEADER_YEAR, TABLE_CAPTION, find_markers, sentence_spans

YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year in a header or a label


@dataclass
class Candidate:
    """A sentence or table row of a retrieved passage, with absolute offsets."""

    passage: ScoredPassage
    rank: int
    start: int  # offsets in the cleaned document
    end: int
    text: str
    score: float = 0.0
    neighbour: Candidate | None = None  # the sentence beside it that says what it answers
    # the signs its score is made of, by the name of their weight (to explain and to fit)
    features: dict[str, float] = field(default_factory=dict)
    # an item of a table cell that lists several ("▪ …  ▪ …"): (its column's header, its
    # row's label), which say what the item is about
    cell: tuple[str, str] | None = None
    # for a row of a table split over passages, in a passage of rows only: the lines above
    # the rows and the header cells of the table's first passage, which say what its
    # columns are ("County | 2020 | … | 2050")
    head: tuple[str, tuple[str, ...]] | None = None

    def add_sign(self, name: str, value: float, weight: float) -> None:
        """One more sign of its score, named as its weight's setting: recorded (to
        explain and to fit) and counted (its value times the weight)."""
        self.features[name] = value
        self.score += weight * value

    @property
    def context(self) -> str:
        """For a table row: its caption and header, which say what the cells mean (a
        caption the page set apart from the rows is the passage's section)."""
        if self.passage.kind != "table":
            return ""
        above = table_parts(self.passage.text)[0]
        group = group_label(self.passage.text, self.start - self.passage.char_start)
        if not above and self.head is not None:
            return f"{self.head[0]}\n{group}" if group else self.head[0]
        caption = self.caption
        seen = f"{caption}\n{above}" if caption not in above.split("\n", 1)[0] else above
        return f"{seen}\n{group}" if group else seen

    @property
    def caption(self) -> str:
        """A table's caption: its first line, or the section a caption set apart from
        the rows became when the passage starts with a row."""
        first = self.passage.text.split("\n", 1)[0]
        section = self.passage.section or ""
        if TABLE_CAPTION.match(section) and not TABLE_CAPTION.match(first):
            return section
        return first

    @property
    def previous(self) -> str:
        """The sentence before this one in its passage ("" for the first)."""
        base = self.passage.char_start
        before = [(a, b) for a, b in sentence_spans(self.passage.text) if base + b <= self.start]
        return self.passage.text[before[-1][0] : before[-1][1]] if before else ""

    @property
    def header(self) -> list[str]:
        if self.passage.kind != "table":
            return []
        own = table_parts(self.passage.text)[1]
        return list(own or (self.head[1] if self.head is not None else ()))

    @property
    def first_cell(self) -> str:
        """For a table row, its first cell: the label that names the row's item (the
        next one when the first numbers the row)."""
        cells = re.split(r"\t|\|", self.text)
        return (cells[1] if _numbers_the_row(cells) else cells[0]).strip()

    def column_of(self, q: Quantity) -> tuple[str, str]:
        """For a table row: (the column header of the cell holding ``q``, the row label)."""
        header = self.header
        if not header:
            return "", ""
        bounds = [m.start() for m in re.finditer(r"\t|\|", self.text)]
        index = sum(1 for b in bounds if b < q.start)
        label = self.first_cell
        if len(header) != len(bounds) + 1 or index >= len(header):
            return "", label
        return header[index], label

    @property
    def window(self) -> str:
        """What a reader sees around the sentence: section, table caption and header, and
        that it is a note, a table, a box or a chart ("according to a footnote")."""
        seen = f"{self.passage.section or ''}\n{self.context}\n{self.text}"
        kind = kind_names(self.passage.kind)
        return f"{kind}\n{seen}" if kind else seen

    @property
    def quantities(self) -> list[Quantity]:
        """Its figures; a table whose caption or header says tonnes gives bare cells "t"."""
        return list(row_quantities(self.text, self.context, tuple(self.header)))


@lru_cache(maxsize=32768)
def group_label(text: str, offset: int) -> str:
    """The label over the group of rows a table's row at ``offset`` of ``text`` is in,
    when it states the rows' unit: the nearest row above it with only its label filled
    ("Fiscal balance (percentage of GDP)" over "Public debt\t..\t20.0 …"). "" when
    that row states no unit (a country's row without figures, "Austria"), or there is
    none in the passage."""
    lines = text[:offset].split("\n")[:-1]
    for line in reversed(lines):
        cells = line.split("\t")
        if len(cells) > 1 and cells[0].strip() and not any(c.strip() for c in cells[1:]):
            label = cells[0].strip()
            return label if label_unit(label) else ""
    return ""


@lru_cache(maxsize=32768)
def row_quantities(text: str, context: str, header: tuple[str, ...] = ()) -> tuple[Quantity, ...]:
    """Cached per (sentence, table context): every question scores the same sentences.
    A bare cell takes its own column's unit ("%" over a column of shares beside one of
    tonnes), else its row's, else the unit the caption or header gives the table."""
    own = column_units(header) if "\t" in text else ()
    found: list[Quantity] = []
    if "\t" in text:  # cell by cell: "0.4\t–0.1" is two values, not a range
        offset = 0
        cells = text.split("\t")
        own = own if len(own) == len(cells) else ()
        scaled_by = header
        label = label_unit(cells[0])
        if label and not any(own):  # "GDP, nominal (millions of dollars)": the row's unit
            own = tuple("" if k == 0 else label for k in range(len(cells)))
            scaled_by = tuple(cells[0] for _ in cells)  # at its scale
        for k, cell in enumerate(cells):
            if k == 0 and (_numbers_the_row(cells) or _labels_the_row(cells)):
                offset += len(cell) + 1
                continue
            moved = [
                replace(q, start=q.start + offset, end=q.end + offset)
                for q in find_quantities(cell)
            ]
            if own and own[k]:  # the column's own unit, at its header's scale
                if not _SCALE_WORD.search(cell):  # "$1,349.8" under "($Millions)"
                    moved = _scaled(moved, own[k], scaled_by[k])
                moved = _bare_in(moved, own[k], scaled_by[k])
            found += moved
            offset += len(cell) + 1
    else:
        found = find_quantities(text)
    # a header's unit that one column states is that column's, not the table's: the
    # caption alone says the table's then
    stated_in = caption_line(context, header) if any(column_units(header)) else context
    unit = row_unit(text) or table_unit(stated_in)
    if unit:  # bare cells take the unit their caption or header states
        found = _bare_in(found, unit, context)
    return tuple(found)


# a cell's own scale ("$1.3 million", "€40bn"): the header's scale is not its
_SCALE_WORD = re.compile(r"(?i)\d\s*(?:thousand|million|billion|trillion|mn|bn|m|k)\b")


def _scaled(found: list[Quantity], unit: str, stated_in: str) -> list[Quantity]:
    """The figures of ``found`` already in the currency ``unit`` that a header states
    at a scale, at that scale (a cell "$1,349.8" under "Spending ($Millions)")."""
    scale = table_scale(stated_in) if is_currency(unit) else 1.0
    if scale == 1.0:
        return found
    return [
        replace(q, value=q.value * scale, high=q.high and q.high * scale) if q.unit == unit else q
        for q in found
    ]


def caption_line(context: str, header: tuple[str, ...]) -> str:
    """The caption over a table, which states a unit for all its columns; none when the
    context opens on the header row itself, whose cells state their own columns' units."""
    first = context.split("\n", 1)[0]
    return "" if header and first.strip() == "\t".join(header).strip() else first


def _bare_in(found: list[Quantity], unit: str, stated_in: str) -> list[Quantity]:
    """The bare figures of ``found`` in ``unit``, an amount at the scale ``stated_in``
    gives ("US$ million"); figures with a unit of their own keep it."""
    scale = table_scale(stated_in) if is_currency(unit) else 1.0
    return [
        replace(q, unit=unit, value=q.value * scale, high=q.high and q.high * scale)
        if q.unit == ""
        else q
        for q in found
    ]


@lru_cache(maxsize=4096)
def label_unit(label: str) -> str:
    """The unit a row's label states for its figures ("Real GDP growth (percentage)")."""
    return _column_unit(label, _LABEL_UNIT_CHARS) if "(" in label else ""


@lru_cache(maxsize=4096)
def column_units(header: tuple[str, ...]) -> tuple[str, ...]:
    """Each column's own unit, where its header cell states one: a cell that is a unit
    alone ("%") or ends on one set apart ("Share (%)", "Quantity (Mt)"). "" for a column
    whose header states none; it then takes its row's or its table's."""
    return tuple(_column_unit(cell) for cell in header)


def _column_unit(cell: str, longest: int = 12) -> str:
    """The unit a header cell (or a row's label) states for its figures: a unit alone
    ("%"), one set apart at its end ("Share (%)", "GDP, nominal (millions of dollars)"),
    or a share's own words ("PERCENT REDUCTION")."""
    cell = cell.strip()
    if not cell or re.search(r"\d", _ZEROS_SCALE.sub("", YEAR.sub("", cell))):
        return ""
    if re.search(r"(?:^|\s)%$|\(%\)$", cell) or re.search(
        r"(?i)\b(?:percent|per cent|percentage)\b(?!\s+(?:point|change)s?\b)", cell
    ):
        return "%"
    inside = re.search(rf"\(([^()]{{1,{longest}}})\)$", cell)
    if inside is None:
        # a currency at a scale and a base year: "Spending ($Millions, $2019)"
        dated = re.search(rf"\(([^()]{{1,{_DATED_UNIT_CHARS}}})\)$", cell)
        said = table_unit(dated.group(0)) if dated else ""
        return said if is_currency(said) else ""
    # "millions of dollars": the unit after its scale ("Amount (US$ million)" alike)
    rest = re.sub(
        r"(?i)\b(?:thousands?|millions?|billions?|trillions?|of|in)\b", " ", inside.group(1)
    )
    said = parse_quantity(f"1 {' '.join(rest.split())}") if rest.strip() else None
    return said.unit if said is not None and said.unit else table_unit(inside.group(0))


_LABEL_UNIT_CHARS = 30  # "(millions of US dollars, current prices)" is no unit
_DATED_UNIT_CHARS = 20  # "($Millions, $2019)"


def _numbers_the_row(cells: list[str]) -> bool:
    """Is the first cell the item number of a row labelled in the next ("3.2\tInland
    sector\t…")? Such a number orders the rows; it is no figure of the row's. A bare
    "2" before "Moderate" may be the row's level, a value of its first column: only a
    dotted number is taken for an item number."""
    return (
        len(cells) > 2
        and re.fullmatch(r"\s*\d{1,2}\.(?:\d{1,2}(?:\.\d{1,2})?)?\s*", cells[0]) is not None
        and re.search(r"[A-Za-z]{3}", cells[1]) is not None
    )


def _labels_the_row(cells: list[str]) -> bool:
    """Is the first cell a label of words ("9 Per capita intake", "Aged 15-24") before
    other cells? Its numbers name the row; its figures, if any, are in the cells after."""
    return len(cells) > 1 and re.search(r"[A-Za-z]{3}", cells[0]) is not None


@lru_cache(maxsize=8192)
def row_unit(row: str) -> str:
    """The unit a row's own unit cell gives its bare figures ("Total output\tMt.\t4,120"):
    a statistical table may set each row's unit in a column of its own. The figures keep
    the value printed; an abbreviation's scale ("Mt": metric or mega tonnes?) is the
    table's to say."""
    for cell in row.split("\t")[1:]:
        cell = cell.strip()
        if not cell or len(cell) > _UNIT_CELL_CHARS or re.search(r"\d", cell):
            continue
        said = parse_quantity(f"1 {cell}")
        if said is not None and said.unit:
            return said.unit
    return ""


_UNIT_CELL_CHARS = 12


# a currency a caption or header puts its amounts in: "Amount (US$)", "(USD million)",
# "in € thousands"; the symbol an answer writes a bare cell with
_HEADER_CURRENCY = (
    ("USD", r"\bUS\$|\bUSD\b|\(\$|\$\s*(?:thousand|million|billion|m\b|bn\b)|\bUS dollars\b"),
    ("EUR", r"€|\bEUR\b|\beuros?\b"),
    ("GBP", r"£|\bGBP\b"),
    ("AUD", r"\bA\$|\bAUD\b"),
    ("CNY", r"¥|\bCNY\b|\bRMB\b|\byuan\b"),
)


CURRENCY_SYMBOL = {"USD": "US$", "EUR": "€", "GBP": "£", "AUD": "A$", "CNY": "¥", "INR": "Rs "}


@lru_cache(maxsize=4096)
def table_unit(context: str) -> str:
    """The unit a table's caption or header gives its bare cells, if one."""
    low = context.lower()
    if re.search(r"\btonnes\b|\(t\b|\bmetric tons?\b|\(mt\)|\(tons\)", low):
        return "t"
    if re.search(r"\bper ?cent\b|\bpercentage\b|\(%\)", low):
        return "%"
    for code, pattern in _HEADER_CURRENCY:
        if re.search(pattern, context):
            return code
    return named_currency(context) or ""


@lru_cache(maxsize=4096)
def table_scale(context: str) -> float:
    """A header's scale for its amounts ("US$ million": a cell of 12 is 12 million)."""
    m = re.search(r"\b(thousands?|millions?|billions?|mn|bn)\b", context, re.I)
    if m:
        return {"t": 1e3, "m": 1e6, "b": 1e9}[m.group(1)[0].lower()]
    zeros = _ZEROS_SCALE.search(context)  # "($000s)", "(£'000)": in thousands
    return 1e3 ** (1 + zeros.group(1).count(",000")) if zeros else 1.0


# a scale written as the zeros it leaves off: "$000s", "£'000", "(000s)", "$000,000"
_ZEROS_SCALE = re.compile(r"(?:(?<=[(\s$£€])|^)'?(000(?:,000)*)s?(?=[)\s,]|$)")


def table_head(
    passage: Passage, before: Callable[[Passage], Passage | None], reach: int
) -> tuple[str, tuple[str, ...]] | None:
    """For a table passage of rows only (the table went on from the passage before): the
    lines above the rows and the header of the nearest passage before it, within ``reach``
    passages of the same table (same section), that has them; None when none has."""
    if passage.kind != "table" or table_parts(passage.text)[1]:
        return None
    here = passage
    for _ in range(reach):
        previous = before(here)
        if previous is None or previous.kind != "table" or previous.section != passage.section:
            return None
        context, header = table_parts(previous.text)
        if header:
            return context, header
        here = previous
    return None


@lru_cache(maxsize=8192)
def table_parts(text: str) -> tuple[str, tuple[str, ...]]:
    """A table passage's (lines above its first row of figures, header cells), once per
    passage. A header set on several lines ("Projections" over "2023") is read column by
    column, so a cell's header says all its lines say."""
    lines = text.split("\n")
    rows = [
        (i, re.split(r"\t|\|", line)) for i, line in enumerate(lines) if "\t" in line or "|" in line
    ]
    first_data = next((i for i, cells in rows if _is_data_row(cells)), None)
    if first_data == 0:
        return "", ()  # rows only, the caption and header set apart: no header here
    above = [cells for i, cells in rows if first_data is None or i < first_data]
    data_width = next((len(cells) for i, cells in rows if i == first_data), 0)
    if first_data is None or not _stacked_header(above, data_width):  # a table of words:
        # its first row
        above = [cells for _, cells in rows[:1]]
        first_data = rows[1][0] if len(rows) > 1 else None
    width = max((len(cells) for cells in above), default=0)
    header = tuple(
        " ".join(r[k].strip() for r in above if k < len(r) and r[k].strip()) for k in range(width)
    )
    context = lines[:first_data] if first_data else lines[:2]
    return "\n".join(context), _years_over_groups(header)


@lru_cache(maxsize=4096)
def column_groups(header: tuple[str, ...]) -> tuple[range, ...]:
    """The groups a header sets its columns in, when a run of labels repeats ("Marine",
    "Inland", "Total" once under each year): each repetition of the run, from its first
    column. None when no run of two or more labels repeats over the rest of the header."""
    labels = [YEAR.sub("", cell).strip().lower() for cell in header]
    for period in range(2, len(labels) // 2 + 1):
        start = next(
            (
                i
                for i in range(1, len(labels) - period)
                if labels[i] and labels[i] == labels[i + period]
            ),
            None,
        )
        if start is None or any(
            labels[i] != labels[i + period] for i in range(start, len(labels) - period)
        ):
            continue
        return tuple(
            range(first, min(first + period, len(labels)))
            for first in range(start, len(labels), period)
        )
    return ()


def _years_over_groups(header: tuple[str, ...]) -> tuple[str, ...]:
    """A year set over a group of columns heads each of them: "2024" centred over
    "Marine", "Inland", "Total" lands in one cell of the three, and every cell of the
    group is of that year."""
    cells = list(header)
    for group in column_groups(header):
        years = {y for j in group for y in YEAR.findall(cells[j])}
        if len(years) != 1:
            continue
        (year,) = years
        cells = [
            f"{year} {cells[j]}" if j in group and year not in cells[j] else cells[j]
            for j in range(len(cells))
        ]
    return tuple(cells)


def _stacked_header(above: list[list[str]], width: int) -> bool:
    """Are these lines a header set on several lines over rows ``width`` cells wide? A
    few lines are; more (up to a page's usual header, ``_HEADER_LINES``) only when each
    has a cell for every column, as a header set line by line over its columns does
    ("Marine catch" over "Coastal" over ""): more lines of other widths are a table of
    words, whose first row alone is its header."""
    if not above:
        return False
    if len(above) <= 3:
        return True
    return len(above) <= _HEADER_LINES and all(len(cells) == width for cells in above)


_HEADER_LINES = 6


def _is_data_row(cells: list[str]) -> bool:
    values = [c.strip() for c in cells[1:] if c.strip()]
    if values and all(HEADER_YEAR.fullmatch(v) for v in values):
        return False  # a row of years heads the columns ("2021*": an estimate's)
    figures = sum(1 for c in values if re.match(r"^[(\[]?[-–−+~<>≈]?[$€£¥]?\d", c))
    return bool(values) and figures * 2 >= len(values)


# an entry of a table of contents: a title, a run of leader dots and its page number
# ("Prioritized Stabilization of Community Lifelines.......8"); it says where the report
# speaks of a thing, never what it says. The page number may have been cut off as a
# sentence of its own (the leaders' last dot read as a full stop): the leaders alone tell
CONTENTS_ENTRY = re.compile(r"(?:\.\s?){5,}\s*(?:\d{1,4}|[ivxlc]{1,6})?\s*$", re.I)
# a list of tables or figures set as a table: "Table 1.1 : Land and Water Area\t2"
LIST_OF_TABLES_ENTRY = re.compile(
    r"^\s*(?:Table|Figure|Chart|Box|Map|Exhibit)\s+[A-Z]?\d+(?:[.\-–]\d+)*\s*[:.–-]?\s*"
    r"[^\t]+\t\s*\d{1,3}\s*(?:\t|$)",
    re.I,
)


def candidates_of(passage: ScoredPassage, rank: int) -> list[Candidate]:
    """Sentences of prose; rows of tables (with the caption kept for context); notes."""
    text, base = passage.text, passage.char_start
    spans: list[tuple[int, int]]
    if passage.kind in ("table", "footnotes"):
        spans = []
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                spans.append((offset, offset + len(line)))
            offset += len(line) + 1
    else:
        spans = sentence_spans(text)
    spans = [
        (a, b)
        for a, b in spans
        if not CONTENTS_ENTRY.search(text[a:b]) and not LIST_OF_TABLES_ENTRY.match(text[a:b])
    ]
    found = [Candidate(passage, rank, base + a, base + b, text[a:b]) for a, b in spans]
    if passage.kind == "table":
        found += _cell_items(passage, rank, spans)
    return found


# a bullet inside a table cell that lists several items
_CELL_BULLET = re.compile(r"(?:^|(?<=\s))[•▪◦●■]\s+")


def _cell_items(passage: ScoredPassage, rank: int, rows: list[tuple[int, int]]) -> list[Candidate]:
    """The items of table cells that list several ("▪ Incident shows no resistance …
    ▪ Resources may remain on scene for several hours …"), each a candidate of its own
    with its column's header and its row's label: a row of long lists would otherwise
    be quoted whole, or lose to a sentence that says less."""
    text, base = passage.text, passage.char_start
    header = table_parts(text)[1]
    items: list[Candidate] = []
    for a, b in rows:
        cells = text[a:b].split("\t")
        label = cells[0].strip()
        offset = a
        for k, cell in enumerate(cells):
            marks = list(_CELL_BULLET.finditer(cell))
            if len(marks) >= 2:
                column = header[k] if k < len(header) else ""
                ends = [m.start() for m in marks[1:]] + [len(cell)]
                for m, end in zip(marks, ends):
                    item = cell[m.end() : end].rstrip()
                    if item:
                        start = offset + m.end()
                        items.append(
                            Candidate(
                                passage,
                                rank,
                                base + start,
                                base + start + len(item),
                                item,
                                cell=(column, label),
                            )
                        )
            offset += len(cell) + 1
    return items


def sentence_text(c: Candidate) -> str:
    """A sentence as it stands; a table row with its caption, and each cell with its
    column's header, so the value and what it measures travel together."""
    if c.passage.kind != "table":
        return c.text.strip()
    caption = c.caption
    if c.cell is not None:
        column, label = (_header_label(part) for part in c.cell)
        lead = "; ".join(part for part in (label, column) if part)
        return f"{caption.rstrip('.')} — {lead + ': ' if lead else ''}{c.text.strip()}"
    header = c.header
    cells = re.split(r"\t|\|", c.text)
    if len(cells) > 1 and c.text.strip() != "\t".join(header).strip():
        # no header: the row's label and values, each in the caption's unit
        names = [_header_label(h) for h in header] or [""] * len(cells)
        label = cells[0].strip()
        unit = table_unit(c.context)
        scale = table_scale(c.context)

        own = column_units(tuple(header)) if len(header) == len(cells) else ()
        scaled_by = list(header)
        if not any(own) and label_unit(cells[0]):  # the row's label states its unit
            own = tuple("" if k == 0 else label_unit(cells[0]) for k in range(len(cells)))
            scaled_by = [cells[0]] * len(cells)
        elif not any(own) and row_unit(c.text):  # a cell of its own ("GDP share\t%\t1.1")
            own = tuple("" if k == 0 else row_unit(c.text) for k in range(len(cells)))
            scaled_by = [""] * len(cells)
        elif any(own):  # a unit one column states is not the table's
            unit = table_unit(caption_line(c.context, tuple(header)))

        def told(value: str, k: int) -> str:
            if own and own[k] and re.fullmatch(r"[-–−+]?[$€£¥][\d.,]*\d", value):
                # the currency written, its header's scale not: "$1,349.8" in $Millions
                word = {1e3: " thousand", 1e6: " million", 1e9: " billion"}.get(
                    table_scale(scaled_by[k]), ""
                )
                return f"{value}{word}"
            if not re.fullmatch(r"[-–−+]?\d[\d.,\s]*", value):
                return value
            said = (own[k] if own else "") or unit
            if said == "%":
                return f"{value}%"
            symbol = CURRENCY_SYMBOL.get(said)
            if symbol or (is_currency(said) and re.fullmatch(r"[A-Z]{3}", said)):
                # the currency stated, written with the cell (a symbol, else its code)
                scaled = table_scale(scaled_by[k]) if own and own[k] else scale
                word = {1e3: " thousand", 1e6: " million", 1e9: " billion"}.get(scaled, "")
                return f"{symbol}{value}{word}" if symbol else f"{value}{word} {said}"
            return value

        pairs = "; ".join(
            f"{names[k]}: {told(v.strip(), k)}" if names[k] else told(v.strip(), k)
            for k, v in enumerate(cells)
            if k and v.strip() and k < len(names)
        )
        if pairs:
            lead = f"{names[0]}: {label}; " if names[0] and label else f"{label}: " if label else ""
            if not caption_line(caption, tuple(header)):  # no caption but the header row
                return f"{lead}{pairs}."
            return f"{caption.rstrip('.')} — {lead}{pairs}."
    return f"{caption.rstrip('.')} — {c.text.strip()}"


def _header_label(cell: str) -> str:
    """A header cell fit to name a value in an answer: one stating no figure of its own
    (years aside), since every figure an answer states must be in the quote it cites."""
    return "" if re.search(r"\d", YEAR.sub("", cell)) else cell


# the mark that starts an item of a list: a bullet, a dash, "1." or "(a)"
LIST_ITEM = re.compile(r"^\s*(?:[•▪◦·●■*–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")


def notes_of_item(c: Candidate) -> list[Footnote]:
    """The notes of a sentence; for an item of a list (a passage that opens with a
    bullet), the notes of the whole item, whose marker often ends its last sentence."""
    notes = footnotes_of(c)
    if not notes and c.passage.kind == "prose" and LIST_ITEM.match(c.passage.text):
        marks = set(find_markers(c.passage.text))
        notes = [f for f in c.passage.footnotes if f.n in marks]
    return notes


def footnotes_of(c: Candidate) -> list[Footnote]:
    """The footnotes whose markers appear in this very sentence (not the whole passage)."""
    marks = set(find_markers(c.text))
    return [f for f in c.passage.footnotes if f.n in marks]
