"""Score the matcher against a labelled set (the format of tests/eval/dev.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.matcher import Decision, Matcher

TARGETS = {"right": 0.95, "wrong": 0.01, "none_answered": 0.02, "emergency": 1.0}


@dataclass(frozen=True)
class Case:
    q: str
    labels: tuple[str, ...]
    line: int


@dataclass
class Result:
    facts: int = 0
    correct: int = 0
    wrong: int = 0
    suggested: int = 0
    missed: int = 0
    nones: int = 0
    none_answered: int = 0
    none_emergency: int = 0
    emergencies: int = 0
    emergency_sent: int = 0
    failures: list[str] = field(default_factory=list)

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    def meets_targets(self) -> bool:
        return (
            self.rate(self.correct, self.facts) >= TARGETS["right"]
            and self.rate(self.wrong, self.facts) <= TARGETS["wrong"]
            and self.rate(self.none_answered, self.nones) <= TARGETS["none_answered"]
            and self.emergency_sent == self.emergencies
        )

    def lines(self) -> list[str]:
        pct = self.rate
        return [
            f"fact questions: {self.facts}: correct {self.correct} "
            f"({pct(self.correct, self.facts):.1%}), wrong {self.wrong} "
            f"({pct(self.wrong, self.facts):.1%}), suggested {self.suggested}, "
            f"missed {self.missed}",
            f"none questions: {self.nones}: answered with a fact {self.none_answered} "
            f"({pct(self.none_answered, self.nones):.1%}), emergency card {self.none_emergency}",
            f"emergency recall: {self.emergency_sent}/{self.emergencies} "
            f"({pct(self.emergency_sent, self.emergencies):.1%})",
            f"targets (>=95% right, <=1% wrong, <=2% none answered, all emergencies): "
            f"{'met' if self.meets_targets() else 'NOT met'}",
        ]


def load_cases(path: Path) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of {{q, a}} items")
    text_lines = path.read_text(encoding="utf-8").splitlines()
    cases = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise ValueError(f"{path}: item {index + 1}: needs q and a")
        labels = item.get("a")
        if isinstance(labels, str):
            labels = [labels]
        if not isinstance(labels, list) or not labels:
            raise ValueError(f"{path}: item {index + 1}: a must be a list of labels")
        line = next((n for n, t in enumerate(text_lines, 1) if item["q"] in t), 0)
        cases.append(Case(item["q"], tuple(str(x) for x in labels), line))
    return cases


def short_fact(decision: Decision) -> str:
    return (decision.fact or "").split("/", 1)[-1]


def evaluate(matcher: Matcher, cases: list[Case]) -> Result:
    r = Result()
    for case in cases:
        d = matcher.decide(case.q)
        got = short_fact(d) if d.outcome == "answer" else d.outcome
        labels = set(case.labels)
        if labels == {"none"}:
            r.nones += 1
            if d.outcome == "answer":
                r.none_answered += 1
                r.failures.append(f"{case.line}: answered-none: {case.q!r} -> {got}")
            elif d.outcome == "emergency":
                r.none_emergency += 1
                r.failures.append(f"{case.line}: emergency-for-none: {case.q!r}")
            continue
        if labels == {"emergency"}:
            r.emergencies += 1
            if d.outcome == "emergency":
                r.emergency_sent += 1
            else:
                r.failures.append(f"{case.line}: missed-emergency: {case.q!r} -> {got}")
            continue
        r.facts += 1
        if (d.outcome == "answer" and short_fact(d) in labels) or (
            d.outcome == "emergency" and "emergency" in labels
        ):
            r.correct += 1
        elif d.outcome == "answer":
            r.wrong += 1
            r.failures.append(f"{case.line}: wrong: {case.q!r} -> {got} (want {case.labels})")
        elif d.outcome == "suggest":
            r.suggested += 1
            offered = [c.fact.split("/", 1)[-1] for c in d.candidates]
            hit = "right one offered" if labels & set(offered) else "right one NOT offered"
            r.failures.append(f"{case.line}: suggested ({hit}): {case.q!r} -> {offered}")
        else:
            r.missed += 1
            r.failures.append(f"{case.line}: missed: {case.q!r} -> {got} ({d.reason})")
    return r
