"""Assemble the pure core from config, and swap it safely on reload."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from bot import payloads
from bot.cards import EmergencySetup, resolve
from bot.config import Config, ConfigError
from bot.content import CheckRules, ContentError, Problem
from bot.conversation import Command, Conversation, Incoming, Tap, Text
from bot.decision import Decision
from bot.locales import (
    LanguageSigns,
    Locale,
    base_language,
    check_content,
    tag,
    tag_data,
    untag,
)
from bot.matcher import Matcher
from bot.model import Library
from bot.phrases import reading_once
from bot.reply import Button, Reply
from bot.semantic import Memo, remembering
from bot.texts import Texts, TextsError, load_texts
from bot.triage import Safety, Triage


@dataclass(frozen=True)
class Reading:
    """What safety read in a message, in every language. A front end that reads it
    before queueing (to let an emergency jump the queue) hands it back when answering,
    so the message is not read twice; it lives as long as the update does."""

    text: str
    hint: str  # the user's interface language it was read with
    first: str  # the language read first: the message's own
    locale: Locale
    safety: Safety
    vectors: Memo = field(default_factory=dict, compare=False, repr=False)
    """What the sentence model made of the message, for ranking it (bot.semantic)."""

    @property
    def card(self) -> Decision | None:
        """The emergency or crisis card to send, if any."""
        return self.safety[0]


@dataclass(frozen=True)
class Core:
    """Every language's locale; the first is the default, also reachable as
    ``core.library``, ``core.triage``, ``core.conversation`` and ``core.texts``."""

    locales: dict[str, Locale]
    warnings: tuple[Problem, ...]

    @property
    def default(self) -> Locale:
        return next(iter(self.locales.values()))

    @property
    def library(self) -> Library:
        return self.default.library

    @property
    def triage(self) -> Triage:
        return self.default.triage

    @property
    def conversation(self) -> Conversation:
        return self.default.conversation

    @property
    def texts(self) -> Texts:
        return self.default.texts

    @property
    def matcher(self) -> Matcher:
        """The ranking step of the default language's triage."""
        return self.triage.matcher

    def warm(self) -> None:
        """Every language's sentence model loaded now, so no one's first message waits
        for it (a model loads on first use otherwise: bot/semantic.py)."""
        for locale in self.locales.values():
            if locale.triage.matcher.semantic is not None:
                locale.triage.matcher.semantic.model.warm()

    def locale(self, language: str) -> Locale:
        """A language's locale ("es", or a Telegram code such as "es-MX"), else the default."""
        return self.locales.get(base_language(language), self.default)

    @cached_property
    def signs(self) -> LanguageSigns:
        return LanguageSigns.of(self.locales.values())

    def read(self, text: str, hint: str = "") -> Reading:
        """Safety in every language, the message's own first."""
        first = self.language_of(text, hint)
        vectors: Memo = {}
        with remembering(vectors), reading_once():
            return Reading(text, hint, first, *self._safety(text, first), vectors)

    def decide(
        self, text: str, hint: str = "", reading: Reading | None = None
    ) -> tuple[Locale, Decision]:
        """Safety in every language first, then the message's own language decides.
        ``reading``: what ``read`` said of this text, if a front end already asked."""
        if reading is None or not self.fits(reading, text, hint):
            reading = self.read(text, hint)
        if reading.card is not None:
            return reading.locale, reading.card
        with remembering(reading.vectors):
            return reading.locale, reading.locale.triage.decide(text, reading.safety)

    def fits(self, reading: Reading, text: str, hint: str) -> bool:
        """Read from this text and hint (so in the same language order: detection depends on
        nothing else but the content), with this content (not before a reload)."""
        return (
            reading.text == text
            and reading.hint == hint
            and self.locales.get(reading.locale.language) is reading.locale
        )

    def _safety(self, text: str, first: str) -> tuple[Locale, Safety]:
        """The first language whose safety reading sends a card; else ``first``'s reading
        (kept, so its decision does not read the message twice)."""
        own = self.locale(first)
        own_safety: Safety = (None, None)
        for locale in sorted(self.locales.values(), key=lambda loc: loc is not own):
            safety = locale.triage.safety(text, own=locale is own)
            if safety[0] is not None:
                return locale, safety
            if locale is own:
                own_safety = safety
        return own, own_safety

    def language_of(self, text: str, hint: str) -> str:
        return self.signs.detect(text, hint, self.default.language)

    def handle(self, incoming: Incoming, hint: str = "", reading: Reading | None = None) -> Reply:
        """Any front end's way in: the reply in the right language, safety first.

        ``hint`` is the user's interface language (Telegram's ``language_code``), used
        for commands and for messages too short to tell; ``reading`` as in ``decide``."""
        default = self.default.language
        if isinstance(incoming, Text):
            locale, decision = self.decide(incoming.text, hint, reading)
            return tag(locale.conversation.for_decision(decision), locale.language, default)
        if isinstance(incoming, Tap):
            language, data = untag(incoming.data, self.locales)
            locale = self.locale(language or default)
            return tag(locale.conversation.handle(Tap(data)), locale.language, default)
        if isinstance(incoming, Command) and incoming.name == "start":
            language, _, rest = incoming.arg.partition("_")
            if language in self.locales and language != default and rest:
                reply = self.locales[language].conversation.handle(Command("start", rest))
                return tag(reply, language, default)
        locale = self.locale(hint)
        reply = tag(locale.conversation.handle(incoming), locale.language, default)
        if reply.kind in {"welcome", "topics", "help"}:
            reply = self._with_language_buttons(reply, locale)
        return reply

    def _with_language_buttons(self, reply: Reply, current: Locale) -> Reply:
        """A button per other language: the topics, in that language."""
        default = self.default.language
        row = tuple(
            Button(loc.texts.language_name, tag_data(payloads.TOPICS, loc.language, default))
            for loc in self.locales.values()
            if loc.language != current.language
        )
        if not row:
            return reply
        return replace(reply, buttons=(*reply.buttons, row))


def rules_for(config: Config) -> CheckRules:
    c = config.content
    return CheckRules(c.answer_budget, c.max_age_days, c.require_review)


def build_core(config: Config) -> Core:
    """Everything or nothing: raises ContentError, ConfigError or TextsError."""
    libraries, problems = check_content(config.content.facts_dir, rules_for(config))
    errors = [p for p in problems if p.severity == "error"]
    if errors or not libraries:
        raise ContentError(errors)
    locales: dict[str, Locale] = {}
    default_setup: EmergencySetup | None = None
    for language, library in libraries.items():
        texts = load_texts(language)
        try:
            setup = resolve(config.emergency, library)
        except ConfigError as exc:
            if default_setup is None:
                raise ConfigError(f"{config.source or 'built-in defaults'}: {exc}") from exc
            # a country this language's support card lacks: the configured number only
            setup = EmergencySetup(None, default_setup.number, default_setup.extra_lines)
        default_setup = default_setup or setup
        triage = Triage(library, config.matcher)
        conversation = Conversation(library, triage, texts, setup)
        locales[language] = Locale(language, library, triage, conversation, texts)
    warnings = tuple(p for p in problems if p.severity != "error")
    return Core(locales, warnings)


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


def core_losses(old: Core, new: Core) -> list[str]:
    """``losses`` for every language the running core serves."""
    found = []
    if gone := sorted(old.locales.keys() - new.locales.keys()):
        found.append(f"languages would be removed: {', '.join(gone)}")
    for language, locale in old.locales.items():
        if language in new.locales:
            prefix = f"{language}: " if len(old.locales) > 1 else ""
            found += [prefix + x for x in losses(locale.library, new.locales[language].library)]
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
        lost = core_losses(self._core, fresh)
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
