"""The held-out real set (evals/real): manifests, questions, and where the PDFs are.

The PDFs are public documents copied from public repositories and are not committed;
they are looked for in ``evals/real/pdfs/`` and then in ``../shared/real/``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SHARED_COPY = Path(__file__).resolve().parents[1].parent / "shared" / "real"


@dataclass
class RealReport:
    stem: str
    path: Path
    manifest: dict[str, Any]
    questions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def split(self) -> str:
        return str(self.manifest.get("split", "test"))


def find_pdf(root: Path, name: str, sha256: str | None) -> Path | None:
    for folder in (root / "pdfs", SHARED_COPY):
        candidate = folder / name
        if candidate.is_file():
            if sha256 and hashlib.sha256(candidate.read_bytes()).hexdigest() != sha256:
                continue
            return candidate
    return None


def _manifests(root: Path, split: str | None) -> list[tuple[str, dict[str, Any], Path | None]]:
    """(stem, manifest, PDF or None when absent) of every report of the set, by stem."""
    out = []
    for manifest_path in sorted((root / "manifest.d").glob("*.yaml")):
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
        if split and manifest.get("split") != split:
            continue
        stem = manifest_path.stem
        pdf = find_pdf(root, manifest.get("file", f"{stem}.pdf"), manifest.get("sha256"))
        out.append((stem, manifest, pdf))
    return out


def missing_pdfs(root: Path = Path("evals/real"), split: str | None = None) -> list[str]:
    """The file names of the set's PDFs that are in neither place (or differ from the
    manifest's sha256)."""
    return [m.get("file", f"{stem}.pdf") for stem, m, pdf in _manifests(root, split) if not pdf]


def load_real_set(root: Path = Path("evals/real"), split: str | None = None) -> list[RealReport]:
    """Every report of the set whose PDF is present (with the manifest's sha256)."""
    reports: list[RealReport] = []
    for stem, manifest, pdf in _manifests(root, split):
        if pdf is None:
            continue
        questions_path = root / "questions" / f"{stem}.jsonl"
        questions = []
        if questions_path.is_file():
            questions = [
                json.loads(line)
                for line in questions_path.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
        reports.append(RealReport(stem, pdf, manifest, questions))
    return reports


def ingest_real(reports: list[RealReport], settings: Any) -> list[str]:
    """Ingest the set's PDFs into ``settings.home`` (what is there already is skipped by
    content hash; another ingest of that store is waited for). One line per failed file."""
    from ingest.pipeline import Ingestor

    outcome = Ingestor(settings, lock_timeout=-1).ingest([r.path for r in reports])
    return [f"{failed.path}: {failed.error}" for failed in outcome.failed]
