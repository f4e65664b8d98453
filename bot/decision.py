"""What the core decided about a typed message, and why: plain data for every layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal["answer", "suggest", "fallback", "emergency", "crisis", "welcome", "help"]


@dataclass(frozen=True)
class Candidate:
    fact: str  # e.g. "heroin/overdose"
    score: float
    phrasing: str  # the question or phrasing that matched best
    topical: bool = True  # that phrasing shares a drug or drug topic with the message
    lexical: float = 0.0  # the lexical ranker's score
    semantic: float = 0.0  # the semantic ranker's similarity (0 when it is off)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    fact: str | None = None
    candidates: tuple[Candidate, ...] = ()
    score: float = 0.0
    reason: str = ""
    other_drugs: tuple[str, ...] = ()
    smalltalk: str = ""
    concepts: tuple[str, ...] = ()  # safety concepts that fired (emergency, crisis)
    offer_card: bool = False  # an overdose question: the emergency card one tap away
    alone: bool = False  # the writer is the one overdosing
