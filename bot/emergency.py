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

from bot.lang import LanguageRules
from bot.model import TriageVocabulary
from bot.normalise import Normaliser, clean

_SENTENCE = re.compile(
    r"[.!?;:\n]+|\s[-–—]+\s|\.\.\.|,?\s+(?:but|so|because|cause|cuz)\s+", re.IGNORECASE
)
MAX_SENTENCE_WORDS = 60  # run-ons without punctuation are read in overlapping windows


@dataclass(frozen=True)
class EmergencyFinding:
    """What the detector saw; ``live`` sends the card, otherwise it is an overdose question."""

    live: bool
    concepts: tuple[str, ...]  # the concepts that fired, for `hrbot ask` (never logged)
    reason: str
    alone: bool = False  # the writer is the one in danger


def sentences(text: str) -> list[str]:
    """Cleaned sentences; long unpunctuated runs become overlapping windows of words."""
    out: list[str] = []
    for part in _SENTENCE.split(text):
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

    def find(self, sentence: str) -> dict[str, str]:
        """Concept -> the first phrase that showed it."""
        found: dict[str, str] = {}
        for stems in self.words(sentence):
            i = 0
            while i < len(stems):  # longest phrase first: "cross fading" is not "fading"
                for n in range(min(self.longest, len(stems) - i), 0, -1):
                    concepts = self.table.get(stems[i : i + n])
                    if concepts:
                        for c in concepts:
                            found.setdefault(c, " ".join(stems[i : i + n]))
                        i += n
                        break
                else:
                    i += 1
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

    def detect(self, text: str) -> EmergencyFinding | None:
        words = clean(text).split()
        if words and all(w in self.alarm for w in words) and len(words) <= 6:
            return EmergencyFinding(True, ("alarm",), "only alarm words")
        question: EmergencyFinding | None = None
        seen: dict[str, str] = {}
        for sentence in sentences(text):
            finding = self._sentence(sentence, seen)
            if finding is None:
                continue
            if finding.live:
                return finding
            question = question or finding
        across = "naloxone" in seen and "not_working" in seen  # "gave narcan. nothing yet"
        if across and ("hypothetical" not in seen or "now" in seen):
            return EmergencyFinding(
                True, tuple(sorted(seen)), "naloxone+not_working (across sentences)"
            )
        return question

    def _sentence(self, sentence: str, seen: dict[str, str]) -> EmergencyFinding | None:
        found = self.phrases.find(sentence)
        for concept, phrase in found.items():
            seen.setdefault(concept, phrase)
        spelled = " ".join(self.phrases.normaliser.spell(sentence.split()))
        someone = "person" in found or "self" in found or "use" in found
        signals: list[str] = []
        if "danger_alone" in found or "trigger" in found:
            signals.append("danger_alone" if "danger_alone" in found else "trigger")
        if "danger" in found and someone:
            signals.append("danger")
        if "overdose" in found and "now" in found:
            signals.append("overdose+now")
        if "naloxone" in found and "not_working" in found:
            signals.append("naloxone+not_working")
        rule = next((r for r in self.rules.live_rules if r.search(spelled)), None)
        if rule is not None:
            signals.append("rule")
        general = bool(self.rules.general_question.match(spelled))
        if not general:
            now_rule = next((r for r in self.rules.live_unless_question if r.search(spelled)), None)
            if now_rule is not None:
                signals.append("rule")
                rule = rule or now_rule
        mentions = "overdose" in found or "danger" in found or "naloxone" in found
        if not signals and not mentions:
            return None
        concepts = tuple(sorted(found))
        shown = ", ".join(f"{c}: {found[c]}" for c in sorted(found))
        if rule is not None:
            shown += f"; rule: {rule.search(spelled).group(0)}"  # type: ignore[union-attr]
        blocked = ("hypothetical" in found or "past" in found) and "now" not in found
        if signals and not blocked:
            alone = "self" in found and "person" not in found
            return EmergencyFinding(True, concepts, f"{'+'.join(signals)} ({shown})", alone)
        why = "hypothetical or past" if signals else "mentions overdose"
        return EmergencyFinding(False, concepts, f"{why} ({shown})")
