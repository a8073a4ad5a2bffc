"""Default settings and the collection name rule, in a module that imports nothing.

``reportqa.config`` builds its pydantic models on these; ``reportqa.cli.entry`` reads them to
answer ``reportqa list`` without importing pydantic, so both agree on which collection a
store with default settings holds.
"""

from __future__ import annotations

# Bump when the parsing/chunking code changes in a way that changes passages, so that
# a new collection is built instead of mixing old and new chunks.
PARSER_VERSION = 33

HOME = ".reportqa"
EMBEDDING_NAMES = {"minilm": "minilm-l6-v2", "fake": "fake-hash"}
EMBEDDING_BACKEND = "minilm"
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 150


def collection_name(embedding_name: str, size: int, overlap: int) -> str:
    """Derived from everything that shapes a vector, so incompatible chunks never mix."""
    return f"reportqa-{embedding_name}-c{size}-o{overlap}-p{PARSER_VERSION}"


def default_collection_name() -> str:
    return collection_name(EMBEDDING_NAMES[EMBEDDING_BACKEND], CHUNK_SIZE, CHUNK_OVERLAP)
