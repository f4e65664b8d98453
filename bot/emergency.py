"""Is someone overdosing right now? Checked before anything else, biased towards yes.

Two layers: the card's own trigger phrases (content, editable by the content team) and
a few structural rules that catch the many ways people describe the same signs
("my friend isnt breathing", "cant wake him", "she od'd"). A general question about
overdose ("can you od on dope") is left to the matcher, which answers it with the fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.normalise import clean

NEGATION = r"(?:not|isnt|aint|no|stopped|stop|cant|cannot|wont|barely|hardly|struggling|trouble)"
PERSON = (
    r"(?:i|im|he|hes|she|shes|they|theyre|him|her|them|someone|somebody|friend|buddy|mate|"
    r"bf|gf|boyfriend|girlfriend|partner|husband|wife|son|daughter|brother|sister|mom|mum|"
    r"dad|roommate|roomie|cousin|guy|girl|man|woman|kid|person|dude|bro)"
)
OTHER_PERSON = PERSON.replace("(?:i|im|", "(?:")  # someone else: "she wont get up"
HYPOTHETICAL = re.compile(
    r"^(?:can|could|is it possible|what (?:does|is|happens|are)|how (?:much|many|long)|"
    r"how (?:do|does|can|would|will) (?:you|i|we|people|someone) (?:know|tell)|"
    r"does|do|will|would|why)\b"
)

# (pattern, fires only when the message is not a general "can you / what is" question)
_RULES: list[tuple[str, bool]] = [
    # breathing problems
    (rf"\b{NEGATION}(?: \w+){{0,2}} (?:breathing|breathe|breath|breathin|breating)\b", False),
    (r"\b(?:stopped|stop|not|no) (?:moving|responding|responsive)\b", False),
    (r"\b(?:breathing|breath) (?:is )?(?:slow|weird|shallow|stopped|funny)\b", False),
    # cannot be woken
    (
        r"\b(?:wont|cant|cannot|couldnt|not|unable to|will not|can not) (?:\w+ )?"
        r"(?:wake|waking|wakeup|come to|come round|come around)\b",
        False,
    ),
    (
        r"\b(?:unresponsive|unconscious|passed out|blacked out|collapsed(?! vein)|not conscious)\b",
        False,
    ),
    # colour and sounds
    (
        r"\b(?:lips|lip|face|skin|fingers|nails|turning|turned|going|gone) (?:\w+ )?"
        r"(?:blue|grey|gray|purple)\b",
        False,
    ),
    (
        r"\b(?:he|she|hes|shes|they|theyre) (?:is |are |r )?(?:turning |going )?"
        r"(?:blue|grey|gray|purple)\b",
        False,
    ),
    (r"\bblue (?:lips|lip|face|skin)\b", False),
    (r"\b(?:gurgling|gurgle|choking|snoring and)\b", False),
    # collapse, limpness, found unresponsive
    (
        rf"\b{PERSON}(?: \w+){{0,3}} (?:dropped|fell|fainted|slumped|keeled over|collapsed|"
        r"went limp|going limp|gone limp|fading|not moving)\b"
        r"(?! (?:asleep|my|the|a|an|it|his|her|their|your|this|that|some|out|off|by|in)\b)",
        False,
    ),
    (r"\b(?:dropped|fell|fainted|collapsed|passed out) (?:right |just )?after\b", False),
    (
        r"\b(?:found \w+(?: \w+)?|lying|laying|is|he|she|they|passed out) "
        r"on the (?:floor|ground)\b",
        False,
    ),
    (r"\beyes (?:rolled|rolling|rolling back)\b", False),
    (rf"\b{OTHER_PERSON}(?: \w+){{0,3}} (?:wont|cant|cannot|not|isnt) get(?:ting)? up\b", False),
    (r"\b(?:narcan|naloxone) (?:\w+ )?(?:didnt|did not|dont|doesnt|isnt|not|wont) work", False),
    # naloxone wearing off: the overdose can come back (step 7 of the card)
    (r"\b(?:narcan|naloxone) (?:\w+ )?(?:wore off|wearing off|wears off|worn off)\b", True),
    (
        rf"\b{OTHER_PERSON}(?: \w+){{0,3}} (?:going under|slipping away|"
        r"(?:cant|wont|cannot) stay awake)\b",
        False,
    ),
    # an overdose happening now
    (r"\b(?:overdosing|oding|odin|odeing)\b", True),
    (
        rf"\b{PERSON}(?: \w+){{0,3}}(?<!dont)(?<!not)(?<!never)(?<!wont) "
        r"(?:overdosed|odd|oded|od|ods|overdose)\b",
        True,
    ),
    (
        r"\b(?:overdose|overdosed|od|oded) (?:\w+ )?"
        r"(?:now|rn|right now|help|asap|emergency|quick|hurry|911)\b",
        True,
    ),
    (r"\b(?:took|taken|take|did|done|used|had|shot|snorted|smoked) (?:\w+ )?too much\b", False),
    (r"\btoo much (?:dope|heroin|h|fent|fentanyl|smack)\b", False),
    (r"\b(?:is|hes|shes|im|am|are|were) (?:dying|gonna die|going to die)\b", False),
    (r"\b(?:narcan|naloxone) (?:how|now|help|quick)\b", False),
    (r"\bhow (?:do i|to|do you) (?:use|give) (?:narcan|naloxone)\b", False),
]
_ALWAYS = re.compile("|".join(f"(?:{p})" for p, now_only in _RULES if not now_only))
_NOW = re.compile("|".join(f"(?:{p})" for p, now_only in _RULES if now_only))


@dataclass(frozen=True)
class EmergencyHit:
    reason: str  # the trigger phrase or rule that fired (for `hrbot ask`, never logged)


class EmergencyDetector:
    def __init__(self, triggers: Iterable[str], spellings: dict[str, str]) -> None:
        self.spellings = spellings
        phrases = sorted({self.prepare(t) for t in triggers} - {""}, key=len, reverse=True)
        self.triggers = tuple(phrases)
        self._trigger_re = (
            re.compile(
                r"(?<![a-z0-9])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![a-z0-9])"
            )
            if phrases
            else None
        )

    def prepare(self, text: str) -> str:
        """Cleaned words with chat spellings expanded, as the rules expect them."""
        words = []
        for w in clean(text).split():
            words.extend(self.spellings.get(w, w).split())
        return " ".join(words)

    def detect(self, *variants: str) -> EmergencyHit | None:
        """Check each wording given (e.g. as typed and typo-corrected); any may fire."""
        for variant in dict.fromkeys(variants):
            if self._trigger_re is not None and (m := self._trigger_re.search(variant)):
                return EmergencyHit(f"trigger: {m.group(0)}")
            if m := _ALWAYS.search(variant):
                return EmergencyHit(f"rule: {m.group(0)}")
            if not HYPOTHETICAL.match(variant) and (m := _NOW.search(variant)):
                return EmergencyHit(f"rule: {m.group(0)}")
        return None
