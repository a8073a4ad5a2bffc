"""`check` on drafts with known verdicts, through the real model and a store of corpus/.

The drafts in tests/fixtures/drafts/ hold true claims, altered numbers, wrong years and
figures the reports never state; expected.yaml gives each claim's verdict. The floors
are on precision per verdict: what `check` calls CONTRADICTED must really be wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx import Document

from reportqa.check import DraftChecker
from reportqa.config import Settings
from reportqa.retrieve import HybridRetriever
from tests.conftest import CORPUS

DRAFTS = Path(__file__).resolve().parent.parent / "fixtures" / "drafts"
EXPECTED = yaml.safe_load((DRAFTS / "expected.yaml").read_text(encoding="utf-8"))
VERDICTS = ("SUPPORTED", "CONTRADICTED", "NOT FOUND")
FLOOR = {"SUPPORTED": 0.9, "CONTRADICTED": 0.9, "NOT FOUND": 0.7}


@pytest.fixture(scope="module")
def checker(corpus_store: Settings):
    return DraftChecker(HybridRetriever(corpus_store))


@pytest.fixture(scope="module")
def outcomes(checker, tmp_path_factory):
    """(expected, got) for every expected claim; the .txt draft is also read as .docx."""
    docx_dir = tmp_path_factory.mktemp("docx")
    pairs = []
    for name in sorted({e["draft"] for e in EXPECTED}):
        path = DRAFTS / name
        if path.suffix == ".txt":  # the same memo as Word document: paragraphs, no markup
            doc = Document()
            for line in path.read_text(encoding="utf-8").splitlines():
                doc.add_paragraph(line)
            path = docx_dir / (path.stem + ".docx")
            doc.save(str(path))
        report = checker.check_file(path)
        for e in (e for e in EXPECTED if e["draft"] == name):
            found = [
                v
                for v in report.verdicts
                if e["sentence"] in v.claim.sentence and e["claim"] in v.claim.text
            ]
            pairs.append((e, found[0] if found else None))
    return pairs


def test_the_drafts_have_enough_claims_of_each_kind():
    kinds = [e["kind"] for e in EXPECTED]
    assert len(EXPECTED) >= 20
    assert {k: kinds.count(k) >= 3 for k in ("correct", "altered", "year", "absent")} == {
        "correct": True, "altered": True, "year": True, "absent": True
    }  # fmt: skip


def test_every_expected_claim_is_found(outcomes):
    missing = [e["claim"] for e, v in outcomes if v is None]
    assert not missing


def test_precision_per_verdict(outcomes):
    lines = []
    for verdict in VERDICTS:
        predicted = [(e, v) for e, v in outcomes if v is not None and v.verdict == verdict]
        right = [e for e, v in predicted if e["verdict"] == verdict]
        expected = [e for e, _ in outcomes if e["verdict"] == verdict]
        precision = len(right) / len(predicted) if predicted else 0.0
        lines.append(
            f"{verdict}: precision {len(right)}/{len(predicted)} = {precision:.2f},"
            f" recall {len(right)}/{len(expected)}"
        )
        assert predicted, f"nothing was classified {verdict}"
        assert precision >= FLOOR[verdict], lines
    print(f"\ncheck over {len(outcomes)} claims: " + "; ".join(lines))
    for e, v in outcomes:
        if v is not None and v.verdict != e["verdict"]:
            print(f"  {e['draft']}: {e['claim']} expected {e['verdict']}, got {v.verdict}")


def test_deciding_passages_are_spans_that_state_the_value(outcomes):
    for _, v in outcomes:
        if v is None or v.verdict == "NOT FOUND":
            continue
        assert v.evidence.quote in v.evidence.passage
        assert v.evidence.char_end - v.evidence.char_start == len(v.evidence.quote)
        assert v.report_value in v.evidence.quote
        assert Path(v.evidence.source).name in {p.name for p in CORPUS.iterdir()}
