"""Is someone writing about ending their life or hurting themselves? Then no fact.

The phrases are content (facts/triage.yaml, `crisis`), matched like the emergency
concepts: on stemmed words, typo-fixed, anywhere in the whole message. A few look-alike
phrases ("killing myself laughing") are listed as not a crisis. Nothing is blocked by
tense or "if": a person asking about a crisis, theirs or someone else's, gets the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.emergency import PhraseTable
from bot.model import TriageVocabulary
from bot.normalise import Normaliser, clean


@dataclass(frozen=True)
class CrisisFinding:
    phrase: str  # what fired, for `hrbot ask` (never logged)


class CrisisDetector:
    def __init__(self, vocabulary: TriageVocabulary, normaliser: Normaliser) -> None:
        self.phrases = PhraseTable(
            normaliser, {"crisis": vocabulary.crisis, "not": vocabulary.crisis_not}
        )

    def detect(self, text: str) -> CrisisFinding | None:
        found = self.phrases.find(clean(text))  # the whole message: intent spans sentences
        if "crisis" in found and "not" not in found:
            return CrisisFinding(found["crisis"].phrase)
        return None
