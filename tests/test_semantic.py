"""The semantic ranker with the real shipped model, tokenizer and onnxruntime."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot import vector_cache
from bot.lang import LANGUAGES
from bot.semantic import (
    DIM,
    MODEL_DIR,
    MODELS,
    Memo,
    MiniLM,
    MultilingualUse,
    SemanticIndex,
    Vectors,
    remembering,
    shared_encoder,
    shared_model,
)

DETECTION = "How many days can a urine screen pick up opioids after the last use?"
OVERDOSE = "What are the signs that someone has taken too much and stopped breathing?"


@pytest.fixture(scope="module")
def encoder() -> MiniLM:
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


def test_embeddings_are_unit_length_float32(encoder: MiniLM) -> None:
    vectors = encoder.encode(["is it safe to use alone", "where can I get naloxone", "ok"])
    assert vectors.shape == (3, DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embeddings_are_deterministic_and_independent_of_batch_mates(encoder: MiniLM) -> None:
    texts = ["the first sentence", "a much longer second sentence with a lot more words in it"]
    first = encoder.encode(texts)
    again = encoder.encode(list(reversed(texts)))[::-1]
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.array_equal(first, again)
    assert np.array_equal(first, alone)
    assert not np.allclose(first[0], first[1])


def test_a_fresh_encoder_gives_the_same_vectors(encoder: MiniLM) -> None:
    text = ["my friend keeps nodding off"]
    assert np.array_equal(MiniLM().encode(text), encoder.encode(text))


REFERENCE = Path(__file__).resolve().parent / "data" / "minilm-reference.json"


def test_every_machine_gets_the_vectors_the_model_was_exported_with(encoder: MiniLM) -> None:
    """Floors and thresholds were set on one machine: they hold on another only if the
    model reads alike there. Unsigned int8 weights keep onnxruntime's integer products
    exact on every CPU; what is left is float rounding in the other layers."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    shipped = hashlib.sha256((MODEL_DIR / "model.int8.onnx").read_bytes()).hexdigest()
    assert reference["model_sha256"] == shipped, "run scripts/export_minilm.py again"
    texts = list(reference["vectors"])
    expected = np.array([reference["vectors"][t] for t in texts], dtype=np.float32)
    got = encoder.encode(texts)
    cosines = np.sum(got * expected, axis=1)
    assert len(texts) >= 30
    assert cosines.min() > 0.99999, texts[int(np.argmin(cosines))]
    assert np.abs(got - expected).max() < 1e-4


def test_meaning_beats_shared_words(encoder: MiniLM) -> None:
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
def test_odd_input_gives_a_unit_vector(encoder: MiniLM, text: str) -> None:
    start = time.perf_counter()
    (vector,) = encoder.encode([text])
    elapsed = time.perf_counter() - start
    assert np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    assert elapsed < 1.0


def test_text_past_the_token_limit_is_ignored(encoder: MiniLM) -> None:
    start = "how long does it stay in your system after"
    texts = [start + " one day", start + " a month"]
    one, two = MiniLM(max_tokens=8).encode(texts)
    assert np.array_equal(one, two)
    full_one, full_two = encoder.encode(texts)
    assert not np.array_equal(full_one, full_two)


def test_encoding_nothing_gives_an_empty_matrix(encoder: MiniLM) -> None:
    assert encoder.encode([]).shape == (0, DIM)


ENTRIES = [
    ("tea/brew", "how long should I steep green tea"),
    ("tea/brew", "what water temperature for brewing tea"),
    ("bike/tyre", "how do I fix a flat tyre on my bicycle"),
    ("bike/tyre", "my bike has a puncture"),
    ("tea/caffeine", "does black tea have caffeine in it"),
]


def test_index_ranks_one_hit_per_key_best_first(encoder: MiniLM) -> None:
    index = SemanticIndex(ENTRIES, encoder)
    assert len(index) == len(ENTRIES)
    hits = index.rank("I rode over glass and now the wheel is flat")
    assert hits[0].key == "bike/tyre"
    assert sorted(h.key for h in hits) == ["bike/tyre", "tea/brew", "tea/caffeine"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].text in {"how do I fix a flat tyre on my bicycle", "my bike has a puncture"}
    assert all(-1.0 <= h.score <= 1.0 for h in hits)


def test_index_hit_is_the_keys_closest_text(encoder: MiniLM) -> None:
    index = SemanticIndex(ENTRIES, encoder)
    (brew,) = [h for h in index.rank("how hot should the water be") if h.key == "tea/brew"]
    assert brew.text == "what water temperature for brewing tea"
    texts = [t for k, t in ENTRIES if k == "tea/brew"]
    q = encoder.encode(["how hot should the water be"])[0]
    assert brew.score == pytest.approx(float(np.max(encoder.encode(texts) @ q)), abs=1e-6)


def test_a_message_equal_to_a_phrasing_scores_one(encoder: MiniLM) -> None:
    index = SemanticIndex(ENTRIES, encoder)
    top = index.rank("my bike has a puncture")[0]
    assert (top.key, top.text) == ("bike/tyre", "my bike has a puncture")
    assert top.score == pytest.approx(1.0, abs=1e-5)


def test_the_classifier_learns_each_key_from_all_its_texts(encoder: MiniLM) -> None:
    """A message close to no single phrasing still goes to the key whose texts, taken
    together, it is like; the probabilities are a distribution over the keys."""
    index = SemanticIndex(ENTRIES, encoder)
    hits = index.rank("the wheel of my bicycle keeps losing air")
    assert sum(h.likely for h in hits) == pytest.approx(1.0, abs=1e-6)
    assert max(hits, key=lambda h: h.likely).key == "bike/tyre"
    again = SemanticIndex(ENTRIES, encoder).rank("the wheel of my bicycle keeps losing air")
    assert [h.likely for h in again] == [h.likely for h in hits]  # trained deterministically


def test_hits_are_frozen(encoder: MiniLM) -> None:
    hit = SemanticIndex(ENTRIES, encoder).rank("green tea")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.score = 0.0  # type: ignore[misc]


def test_blank_message_or_empty_index_ranks_nothing(encoder: MiniLM) -> None:
    assert SemanticIndex(ENTRIES, encoder).rank("  \n ") == []
    assert SemanticIndex([], encoder).rank("anything") == []
    assert len(SemanticIndex([], encoder)) == 0


def test_huge_message_ranks_by_its_start(encoder: MiniLM) -> None:
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

    def counting(texts: Sequence[str]) -> Vectors:
        calls.extend(texts)
        return encode(texts)

    monkeypatch.setattr(encoder, "encode", counting)
    memo: Memo = {}
    with remembering(memo):
        first = encoder.embed("how long does it stay in urine")
        again = encoder.embed("how long does it stay in urine")
    assert calls == ["how long does it stay in urine"] and first is again
    assert list(memo) == [("minilm-l6", "how long does it stay in urine")]
    encoder.embed("how long does it stay in urine")
    encoder.embed("how long does it stay in urine")
    assert len(calls) == 3  # outside: encoded each time, kept nowhere


# -- the multilingual model (Spanish) ---------------------------------------------------
@pytest.fixture(scope="module")
def use() -> MultilingualUse:
    model = shared_model("use-m3")
    assert isinstance(model, MultilingualUse)
    return model


def test_every_language_names_a_model_we_ship() -> None:
    assert {r.code: r.sentence_model for r in LANGUAGES.values()} == {
        "en": "minilm-l6",
        "es": "use-m3",
    }
    assert all(r.sentence_model in MODELS for r in LANGUAGES.values())


def test_multilingual_vectors_are_unit_float32_and_repeatable(use: MultilingualUse) -> None:
    texts = ["cuanto dura en la orina", "mi amigo no respira"]
    vectors = use.encode(texts)
    assert vectors.shape == (2, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors, use.encode(texts))
    alone = np.vstack([use.encode([t]) for t in texts])
    np.testing.assert_allclose(vectors, alone, atol=1e-5)  # float32: batch-mates barely move it
    assert use.encode([]).shape == (0, 512)


@pytest.mark.parametrize(
    "text",
    ["", "?", "x" * 50_000, "cuanto " * 6_000, "heroína \u200b \x00 \ud800 💉 героин 海洛因"],
    ids=["empty", "mark", "50k-chars", "6k-words", "unicode"],
)
def test_multilingual_odd_input_gives_a_unit_vector_quickly(
    use: MultilingualUse, text: str
) -> None:
    start = time.perf_counter()
    (vector,) = use.encode([text])
    assert time.perf_counter() - start < 0.5  # the text is cut at USE_MAX_CHARS
    assert np.isfinite(vector).all() and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_multilingual_meaning_in_spanish_and_across_languages(use: MultilingualUse) -> None:
    q, detection, overdose = use.encode(
        [
            "me van a hacer un examen de pipi en el trabajo, todavia me sale?",
            "cuantos dias se detecta la heroina en un analisis de orina",
            "cuales son las senales de una sobredosis",
        ]
    )
    assert float(q @ detection) > float(q @ overdose) + 0.1
    es, en_same, en_other = use.encode(["cuantos dias sale en la orina", DETECTION, OVERDOSE])
    assert float(es @ en_same) > float(es @ en_other)


def test_memo_keeps_each_models_vector_apart(encoder: MiniLM, use: MultilingualUse) -> None:
    memo: Memo = {}
    with remembering(memo):
        a = encoder.embed("hola que tal")
        b = use.embed("hola que tal")
    assert a.shape == (384,) and b.shape == (512,)
    assert set(memo) == {("minilm-l6", "hola que tal"), ("use-m3", "hola que tal")}


def test_content_vectors_are_cached_by_model_and_texts(
    encoder: MiniLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart reads the packs' vectors back instead of encoding them; other texts, or
    a broken file, are encoded anew; nothing is kept with the cache turned off."""
    monkeypatch.setenv(vector_cache.CACHE_ENV, str(tmp_path))
    texts = ["how long does it stay in urine", "what is tar"]
    first = encoder.encode_content(texts)
    [kept] = list(tmp_path.glob("*.npy"))
    assert np.array_equal(first, encoder.encode(texts))

    def refuse(_: object) -> None:
        raise AssertionError("encoded again")

    monkeypatch.setattr(encoder, "encode", refuse)
    assert np.array_equal(encoder.encode_content(texts), first)
    monkeypatch.undo()
    monkeypatch.setenv(vector_cache.CACHE_ENV, str(tmp_path))
    encoder.encode_content([*texts, "a third"])
    assert len(list(tmp_path.glob("*.npy"))) == 2
    kept.write_bytes(b"not an array")
    assert np.array_equal(encoder.encode_content(texts), first)  # encoded and rewritten
    monkeypatch.setenv(vector_cache.CACHE_ENV, "off")
    encoder.encode_content(["only with the cache off"])
    assert len(list(tmp_path.glob("*.npy"))) == 2


def test_classifier_weights_are_kept_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart with the same content reads the weights instead of training; other
    vectors, or a broken file, are trained anew."""
    from bot import classifier

    monkeypatch.setenv(vector_cache.CACHE_ENV, str(tmp_path))
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(12, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = np.array([0, 1, 2] * 4, dtype=np.int64)
    first = classifier.FactClassifier(vectors, labels, 3).probabilities(vectors[0])
    [kept] = list(tmp_path.glob("w-*.npy"))

    def refuse(*_: object) -> None:
        raise AssertionError("trained again")

    monkeypatch.setattr(classifier, "_train", refuse)
    again = classifier.FactClassifier(vectors, labels, 3).probabilities(vectors[0])
    assert np.array_equal(first, again)
    with pytest.raises(AssertionError, match="trained again"):
        classifier.FactClassifier(vectors[::-1].copy(), labels, 3)
    kept.write_bytes(b"not an array")
    with pytest.raises(AssertionError, match="trained again"):
        classifier.FactClassifier(vectors, labels, 3)
