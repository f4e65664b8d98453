"""Is someone writing about ending their life or hurting themselves? Then no fact.

Two readings, both of content vocabulary (facts/triage.yaml, `crisis`) matched like the
emergency concepts (stemmed, typo-fixed, anywhere in the whole message):

    certain   a crisis phrase ("want to die", "end it all"), or the language's
              sentence shapes of intent (bot/lang/), in one sentence or, for a few,
              across the message ("painful to die? i ask because im thinking of it")
              and, in one sentence, an intent ("thinking about", "hoping") with an
              ending ("not wake up", "be done", "for good", "finish it")
    likely    hopelessness ("no point going on") or a farewell ("wrote letters to my
              kids"); or, in one sentence, a means ("all of it", "my stash", a gun)
              with an ending or an intent, unless the sentence asks for information
              ("want to know if my pills mix with it"); or, in a language the sentence model reads,
              the message or one of its sentences is close to one of the content's
              crisis examples and clearly closer to it than to any fact question,
              small talk or look-alike (people say it in words no list foresees)

    earnest   a dark joke taken back ("ill be dead before the court date, not even
              joking"): an ending, hopelessness or a means with "not joking" anywhere

A certain crisis comes before everything; a likely one gives way to a live overdose
(the overdose card first: someone who has already taken it all needs the ambulance).
Look-alikes ("killing myself laughing", "i dont want to die") are listed as not a
crisis: a crisis phrase inside or across one is not read, and a clause holding one is
not read for the other shapes; a crisis phrase beside one still is ("i hurt myself on
purpose, not trying to die"). Tense and "if" block nothing: asking about a crisis gets
the card.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.lang import LanguageRules
from bot.model import CRISIS_CONCEPTS, TriageVocabulary
from bot.normalise import Normaliser, clean
from bot.phrases import (
    SENTENCE_BREAKS,
    Found,
    Hit,
    PhraseTable,
    meaning_parts,
    sentence_splitter,
    sentences,
)
from bot.semantic import ExampleReader, Likeness

Readings = list[tuple[str, Likeness | None]]
"""The parts of a message the sentence model reads, each with its closest crisis example."""
MEANING_MIN_WORDS = 4  # shorter texts ("bye", "good morning") sit close to everything
WORDED_LIKELY = 0.9
"""The crisis classifier's probability from which an ending or a means alone is a likely
crisis. Measured on every labelled set (105, the eleventh round's first two pairs among
them): 0.7 found 3 more crises for 3 crisis cards to other messages (a camp by the river,
living under a bridge, the council keeping people's things), 0.8 2 for 1, 0.9 2 for none."""
WORDED = ("ending", "means", "passive")
"""The concepts ``_worded`` reads with the classifier: an ending or a means said without
its partner, or a passive wish in everyday words ("pray for me i dont want to be here")."""
PASSIVE_SIMILAR = 0.45
"""... and how close a passive wish alone must also be to one crisis example (the
closest example's cosine): "pray for me i dont want to be here" is 0.54 from "i dont
want to be alive anymore", a complaint about church 0.38 from its closest."""
FRAGMENT_WORDS = 12
"""A message this short is one thought however it is cut up: "tired. of everything. want
it to stop. for good" says an intent and an ending together."""


@dataclass(frozen=True)
class CrisisFinding:
    phrase: str  # what fired, for `hrbot ask` (never logged)
    certain: bool = True  # False: read from concepts together, gives way to a live overdose
    planned: bool = False  # a means and an end together ("everything i have ... not wake up")
    # a goodbye or hopelessness ("posted a goodbye", "nobody would even notice"): then
    # "not answering" is someone out of reach
    withdrawing: bool = False


class CrisisDetector:
    def __init__(
        self,
        vocabulary: TriageVocabulary,
        normaliser: Normaliser,
        rules: LanguageRules,
        meaning: ExampleReader | None = None,
    ) -> None:
        self.rules = rules
        self.meaning = meaning
        self.phrases = PhraseTable(
            normaliser,
            {
                "crisis": vocabulary.crisis,
                "not": vocabulary.crisis_not,
                **vocabulary.crisis_concepts,
            },
        )
        self.splitter = sentence_splitter(rules)

    def detect(self, text: str, own: bool = True) -> CrisisFinding | None:
        """``own``: the message is in this language, so typos are fixed and the sentence
        model reads it too."""
        cleaned = clean(text)  # the whole message: intent spans sentences
        found = self.phrases.find(cleaned, fix=own)
        # a crisis phrase stands beside a look-alike ("i hurt myself on purpose ... not
        # trying to die"), not inside or across one ("wanna die of embarrassment")
        if "crisis" in found and ("not" not in found or _apart(found["crisis"], found["not"])):
            return CrisisFinding(found["crisis"].phrase)
        # a look-alike holds back only its own clause: "harto de despertar con malilla. ya
        # quiero que se acabe todo, para siempre" still says it
        held = "not" in found
        clauses = [
            (clause, self.phrases.find(clause, fix=own))
            for clause in sentences(text, self.splitter)
        ]
        if held:
            clauses = [(clause, here) for clause, here in clauses if "not" not in here]
        else:  # a few shapes reach across sentences ("painful to die? i ask because")
            whole = " ".join(self.phrases.normaliser.spell(cleaned.split()))
            for rule in self.rules.crisis_across:
                if m := rule.search(whole):
                    return CrisisFinding(f"rule: {m.group(0)}")
        for clause, _ in clauses:  # a shape is read within one sentence, like the concepts
            spelled = " ".join(self.phrases.normaliser.spell(clause.split()))
            for rule in self.rules.crisis_rules:
                if m := rule.search(spelled):
                    return CrisisFinding(f"rule: {m.group(0)}")
        short = len(cleaned.split()) <= FRAGMENT_WORDS and not held
        for _, here in [*clauses, (cleaned, found)] if short else clauses:
            if "intent" in here and "ending" in here:  # "hoping i dont wake up": said outright
                return CrisisFinding(_shown(here))
        # a means and what it is for may sit either side of "so" or "because" ("take all
        # of it at once so i dont have to feel anything"): read in whole sentences
        for sentence in sentences(text, SENTENCE_BREAKS):
            here = self.phrases.find(sentence, fix=own)
            if held and "not" in here:
                continue
            # "i want to know if my pills mix with dope" asks about a means, no more
            if "means" in here and ("ending" in here or "intent" in here) and "asking" not in here:
                return CrisisFinding(_shown(here), certain=False, planned="ending" in here)
        if held:
            return None
        # a dark joke taken back ("ill be dead before the court date, not even joking")
        if "earnest" in found and ({"ending", "hopeless", "means"} & found.keys()):
            return CrisisFinding(_shown(found))
        likely: dict[str, Hit] = {c: found[c] for c in ("hopeless", "farewell") if c in found}
        if likely:
            # both at once ("said goodbye to everyone, cant take any more") is said outright
            return CrisisFinding(_shown(likely), certain=len(likely) == 2, withdrawing=True)
        if not own:
            return None
        readings = self._readings(text)  # both readings below use them
        return self._meaning(text, readings) or self._worded(text, found, readings)

    def _readings(self, text: str) -> Readings:
        """Each part the sentence model reads (``_read_parts``) with its closest crisis
        example: worked out once per message for ``_meaning`` and ``_worded``."""
        if self.meaning is None:
            return []
        return [(part, self.meaning.read(part)) for part in self._read_parts(text)]

    def _meaning(self, text: str, readings: Readings | None = None) -> CrisisFinding | None:
        """The message (the ranker reads the same words, so they are encoded once) and, if
        it has several, its first and last sentences, each on its own, as the bot
        understood them (``Normaliser.plain``). How close is close enough depends on the
        model (``Calibration``)."""
        if self.meaning is None:
            return None
        calibration = self.meaning.calibration
        for _, seen in self._readings(text) if readings is None else readings:
            if (
                seen
                and seen.similarity >= calibration.crisis
                and seen.lead >= calibration.crisis_lead
            ):
                return CrisisFinding(f"meaning: like {seen.example!r}", certain=False)
        return None

    def _read_parts(self, text: str) -> Iterator[str]:
        """What the sentence model reads of a message: the whole and, if it has several
        sentences, its first and last, each of ``MEANING_MIN_WORDS`` or more, as the bot
        understood them (``Normaliser.plain``)."""
        for part in dict.fromkeys(meaning_parts(text)):
            plain = self.phrases.normaliser.plain(part)  # words typed without spaces split
            if len(plain.split()) >= MEANING_MIN_WORDS:
                yield plain

    def _worded(
        self, text: str, found: Found, readings: Readings | None = None
    ) -> CrisisFinding | None:
        """An ending or a means said without its partner ("lost custody today. ive got
        enough put aside"), or a passive wish (``WORDED``), in a message the classifier
        over all the crisis examples reads as a crisis (``WORDED_LIKELY``). Neither
        reading decides alone: the words are in many questions, and the meaning of many
        sad messages is close. A passive wish alone needs a third reading: the words are
        in many complaints ("ugh i dont wanna be here, my mom dragged me to church")."""
        said = [c for c in WORDED if c in found]
        if not said or "asking" in found or self.meaning is None:
            return None
        passive_only = said == ["passive"]
        for part, seen in self._readings(text) if readings is None else readings:
            likely = self.meaning.likely(part)
            if likely < WORDED_LIKELY:
                continue
            if passive_only and (seen is None or seen.similarity < PASSIVE_SIMILAR):
                continue
            shown = ", ".join(f"{c}: {found[c].phrase}" for c in said)
            return CrisisFinding(f"meaning: {likely:.2f} like a crisis, with {shown}", False)
        return None


def _apart(hit: Hit, other: Hit) -> bool:
    """Is one place of ``hit`` clear of every place of ``other``?"""
    return any(
        all(
            end <= o_start or o_end <= start
            for o_start, o_end in zip(other.starts, other.ends, strict=True)
        )
        for start, end in zip(hit.starts, hit.ends, strict=True)
    )


def _shown(found: Found) -> str:
    return ", ".join(f"{c}: {found[c].phrase}" for c in CRISIS_CONCEPTS if c in found)
