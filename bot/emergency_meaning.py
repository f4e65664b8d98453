"""Does a message read like someone overdosing now, in words no list holds?

The word grammar (bot/emergency.py) misses what fresh wording says in new ways: on the
fifth round's eight sealed sets it missed 22 live emergencies on first runs. A
classifier over the language's sentence vectors, trained at every content load on the
content's `emergency_meaning.live` messages against its `unlike` ones, every fact
phrasing, the crisis examples and small talk, sends the card for 7 of those 22, for 3
more cards among the sets' 1,140 other messages (measured on the sets as they were
before mending, with examples written by a helper who never saw a labelled set).

It never decides alone: the message must also hold a word of a danger sign, an
overdose or naloxone (`SIGNS` in bot/emergency.py), and no word that makes it a
question (`QUESTION`: past, hypothetical, general talk; letting meaning overrule those
caught 15 of the 22 for 9 cards, most of them questions about overdose signs). A
message the words read as a crisis keeps the crisis card. Triage reads it for the
message's own language only (each sentence model knows its own language), on the same
parts the crisis reader reads, so the vectors are shared.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.classifier import FactClassifier
from bot.emergency import QUESTION, SIGNS, EmergencyFinding, writer_alone
from bot.model import LAUGHING
from bot.normalise import Normaliser
from bot.phrases import meaning_parts
from bot.semantic import SentenceModel
from bot.vector_cache import Vectors

LIVE = 0.7
"""The classifier's probability from which a message with a sign word is live. On the
sealed sets: 0.5 caught 8 of the 22 misses for 7 more cards, 0.6 7 for 5, 0.7 7 for 3,
0.8 and 0.9 4 for 2."""
MIN_WORDS = 2  # "se desplomo": short reports are the words' to read, but two words can be one
PART_MIN_WORDS = 3
"""A sentence of a longer message is read from this many words: two words cut from their
context ("estamos perdidos", after a question about where to start treatment) read like
anything."""


class EmergencyMeaning:
    """Built once per content load; ``finding`` and ``likely`` are pure."""

    def __init__(
        self,
        live: Sequence[str],
        unlike: Sequence[str],
        other: Vectors,
        model: SentenceModel,
        normaliser: Normaliser,
    ) -> None:
        self._model = model
        self._normaliser = normaliser
        plain = normaliser.plain
        vectors = np.concatenate(
            [
                model.encode_content([plain(t) for t in live]),
                model.encode_content([plain(t) for t in unlike]),
                other,
            ]
        )
        labels = np.array([1] * len(live) + [0] * (len(vectors) - len(live)), dtype=np.int64)
        self._classifier = FactClassifier(vectors, labels, 2)

    def finding(self, text: str, named: frozenset[str]) -> EmergencyFinding | None:
        """Live if the message names a sign (``named``: the concepts the words found) and
        nothing that makes it a question or a joke, and reads like someone overdosing now."""
        if not SIGNS & named or QUESTION & named or LAUGHING in named:
            return None
        likely = self.likely(meaning_parts(text))
        if likely < LIVE:
            return None
        reason = f"meaning: {likely:.2f} like a live overdose"
        return EmergencyFinding("live", tuple(sorted(named)), reason, writer_alone(named))

    def likely(self, parts: Sequence[str]) -> float:
        """The highest probability of a live overdose among the parts (the message, then
        some of its sentences), each read as the bot understood it."""
        best = 0.0
        for n, part in enumerate(dict.fromkeys(parts)):
            plain = self._normaliser.plain(part)  # words typed without spaces split
            if len(plain.split()) < (MIN_WORDS if n == 0 else PART_MIN_WORDS):
                continue
            vector = self._model.embed(plain)
            best = max(best, float(self._classifier.probabilities(vector)[1]))
        return best
