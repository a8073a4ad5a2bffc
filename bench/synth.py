"""A synthetic shelf of policy reports, to measure how reportqa behaves at 100 and 1,000 reports.

The reports are deterministic (seeded) and shaped like the real corpus: a title block with
publisher and date, numbered sections of prose that cite sources with unicode superscript
footnote markers, tab-separated and markdown tables with captions and sources, and a
numbered reference list at the end. Sizes follow a log-normal distribution (median ~3.5 KB,
from short market notes of ~2 KB to long papers of ~100 KB), like the four real reports.

They are distractors on purpose: same domain (critical minerals, export controls), similar
vocabulary and many percentages, so that retrieval quality on the golden questions is
measured against a shelf that competes with the four real reports.

    python -m bench.synth OUT_DIR --reports 1000
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
from pathlib import Path

import yaml

REAL_CORPUS = Path(__file__).resolve().parent.parent / "corpus"

MINERALS = [
    "lithium", "cobalt", "nickel", "graphite", "gallium", "germanium", "tungsten", "antimony",
    "copper", "manganese", "vanadium", "platinum", "palladium", "tin", "tantalum", "niobium",
    "indium", "magnesium", "titanium", "rare earth",
]  # fmt: skip
COUNTRIES = [
    "China", "Indonesia", "Australia", "Chile", "Argentina", "the Democratic Republic of Congo",
    "Brazil", "Canada", "the United States", "Japan", "South Korea", "Vietnam", "Malaysia",
    "Kazakhstan", "Russia", "South Africa", "Zimbabwe", "Peru", "Mongolia", "India",
    "the European Union", "the United Kingdom", "Germany", "Myanmar", "Philippines",
]  # fmt: skip
STAGES = [
    "mine production", "refining", "processing", "smelting", "magnet manufacturing",
    "cathode production", "separation", "recycling capacity", "reserves", "exports",
]  # fmt: skip
PUBLISHERS = [
    "Northbridge Minerals Institute", "Centre for Resource Security", "Meridian Policy Lab",
    "Atlantic Supply Chain Council", "Harbour Street Economics", "Institute for Strategic Metals",
    "Global Commodities Observatory", "Pacific Trade Forum", "Energy Transition Monitor",
    "Westgate Research", "Danube Industrial Policy Centre", "Kestrel Capital Markets",
]  # fmt: skip
KINDS = ["market note", "research paper", "policy brief", "analysis digest", "working paper"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
SECTION_TITLES = [
    "Introduction", "Market overview", "Supply concentration", "Demand outlook",
    "Trade flows and export controls", "Investment and financing", "Policy responses",
    "Risks to the outlook", "Price dynamics", "Processing bottlenecks", "Allied cooperation",
    "Stockpiling", "Recycling and substitution", "Conclusions", "Recommendations",
]  # fmt: skip
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

SENTENCES = [
    "In {year}, {country} accounted for {pct}% of global {mineral} {stage}.",
    "{country}'s share of {mineral} {stage} rose from {pct2}% in {year0} to {pct}% in {year}.",
    "Analysts expect {mineral} demand to grow by {pct2}% a year until {year1}, driven by "
    "batteries, grid storage and defence applications.",
    "The {country} government announced export licensing requirements for {mineral} "
    "products in {month} {year}, with approvals taking around {days} working days.",
    "Investment in new {mineral} {stage} capacity reached US${bn} billion in {year}, "
    "of which roughly {pct2}% came from state-backed lenders.",
    "Prices for {mineral} fell by {pct2}% over the year as new supply from {country} "
    "came online faster than expected.",
    "A typical {mineral} project takes {lo}–{hi} years from discovery to first production, "
    "and permitting alone can take {lo2} years.",
    "Stockpiles held by {country} were estimated at {tonnes} tonnes at the end of {year}.",
    "Industry participants interviewed for this report described {stage} as the main "
    "bottleneck, rather than access to ore.",
    "Several {country} firms signed offtake agreements covering {tonnes} tonnes a year of "
    "{mineral} concentrate.",
    "Without new {stage} capacity outside {country}, the market would remain exposed to "
    "sudden policy changes and to logistics disruptions.",
    "The share of recycled {mineral} in total supply remained below {small}% in {year}.",
    "Governments in {country} and {country2} have both listed {mineral} as a critical mineral.",
    "Costs of {stage} in {country2} are estimated to be {mult}x those in {country}.",
]


def _values(rng: random.Random) -> dict[str, object]:
    year = rng.randint(2018, 2026)
    country, country2 = rng.sample(COUNTRIES, 2)
    lo = rng.randint(3, 9)
    return {
        "year": year,
        "year0": year - rng.randint(3, 10),
        "year1": year + rng.randint(4, 15),
        "country": country,
        "country2": country2,
        "mineral": rng.choice(MINERALS),
        "stage": rng.choice(STAGES),
        "pct": rng.randint(12, 97),
        "pct2": rng.randint(2, 60),
        "small": rng.randint(1, 15),
        "month": rng.choice(MONTHS),
        "days": rng.randint(20, 90),
        "bn": f"{rng.uniform(0.2, 40):.1f}",
        "lo": lo,
        "hi": lo + rng.randint(2, 10),
        "lo2": rng.randint(2, 6),
        "tonnes": f"{rng.randint(1, 900) * 1000:,}",
        "mult": f"{rng.uniform(1.2, 4.5):.1f}",
    }


def _sentence(rng: random.Random, notes: list[str]) -> str:
    text = rng.choice(SENTENCES).format(**_values(rng))
    text = text[0].upper() + text[1:]
    if rng.random() < 0.3:
        notes.append(_reference(rng))
        text = text[:-1] + "." + str(len(notes)).translate(SUPERSCRIPT)
    return text


def _reference(rng: random.Random) -> str:
    source = rng.choice(PUBLISHERS + ["IEA", "USGS", "Reuters", "Financial Times", "OECD"])
    title = f"{rng.choice(MINERALS).title()} {rng.choice(['Outlook', 'Market Review', 'Brief'])}"
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2026)
    return (
        f"{source}, '{title} {year}', {day} {month} {year}, "
        f"<https://example.org/{rng.randrange(10**8):08d}>, accessed {rng.randint(1, 28)} "
        f"{rng.choice(MONTHS)} 2026."
    )


def _table(rng: random.Random, number: int) -> str:
    mineral = rng.choice(MINERALS)
    stage = rng.choice(STAGES)
    years = sorted(rng.sample(range(2015, 2027), 3))
    countries = rng.sample(COUNTRIES, rng.randint(4, 8))
    caption = f"Table {number}: Share of global {mineral} {stage} by country, per cent"
    rows = [[c] + [str(rng.randint(1, 70)) for _ in years] for c in countries]
    source = f"Source: {rng.choice(PUBLISHERS)} analysis of {rng.choice(['USGS', 'IEA'])} data."
    if rng.random() < 0.5:
        lines = ["\t".join(["Country"] + [str(y) for y in years])]
        lines += ["\t".join(r) for r in rows]
    else:
        lines = ["| Country | " + " | ".join(str(y) for y in years) + " |"]
        lines.append("|" + "---|" * (len(years) + 1))
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join([caption, "", *lines, "", source])


def report(
    rng: random.Random, index: int, size: int, short: bool = False
) -> tuple[str, dict[str, str]]:
    """One report of about ``size`` characters and its metadata entry.

    A ``short`` report (a market note) stops at the paragraph that reaches ``size``
    instead of finishing its section.
    """
    mineral = rng.choice(MINERALS)
    country = rng.choice(COUNTRIES)
    publisher = rng.choice(PUBLISHERS)
    year = rng.randint(2019, 2026)
    month = rng.randint(1, 12)
    title = rng.choice(
        [
            f"{mineral.title()} Supply Chains and {country}",
            f"The {mineral.title()} Market in {year}",
            f"Securing {mineral.title()}: Policy Options for Allied Governments",
            f"Export Controls on {mineral.title()} and Their Consequences",
        ]
    )
    kind = rng.choice(KINDS)
    head = [f"# {title}", "", f"{publisher} {kind}", "", f"{MONTHS[month - 1]} {year}", ""]
    notes: list[str] = []
    body: list[str] = []
    length = sum(len(x) for x in head)
    section = 0
    tables = 0
    while length < size:
        section += 1
        heading = f"## {section}. {rng.choice(SECTION_TITLES)}"
        body += [heading, ""]
        for _ in range(rng.randint(2, 5)):
            paragraph = " ".join(_sentence(rng, notes) for _ in range(rng.randint(3, 7)))
            body += [paragraph, ""]
            length += len(paragraph)
            if short and length >= size:
                break
        if rng.random() < (0.15 if short else 0.35):
            tables += 1
            table = _table(rng, tables)
            body += [table, ""]
            length += len(table)
    tail = ["## References", ""] + [f"{i}. {n}" for i, n in enumerate(notes, 1)]
    text = "\n".join(head + body + tail) + "\n"
    meta = {
        "title": title,
        "publisher": publisher,
        "author": None,
        "date": f"{year}-{month:02d}",
        "kind": kind,
        "url": None,
    }
    return text, meta


def report_size(rng: random.Random) -> int:
    """Log-normal sizes: median ~3.5 KB, clipped to 1.5-120 KB."""
    return int(min(120_000, max(1_500, rng.lognormvariate(math.log(3_500), 0.7))))


def short_size(rng: random.Random) -> int:
    """Market notes: log-normal, median ~1 KB of prose, clipped to 0.6-6 KB."""
    return int(min(6_000, max(600, rng.lognormvariate(math.log(1_000), 0.5))))


def _write(path: Path, text: str) -> None:
    """Atomic, and only if changed: a reader (an ingest running) never sees half a file."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def generate(out: Path, reports: int, seed: int = 10, short_from: int | None = None) -> Path:
    """Write the four real reports plus ``reports - 4`` synthetic ones (and metadata.yaml).

    Synthetic reports from number ``short_from`` on are short market notes (``short_size``),
    which keeps a 1,000-report shelf within what a shared 2-core machine embeds in a run.
    """
    out.mkdir(parents=True, exist_ok=True)
    real = sorted(REAL_CORPUS.glob("*.txt"))
    metadata = yaml.safe_load((REAL_CORPUS / "metadata.yaml").read_text(encoding="utf-8"))
    for path in real[:reports]:
        shutil.copyfile(path, out / path.name)
    rng = random.Random(seed)
    for i in range(max(0, reports - len(real))):
        short = short_from is not None and i + len(real) >= short_from
        size = short_size(rng) if short else report_size(rng)
        text, meta = report(rng, i, size, short=short)
        name = f"synthetic_{i:04d}.txt"
        _write(out / name, text)
        metadata[name] = meta
    _write(out / "metadata.yaml", yaml.safe_dump(metadata, allow_unicode=True, sort_keys=True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--short-from", type=int, default=None)
    args = parser.parse_args()
    out = generate(args.out, args.reports, args.seed, args.short_from)
    files = list(out.glob("*.txt"))
    total = sum(f.stat().st_size for f in files)
    print(f"{len(files)} reports, {total / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
