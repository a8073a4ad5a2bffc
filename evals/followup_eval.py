"""Follow-up questions in a conversation, scored against their typed-out versions.

    python -m evals.followup_eval [--pairs evals/followups.jsonl] [--home DIR] [--failures [dev]]

Each pair of ``evals/followups.jsonl`` holds a first question, a follow-up ("And what
about mining?") and the expected full question the follow-up stands for (optionally the
quantities its answer must state). ``first`` may be a list: the earlier turns of a chain,
asked in order, each read against the ones before it. A
:class:`reportqa.dialogue.Conversation` asks the first question (or turns) and then the
follow-up; the expected question is asked alone. A pair is
**right** when the follow-up is answered like its typed-out version: the same status,
every figure of the typed-out answer stated, and a passage it cites cited too.

Pairs are split into **dev** (the resolution's rules were worked out on them) and
**test** (written before the rules were run on them; never tuned on). Also reported:
follow-ups understood as the expected question word for word, and answers
stating the expected quantities. The store holds corpus/ and the real set's PDFs
(evals/real); pairs whose report is absent are skipped and named. ``needs`` in a pair
is "corpus" or the stem of a real report.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.scoring import quantities_match

PAIRS = Path(__file__).resolve().parent / "followups.jsonl"


@dataclass
class PairResult:
    pair: dict[str, Any]
    understood: str | None
    right: bool
    word_for_word: bool
    quantities: bool | None  # None: the pair gives no quantities
    followup: dict[str, Any]
    typed: dict[str, Any]


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for p in pairs:
        missing = {"id", "first", "followup", "expected"} - set(p)
        if missing:
            raise ValueError(f"{path}: pair {p.get('id', '?')} lacks {sorted(missing)}")
    return pairs


def normal(text: str | None) -> str:
    """Case, spacing, quotes and the final mark ignored."""
    text = (text or "").lower().replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[?.!]+$", "", text.strip()).split())


def answered_alike(followup: dict[str, Any], typed: dict[str, Any]) -> bool:
    """The follow-up's answer says what the typed-out question's answer says."""
    if followup["status"] != typed["status"]:
        return False
    if normal(typed["answer"]) not in normal(followup["answer"]):  # a comparison leads in
        return False
    if typed["status"] == "abstained":
        return True
    figures = {(c["value"], c["unit"]) for c in followup["claims"]}
    if not {(c["value"], c["unit"]) for c in typed["claims"]} <= figures:
        return False
    cited = {c["chunk_id"] for c in typed["citations"] if not c.get("related")}
    return not cited or bool(cited & {c["chunk_id"] for c in followup["citations"]})


def score_pair(answerer: Any, pair: dict[str, Any]) -> PairResult:
    from reportqa.dialogue import Conversation

    conversation = Conversation(answerer)
    turns = pair["first"] if isinstance(pair["first"], list) else [pair["first"]]
    for turn in turns:  # a chain: each earlier turn is read against the ones before it
        conversation.ask(turn)
    followup = conversation.ask(pair["followup"]).model_dump()
    typed = answerer.ask(pair["expected"]).model_dump()
    understood = followup.get("understood_as") or followup["question"]
    quantities = None
    if pair.get("quantities"):
        quantities = followup["status"] != "abstained" and quantities_match(
            followup, pair["quantities"], 0.0
        )
    return PairResult(
        pair=pair,
        understood=followup.get("understood_as"),
        right=answered_alike(followup, typed),
        word_for_word=normal(understood) == normal(pair["expected"]),
        quantities=quantities,
        followup=followup,
        typed=typed,
    )


def summary(results: list[PairResult], skipped: list[str]) -> str:
    lines = ["| split | measure | pairs |", "|---|---|---:|"]
    splits = sorted({str(r.pair.get("split", "dev")) for r in results})
    for split in [*splits, "all"]:
        chosen = [r for r in results if split in ("all", r.pair.get("split", "dev"))]
        n = len(chosen)
        right = sum(r.right for r in chosen)
        exact = sum(r.word_for_word for r in chosen)
        given = [r for r in chosen if r.quantities is not None]
        stated = sum(bool(r.quantities) for r in given)
        lines += [
            f"| {split} | **follow-up answered like its typed-out version** | **{right}/{n}"
            f" ({right / max(n, 1):.0%})** |",
            f"| {split} | understood as the expected question, word for word | {exact}/{n} |",
            f"| {split} | expected quantities stated | {stated}/{len(given)} |",
        ]
    by_form: dict[str, list[bool]] = {}
    for r in results:
        by_form.setdefault(str(r.pair.get("form", "?")), []).append(r.right)
    lines += ["", "| form | right |", "|---|---:|"]
    lines += [f"| {form} | {sum(oks)}/{len(oks)} |" for form, oks in sorted(by_form.items())]
    if skipped:
        lines += ["", f"skipped (report absent): {', '.join(skipped)}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from evals.real_set import ingest_real, load_real_set
    from reportqa.answering import Answerer
    from reportqa.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--real", type=Path, default=Path("evals/real"))
    parser.add_argument("--home", type=Path, default=Path("/tmp/reportqa-followup"))
    parser.add_argument(
        "--failures",
        nargs="?",
        const="all",
        choices=("all", "dev", "test"),
        help="print the pairs not right (of one split only: --failures dev)",
    )
    parser.add_argument(
        "--split", choices=("dev", "test", "all"), default="all", help="score one split only"
    )
    parser.add_argument(
        "--results", type=Path, help="write each pair's outcome here (JSON lines, no answers)"
    )
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs)
    settings = load_settings(home=args.home)
    reports = load_real_set(args.real)
    from ingest.pipeline import Ingestor

    Ingestor(settings).ingest([args.corpus])
    ingest_real(reports, settings)
    present = {"corpus"} | {r.stem for r in reports}
    if args.split != "all":
        pairs = [p for p in pairs if p.get("split", "dev") == args.split]
    chosen = [p for p in pairs if p.get("needs", "corpus") in present]
    skipped = [p["id"] for p in pairs if p not in chosen]
    answerer = Answerer(settings)
    results = [score_pair(answerer, p) for p in chosen]
    print(summary(results, skipped))
    if args.results:
        rows = [
            {
                "id": r.pair["id"],
                "split": r.pair.get("split", "dev"),
                "needs": r.pair.get("needs", "corpus"),
                "right": r.right,
                "word_for_word": r.word_for_word,
                "quantities": r.quantities,
            }
            for r in results
        ]
        args.results.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    if args.failures:
        for r in results:
            if args.failures != "all" and r.pair.get("split", "dev") != args.failures:
                continue
            if not r.right or not r.word_for_word:
                print(
                    json.dumps(
                        {
                            "id": r.pair["id"],
                            "followup": r.pair["followup"],
                            "understood": r.understood,
                            "expected": r.pair["expected"],
                            "right": r.right,
                            "got": r.followup["answer"][:200],
                            "typed": r.typed["answer"][:200],
                        },
                        ensure_ascii=False,
                    )
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
