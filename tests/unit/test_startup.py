"""Start-up cost: commands load only the heavy libraries they use.

Each check runs the CLI in a fresh interpreter and lists which heavy modules ended up in
``sys.modules``: an import moved to the top of a module would make these fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("torch", "transformers", "sentence_transformers", "chromadb", "llama_index")

PROBE = """
import json, sys
from reportqa.cli import app
try:
    app(sys.argv[1:], prog_name="reportqa")
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded_modules(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    """Top-level module names imported by ``reportqa ARGS`` in a new interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["ingest", "--help"],
        ["list", "--help"],
        ["retrieve", "--help"],
        ["ask", "--help"],
        ["chat", "--help"],
    ],
)
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    loaded = loaded_modules(args)
    assert "typer" in loaded  # the probe really ran the CLI
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_retrieve_with_fake_embedder_needs_no_model_or_llama_index(
    fake_settings, corpus_copy: Path, tmp_path: Path
) -> None:
    """A query opens Chroma but imports neither torch nor llama-index."""
    from ingest.pipeline import Ingestor

    Ingestor(fake_settings).ingest([corpus_copy])
    env = {"REPORTQA_HOME": str(fake_settings.home), "REPORTQA_EMBEDDING__BACKEND": "fake"}
    loaded = loaded_modules(["retrieve", "China refining share 2024", "--json"], env=env)
    assert "chromadb" in loaded  # it did query the store (and the probe sees heavy imports)
    assert not loaded & {"torch", "transformers", "sentence_transformers", "llama_index"}
