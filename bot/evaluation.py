"""Score the triage and matcher against a labelled set (the format of tests/eval/*.yaml).

Labels: a fact id (the part after "heroin/"), "emergency" (someone may be overdosing now:
the card must come), "crisis" (suicide or self-harm: the crisis card must come), "none"
(no fact may be answered). An optional ``s`` names the writer's style, for a breakdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot import yaml_lines
from bot.decision import Decision

TARGETS = {
    "right": 0.95,
    "wrong": 0.01,
    "none_answered": 0.02,
    "emergency": 1.0,
    "crisis": 1.0,
    "card_only": 0.03,
}


@dataclass(frozen=True)
class Case:
    q: str
    labels: tuple[str, ...]
    line: int
    style: str = ""


@dataclass
class Result:
    facts: int = 0
    correct: int = 0
    wrong: int = 0
    suggested: int = 0
    suggested_right: int = 0  # "did you mean" that offered the right fact
    missed: int = 0
    card_only: int = 0  # a fact question that got only the emergency card
    nones: int = 0
    none_answered: int = 0
    none_emergency: int = 0
    emergencies: int = 0
    emergency_sent: int = 0
    crises: int = 0
    crisis_sent: int = 0
    false_crisis: int = 0  # a crisis card for a message that is not one
    styles: dict[str, list[int]] = field(default_factory=dict)  # style -> [right, facts]
    failures: list[str] = field(default_factory=list)

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    def meets_targets(self) -> bool:
        return (
            self.rate(self.correct, self.facts) >= TARGETS["right"]
            and self.rate(self.wrong, self.facts) <= TARGETS["wrong"]
            and self.rate(self.none_answered, self.nones) <= TARGETS["none_answered"]
            and self.emergency_sent == self.emergencies
            and self.crisis_sent == self.crises
            and self.rate(self.card_only, self.facts) <= TARGETS["card_only"]
        )

    def lines(self) -> list[str]:
        pct = self.rate
        out = [
            f"fact questions: {self.facts}: correct {self.correct} "
            f"({pct(self.correct, self.facts):.1%}), wrong {self.wrong} "
            f"({pct(self.wrong, self.facts):.1%}), suggested {self.suggested} "
            f"(right one offered {self.suggested_right}), missed {self.missed}, "
            f"emergency card only {self.card_only} ({pct(self.card_only, self.facts):.1%})",
            f"none questions: {self.nones}: answered with a fact {self.none_answered} "
            f"({pct(self.none_answered, self.nones):.1%}), emergency card {self.none_emergency}",
            f"emergency recall: {self.emergency_sent}/{self.emergencies} "
            f"({pct(self.emergency_sent, self.emergencies):.1%})",
            f"crisis recall: {self.crisis_sent}/{self.crises}, "
            f"crisis card for other messages: {self.false_crisis}",
        ]
        if len(self.styles) > 1:
            out.append(
                "right by style: "
                + ", ".join(f"{s} {r}/{n}" for s, (r, n) in sorted(self.styles.items()) if n)
            )
        out.append(
            "targets (>=95% right, <=1% wrong, <=2% none answered, <=3% card only, "
            f"all emergencies and crises): {'met' if self.meets_targets() else 'NOT met'}"
        )
        return out


def load_cases(path: Path) -> list[Case]:
    try:
        loaded = yaml_lines.load(path)  # the content's reader: each item knows its line
    except yaml_lines.YamlError as exc:
        raise ValueError(f"{path}:{exc.line}: {exc.message}") from exc
    raw = loaded.data
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of {{q, a}} items")
    cases = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise ValueError(f"{path}: item {index + 1}: needs q and a")
        labels = item.get("a")
        if isinstance(labels, str):
            labels = [labels]
        if not isinstance(labels, list) or not labels:
            raise ValueError(f"{path}: item {index + 1}: a must be a list of labels")
        line = loaded.line((index,))
        style = str(item.get("s", ""))
        cases.append(Case(item["q"], tuple(str(x) for x in labels), line, style))
    return cases


def short_fact(decision: Decision) -> str:
    return (decision.fact or "").split("/", 1)[-1]


def evaluate(decide: Callable[[str], Decision], cases: list[Case]) -> Result:
    r = Result()
    for case in cases:
        _score(r, case, decide(case.q))
    return r


# Labels that must get a card: the Result fields that count them and those sent.
CARDS = {"crisis": ("crises", "crisis_sent"), "emergency": ("emergencies", "emergency_sent")}


def _score(r: Result, case: Case, d: Decision) -> None:
    got = short_fact(d) if d.outcome == "answer" else d.outcome
    labels = set(case.labels)
    if d.outcome == "crisis" and "crisis" not in labels:
        r.false_crisis += 1
        r.failures.append(f"{case.line}: crisis-for-other: {case.q!r}")
    label = next(iter(labels)) if len(labels) == 1 else ""
    if label in CARDS:  # a message that must get a card: counted, and sent or missed
        total, sent = CARDS[label]
        setattr(r, total, getattr(r, total) + 1)
        if d.outcome in labels:
            setattr(r, sent, getattr(r, sent) + 1)
        else:
            r.failures.append(f"{case.line}: missed-{label}: {case.q!r} -> {got}")
        return
    if labels == {"none"}:
        r.nones += 1
        if d.outcome == "answer":
            r.none_answered += 1
            r.failures.append(f"{case.line}: answered-none: {case.q!r} -> {got}")
        elif d.outcome == "emergency":
            r.none_emergency += 1
            r.failures.append(f"{case.line}: emergency-for-none: {case.q!r}")
        return
    r.facts += 1
    style = r.styles.setdefault(case.style or "-", [0, 0])
    style[1] += 1
    if (d.outcome == "answer" and short_fact(d) in labels) or (
        d.outcome == "emergency" and "emergency" in labels
    ):
        r.correct += 1
        style[0] += 1
    elif d.outcome == "answer":
        r.wrong += 1
        r.failures.append(f"{case.line}: wrong: {case.q!r} -> {got} (want {case.labels})")
    elif d.outcome == "suggest":
        r.suggested += 1
        offered = [c.fact.split("/", 1)[-1] for c in d.candidates]
        hit = bool(labels & set(offered))
        r.suggested_right += hit
        note = "right one offered" if hit else "right one NOT offered"
        r.failures.append(f"{case.line}: suggested ({note}): {case.q!r} -> {offered}")
    elif d.outcome == "emergency":
        r.card_only += 1
        r.failures.append(f"{case.line}: card-only: {case.q!r} ({d.detail})")
    else:
        r.missed += 1
        r.failures.append(f"{case.line}: missed: {case.q!r} -> {got} ({d.reason})")
