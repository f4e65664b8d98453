"""Vectors of the packs' own texts on disk, so a start or a reload does not encode every
phrasing again (about 1.7 s of a 3.5 s start here).

Only content is kept (phrasings, crisis examples and their look-alikes), never a
message. A file is named by a hash of the model's identity and the texts, in order: any
change to either is a new file, so a stale vector cannot be read. A folder that cannot be
written, or a file that is not what it should be, only costs the encoding.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
"""L2-normalised sentence vectors, one row per text (bot/semantic.py)."""

CACHE_ENV = "HRBOT_CACHE_DIR"
"""A folder for the cache, or "off". Unset: $XDG_CACHE_HOME/hrbot, else ~/.cache/hrbot."""


def folder() -> Path | None:
    value = os.environ.get(CACHE_ENV, "")
    if value == "off":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hrbot"


def encoded(
    identity: str, dim: int, texts: Sequence[str], encode: Callable[[Sequence[str]], Vectors]
) -> Vectors:
    """``encode(texts)``, or what it gave last time for the same model and texts."""
    place = folder()
    if place is None or not texts:
        return encode(texts)
    digest = hashlib.sha256("\0".join((identity, *texts)).encode("utf-8")).hexdigest()
    path = place / f"{digest[:32]}.npy"
    try:
        kept = np.load(path, allow_pickle=False)
        if _sound(kept, len(texts), dim):
            return np.asarray(kept, dtype=np.float32)
    except (OSError, ValueError):
        pass
    vectors = encode(texts)
    try:
        place.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        with open(partial, "wb") as out:
            np.save(out, vectors, allow_pickle=False)
        os.replace(partial, path)  # whole or not at all, whoever else writes it
    except OSError:
        pass
    return vectors


def _sound(vectors: npt.NDArray[np.generic], rows: int, dim: int) -> bool:
    """The shape and dtype expected, every vector finite and of unit length."""
    if vectors.dtype != np.float32 or vectors.shape != (rows, dim):
        return False
    norms = np.linalg.norm(vectors.astype(np.float64), axis=1)
    return bool(np.all(np.isfinite(norms)) and np.all(np.abs(norms - 1.0) < 1e-3))
