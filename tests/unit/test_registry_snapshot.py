"""The on-disk copy of the registry that `reportqa list` reads: missing, never stale."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.pipeline import Ingestor
from reportqa import registry_snapshot
from reportqa.config import Settings
from reportqa.models import DocumentRecord
from reportqa.store import ReportStore


def shelf_of(tmp_path: Path, names: list[str]) -> Path:
    shelf = tmp_path / "shelf"
    shelf.mkdir(exist_ok=True)
    for name in names:
        (shelf / f"{name}.txt").write_text(f"# {name}\n\nChina held 69% of mining in {name}.\n")
    return shelf


def copy_of(settings: Settings) -> list[dict] | None:
    return registry_snapshot.read(settings.home, settings.collection_name)


def test_ingest_leaves_a_copy_equal_to_the_registry(fake_settings, tmp_path: Path) -> None:
    Ingestor(fake_settings).ingest([shelf_of(tmp_path, ["a", "b"])])
    records = [r.model_dump() for r in ReportStore(fake_settings).documents()]
    assert len(records) == 2
    assert copy_of(fake_settings) == records


def test_a_registry_write_elsewhere_removes_the_copy(fake_settings, tmp_path: Path) -> None:
    """Two stores on one directory stand for two processes: the one that writes the
    registry removes the copy the other made; the next full read makes a fresh one."""
    Ingestor(fake_settings).ingest([shelf_of(tmp_path, ["a"])])
    reader = ReportStore(fake_settings)
    assert reader.save_snapshot() and len(copy_of(fake_settings)) == 1

    writer = ReportStore(fake_settings)
    extra = DocumentRecord(doc_id="x", source="x.txt", path="/x.txt", content_hash="h")
    writer.register(extra)
    assert copy_of(fake_settings) is None
    assert reader.save_snapshot()
    assert {r["doc_id"] for r in copy_of(fake_settings)} == {r.doc_id for r in writer.documents()}
    writer.unregister("x")
    assert copy_of(fake_settings) is None
    assert reader.save_snapshot() and "x" not in {r["doc_id"] for r in copy_of(fake_settings)}
    writer.rebuild()
    assert copy_of(fake_settings) is None


def test_a_copy_read_before_a_registry_write_is_not_kept(tmp_path: Path) -> None:
    """The version moved while the copy was being written: the file must not stay."""
    records = [{"doc_id": "a", "source": "a.txt"}]
    assert registry_snapshot.write(tmp_path, "c", "v1", records, lambda: "v1")
    assert registry_snapshot.read(tmp_path, "c") == records
    assert not registry_snapshot.write(tmp_path, "c", "v1", records, lambda: "v2")
    assert registry_snapshot.read(tmp_path, "c") is None
    assert not list((tmp_path / registry_snapshot.FOLDER).glob("*.tmp"))

    def unreachable() -> str:
        raise ConnectionError("store gone")

    assert not registry_snapshot.write(tmp_path, "c", "v1", records, unreachable)
    assert registry_snapshot.read(tmp_path, "c") is None


def test_an_unreadable_copy_counts_as_none(tmp_path: Path) -> None:
    path = registry_snapshot.snapshot_path(tmp_path, "c")
    path.parent.mkdir(parents=True)
    for text in ("{trunc", json.dumps({"format": 0, "records": []}), json.dumps([1, 2])):
        path.write_text(text)
        assert registry_snapshot.read(tmp_path, "c") is None
    path.write_text(json.dumps({"format": registry_snapshot.FORMAT, "records": []}))
    assert registry_snapshot.read(tmp_path, "c") == []


def test_a_server_store_keeps_no_copy(tmp_path: Path) -> None:
    """Another machine can write a Chroma server's registry: no local copy could follow."""
    import chromadb

    settings = Settings(
        home=tmp_path / "store", chroma_url="http://127.0.0.1:9", embedding={"backend": "fake"}
    )
    store = ReportStore(settings, client=chromadb.PersistentClient(path=str(tmp_path / "db")))
    store.register(DocumentRecord(doc_id="a", source="a.txt", path="/a.txt", content_hash="h"))
    assert not store.save_snapshot()
    assert not (tmp_path / "store" / registry_snapshot.FOLDER).exists()
