"""Items set side by side: a timeline's entries, a row of callouts, a row of cells that
wrap. Each is a narrow stack of lines at one left margin, and several of them start on
one row. Read by baselines they come out a row at a time, every item's words woven into
the others' ("Harbour board Sea wall rebuilt founded; first after the"); read as items,
each comes out whole, left to right.

A column of one-line cells (a table's labels, terms beside definitions) is no stack of
wrapped text: a line goes on from the one above only when it starts in lower case or its
first word would not have fitted at the end of the line above — that is why it wrapped —
and some of an item's lines go on in lower case, as running text does.
"""

from __future__ import annotations

from ingest.pdf.lines import Line
from reportqa.config import PdfSettings


def side_by_side_items(lines: list[Line], cfg: PdfSettings) -> list[list[list[Line]]]:
    """Groups of at least ``item_min_stacks`` stacks starting on one row, each stack the
    lines of one item, the stacks of a group left to right."""
    texts = [ln for ln in lines if ln.plain.strip()]
    if len(texts) < cfg.item_min_stacks * cfg.item_min_lines:
        return []
    extent = max(ln.x1 for ln in texts) - min(ln.x0 for ln in texts)
    narrow = [ln for ln in texts if ln.x1 - ln.x0 <= cfg.item_max_width_share * extent]
    stacks = _stacks(narrow, cfg.item_min_lines)
    groups: list[list[list[Line]]] = []
    used: set[int] = set()
    for first in sorted(stacks, key=lambda s: (s[0].baseline, s[0].x0)):
        if id(first[0]) in used:
            continue
        level = [
            s
            for s in stacks
            if id(s[0]) not in used and abs(s[0].baseline - first[0].baseline) <= 0.5 * s[0].size
        ]
        level = _disjoint(sorted(level, key=lambda s: s[0].x0))
        if len(level) < cfg.item_min_stacks or _intruded(level, texts):
            continue
        wrapped, lower = _wrapped_shares(level)
        if wrapped < cfg.item_wrapped_share or lower < cfg.item_lower_share:
            continue
        groups.append(level)
        used.update(id(s[0]) for s in level)
    return groups


def _stacks(lines: list[Line], min_lines: int) -> list[list[Line]]:
    """Chains of lines each right under the one above, at its left margin and in its size."""
    ordered = sorted(lines, key=lambda ln: (ln.baseline, ln.x0))
    below: dict[int, Line] = {}
    has_above: set[int] = set()
    for i, line in enumerate(ordered):
        for other in ordered[i + 1 :]:
            step = other.baseline - line.baseline
            if step > 1.6 * line.size:
                break
            if (
                step > 0.5 * line.size
                and id(other) not in has_above
                and abs(other.x0 - line.x0) <= 0.5 * line.size
                and abs(other.size - line.size) <= 0.1 * line.size
            ):
                below[id(line)] = other
                has_above.add(id(other))
                break
    stacks = []
    for line in ordered:
        if id(line) in has_above:
            continue
        stack = [line]
        while id(stack[-1]) in below:
            stack.append(below[id(stack[-1])])
        if len(stack) >= min_lines:
            stacks.append(stack)
    return stacks


def _span(stack: list[Line]) -> tuple[float, float]:
    return min(ln.x0 for ln in stack), max(ln.x1 for ln in stack)


def _disjoint(stacks: list[list[Line]]) -> list[list[Line]]:
    """The stacks, left to right, none reaching into the next one's width."""
    out: list[list[Line]] = []
    for stack in stacks:
        if out and _span(stack)[0] <= _span(out[-1])[1]:
            continue
        out.append(stack)
    return out


def _intruded(group: list[list[Line]], lines: list[Line]) -> bool:
    """Another line runs through the items' rows, across a stack, or right above or under
    one (the stacks are the tops of columns of text that go on): no row of items then."""
    members = {id(ln) for stack in group for ln in stack}
    for stack in group:
        x0, x1 = _span(stack)
        reach = 1.6 * stack[0].size
        top, bottom = stack[0].baseline - reach, stack[-1].baseline + reach
        for line in lines:
            if id(line) in members or not top <= line.baseline <= bottom:
                continue
            if line.x0 < x1 and x0 < line.x1:
                return True
    return False


def _wrapped_shares(group: list[list[Line]]) -> tuple[float, float]:
    """Shares of the lines after an item's first that go on from the line above, and of
    those that go on in lower case (a column of short cells, each capitalised, fills its
    narrow width too)."""
    goes_on = lower = total = 0
    for stack in group:
        right = _span(stack)[1]
        for above, line in zip(stack, stack[1:]):
            total += 1
            first = line.words[0]
            space = 0.25 * line.size
            no_room = above.x1 + space + (first.x1 - first.x0) > right - 0.5 * line.size
            lower += line.plain[:1].islower()
            goes_on += line.plain[:1].islower() or no_room
    return (goes_on / total, lower / total) if total else (0.0, 0.0)
