"""What the core decided about a typed message, and why: plain data for every layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal["answer", "suggest", "fallback", "emergency", "crisis", "welcome", "help"]
URGENT_OUTCOMES: frozenset[Outcome] = frozenset(
    {"emergency", "crisis"}
)  # jump every queue and limit
# Why, in one of a fixed set of words (counted by the operators' metrics); the specifics
# (which phrase, which rule) go in Decision.detail.
Reason = Literal[
    "crisis",
    "emergency",
    "small talk",
    "nothing to match",
    "other drug",
    "no close match",
    "not about drugs",
    "names no drug or drug topic",
    "confident",
    "several close matches",
    "not sure",
    "overdose question",
]


@dataclass(frozen=True)
class Candidate:
    fact: str  # e.g. "heroin/overdose"
    score: float
    phrasing: str  # the question or phrasing that matched best
    topical: bool = True  # that phrasing shares a drug or drug topic with the message
    lexical: float = 0.0  # the lexical ranker's score
    semantic: float = 0.0  # the semantic ranker's similarity (0 when it is off)
    likely: float = 0.0  # the fact classifier's probability (0 when it is off)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    fact: str | None = None
    candidates: tuple[Candidate, ...] = ()
    score: float = 0.0
    reason: Reason = "no close match"
    other_drugs: tuple[str, ...] = ()
    smalltalk: str = ""
    concepts: tuple[str, ...] = ()  # safety concepts that fired (emergency, crisis)
    offer_card: bool = False  # an overdose question: the emergency card one tap away
    alone: bool = False  # the writer is the one overdosing
    detail: str = ""  # which phrase, rule or small-talk kind (for `hrbot ask`; never logged)
    topics: tuple[str, ...] = ()  # the lexicon's topic ids the message named (for counters)
