"""Turn what people type into canonical tokens the matcher can compare.

Order matters: clean Unicode and punctuation (look-alike letters from other scripts and
invisible characters included, so "nоt breathing" with a Cyrillic "о" reads as English),
expand chat spellings, fix typos only against words we know (an exact alias is never
"corrected", and neither is a common word of the language: "lying" never becomes
"dying"), then map the lexicon's names and phrases to canonical ids, longest phrase first.
Nothing a user typed is kept after a call returns.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.lang import LanguageRules, rules_for
from bot.model import Lexicon

SUB = "S:"  # canonical substance token prefix
TERM = "T:"  # canonical concept token prefix
OTHER_DRUG = "S:other"  # any substance outside the pack, when it is named with the pack's own

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u201b\u02bc\u0060\u00b4]")
_OD_PAST = re.compile(r"\bo\.?d\s*['\u2019]?\s*(?:e?d)\b")
_WORD = re.compile(r"[a-z0-9]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")  # "ayudaaa", "heeelp": a letter held down
_REPEATED = re.compile(r"\b(\w+)(?: \1\b){2,}")  # "azul azul azul": said thrice for weight
# Letters of other scripts that look like Latin ones, capitals and small letters: a
# message written with them must read the same as the plain one.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХІЈЅаеорсухіјѕԁԛԝӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορυχ",
    "ABEKMHOPCTXIJSaeopcyxijsdqwlABEZHIKMNOPTYXaikvopux",
)
# Laughing emoji read as the word people type for them (a stopword in every lexicon):
# "im dying 😂" is a joke, and the emergency rules can see that only in words.
_LAUGHING = str.maketrans(dict.fromkeys("😂🤣😆😹", " lol "))
RUN_TOGETHER = 14
"""A word this long that no list knows may be words typed without spaces (a phone's
keyboard, dictation, dyslexia): "tookabunchofdopeandnowicantkeepmyeyesopen" is read as
its words when every part is a known word. Shorter, it is more often a name or a typo."""
_RUN_TOGETHER_MAX = 80  # longer runs are not read (cost grows with the square)
_PART_MAX = 20
_ONE_LETTER_WORDS = frozenset("aiyoe")  # "i", "a" (English); "y", "o", "e", "a" (Spanish)


def clean(text: str) -> str:
    """Lowercase ASCII-ish words separated by single spaces; emoji and symbols dropped
    (laughing ones read as "lol"), and a word said three times or more in a row said once
    ("done done" stays: content writes it)."""
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES).casefold()
    if not text.isascii():  # no ASCII character is an emoji or a format character
        text = text.translate(_LAUGHING)
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # soft hyphen, ZWJ
    text = _OD_PAST.sub(" overdosed ", text)
    text = _APOSTROPHES.sub("", text)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = _STRETCHED.sub(r"\1\1", text)  # two stay ("cool"); typo fixing reads the rest
    words = " ".join(_WORD.findall(text.replace("+", " and ").replace("&", " and ")))
    return _REPEATED.sub(r"\1", words)


@dataclass(frozen=True)
class Normalised:
    """One message, as the matcher and the emergency rules see it."""

    words: tuple[str, ...]  # cleaned words after chat spellings and typo fixes
    tokens: tuple[str, ...]  # canonical tokens, stopwords removed, in order
    substances: frozenset[str]  # every substance id named
    corrections: tuple[tuple[str, str], ...]  # (typed, understood as)
    unknown: tuple[str, ...]  # content words the bot has never seen


class Normaliser:
    """Built once per content load; all lookups afterwards are dictionary hits."""

    def __init__(
        self, lexicon: Lexicon, corpus: Iterable[str], rules: LanguageRules | None = None
    ) -> None:
        self.rules = rules or rules_for("en")
        stem = self.rules.stem
        self.stem = stem
        self.spellings = lexicon.spellings
        self.stopwords = frozenset(stem(w) for w in lexicon.stopwords) | lexicon.stopwords
        self.phrases: dict[tuple[str, ...], str] = {}
        for stop in lexicon.stopwords:
            if " " in stop:
                self.phrases[tuple(stem(w) for w in clean(stop).split())] = ""
        # Every name as written, once: (canonical token, its words).
        names = [
            *(
                (SUB + sid, tuple(clean(a).split()))
                for sid, al in lexicon.substances.items()
                for a in al
            ),
            *(
                (TERM + tid, tuple(clean(a).split()))
                for tid, al in lexicon.terms.items()
                for a in al
            ),
        ]
        for token, words in names:  # a substance's name wins over a term's
            stemmed = tuple(stem(w) for w in words)
            if token.startswith(SUB):
                self.phrases[stemmed] = token
            else:
                self.phrases.setdefault(stemmed, token)
        # "el caballo de mi abuelo cojea": a name of a drug (or topic) beside words of its
        # everyday sense is the everyday word.
        # The sense words are matched as written (a stem would make "chivo" of "chiva").
        self.senses: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
            tuple(stem(w) for w in clean(alias).split()): tuple(
                tuple(clean(word).split()) for word in words
            )
            for alias, words in lexicon.senses.items()
        }
        # One-word names as written: a stopword that only stems like one ("para" like
        # "parar", stop) stays a stopword.
        self._one_word_aliases = frozenset(words[0] for _, words in names if len(words) == 1)
        self.topic_stems = frozenset(
            words[0]
            for words, token in self.phrases.items()
            if len(words) == 1 and token.startswith(TERM)
        )
        """Stems that alone name a drug topic ("mono", "tolerance")."""
        self._written: frozenset[str] = frozenset()  # nothing is split while counting
        counts: Counter[str] = Counter()
        for text in corpus:
            counts.update(self.spell(clean(text).split()))
        written = set(counts)  # words as written, before the stems below join them
        for alias_words in self.phrases:
            counts.update(alias_words)
        # The names as written too: a stemmer may cut "fenta" to "fent", and then the typo
        # fixer, not knowing "fenta", would turn it into "lenta".
        for _, words in names:
            counts.update(words)
        extra = [*lexicon.stopwords, *self.spellings.values(), *self.spellings]
        for w in extra:
            counts.update(clean(w).split())
        self.frequency = counts
        self.vocabulary = frozenset(counts)  # the corpus, the lexicon's aliases, its spellings
        self._deletes: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if len(word) >= 4 and not word.isdigit():
                for variant in (word, *_deletes(word)):  # the word itself: "heroinn" -> heroin
                    self._deletes.setdefault(variant, set()).add(word)
        self._stems = {w: stem(w) for w in self.vocabulary}
        self._written = frozenset(written | {w for _, words in names for w in words})
        """What words typed without spaces are split into: the content's words as written
        and the names (not their stems: "despenaliz" is no word)."""
        self._longest = longest_from(self.phrases)

    def spell(self, words: Iterable[str]) -> list[str]:
        """Chat spellings written out ("u" -> "you"), and words typed without spaces
        split (``RUN_TOGETHER``)."""
        out: list[str] = []
        for w in words:
            if w not in self.spellings and len(w) >= RUN_TOGETHER and self._written:
                parts = self.split_run(w)
                if parts:
                    out.extend(self.spell(parts))
                    continue
            out.extend(self.spellings.get(w, w).split())
        return out

    def split_run(self, run: str) -> list[str] | None:
        """The fewest known words that make up ``run``, or None: a known word is never
        split, nor a run some part of which no list knows."""
        known, written = self.rules.common_words, self._written
        if len(run) > _RUN_TOGETHER_MAX or run in known or run in self.vocabulary:
            return None
        # the fewest parts, then the fewest one-letter ones ("i want it all", not "i want
        # i tall"), then the fewest the content never uses ("hes not breathing and his
        # lips", not "he snot breathing and hi slips"): the cost, then the parts, for each
        # prefix of the run
        Cost = tuple[int, int, int]
        best: list[tuple[Cost, list[str]] | None] = [((0, 0, 0), []), *([None] * len(run))]
        for end in range(1, len(run) + 1):
            for start in range(max(0, end - _PART_MAX), end):
                before = best[start]
                part = run[start:end]
                if before is None or not (part in known or part in written):
                    continue
                if len(part) == 1 and part not in _ONE_LETTER_WORDS:
                    continue
                (parts, letters, foreign), words = before
                cost = (
                    parts + 1,
                    letters + (len(part) == 1),
                    foreign + (part not in written),
                )
                current = best[end]
                if current is None or cost < current[0]:
                    best[end] = (cost, [*words, part])
        found = best[-1]
        return found[1] if found is not None and len(found[1]) >= 2 else None

    def plain(self, text: str) -> str:
        """The words as the bot understood them, for the sentence model: chat spellings
        written out and typos fixed ("q es eso" -> "que es eso"), names left as typed.
        Measured over every set, Spanish right answers +1.2 points; English unchanged."""
        words = self.spell(clean(text).split())
        return " ".join(w if w in self.vocabulary else (self.correct(w) or w) for w in words)

    def lexicon_word(self, word: str) -> str | None:
        """The lexicon's name for a one-word name of a substance ("nalaxone" ->
        "naloxone"), so the safety readers know every spelling the lexicon knows. Only
        substances: topic words are grouped too loosely ("law" is the topic "policy")."""
        token = self.phrases.get((self.stem(word),))
        return token[len(SUB) :] if token and token.startswith(SUB) else None

    def correct(self, word: str) -> str | None:
        """The known word a typo most likely meant, or None if unsure.

        Not cached: a cache would keep words people typed in memory.
        """
        if len(word) < 4 or word.isdigit() or word in self.vocabulary:
            return None
        known = self.rules.common_words
        if word in known or any(
            b in known or b in self.vocabulary for b in self.rules.word_bases(word)
        ):
            return None  # a real word, not a typo: "scared" is never "shared"
        candidates: set[str] = set()
        for variant in (word, *_deletes(word)):
            candidates |= self._deletes.get(variant, set())
        best: list[tuple[int, int, str]] = []
        for cand in candidates:
            distance = OSA.distance(word, cand)
            if distance != 1:
                continue
            if len(word) == 4 and not _is_transposition(word, cand):
                continue  # four-letter substitutions turn words into other words
            best.append((distance, -self.frequency[cand], cand))
        if not best:
            return None
        best.sort()
        choice = best[0][2]
        stem = self.stem
        kinds = {self.phrases.get((stem(c),)) for _, _, c in best if (stem(c),) in self.phrases}
        if len({k for k in kinds if k and k.startswith(SUB)}) > 1:
            return None  # a near miss between two substances: do not guess
        return choice

    def normalise(self, text: str) -> Normalised:
        words = self.spell(clean(text).split())
        fixed: list[str] = []
        corrections: list[tuple[str, str]] = []
        for w in words:
            if w in self.vocabulary:
                fixed.append(w)
                continue
            c = self.correct(w)
            if c is not None:
                corrections.append((w, c))
                fixed.append(c)
            else:
                fixed.append(w)
        stems = [self._stems.get(w) or self.stem(w) for w in fixed]
        tokens: list[str] = []
        substances: set[str] = set()
        unknown: list[str] = []
        i = 0
        while i < len(stems):
            longest = self._longest.get(stems[i], 0)
            for n in range(min(longest, len(stems) - i), 0, -1):
                alias = tuple(stems[i : i + n])
                canon = self.phrases.get(alias)
                if n == 1 and fixed[i] in self.stopwords and fixed[i] not in self._one_word_aliases:
                    canon = None
                if canon is not None:
                    if canon and self._everyday(alias, fixed):
                        tokens.extend(alias)
                    elif canon:  # "" is a stop phrase such as "give me": dropped
                        tokens.append(canon)
                        if canon.startswith(SUB):
                            substances.add(canon[len(SUB) :])
                    i += n
                    break
            else:
                s = stems[i]
                if s not in self.stopwords and fixed[i] not in self.stopwords:
                    tokens.append(s)
                    if fixed[i] not in self.vocabulary:
                        unknown.append(fixed[i])
                i += 1
        return Normalised(
            tuple(fixed),
            tuple(tokens),
            frozenset(substances),
            tuple(corrections),
            tuple(unknown),
        )

    def _everyday(self, alias: tuple[str, ...], words: list[str]) -> bool:
        """Is this name of a drug or topic used in its everyday sense here (a word of that
        sense is in the message)?"""
        senses = self.senses.get(alias)
        if not senses:
            return False
        return any(
            tuple(words[k : k + len(sense)]) == sense
            for sense in senses
            for k in range(len(words) - len(sense) + 1)
        )


def longest_from(phrases: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """The longest phrase starting with each word: most words start none, so reading a
    sentence is one lookup per word (the lexicon here, the safety concepts' tables)."""
    longest: dict[str, int] = {}
    for phrase in phrases:
        longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
    return longest


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _is_transposition(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
