"""Words alone against words and meaning together, side by side on every labelled set.

    python benchmarks/ranker_compare.py

The lexical ranker runs with the thresholds it was tuned with before the sentence model
(answer 0.55, suggest 0.30, margin 0.06, clear 0.45/0.15); the fused ranker with the
shipped defaults. Safety triage is the same for both, and so is the language choice (the
Spanish sets are matched by words in both columns: the sentence model is English-only).
Times are per message, triage in every language included, median of three runs of each
message, on this machine.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Config, MatcherConfig
from bot.core import build_core
from bot.evaluation import evaluate, load_cases

EVAL = Path(__file__).resolve().parent.parent / "tests" / "eval"
SETS = (
    *("dev", "tune", "heldout", "heldout2", "users-tune", "users-blind", "users-blind2"),
    *("users-blind3", "es-tune", "es-blind", "es-blind2"),
)
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
            r = evaluate(lambda q, core=core: core.decide(q)[1], cases)
            cells.append(
                f"{r.correct}/{r.facts} ({r.rate(r.correct, r.facts):.1%}) / "
                f"{r.wrong} ({r.rate(r.wrong, r.facts):.1%}) / {r.none_answered} of {r.nones}"
            )
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    for label, core in (("words only", lexical), ("words + meaning", fused)):
        mean, p95 = per_message_ms(lambda q, core=core: core.decide(q)[1], questions)
        print(f"{label}: {len(questions)} messages, mean {mean:.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
