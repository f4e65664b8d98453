"""Assemble the pure core from config, and swap it safely on reload."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from bot.cards import resolve
from bot.config import Config, ConfigError
from bot.conversation import Conversation
from bot.matcher import Matcher
from bot.model import Library
from bot.packs import CheckRules, ContentError, Problem, check_folder
from bot.texts import Texts, TextsError, load_texts


@dataclass(frozen=True)
class Core:
    library: Library
    matcher: Matcher
    conversation: Conversation
    texts: Texts
    warnings: tuple[Problem, ...]


def rules_for(config: Config) -> CheckRules:
    c = config.content
    return CheckRules(c.answer_budget, c.max_age_days, c.require_review)


def build_core(config: Config) -> Core:
    """Everything or nothing: raises ContentError, ConfigError or TextsError."""
    report = check_folder(config.content.facts_dir, rules_for(config))
    if report.errors or report.library is None:
        raise ContentError(report.errors)
    library = report.library
    languages = {p.language for p in library.packs}
    texts = load_texts(sorted(languages)[0] if len(languages) == 1 else "en")
    setup = resolve(config.emergency, library)
    matcher = Matcher(library, config.matcher)
    conversation = Conversation(library, matcher, texts, setup)
    return Core(library, matcher, conversation, texts, tuple(report.warnings))


STARTUP_ERRORS = (ContentError, ConfigError, TextsError)


def startup_error_lines(exc: Exception) -> list[str]:
    """What to print when the bot refuses to start: every problem, one per line."""
    if isinstance(exc, ContentError):
        return ["hrbot: the content has errors; refusing to start:"] + [
            f"  {p}" for p in exc.problems
        ]
    return [f"hrbot: {exc}"]


def losses(old: Library, new: Library) -> list[str]:
    """What the running content has and the new content lacks: facts, cards, languages.

    A half-written pack usually still parses (a YAML file cut after its first fact is a
    valid pack of one fact), so errors alone do not catch it; losing content does.
    """
    found: list[str] = []
    if gone := sorted(old.facts.keys() - new.facts.keys()):
        found.append(f"{len(gone)} of {len(old.facts)} facts would be removed: {', '.join(gone)}")
    old_languages = {p.language for p in old.packs}
    if gone := sorted(old_languages - {p.language for p in new.packs}):
        found.append(f"languages would be removed: {', '.join(gone)}")
    if gone := sorted(old.support.countries.keys() - new.support.countries.keys()):
        found.append(f"support card countries would be removed: {', '.join(gone)}")
    old_card, new_card = old.emergency, new.emergency
    if len(new_card.steps) < len(old_card.steps) or len(new_card.triggers) < len(old_card.triggers):
        found.append("the emergency card would lose steps or trigger phrases")
    return found


def half_written(facts_dir: Path) -> list[str]:
    """Content files that stop mid-line: a copy still being written, or cut short.

    A YAML file cut at an arbitrary byte can still parse (with a shortened answer), but
    editors and generators end files with a newline, so a missing one is the tell.
    """
    found = []
    for path in sorted(facts_dir.rglob("*.y*ml")):
        data = path.read_bytes()
        if not data.strip() or not data.endswith(b"\n"):
            found.append(f"{path}: does not end with a newline (half-written?)")
    return found


class LiveCore:
    """The core being served. A reload that fails leaves the old content serving."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._core = build_core(config)
        self._lock = threading.Lock()

    @property
    def core(self) -> Core:
        return self._core

    def reload(self, allow_removal: bool = False) -> list[str]:
        """Returns the problems that stopped the reload (empty on success).

        A reload that would lose facts, cards or languages, or that reads a file which
        stops mid-line, is refused unless ``allow_removal`` (or ``[content]
        allow_removal``) says the change is intended.
        """
        try:
            fresh = build_core(self.config)
        except ContentError as exc:
            return [str(p) for p in exc.problems]
        except (ConfigError, TextsError) as exc:
            return str(exc).splitlines()
        allowed = allow_removal or self.config.content.allow_removal
        lost = losses(self._core.library, fresh.library)
        if not allowed and (lost := lost + half_written(self.config.content.facts_dir)):
            hint = (
                "refused: the new content is missing what the running content has "
                "(a half-written file?). If the removal is intended, send SIGUSR1 "
                "instead of SIGHUP, or set [content] allow_removal = true"
            )
            return [hint, *lost]
        with self._lock:
            self._core = fresh
        return []
