"""Languages: each one a complete locale, and how a message finds its language.

The content folder holds the default language's files at its top and one subfolder per
other language (``facts/es/``), each checked on its own and then against the default:
the same packs and fact ids, so "Next fact", deep links and statistics line up.

A message is answered in its own language, with nothing stored: the words it uses
decide; a short message with no clear sign falls back to the user's Telegram
``language_code``, then to the default. Safety reads every language: a Spanish
emergency inside an English conversation still gets the card (in Spanish).
Buttons carry their language (``es|f:heroin/overdose``), so taps stay in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.content import CheckRules, Problem, Report, check_folder
from bot.conversation import Conversation
from bot.model import Library
from bot.normalise import RUN_TOGETHER, clean
from bot.reply import Button, Reply
from bot.texts import Texts
from bot.triage import Triage

LANGUAGE_DIR = re.compile(r"^[a-z]{2}$")
SEPARATOR = "|"  # between a button's language and its payload
CONTENT_WORD = 0.5  # a content word says less about the language than an everyday word


@dataclass(frozen=True)
class Locale:
    language: str
    library: Library
    triage: Triage
    conversation: Conversation
    texts: Texts


def language_folders(facts_dir: Path) -> list[Path]:
    """The default language's folder first, then each language subfolder."""
    subfolders = (
        sorted(p for p in facts_dir.iterdir() if p.is_dir() and LANGUAGE_DIR.match(p.name))
        if facts_dir.is_dir()
        else []
    )
    return [facts_dir, *subfolders]


def check_content(facts_dir: Path, rules: CheckRules) -> tuple[dict[str, Library], list[Problem]]:
    """Every language folder checked, then each against the default. Libraries only if
    there is no error anywhere: the bot never starts half-loaded."""
    problems: list[Problem] = []
    reports: list[tuple[Path, Report]] = [
        (f, check_folder(f, rules)) for f in language_folders(facts_dir)
    ]
    libraries: dict[str, Library] = {}
    for folder, report in reports:
        problems += report.problems
        library = report.library
        if library is None:
            continue
        language = library.packs[0].language
        if folder != facts_dir and folder.name != language:
            problems.append(Problem(str(folder), 0, "", "language", f"the packs say {language!r}"))
        elif language in libraries:
            problems.append(Problem(str(folder), 0, "", "language", f"{language!r} twice"))
        else:
            libraries[language] = library
    if libraries and not any(p.severity == "error" for p in problems):
        problems += _check_alike(facts_dir, libraries)
    if any(p.severity == "error" for p in problems):
        return {}, problems
    return libraries, problems


def _check_alike(facts_dir: Path, libraries: dict[str, Library]) -> list[Problem]:
    """Every language has the default's packs and fact ids, no more and no fewer."""
    default, *others = libraries.values()
    want = {f.key for f in default.ordered_facts}
    problems = []
    for library in others:
        have = {f.key for f in library.ordered_facts}
        language = library.packs[0].language
        folder = str(facts_dir / language)
        for key in sorted(want - have):
            problems.append(Problem(folder, 0, key, "id", f"missing in {language!r}"))
        for key in sorted(have - want):
            problems.append(Problem(folder, 0, key, "id", "not in the default language"))
    return problems


@dataclass(frozen=True)
class LanguageSigns:
    """What tells one language from the others: the everyday words (stopwords, chat
    spellings) only it uses, characters only it writes (ñ, ¿, ¡), and, as weaker
    evidence, the words of its content no other language's content uses ("jeringas",
    "inyectar": "donde consigo jeringas limpias" has no Spanish stopword). Built once."""

    words: dict[str, frozenset[str]]
    marks: dict[str, str]
    content: dict[str, frozenset[str]]
    runs: dict[str, Callable[[str], list[str] | None]] = field(default_factory=dict)
    """Each language's reading of words typed without spaces (``Normaliser.split_run``):
    "quieroqueestoseacabeparasiempre" is Spanish only once it is split."""

    @classmethod
    def of(cls, locales: Iterable[Locale]) -> LanguageSigns:
        locales = list(locales)
        own = {
            loc.language: set(loc.library.lexicon.stopwords) | set(loc.library.lexicon.spellings)
            for loc in locales
        }
        words = {
            lang: frozenset(mine - set().union(*(w for other, w in own.items() if other != lang)))
            for lang, mine in own.items()
        }
        vocabulary = {loc.language: loc.triage.normaliser.vocabulary for loc in locales}
        content = {
            lang: frozenset(
                mine - set().union(*(v for other, v in vocabulary.items() if other != lang))
            )
            for lang, mine in vocabulary.items()
        }
        marks = {loc.language: loc.triage.rules.marks for loc in locales}
        runs: dict[str, Callable[[str], list[str] | None]] = {
            loc.language: loc.triage.normaliser.split_run for loc in locales
        }
        return cls(words, marks, content, runs)

    def detect(self, text: str, hint: str, default: str) -> str:
        """The language whose own words the message uses most; else the hint (a Telegram
        ``language_code`` such as "es-MX"), else the default."""
        typed = clean(text).split()
        runs = [w for w in typed if len(w) >= RUN_TOGETHER]
        lowered = text.casefold()
        scores = {}
        for lang, own in self.words.items():
            words = set(typed)
            if runs and lang in self.runs:
                words.update(part for run in runs for part in self.runs[lang](run) or ())
            scores[lang] = (
                len(words & own)
                + 2 * sum(c in lowered for c in self.marks[lang])
                + CONTENT_WORD * len(words & self.content[lang])
            )
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        hint = base_language(hint)
        return hint if hint in scores else default


def base_language(code: str) -> str:
    """ "es" from "es-MX" or "ES": the part a locale is named by."""
    return code.split("-")[0].lower()


def tag_data(data: str, language: str, default: str) -> str:
    """Button data in a language: untagged in the default one."""
    return data if language == default else f"{language}{SEPARATOR}{data}"


def tag(reply: Reply, language: str, default: str) -> Reply:
    """The reply says its language; buttons of a non-default language carry it, so a
    tap is answered in it."""
    if language == default:
        return replace(reply, language=language)
    rows = tuple(
        tuple(Button(b.label, tag_data(b.data, language, default)) for b in row)
        for row in reply.buttons
    )
    return replace(reply, buttons=rows, language=language)


def untag(data: str, languages: Iterable[str]) -> tuple[str, str]:
    """("es", "f:heroin/overdose") from "es|f:heroin/overdose"; ("", data) if untagged."""
    head, sep, rest = data.partition(SEPARATOR)
    if sep and head in set(languages):
        return head, rest
    return "", data
