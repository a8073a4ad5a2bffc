from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.loaders import load_file


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_html_keeps_text_and_headings_drops_scripts(tmp_path):
    html = (
        b"<html><head><title>x</title><style>p{}</style></head><body>"
        b"<h2>Market share</h2><p>China holds 91% of refining.</p>"
        b"<script>alert('owned')</script></body></html>"
    )
    raw = load_file(write(tmp_path, "r.html", html))
    assert "## Market share" in raw.pages[0]
    assert "China holds 91% of refining." in raw.pages[0]
    assert "alert" not in raw.pages[0]


def test_windows_1252_text_is_decoded(tmp_path):
    raw = load_file(write(tmp_path, "r.txt", "Prices rose 13–20% – “sharply”.".encode("cp1252")))
    assert raw.pages[0] == "Prices rose 13–20% – “sharply”."


def test_utf8_bom_is_stripped(tmp_path):
    raw = load_file(write(tmp_path, "r.md", "\ufeff# Title\n\nBody.".encode()))
    assert raw.pages[0].startswith("# Title") and raw.format == "markdown"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("junk.txt", bytes(range(256)) * 8, "binary"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n ", "empty file"),
        ("archive.pdf", b"PK\x03\x04rest-of-zip", "ZIP"),
        ("notes.docx", b"whatever", "unsupported file type"),
        ("really.txt", b"%PDF-1.7\n...", "PDF"),
    ],
)
def test_unreadable_inputs_say_why(tmp_path, name, data, reason):
    with pytest.raises(IngestError, match=reason):
        load_file(write(tmp_path, name, data))


def test_size_limit(tmp_path):
    path = write(tmp_path, "big.txt", b"a" * 2048)
    with pytest.raises(IngestError, match="over the"):
        load_file(path, max_bytes=1024)
