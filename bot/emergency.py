"""Is someone overdosing right now? Read before anything else, biased towards yes.

Concepts, not phrases: the content names the words of each concept (facts/triage.yaml:
someone, drug use, a danger sign, overdose, naloxone not working, now, hypothetical,
past), and the grammar here combines them, sentence by sentence:

    danger_alone                          -> live   ("lips are blue")
    danger + (person | self | use)        -> live   ("she hit it and went straight down")
    overdose + now                        -> live   ("OD happening here, what first")
    naloxone + not_working                -> live   ("sprayed the narcan, nothing yet")
    only alarm words in the whole message -> live   ("help!!", "sos", "911")

A sentence that is hypothetical or about the past ("if my friend ever ods", "he OD'd
last month") is a question, unless it also says "now": it gets the overdose fact with
the card one tap away, never the card alone. The card's own trigger phrases and the
language's sentence shapes (bot/lang/) count as danger signs too. Everything runs on
the whole message, however long, and on each sentence of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.lang import LanguageRules
from bot.model import TriageVocabulary
from bot.normalise import Normaliser, clean

_BREAKS = r"[.!?;:\n]+|\s[-–—]+\s|\.\.\."
MAX_SENTENCE_WORDS = 60  # run-ons without punctuation are read in overlapping windows


WHO = frozenset({"person", "self"})
NOW_NEAR = 6  # words between "now" and the sign for "now" to make it live


@dataclass(frozen=True)
class Hit:
    phrase: str
    start: int  # word index in the sentence


Reading = Literal["live", "asked", "mentioned"]


@dataclass(frozen=True)
class EmergencyFinding:
    """What the detector saw: a live overdose (the card), a sign of one asked about
    ("if he stops breathing"), or overdose only mentioned ("does an overdose hurt")."""

    reading: Reading
    concepts: tuple[str, ...]  # the concepts that fired, for `hrbot ask` (never logged)
    reason: str
    alone: bool = False  # the writer is the one in danger

    @property
    def live(self) -> bool:
        return self.reading == "live"


def sentence_splitter(rules: LanguageRules) -> re.Pattern[str]:
    """Sentence ends, and the language's clause-starting conjunctions."""
    return re.compile(rf"{_BREAKS}|,?\s+(?:{rules.conjunctions})\s+", re.IGNORECASE)


def sentences(text: str, splitter: re.Pattern[str]) -> list[str]:
    """Cleaned sentences; long unpunctuated runs become overlapping windows of words."""
    out: list[str] = []
    for part in splitter.split(text):
        words = clean(part).split()
        if not words:
            continue
        if len(words) <= MAX_SENTENCE_WORDS:
            out.append(" ".join(words))
            continue
        step = MAX_SENTENCE_WORDS // 2
        for start in range(0, len(words) - step, step):
            out.append(" ".join(words[start : start + MAX_SENTENCE_WORDS]))
    return out


class PhraseTable:
    """Phrases of several concepts, matched on stemmed words (typo-fixed where possible)."""

    def __init__(self, normaliser: Normaliser, concepts: dict[str, Iterable[str]]) -> None:
        self.normaliser = normaliser
        self.table: dict[tuple[str, ...], set[str]] = {}
        for concept, phrases in concepts.items():
            for phrase in phrases:
                key = self.key(phrase)
                if key:
                    self.table.setdefault(key, set()).add(concept)
        self.longest = max((len(k) for k in self.table), default=0)

    def key(self, phrase: str) -> tuple[str, ...]:
        words = self.normaliser.spell(clean(phrase).split())
        return tuple(self.normaliser.stem(w) for w in words)

    def words(self, sentence: str) -> list[tuple[str, ...]]:
        """The sentence as typed and as typo-fixed (both are read), stemmed."""
        typed = self.normaliser.spell(sentence.split())
        fixed = [
            w if w in self.normaliser.vocabulary else (self.normaliser.correct(w) or w)
            for w in typed
        ]
        stem = self.normaliser.stem
        variants = [tuple(stem(w) for w in typed), tuple(stem(w) for w in fixed)]
        return list(dict.fromkeys(variants))

    def find(self, sentence: str) -> dict[str, Hit]:
        """Concept -> its first phrase in the sentence, and the word where it starts."""
        found: dict[str, Hit] = {}
        for stems in self.words(sentence):
            spans = [
                (i, i + n)
                for i in range(len(stems))
                for n in range(1, min(self.longest, len(stems) - i) + 1)
                if stems[i : i + n] in self.table
            ]
            for i, j in spans:
                inside = any(a <= i and j <= b and (a, b) != (i, j) for a, b in spans)
                for concept in self.table[stems[i:j]]:
                    # a phrase inside a longer one is not read alone ("cross fading" is not
                    # "fading"), except who it is about: "i think i took too much" is "i"
                    if inside and concept not in WHO:
                        continue
                    hit = Hit(" ".join(stems[i:j]), i)
                    if concept not in found or i < found[concept].start:
                        found[concept] = hit
        return found


class EmergencyDetector:
    """Built once per content load; ``detect`` is pure and keeps nothing."""

    def __init__(
        self,
        vocabulary: TriageVocabulary,
        triggers: Iterable[str],
        normaliser: Normaliser,
        rules: LanguageRules,
    ) -> None:
        self.rules = rules
        concepts: dict[str, Iterable[str]] = dict(vocabulary.emergency)
        concepts["trigger"] = tuple(triggers)
        self.phrases = PhraseTable(normaliser, concepts)
        self.alarm = {w for p in vocabulary.emergency["alarm"] for w in clean(p).split()}
        self.splitter = sentence_splitter(rules)

    def detect(self, text: str) -> EmergencyFinding | None:
        words = clean(text).split()
        if words and all(w in self.alarm for w in words) and len(words) <= 6:
            return EmergencyFinding("live", ("alarm",), "only alarm words")
        question: EmergencyFinding | None = None
        seen: dict[str, Hit] = {}
        for sentence in sentences(text, self.splitter):
            finding = self._sentence(sentence, seen)
            if finding is None:
                continue
            if finding.live:
                return finding
            question = question or finding
        across = "naloxone" in seen and "not_working" in seen  # "gave narcan. nothing yet"
        asking = "hypothetical" in seen or "general" in seen or "past" in seen
        if across and (not asking or "now" in seen):
            return EmergencyFinding(
                "live", tuple(sorted(seen)), "naloxone+not_working (across sentences)"
            )
        return question

    def _sentence(self, sentence: str, seen: dict[str, Hit]) -> EmergencyFinding | None:
        found = self.phrases.find(sentence)
        for concept, hit in found.items():
            seen.setdefault(concept, hit)
        spelled = " ".join(self.phrases.normaliser.spell(sentence.split()))
        someone = "person" in found or "self" in found or "use" in found
        signals: list[tuple[str, int]] = []  # (what fired, the word where it starts)
        for concept in ("danger_alone", "trigger"):
            if concept in found:
                signals.append((concept, found[concept].start))
        if "danger" in found and someone:
            signals.append(("danger", found["danger"].start))
        if "overdose" in found and ("now" in found or "request" in found):
            signals.append(("overdose+now", found["overdose"].start))
        if "naloxone" in found and "not_working" in found:
            signals.append(("naloxone+not_working", found["naloxone"].start))
        rules = list(self.rules.live_rules)
        if not self.rules.general_question.match(spelled):
            rules += self.rules.live_unless_question
        shown_rule = ""
        for rule in rules:
            if m := rule.search(spelled):
                signals.append(("rule", spelled[: m.end()].count(" ")))
                shown_rule = shown_rule or m.group(0)
        mentions = "overdose" in found or "danger" in found or "naloxone" in found
        if not signals and not mentions:
            return None
        concepts = tuple(sorted(found))
        shown = ", ".join(f"{c}: {found[c].phrase}" for c in sorted(found))
        if shown_rule:
            shown += f"; rule: {shown_rule}"
        names = "+".join(dict.fromkeys(name for name, _ in signals))
        if signals and not self._blocked(found, min(start for _, start in signals)):
            alone = "self" in found and "person" not in found
            return EmergencyFinding("live", concepts, f"{names} ({shown})", alone)
        if signals:
            return EmergencyFinding("asked", concepts, f"hypothetical or past ({shown})")
        return EmergencyFinding("mentioned", concepts, f"mentions overdose ({shown})")

    @staticmethod
    def _blocked(found: dict[str, Hit], signal_start: int) -> bool:
        """A question, not a report: about the past, or hypothetical before the sign
        ("if he ever stops breathing"; not "he stopped breathing, if that matters").
        Saying "now" close to the sign unblocks it ("and now i keep thinking" far from
        it does not)."""
        if "now" in found and abs(found["now"].start - signal_start) <= NOW_NEAR:
            return False
        if "past" in found or "general" in found:
            return True
        return "hypothetical" in found and found["hypothetical"].start <= signal_start
