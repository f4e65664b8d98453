"""Is someone overdosing right now? Read before anything else, biased towards yes.

Concepts, not phrases: the content names the words of each concept (facts/triage.yaml:
someone, drug use, a danger sign, overdose, naloxone not working, now, hypothetical,
past), and the grammar here combines them, sentence by sentence:

    danger_alone                          -> live   ("lips are blue")
    danger + (person | self | use)        -> live   ("she hit it and went straight down")
    two sign words close + (the same)     -> live   ("blue around the mouth")
    overdose + now                        -> live   ("OD happening here, what first")
    naloxone + not_working                -> live   ("sprayed the narcan, nothing yet")
    only alarm words in the whole message -> live   ("help!!", "sos", "911")

A sentence that is hypothetical or about the past ("if my friend ever ods", "he OD'd
last month") is a question, unless it also says "now", or the message is urgent
("HURRY", "urgente", anywhere): it gets the overdose fact with the card one tap away,
never the card alone. The card's own trigger phrases and the
language's sentence shapes (bot/lang/) count as danger signs too. Everything runs on
the whole message, however long, and on each sentence of it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bot.lang import LanguageRules
from bot.model import EVERYDAY, NOT_LIVE, PRESENT, URGENT, TriageVocabulary
from bot.normalise import Normaliser, clean
from bot.phrases import (
    SENTENCE_BREAKS,
    WHO,
    Found,
    Hit,
    PhraseTable,
    sentence_splitter,
    sentences,
)

WHO_OR_USE = WHO | {"use"}  # what makes a weak danger sign count
SIGNS = frozenset(
    {"danger", "danger_alone", "colour", "breath", "breath_wrong", "waking", "overdose"}
    | {"naloxone", "not_working", "trigger"}
)
"""Words of which one must be in a message the sentence model reads as a live overdose
(bot/emergency_meaning.py): meaning never decides alone ..."""
QUESTION = frozenset({"hypothetical", "general", "past", NOT_LIVE})
"""... and never overrules words that make the message a question (nor do the rules of
the whole message here)."""
NOW_NEAR = 6  # words between "now" and the sign for "now" to make it live
SIGN_NEAR = 3  # words between the two halves of a near sign
FRAGMENT_WORDS = 4
"""A sentence this short is a fragment of the message's one report ("used alone. fading.
cant lift my head"): who it is about may sit in any sentence."""
SIGN_ONLY_WORDS = 2  # a message this short with a danger sign is live ("se desplomo")
NEAR_SIGNS = (
    ("body", "colour", SIGN_NEAR),
    ("breath", "breath_wrong", SIGN_NEAR),
    ("waking", "cant", SIGN_NEAR),
    ("colour", "not_working", SIGN_NEAR + 2),  # "esta azul en la pieza, no responde"
    ("colour", "request", SIGN_NEAR + 2),  # "esta en el bano morado, que hago"
)
"""Two kinds of words close together make a danger sign, in any order and with any words
between: "blue around the mouth", "breathing but barely", "cant be woken", "esta azul
y no responde". Like any danger sign, it needs someone or drug use in the sentence."""


Reading = Literal["live", "asked", "mentioned"]
Signal = Literal[
    "danger_alone", "trigger", "danger", "overdose+now", "naloxone+not_working", "rule"
]
"""What made a clause live (``EmergencyFinding.signals``)."""
SIGNS_ALONE: tuple[Signal, ...] = ("danger_alone", "trigger")  # a sign with no one named


def writer_alone(concepts: Collection[str]) -> bool:
    """The writer is the one in danger: they speak of themselves and of no one else."""
    return "self" in concepts and "person" not in concepts


@dataclass(frozen=True)
class EmergencyFinding:
    """What the detector saw: a live overdose (the card), a sign of one asked about
    ("if he stops breathing"), or overdose only mentioned ("does an overdose hurt")."""

    reading: Reading
    concepts: tuple[str, ...]  # the concepts that fired, for `hrbot ask` (never logged)
    reason: str
    alone: bool = False  # the writer is the one in danger
    signals: tuple[Signal, ...] = ()  # what made it live

    @property
    def live(self) -> bool:
        return self.reading == "live"


def _reported_after(
    found: Found, signal_starts: tuple[int, ...], words: Sequence[str], leads: Collection[str]
) -> bool:
    """A question finished, then a report: a present word ("hes", "esta") after every
    hypothetical or general word and before a sign, that no word such as "when" or "if"
    leads into the question. "if i call 911 will the cops come hes not breathing" is
    live; "what are the signs when hes not breathing" is not."""
    present = found.get(PRESENT)
    asked = [found[c] for c in ("general", "hypothetical") if c in found]
    if present is None or not asked or not words:
        return False
    asked_end = max(end for hit in asked for end in hit.ends)
    return any(
        asked_end <= at < sign and (at == 0 or words[at - 1] not in leads)
        for at in present.starts
        for sign in signal_starts
    )


def _back_to_now(found: Found, signal_starts: tuple[int, ...]) -> bool:
    """A story told first, then the scene: every past word ends before a present one
    ("hes", "esta") that comes before a sign. "my husband died 6 months ago ... hes on
    the couch and not waking up" is live; "he stopped breathing last month" is not."""
    present = found.get(PRESENT)
    if present is None:
        return False
    story_end = max(found["past"].ends)
    return any(story_end <= at < sign for at in present.starts for sign in signal_starts)


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
        self.not_live = PhraseTable(normaliser, {NOT_LIVE: concepts.pop(NOT_LIVE, ())})
        self.phrases = PhraseTable(normaliser, concepts)
        self.alarm = {w for p in vocabulary.emergency["alarm"] for w in clean(p).split()}
        self.splitter = sentence_splitter(rules)

    def detect(self, text: str, own: bool = True) -> EmergencyFinding | None:
        return self.read(text, own)[0]

    def read(self, text: str, own: bool = True) -> tuple[EmergencyFinding | None, frozenset[str]]:
        """What the words say, and every concept named in the message's sentences (the
        sentence model's reading needs them: bot/emergency_meaning.py). A message that
        says nothing is happening ("not an emergency, just watched a training video") asks
        about every sign in it, wherever that is said."""
        finding, named = self._read(text, own)
        if not ((finding is not None and finding.live) or SIGNS & named):
            return finding, named
        if NOT_LIVE not in self.not_live.find(clean(text), fix=own):
            return finding, named
        if finding is not None and finding.live:
            finding = replace(
                finding, reading="asked", reason=f"said not happening; {finding.reason}"
            )
        return finding, named | {NOT_LIVE}

    def _read(self, text: str, own: bool) -> tuple[EmergencyFinding | None, frozenset[str]]:
        """A live finding returns as soon as it is seen, with the concepts named so far."""
        words = clean(text).split()
        named: set[str] = set()
        if words and all(w in self.alarm for w in words) and len(words) <= 6:
            return EmergencyFinding("live", ("alarm",), "only alarm words"), frozenset(named)
        question: EmergencyFinding | None = None
        seen: dict[str, Hit] = {}
        read = [(s, self.phrases.find(s, fix=own)) for s in sentences(text, SENTENCE_BREAKS)]
        everything = {concept for _, found in read for concept in found}
        urgent = URGENT in everything
        # fragments share who it is about only in a report: not beside question words
        # ("my brother died last year. the breathing just stop?", "signs? snoring, lips")
        anyone = bool(WHO_OR_USE & everything) and not QUESTION & everything
        for sentence, whole in read:
            named.update(whole)
            # who it is about may sit in another clause: "se metio un pico y de repente se
            # desmayo"; for a fragment, in another sentence: "used alone. fading."
            fragment = len(sentence.split()) <= FRAGMENT_WORDS
            who = bool(WHO_OR_USE & whole.keys()) or (fragment and anyone)
            # a sentence that opens as a question asks in every clause: "que le pasa a una
            # persona cuando tiene sobredosis" ("cuando" starts a clause)
            spelled = " ".join(self.phrases.normaliser.spell(sentence.split()))
            asks = bool(self.rules.general_question.match(spelled))
            # "breathing, but barely"; with another sign, no one need be named: "eyes
            # pinned, not answering, fingernails blue" is a report of what one sees
            near = self._near_sign(whole) if who or "danger" in whole else None
            if near is not None:
                return near, frozenset(named)
            for clause in sentences(sentence, self.splitter):
                found = self.phrases.find(clause, fix=own)
                finding = self._clause(clause, found, seen, who, asks, urgent)
                if finding is None:
                    continue
                if finding.live:
                    return finding, frozenset(named)
                question = question or finding
        across = "naloxone" in seen and "not_working" in seen  # "gave narcan. nothing yet"
        asking = bool(QUESTION & seen.keys())
        if across and (not asking or "now" in seen or urgent):
            live = EmergencyFinding(
                "live", tuple(sorted(seen)), "naloxone+not_working (across sentences)"
            )
            return live, frozenset(named)
        if {"danger", "colour"} & seen.keys() and len(words) <= SIGN_ONLY_WORDS and not asking:
            # "se desplomo", "esta azul", "collapsed!!": nothing but a sign, sent to this bot
            alone = EmergencyFinding("live", tuple(sorted(seen)), "a danger sign alone")
            return alone, frozenset(named)
        return question, frozenset(named)

    def _clause(
        self,
        clause: str,
        found: Found,
        seen: dict[str, Hit],
        who: bool,
        asks: bool,
        urgent: bool,
    ) -> EmergencyFinding | None:
        for concept, hit in found.items():
            seen.setdefault(concept, hit)
        words = self.phrases.normaliser.spell(clause.split())
        if EVERYDAY in found:  # "i about fell over": no sentence shape reads those words
            everyday = found[EVERYDAY]
            for start, end in zip(everyday.starts, everyday.ends, strict=True):
                words[start:end] = ["-"] * (end - start)
        spelled = " ".join(words)
        someone = who or bool(WHO_OR_USE & found.keys())
        signals: list[tuple[Signal, int]] = []  # (what fired, the word where it starts)
        for concept in SIGNS_ALONE:
            if concept in found:
                signals.append((concept, found[concept].start))
        if "danger" in found and someone:
            signals.append(("danger", found["danger"].start))
        if "overdose" in found and ("now" in found or "request" in found or urgent):
            signals.append(("overdose+now", found["overdose"].start))
        if "naloxone" in found and "not_working" in found:
            signals.append(("naloxone+not_working", found["naloxone"].start))
        rules = list(self.rules.live_rules)
        if not (asks or self.rules.general_question.match(spelled)):
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
        # "is it true i can overdose more easily now": when "now" is the only thing that
        # makes an overdose live, it cannot also take back a question
        now_asked = {name for name, _ in signals} == {"overdose+now"}
        starts = tuple(start for _, start in signals)
        if signals and (urgent or not self._blocked(found, starts, now_asked, words)):
            fired = tuple(dict.fromkeys(name for name, _ in signals))
            return EmergencyFinding(
                "live", concepts, f"{names} ({shown})", writer_alone(found), fired
            )
        if signals:
            return EmergencyFinding("asked", concepts, f"hypothetical or past ({shown})")
        return EmergencyFinding("mentioned", concepts, f"mentions overdose ({shown})")

    def _near_sign(self, found: Found) -> EmergencyFinding | None:
        """Near signs are read across the clauses of a sentence (words close together
        may sit either side of a "but")."""
        for a, b, distance in NEAR_SIGNS:
            near = a in found and b in found and found[a].near(found[b], distance)
            if near and not self._blocked(found, (found[a].start, found[b].start)):
                shown = f"{a}: {found[a].phrase}, {b}: {found[b].phrase}"
                return EmergencyFinding("live", tuple(sorted(found)), f"{a}+{b} ({shown})")
        return None

    def _blocked(
        self,
        found: Found,
        signal_starts: tuple[int, ...],
        now_asked: bool = False,
        words: Sequence[str] = (),
    ) -> bool:
        """A question, not a report: about the past, or hypothetical before the sign
        ("if he ever stops breathing"; not "he stopped breathing, if that matters"), unless
        a report follows the question in the same breath (``_reported_after``).
        Saying "now" close to a sign unblocks it ("and now i keep thinking" far from
        it does not), unless that "now" is itself asked about in general talk or in a
        supposition ("if i slip would my old amount be too much now")."""
        signal_start = min(signal_starts, default=0)
        near_now = "now" in found and any(
            abs(n - at) <= NOW_NEAR for n in found["now"].starts for at in signal_starts
        )
        if near_now and not (now_asked and {"general", "hypothetical"} & found.keys()):
            return False
        if "past" in found and not _back_to_now(found, signal_starts):
            return True
        if _reported_after(found, signal_starts, words, self.rules.question_leads):
            return False
        if "general" in found:
            return True
        # strictly before: a sign may itself start with one ("if hes alive")
        return "hypothetical" in found and found["hypothetical"].start < signal_start
