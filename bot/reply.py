"""What the core says, independent of where it is shown: text blocks and buttons."""

from __future__ import annotations

from dataclasses import dataclass

from bot.decision import Decision
from bot.model import Source
from bot.payloads import MAX_BYTES


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback payload, short and stable; see bot.payloads

    def __post_init__(self) -> None:
        if len(self.data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"button data over {MAX_BYTES} bytes: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    kind: str  # answer, suggest, fallback, emergency, welcome, help, topics, privacy, ...
    title: str = ""  # shown bold: the fact's question or a card's title
    paragraphs: tuple[str, ...] = ()  # fixed UI text or verbatim fact text
    sources: tuple[Source, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of buttons
    fact: str | None = None  # the fact shown, e.g. "heroin/overdose"
    decision: Decision | None = None  # how a typed message was understood
    status: str = ""  # one line: has a qualified person checked this text?
    position: str = ""  # where the fact sits in its pack, e.g. "3 of 9"
    source_note: str = ""  # one-line source summary; when set, the full list stays folded
    language: str = ""  # the locale that answered (set by bot.core); empty: the default
