"""Words alone against words and meaning together, side by side on every labelled set.

    python benchmarks/ranker_compare.py

The lexical ranker runs with the thresholds it was tuned with before the sentence models
(answer 0.55, suggest 0.30, margin 0.06, clear 0.45/0.15); the fused ranker (words, each
language's sentence model and the fact classifier) with the shipped defaults. Safety
triage is the same for both, and so is the language choice. Times are per message,
triage in every language included, median of three runs of each message, on this
machine; then the ranking step alone (safety read beforehand, nothing shared with it).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

from bot.config import Config, MatcherConfig
from bot.core import Core, build_core
from bot.decision import Decision
from bot.evaluation import evaluate, load_cases
from bot.semantic import remembering

EVAL = Path(__file__).resolve().parent.parent / "tests" / "eval"
SETS = sorted(p.stem for p in EVAL.glob("*.yaml") if "safety" not in p.stem)
"""Every set but the safety-only ones (their "none" holds heroin questions)."""
LEXICAL = MatcherConfig(0.55, 0.30, 0.06, 0.45, 0.15, 400, semantic_weight=0.0)


def per_message_ms(decide: object, questions: list[str]) -> tuple[float, float]:
    times = []
    for q in questions:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            decide(q)  # type: ignore[operator]
            runs.append(time.perf_counter() - start)
        times.append(statistics.median(runs) * 1000)
    times.sort()
    return statistics.mean(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    fused = build_core(Config())
    lexical = build_core(replace(Config(), matcher=LEXICAL))
    cols = "right / wrong / none answered"
    print(f"| set | words only: {cols} | words + meaning: {cols} |")
    print("|---|---|---|")
    questions: list[str] = []
    for name in SETS:
        cases = load_cases(EVAL / f"{name}.yaml")
        questions += [c.q for c in cases]
        cells = []
        for core in (lexical, fused):
            r = evaluate(partial(decision, core), cases)
            cells.append(
                f"{r.correct}/{r.facts} ({r.rate(r.correct, r.facts):.1%}) / "
                f"{r.wrong} ({r.rate(r.wrong, r.facts):.1%}) / {r.none_answered} of {r.nones}"
            )
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    for label, core in (("words only", lexical), ("words + meaning", fused)):
        mean, p95 = per_message_ms(lambda q, core=core: core.decide(q)[1], questions)
        print(f"{label}: {len(questions)} messages, mean {mean:.2f} ms, p95 {p95:.2f} ms")
        mean, p95, n = ranking_ms(core, questions)
        print(f"{label}, ranking alone: {n} messages, mean {mean:.2f} ms, p95 {p95:.2f} ms")


def decision(core: Core, text: str) -> Decision:
    return core.decide(text)[1]


def ranking_ms(core: Core, questions: list[str]) -> tuple[float, float, int]:
    """The matching step by itself, for messages that get no card: safety is read first,
    off the clock, and its vectors are not shared with the ranker (a fresh memo each run),
    so the ranker's own encoding is counted."""
    times = []
    for q in questions:
        reading = core.read(q)
        if reading.card is not None:
            continue
        runs = []
        for _ in range(3):
            with remembering({}):
                start = time.perf_counter()
                reading.locale.triage.decide(q, reading.safety)
                runs.append(time.perf_counter() - start)
        times.append(statistics.median(runs) * 1000)
    times.sort()
    return statistics.mean(times), times[int(0.95 * (len(times) - 1))], len(times)


if __name__ == "__main__":
    main()
