"""Semantic ranking of a message against fact phrasings with a shipped sentence model.

The model is all-MiniLM-L6-v2, exported to int8 ONNX by ``scripts/export_minilm.py`` and
shipped in ``bot/models/minilm-l6/`` with its licence and provenance. It runs offline on one
CPU thread through onnxruntime and the ``tokenizers`` library: no download and no torch at
run time. This module only ranks; deciding whether a hit is good enough to answer is the
matcher's job.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime as ort  # type: ignore[import-untyped]
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-l6"
MODEL_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
DIM = 384
MAX_TOKENS = 128
"""all-MiniLM-L6-v2 was trained on 128-token inputs; longer text is cut there."""
MAX_CHARS = 4096
"""Text is cut here before tokenising, so a huge message costs no more than a long one.

128 word pieces almost never span more than a few hundred characters once runs of
whitespace are collapsed, so the cut does not change what the model sees."""

Vectors = npt.NDArray[np.float32]


def _clean(text: str) -> str:
    """Collapse whitespace, bound the length, and drop what UTF-8 cannot carry (lone surrogates)."""
    text = " ".join(text[: MAX_CHARS * 4].split())[:MAX_CHARS]
    return text.encode("utf-8", "replace").decode("utf-8")


class Encoder:
    """Sentence embeddings: mean-pooled, L2-normalised, float32 of shape (n, 384).

    Deterministic for a given input: one thread, sequential execution. Cost grows with
    the message's length in word pieces, up to the max_tokens cut."""

    def __init__(
        self,
        model_dir: Path = MODEL_DIR,
        *,
        model_file: Path | None = None,
        max_tokens: int = MAX_TOKENS,
    ) -> None:
        """max_tokens bounds the cost of a long message: about 0.07 ms per token here."""
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model_file or model_dir / MODEL_FILE),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
        tokenizer.enable_truncation(max_length=max_tokens)
        # The shipped tokenizer.json pads every input to 128; pad each batch to its longest.
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str], batch_size: int = 1) -> Vectors:
        """Embed texts, returned in input order.

        One text per run by default: int8 dynamic quantisation scales activations over the
        whole batch tensor, so batch-mates shift each other's vectors (cosine down to 0.97
        on the pack). One at a time, a phrasing's vector is exactly the one it gets when
        typed as a message, and on one thread batching saves little time."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        cleaned = [_clean(t) for t in texts]
        order = sorted(range(len(cleaned)), key=lambda i: len(cleaned[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._encode_batch([cleaned[i] for i in rows])
        return out

    def embed(self, text: str) -> Vectors:
        """One text's vector; inside ``remembering``, each text is encoded once (the
        safety readers and the ranker read the same message). Read-only: it is shared."""
        memo = _MEMO.get()
        if memo is not None and text in memo:
            return memo[text]
        vector: Vectors = self.encode([text])[0]
        vector.setflags(write=False)
        if memo is not None:
            memo[text] = vector
        return vector

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden: Vectors = np.asarray(
            self._session.run(["last_hidden_state"], feeds)[0], dtype=np.float32
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


_MEMO: ContextVar[dict[str, Vectors] | None] = ContextVar("hrbot_message_vectors", default=None)


@contextmanager
def remembering(memo: dict[str, Vectors]) -> Iterator[None]:
    """Within it, vectors are kept in ``memo``: one message's, kept as long as what was
    read of that message (``bot.core.Reading``) and no longer, since they come from
    what someone typed."""
    token = _MEMO.set(memo)
    try:
        yield
    finally:
        _MEMO.reset(token)


@functools.cache
def shared_encoder() -> Encoder:
    """The shipped model, loaded once per process (about 0.1 s; with onnxruntime ~90 MB RSS)."""
    return Encoder()


@dataclass(frozen=True)
class SemanticHit:
    key: str
    """The fact key, e.g. ``heroin/overdose``."""
    score: float
    """Cosine similarity of the message with the key's closest text, in [-1, 1]."""
    text: str
    """That closest text."""


class SemanticIndex:
    """Embeddings of every (key, text) pair, ranked against a message one hit per key."""

    def __init__(self, entries: Sequence[tuple[str, str]], encoder: Encoder | None = None) -> None:
        self._encoder = encoder or shared_encoder()
        keys: list[str] = []
        for key, _ in entries:
            if key not in keys:
                keys.append(key)
        key_index = {key: n for n, key in enumerate(keys)}
        # Rows grouped by key (first-seen order) so each key's rows are one contiguous run.
        rows = sorted(entries, key=lambda e: key_index[e[0]])
        self._keys = tuple(keys)
        self._texts = tuple(text for _, text in rows)
        self._key_of_row = np.array([key_index[k] for k, _ in rows], dtype=np.int64)
        sizes = np.bincount(self._key_of_row, minlength=len(keys))
        self._group_starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        self._vectors = self._encoder.encode(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def vectors(self) -> Vectors:
        return self._vectors

    def rank(self, text: str) -> list[SemanticHit]:
        """Every key, best first by its closest text's cosine; empty for a blank message."""
        if not text.strip() or not self._texts:
            return []
        scores = self._vectors @ self._encoder.embed(text)
        # Sorted by key, then by score descending: each key's best row opens its run.
        order = np.lexsort((-scores, self._key_of_row))
        best = order[self._group_starts]
        ranked = sorted(range(len(self._keys)), key=lambda k: (-scores[best[k]], k))
        return [
            SemanticHit(self._keys[k], float(scores[best[k]]), self._texts[best[k]]) for k in ranked
        ]


@dataclass(frozen=True)
class Likeness:
    similarity: float
    """Cosine similarity to the closest example of the kind."""
    lead: float
    """How much closer that is than the closest example of anything else."""
    example: str


class ExampleReader:
    """Is a text like examples of one kind (e.g. a crisis) more than like anything else
    (fact questions, small talk, look-alikes)? Built once per content load."""

    def __init__(
        self,
        like: Sequence[str],
        unlike: Sequence[str],
        unlike_vectors: Vectors | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        self._encoder = encoder or shared_encoder()
        self._like = tuple(like)
        self._like_vectors = self._encoder.encode(self._like)
        vectors = [self._encoder.encode(unlike)]
        if unlike_vectors is not None:
            vectors.append(unlike_vectors)
        self._unlike_vectors = np.concatenate(vectors)

    def read(self, text: str) -> Likeness | None:
        if not text.strip() or not self._like:
            return None
        vector = self._encoder.embed(text)
        scores = self._like_vectors @ vector
        best = int(np.argmax(scores))
        other = float((self._unlike_vectors @ vector).max()) if len(self._unlike_vectors) else -1.0
        return Likeness(float(scores[best]), float(scores[best]) - other, self._like[best])
