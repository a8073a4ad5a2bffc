"""Tallies as one Markdown table: a row per kind, a column per (set, system).

The real set's report puts dev and test side by side, reportqa and the vanilla baseline
within each; the default eval's analyst-question section is the same table with one set.
Each cell is the rate and its counts ("80.0% (8/10)"), so a small kind reads as small.
"""

from __future__ import annotations

from collections.abc import Sequence

from evals.tally import PAGES, PRECISION, ROW_KINDS, Tally

SYSTEMS = ("reportqa", "vanilla")
ROWS = (*ROW_KINDS, "all", PAGES, PRECISION)

Columns = dict[str, dict[str, list[int]]]  # column -> row -> [hits, total]


def columns_of(tallies: dict[tuple[str, str], Tally], groups: Sequence[str]) -> Columns:
    """Column title ("dev reportqa", or "reportqa" for an unnamed set) -> its counts."""
    out: Columns = {}
    for group in groups:
        for system in SYSTEMS:
            tally = tallies.get((group, system))
            if tally is not None:
                title = f"{group} {system}".strip()
                out[title] = {row: list(counts) for row, counts in tally.rows().items()}
    return out


def cell(hits: int, total: int) -> str:
    return f"{hits / total:.1%} ({hits}/{total})" if total else "–"


def render_table(columns: Columns, rows: Sequence[str] = ROWS) -> list[str]:
    """The table's lines; a row no column has any item of is still shown, as dashes."""
    lines = [
        "| kind | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for row in rows:
        cells = [cell(*columns[title].get(row, (0, 0))) for title in columns]
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return lines
