"""Reading a message for safety: its sentences, and phrases of concepts found in them.

Shared by the emergency and crisis readers. Phrases are matched on stemmed words, as
typed and as typo-fixed, so one form of a word in the vocabulary is enough; a phrase
inside a longer one is not read alone ("cross fading" is not "fading").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.lang import LanguageRules
from bot.normalise import Normaliser, clean, longest_from

_BREAKS = r"[.!?;:\n]+|\s[-–—]+\s|\.\.\."
MAX_SENTENCE_WORDS = 60  # run-ons without punctuation are read in overlapping windows
WHO = frozenset({"person", "self"})  # concepts read even inside a longer phrase


@dataclass(frozen=True)
class Hit:
    phrase: str  # the phrase found first
    starts: tuple[int, ...]  # word indexes in the sentence of every place it is found
    ends: tuple[int, ...] = ()  # ... and the index past each one's last word, in order

    @property
    def start(self) -> int:
        return self.starts[0]

    def near(self, other: Hit, distance: int) -> bool:
        """Do the two concepts occur within ``distance`` words of each other?"""
        return any(abs(a - b) <= distance for a in self.starts for b in other.starts)


Found = Mapping[str, Hit]
"""Concept -> where its first phrase is: read-only, since one message's readings are shared."""


@dataclass
class _Read:
    """One message's readings, by who read them and what."""

    words: dict[tuple[Normaliser, str, bool], tuple[tuple[str, ...], ...]] = field(
        default_factory=dict
    )
    found: dict[tuple[PhraseTable, str, bool], Found] = field(default_factory=dict)


_READ: ContextVar[_Read | None] = ContextVar("hrbot_message_phrases", default=None)


@contextmanager
def reading_once() -> Iterator[None]:
    """Within it, each sentence's words and phrases are read once per table: the crisis
    and emergency readers read the same sentences, whole and clause by clause (about half
    of the reads, a tenth of a long message's time). Kept for one message and no longer,
    since they come from what someone typed."""
    token = _READ.set(_Read())
    try:
        yield
    finally:
        _READ.reset(token)


SENTENCE_BREAKS = re.compile(_BREAKS)
"""Sentence ends only: the clauses of one sentence share who it is about."""

TYPED_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
"""The ranker's split (bot/triage.py), of the text as typed: it keeps each sentence's own
"?" (the question is the sentence that asks), where the safety readers split cleaned
text more finely (colons, dashes) and read words, not punctuation."""


def sentence_splitter(rules: LanguageRules) -> re.Pattern[str]:
    """Sentence ends, and the language's clause-starting conjunctions."""
    return re.compile(rf"{_BREAKS}|,?\s+(?:{rules.conjunctions})\s+", re.IGNORECASE)


MEANING_SENTENCES = 4
"""Of a message of several sentences, the sentence model reads its first and last, this
many in all, besides the whole (the crisis and overdose readers read the same parts)."""


def meaning_parts(text: str) -> list[str]:
    """The whole message and, if it has several, its first and last sentences."""
    split = sentences(text, SENTENCE_BREAKS)
    half = MEANING_SENTENCES // 2
    return [text, *split[:half], *split[-half:]] if len(split) > 1 else [text]


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
        self._from = longest_from(self.table)

    def key(self, phrase: str) -> tuple[str, ...]:
        words = self.normaliser.spell(clean(phrase).split())
        return tuple(self.normaliser.stem(w) for w in words)

    def words(self, sentence: str, fix: bool = True) -> tuple[tuple[str, ...], ...]:
        """The sentence as typed, as typo-fixed (``fix``), and with the lexicon's names for
        its synonyms (all are read), stemmed. The same for every table of one normaliser."""
        memo = _READ.get()
        key = (self.normaliser, sentence, fix)
        if memo is not None and key in memo.words:
            return memo.words[key]
        typed = self.normaliser.spell(sentence.split())
        correct = self.normaliser.correct
        fixed = [correct(w) or w for w in typed] if fix else typed  # known words stay
        named = [self.normaliser.lexicon_word(w) or w for w in fixed]
        stems = {w: self.normaliser.stem(w) for w in {*typed, *fixed, *named}}  # once each
        variants = [tuple(stems[w] for w in words) for words in (typed, fixed, named)]
        read = tuple(dict.fromkeys(variants))
        if memo is not None:
            memo.words[key] = read
        return read

    def find(self, sentence: str, fix: bool = True) -> Found:
        """Concept -> its first phrase in the sentence, and the word where it starts.
        ``fix``: typos are fixed only in a message of this table's language; in another
        one, its words look like typos ("senor" is not "snore")."""
        memo = _READ.get()
        key = (self, sentence, fix)
        if memo is not None and key in memo.found:
            return memo.found[key]
        places: dict[str, dict[int, tuple[int, str]]] = {}
        for stems in self.words(sentence, fix):
            spans = [
                (i, i + n)
                for i, stem in enumerate(stems)
                for n in range(1, min(self._from.get(stem, 0), len(stems) - i) + 1)
                if stems[i : i + n] in self.table
            ]
            for i, j in spans:
                inside = any(a <= i and j <= b and (a, b) != (i, j) for a, b in spans)
                for concept in self.table[stems[i:j]]:
                    # a phrase inside a longer one is not read alone ("cross fading" is not
                    # "fading"), except who it is about: "i think i took too much" is "i"
                    if inside and concept not in WHO:
                        continue
                    places.setdefault(concept, {}).setdefault(i, (j, " ".join(stems[i:j])))
        found = {}
        for concept, at in places.items():
            starts = tuple(sorted(at))
            found[concept] = Hit(at[starts[0]][1], starts, tuple(at[i][0] for i in starts))
        read = MappingProxyType(found)
        if memo is not None:
            memo.found[key] = read
        return read
