"""Accuracy and speed of the semantic ranker, beside a rapidfuzz nearest-phrasing baseline.

    python benchmarks/semantic_bench.py

Both rankers see the same thing: every question and phrasing of the shipped packs, each
under its fact key; a message's rank of a fact is its closest text's score. Only evaluation
items labelled with at least one fact id count; an item is right at top-k if one of its
first k facts is among its labels. Time is per message on one thread (the encoder's own
setting), ranking included; build time is encoding every phrasing. Not a test: numbers
depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content import load_library  # noqa: E402
from bot.evaluation import Case, load_cases  # noqa: E402
from bot.semantic import MiniLM, SemanticIndex  # noqa: E402

# shared/ lies beside the checkout (or beside the worktrees' folder); the others ship.
EVAL_SETS = [
    ROOT.parent / "shared" / "eval" / "dev.yaml",
    ROOT.parent.parent / "shared" / "eval" / "dev.yaml",
    ROOT / "tests" / "eval" / "heldout.yaml",
    ROOT / "tests" / "eval" / "heldout2.yaml",
    ROOT / "tests" / "eval" / "tune.yaml",
]

Ranker = Callable[[str], list[str]]


def fuzzy_ranker(entries: list[tuple[str, str]]) -> Ranker:
    """Nearest phrasing by token_sort_ratio on rapidfuzz's default processing, one per key."""
    keys = np.array([k for k, _ in entries])
    texts = [t for _, t in entries]
    unique = list(dict.fromkeys(keys.tolist()))

    def rank(message: str) -> list[str]:
        scores = process.cdist(
            [message], texts, scorer=fuzz.token_sort_ratio, processor=utils.default_process
        )[0]
        best = {k: float(scores[keys == k].max()) for k in unique}
        return sorted(unique, key=lambda k: -best[k])

    return rank


def semantic_ranker(index: SemanticIndex) -> Ranker:
    return lambda message: [hit.key for hit in index.rank(message)]


def accuracy(rank: Ranker, cases: list[Case], pack: str) -> tuple[float, float]:
    """Top-1 and top-3 share of cases."""
    top1 = top3 = 0
    for case in cases:
        ids = [k.removeprefix(f"{pack}/") for k in rank(case.q)]
        top1 += bool(ids[:1]) and ids[0] in case.labels
        top3 += any(i in case.labels for i in ids[:3])
    return top1 / len(cases), top3 / len(cases)


def latencies(rank: Ranker, messages: list[str], rounds: int = 5) -> list[float]:
    """Each message's median time over rounds, in milliseconds.

    The median per message keeps another process's time slice on a shared machine out of
    the number, while a message that is slow every time still shows."""
    samples: list[list[float]] = [[] for _ in messages]
    for _ in range(rounds):
        for n, message in enumerate(messages):
            start = time.perf_counter()
            rank(message)
            samples[n].append((time.perf_counter() - start) * 1000)
    return [statistics.median(s) for s in samples]


def main() -> None:
    library = load_library(ROOT / "facts")
    (pack,) = library.packs
    fact_ids = {f.id for f in pack.facts}
    entries = [(f.key, t) for f in pack.facts for t in (f.question, *f.phrasings)]

    start = time.perf_counter()
    encoder = MiniLM()
    load_s = time.perf_counter() - start
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        index = SemanticIndex(entries, encoder)
        builds.append(time.perf_counter() - start)
    print(f"model load {load_s:.2f} s; index of {len(entries)} phrasings over {len(fact_ids)}")
    print(f"facts built in {statistics.median(builds):.2f} s (median of 3)\n")

    rankers = {"semantic": semantic_ranker(index), "rapidfuzz": fuzzy_ranker(entries)}
    print(f"{'set':<14}{'n':>5}  {'semantic top1/top3':>19}  {'rapidfuzz top1/top3':>20}")
    messages: list[str] = []
    seen: set[Path] = set()
    for path in EVAL_SETS:
        if not path.exists() or path.resolve() in seen:
            continue
        seen.add(path.resolve())
        cases = [c for c in load_cases(path) if fact_ids & set(c.labels)]
        messages.extend(c.q for c in cases)
        cells = []
        for rank in rankers.values():
            top1, top3 = accuracy(rank, cases, pack.id)
            cells.append(f"{top1:7.1%} / {top3:6.1%}")
        print(f"{path.name:<14}{len(cases):>5}  {cells[0]:>19}  {cells[1]:>20}")
    print(f"\ntime per message, ranking included ({len(messages)} messages, median of 5 each):")
    for name, rank in rankers.items():
        times = latencies(rank, messages)
        p95 = float(np.percentile(times, 95))
        print(
            f"{name:>10}: mean {statistics.mean(times):.2f} ms, p95 {p95:.2f} ms,"
            f" max {max(times):.2f} ms"
        )
    # The slowest case: a message long enough to be cut at the model's 128 tokens.
    long = " ".join(messages)[:5000]
    (worst,) = latencies(rankers["semantic"], [long], rounds=9)
    print(f"  semantic, a message cut at 128 tokens: {worst:.2f} ms")


if __name__ == "__main__":
    main()
