"""Assemble the pure core from config, and swap it safely on reload."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.cards import resolve
from bot.config import Config, ConfigError
from bot.conversation import Conversation
from bot.matcher import Matcher
from bot.model import Library
from bot.packs import CheckRules, ContentError, Problem, check_folder
from bot.texts import Texts, TextsError, load_texts
from bot.triage import Triage


@dataclass(frozen=True)
class Core:
    library: Library
    triage: Triage  # the whole decision, safety first
    conversation: Conversation
    texts: Texts
    warnings: tuple[Problem, ...]

    @property
    def matcher(self) -> Matcher:
        """The ranking step of the triage."""
        return self.triage.matcher


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
    try:
        setup = resolve(config.emergency, library)
    except ConfigError as exc:
        raise ConfigError(f"{config.source or 'built-in defaults'}: {exc}") from exc
    triage = Triage(library, config.matcher)
    conversation = Conversation(library, triage, texts, setup)
    return Core(library, triage, conversation, texts, tuple(report.warnings))


STARTUP_ERRORS = (ContentError, ConfigError, TextsError)


def startup_error_lines(exc: Exception) -> list[str]:
    """What to print when the bot refuses to start: every problem, one per line."""
    if isinstance(exc, ContentError):
        return ["hrbot: the content has errors; refusing to start:"] + [
            f"  {p}" for p in exc.problems
        ]
    return [f"hrbot: {exc}"]


class LiveCore:
    """The core being served. A reload that fails leaves the old content serving."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._core = build_core(config)
        self._lock = threading.Lock()

    @property
    def core(self) -> Core:
        return self._core

    def reload(self) -> list[str]:
        """Returns the problems that stopped the reload (empty on success)."""
        try:
            fresh = build_core(self.config)
        except ContentError as exc:
            return [str(p) for p in exc.problems]
        except (ConfigError, TextsError) as exc:
            return str(exc).splitlines()
        with self._lock:
            self._core = fresh
        return []
