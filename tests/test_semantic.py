"""The semantic ranker with the real shipped model, tokenizer and onnxruntime."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections.abc import Sequence

import numpy as np
import pytest

from bot.semantic import (
    DIM,
    MODEL_DIR,
    Encoder,
    SemanticHit,
    SemanticIndex,
    Vectors,
    remembering,
    shared_encoder,
)

DETECTION = "How many days can a urine screen pick up opioids after the last use?"
OVERDOSE = "What are the signs that someone has taken too much and stopped breathing?"


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return shared_encoder()


def test_shipped_files_match_their_provenance() -> None:
    provenance = (MODEL_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| (\d+) \| `([0-9a-f]{64})` \|$", provenance, re.MULTILINE)
    assert {name for name, _, _ in rows} == {"model.int8.onnx", "tokenizer.json", "LICENSE"}
    for name, size, digest in rows:
        data = (MODEL_DIR / name).read_bytes()
        assert len(data) == int(size), name
        assert hashlib.sha256(data).hexdigest() == digest, name
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text(encoding="utf-8")
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert total < 25_000_000


def test_embeddings_are_unit_length_float32(encoder: Encoder) -> None:
    vectors = encoder.encode(["is it safe to use alone", "where can I get naloxone", "ok"])
    assert vectors.shape == (3, DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embeddings_are_deterministic_and_independent_of_batch_mates(encoder: Encoder) -> None:
    texts = ["the first sentence", "a much longer second sentence with a lot more words in it"]
    first = encoder.encode(texts)
    again = encoder.encode(list(reversed(texts)))[::-1]
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.array_equal(first, again)
    assert np.array_equal(first, alone)
    assert not np.allclose(first[0], first[1])


def test_a_fresh_encoder_gives_the_same_vectors(encoder: Encoder) -> None:
    text = ["my friend keeps nodding off"]
    assert np.array_equal(Encoder().encode(text), encoder.encode(text))


def test_meaning_beats_shared_words(encoder: Encoder) -> None:
    question = "will it show up if my work makes me pee in a cup next week"
    q, detection, overdose = encoder.encode([question, DETECTION, OVERDOSE])
    assert float(q @ detection) > float(q @ overdose) + 0.1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "?",
        "x" * 50_000,
        "how long " * 6_000 + "does it stay in urine",
        "héroïne ＷＩＤＥ \u200b zero-width \x00 nul \ud800 lone surrogate 💉🙂 героин 海洛因",
        "\u202eright-to-left override",
    ],
    ids=["empty", "blank", "mark", "50k-chars", "50k-words", "unicode", "bidi"],
)
def test_odd_input_gives_a_unit_vector(encoder: Encoder, text: str) -> None:
    start = time.perf_counter()
    (vector,) = encoder.encode([text])
    elapsed = time.perf_counter() - start
    assert np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    assert elapsed < 1.0


def test_text_past_the_token_limit_is_ignored(encoder: Encoder) -> None:
    start = "how long does it stay in your system after"
    texts = [start + " one day", start + " a month"]
    one, two = Encoder(max_tokens=8).encode(texts)
    assert np.array_equal(one, two)
    full_one, full_two = encoder.encode(texts)
    assert not np.array_equal(full_one, full_two)


def test_encoding_nothing_gives_an_empty_matrix(encoder: Encoder) -> None:
    assert encoder.encode([]).shape == (0, DIM)


ENTRIES = [
    ("tea/brew", "how long should I steep green tea"),
    ("tea/brew", "what water temperature for brewing tea"),
    ("bike/tyre", "how do I fix a flat tyre on my bicycle"),
    ("bike/tyre", "my bike has a puncture"),
    ("tea/caffeine", "does black tea have caffeine in it"),
]


def test_index_ranks_one_hit_per_key_best_first(encoder: Encoder) -> None:
    index = SemanticIndex(ENTRIES, encoder)
    assert len(index) == len(ENTRIES)
    hits = index.rank("I rode over glass and now the wheel is flat")
    assert hits[0].key == "bike/tyre"
    assert sorted(h.key for h in hits) == ["bike/tyre", "tea/brew", "tea/caffeine"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].text in {"how do I fix a flat tyre on my bicycle", "my bike has a puncture"}
    assert all(-1.0 <= h.score <= 1.0 for h in hits)


def test_index_hit_is_the_keys_closest_text(encoder: Encoder) -> None:
    index = SemanticIndex(ENTRIES, encoder)
    (brew,) = [h for h in index.rank("how hot should the water be") if h.key == "tea/brew"]
    assert brew.text == "what water temperature for brewing tea"
    texts = [t for k, t in ENTRIES if k == "tea/brew"]
    q = encoder.encode(["how hot should the water be"])[0]
    assert brew.score == pytest.approx(float(np.max(encoder.encode(texts) @ q)), abs=1e-6)


def test_a_message_equal_to_a_phrasing_scores_one(encoder: Encoder) -> None:
    index = SemanticIndex(ENTRIES, encoder)
    top = index.rank("my bike has a puncture")[0]
    assert top == SemanticHit("bike/tyre", top.score, "my bike has a puncture")
    assert top.score == pytest.approx(1.0, abs=1e-5)


def test_hits_are_frozen(encoder: Encoder) -> None:
    hit = SemanticIndex(ENTRIES, encoder).rank("green tea")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.score = 0.0  # type: ignore[misc]


def test_blank_message_or_empty_index_ranks_nothing(encoder: Encoder) -> None:
    assert SemanticIndex(ENTRIES, encoder).rank("  \n ") == []
    assert SemanticIndex([], encoder).rank("anything") == []
    assert len(SemanticIndex([], encoder)) == 0


def test_huge_message_ranks_by_its_start(encoder: Encoder) -> None:
    index = SemanticIndex(ENTRIES, encoder)
    hits = index.rank("my bicycle tyre is flat again. " * 2_000)
    assert hits[0].key == "bike/tyre"


def test_one_messages_vectors_are_kept_with_it_and_nowhere_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside ``remembering``, a text is encoded once (safety and ranking read the same
    message); outside, nothing typed is kept."""
    encoder = shared_encoder()
    calls: list[str] = []
    encode = encoder.encode

    def counting(texts: Sequence[str], batch_size: int = 1) -> Vectors:
        calls.extend(texts)
        return encode(texts, batch_size)

    monkeypatch.setattr(encoder, "encode", counting)
    memo: dict[str, Vectors] = {}
    with remembering(memo):
        first = encoder.embed("how long does it stay in urine")
        again = encoder.embed("how long does it stay in urine")
    assert calls == ["how long does it stay in urine"] and first is again
    assert list(memo) == ["how long does it stay in urine"]
    encoder.embed("how long does it stay in urine")
    encoder.embed("how long does it stay in urine")
    assert len(calls) == 3  # outside: encoded each time, kept nowhere
