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

from bot.evaluation import Case, load_cases  # noqa: E402
from bot.packs import load_library  # noqa: E402
from bot.semantic import Encoder, SemanticIndex  # noqa: E402

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


def accuracy(rank: Ranker, cases: list[Case], pack: str) -> tuple[float, float, list[float]]:
    """Top-1 and top-3 share of cases, and each call's time in milliseconds."""
    top1 = top3 = 0
    times = []
    for case in cases:
        start = time.perf_counter()
        ranked = rank(case.q)
        times.append((time.perf_counter() - start) * 1000)
        ids = [k.removeprefix(f"{pack}/") for k in ranked]
        top1 += bool(ids[:1]) and ids[0] in case.labels
        top3 += any(i in case.labels for i in ids[:3])
    return top1 / len(cases), top3 / len(cases), times


def main() -> None:
    library = load_library(ROOT / "facts")
    (pack,) = library.packs
    fact_ids = {f.id for f in pack.facts}
    entries = [(f.key, t) for f in pack.facts for t in (f.question, *f.phrasings)]

    start = time.perf_counter()
    encoder = Encoder()
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
    all_times: dict[str, list[float]] = {name: [] for name in rankers}
    seen: set[Path] = set()
    for path in EVAL_SETS:
        if not path.exists() or path.resolve() in seen:
            continue
        seen.add(path.resolve())
        cases = [c for c in load_cases(path) if fact_ids & set(c.labels)]
        cells = []
        for name, rank in rankers.items():
            rank(cases[0].q)  # warm up
            top1, top3, times = accuracy(rank, cases, pack.id)
            all_times[name].extend(times)
            cells.append(f"{top1:7.1%} / {top3:6.1%}")
        print(f"{path.name:<14}{len(cases):>5}  {cells[0]:>19}  {cells[1]:>20}")
    print()
    for name, times in all_times.items():
        p95 = float(np.percentile(times, 95))
        print(
            f"{name}: mean {statistics.mean(times):.2f} ms, p95 {p95:.2f} ms,"
            f" max {max(times):.2f} ms per message ({len(times)} messages)"
        )


if __name__ == "__main__":
    main()
