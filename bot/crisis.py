"""Is someone writing about ending their life or hurting themselves? Then no fact.

The phrases are content (facts/triage.yaml, `crisis`), matched like the emergency
concepts: on stemmed words, typo-fixed, anywhere in the whole message. A few look-alike
phrases ("killing myself laughing") are listed as not a crisis. Nothing is blocked by
tense or "if": a person asking about a crisis, theirs or someone else's, gets the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.emergency import PhraseTable
from bot.lang import LanguageRules
from bot.model import TriageVocabulary
from bot.normalise import Normaliser, clean


@dataclass(frozen=True)
class CrisisFinding:
    phrase: str  # what fired, for `hrbot ask` (never logged)


class CrisisDetector:
    def __init__(
        self, vocabulary: TriageVocabulary, normaliser: Normaliser, rules: LanguageRules
    ) -> None:
        self.rules = rules
        self.phrases = PhraseTable(
            normaliser, {"crisis": vocabulary.crisis, "not": vocabulary.crisis_not}
        )

    def detect(self, text: str) -> CrisisFinding | None:
        cleaned = clean(text)  # the whole message: intent spans sentences
        found = self.phrases.find(cleaned)
        if "not" in found:
            return None
        if "crisis" in found:
            return CrisisFinding(found["crisis"].phrase)
        spelled = " ".join(self.phrases.normaliser.spell(cleaned.split()))
        for rule in self.rules.crisis_rules:
            if m := rule.search(spelled):
                return CrisisFinding(f"rule: {m.group(0)}")
        return None
