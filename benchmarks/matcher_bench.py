"""Matcher speed on this machine, beside a naive rapidfuzz baseline run in the same process.

    python benchmarks/matcher_bench.py

Measures: time per question for the shipped pack and for a generated pack of 1,000 facts
with 10 phrasings each (real YAML written to a temp folder and loaded by the real loader),
each beside ``rapidfuzz.process.extractOne`` over the same phrasings and questions; and
startup time (load + validate + index). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Config, ContentConfig  # noqa: E402
from bot.core import Core, build_core  # noqa: E402
from bot.evaluation import load_cases  # noqa: E402


def per_call_us(fn: Callable[[str], object], queries: list[str], rounds: int = 5) -> float:
    """Median over rounds of the mean time per query, in microseconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for q in queries:
            fn(q)
        samples.append((time.perf_counter() - start) / len(queries) * 1e6)
    return statistics.median(samples)


def startup_s(config: Config, rounds: int = 3) -> tuple[float, Core]:
    times = []
    core = None
    for _ in range(rounds):
        start = time.perf_counter()
        core = build_core(config)
        times.append(time.perf_counter() - start)
    assert core is not None
    return statistics.median(times), core


def compare(name: str, core: Core, queries: list[str]) -> None:
    choices = [p for f in core.library.ordered_facts for p in (f.question, *f.phrasings)]
    ours = per_call_us(core.triage.decide, queries)
    naive = per_call_us(lambda q: process.extractOne(q, choices, scorer=fuzz.WRatio), queries)
    print(
        f"{name}: {len(core.library.facts)} facts, {len(choices)} questions and phrasings, "
        f"{len(queries)} questions"
    )
    print(f"  hrbot matcher        {ours:9.1f} us/question")
    print(f"  naive extractOne     {naive:9.1f} us/question   (ours / naive = {ours / naive:.2f})")


def generated_pack(folder: Path, facts: int = 1000, phrasings: int = 10) -> list[str]:
    """A big pack of made-up but word-like questions; returns held-back query variants."""
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ten", "dra", "vo", "sul", "pen", "ri", "gash", "tor", "bel"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(3)) for _ in range(4000)})
    shutil.copytree(ROOT / "facts", folder)
    (folder / "heroin.yaml").unlink()
    items, queries = [], []
    for i in range(facts):
        topic = rng.sample(vocab, 3)
        texts = [
            " ".join(["how", "does", *topic[: rng.randint(1, 3)], *rng.sample(vocab, 3)])
            for _ in range(phrasings + 1)
        ]
        items.append(
            {
                "id": f"gen-{i:04d}",
                "question": f"What about {' '.join(topic)}?",
                "label": f"Topic {i}",
                "phrasings": texts[:phrasings],
                "answer": f"Generated answer {i}.",
                "sources": ["gen"],
            }
        )
        queries.append(texts[phrasings])
    pack = {
        "kind": "pack",
        "id": "generated",
        "title": "Generated",
        "language": "en",
        "substances": ["heroin"],
        "sources": [
            {
                "id": "gen",
                "publisher": "Benchmark",
                "title": "Generated",
                "url": "https://example.org/generated",
            }
        ],
        "facts": items,
    }
    (folder / "generated.yaml").write_text(yaml.safe_dump(pack, sort_keys=False))
    return queries


def main() -> None:
    dev = ROOT / "tests" / "eval" / "dev.yaml"
    held = ROOT / "tests" / "eval" / "heldout.yaml"
    queries = [c.q for path in (dev, held) if path.exists() for c in load_cases(path)]
    shipped_start, shipped = startup_s(Config())
    compare("shipped pack", shipped, queries)
    print(f"  startup (load + check + index): {shipped_start * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "facts"
        big_queries = generated_pack(folder)
        config = Config(content=ContentConfig(facts_dir=folder))
        big_start, big = startup_s(config, rounds=1)
        compare("generated pack", big, big_queries)
        print(f"  startup (load + check + index): {big_start * 1000:.0f} ms")


if __name__ == "__main__":
    main()
