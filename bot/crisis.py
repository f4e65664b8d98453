"""Is someone writing about ending their life or hurting themselves? Then no fact.

Two readings, both of content vocabulary (facts/triage.yaml, `crisis`) matched like the
emergency concepts (stemmed, typo-fixed, anywhere in the whole message):

    certain   a crisis phrase ("want to die", "end it all"), or the language's
              sentence shapes of intent (bot/lang/)
              and, in one sentence, an intent ("thinking about", "hoping") with an
              ending ("not wake up", "be done", "for good", "finish it")
    likely    hopelessness ("no point going on") or a farewell ("wrote letters to my
              kids"); or, in one sentence, a means ("all of it", "my stash", a gun)
              with an ending or an intent

A certain crisis comes before everything; a likely one gives way to a live overdose
(the overdose card first: someone who has already taken it all needs the ambulance).
Look-alikes ("killing myself laughing", "i dont want to die") are listed as not a
crisis. Tense and "if" block nothing: asking about a crisis gets the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.lang import LanguageRules
from bot.model import CRISIS_CONCEPTS, TriageVocabulary
from bot.normalise import Normaliser, clean
from bot.phrases import PhraseTable, sentence_splitter, sentences


@dataclass(frozen=True)
class CrisisFinding:
    phrase: str  # what fired, for `hrbot ask` (never logged)
    certain: bool = True  # False: read from concepts together, gives way to a live overdose


class CrisisDetector:
    def __init__(
        self, vocabulary: TriageVocabulary, normaliser: Normaliser, rules: LanguageRules
    ) -> None:
        self.rules = rules
        self.phrases = PhraseTable(
            normaliser,
            {
                "crisis": vocabulary.crisis,
                "not": vocabulary.crisis_not,
                **vocabulary.crisis_concepts,
            },
        )
        self.splitter = sentence_splitter(rules)

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
        for sentence in sentences(text, self.splitter):
            here = self.phrases.find(sentence)
            shown = ", ".join(f"{c}: {here[c].phrase}" for c in CRISIS_CONCEPTS if c in here)
            if "intent" in here and "ending" in here:  # "hoping i dont wake up": said outright
                return CrisisFinding(shown)
            if "means" in here and ("ending" in here or "intent" in here):
                return CrisisFinding(shown, certain=False)
        for concept in ("hopeless", "farewell"):
            if concept in found:
                return CrisisFinding(f"{concept}: {found[concept].phrase}", certain=False)
        return None
