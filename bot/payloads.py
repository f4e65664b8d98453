"""Button payloads: short, stable strings, parsed strictly because clients can forge them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram.constants import InlineKeyboardButtonLimit

MAX_BYTES = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)  # 64 bytes
FACT = "f:"  # f:heroin/overdose   open a fact
TOPICS = "t"  # the topic list
EMERGENCY = "e"  # the emergency card
CRISIS = "c"  # the crisis card
SUPPORT = "s"  # support lines (s, or s:GB for a country)
HELP = "h"
ALONE = "ea"  # the emergency card for someone alone (only as a Sources key)
SOURCES = "src:"  # src:heroin/overdose, or a card's own code: src:e, src:ea, src:c

# fullmatch, not ^...$: "$" also matches before a trailing newline, so "t\n" would pass.
_FACT_RE = re.compile(r"f:([a-z0-9][a-z0-9-]{0,31})/([a-z0-9][a-z0-9-]{0,31})")
_SUPPORT_RE = re.compile(r"s(?::([A-Z]{2}))?")
_SOURCES_RE = re.compile(
    rf"src:(?:({ALONE}|{EMERGENCY}|{CRISIS})|([a-z0-9][a-z0-9-]{{0,31}}/[a-z0-9][a-z0-9-]{{0,31}}))"
)


@dataclass(frozen=True)
class Payload:
    action: str  # fact | topics | emergency | crisis | support | help | sources
    arg: str = ""


def fact(key: str) -> str:
    return FACT + key


LANGUAGE_TAG = "xx|"  # a non-default language's buttons carry "es|" (bot.locales.tag_data)


def longest(key: str) -> int:
    """Bytes of the longest button data a fact key goes into: its Sources button in a
    non-default language ("es|src:heroin/overdose")."""
    return len((LANGUAGE_TAG + sources(key)).encode())


def sources(key: str) -> str:
    """Open the full source list of a fact, or of a card (its code: e, ea, c)."""
    return SOURCES + key


def support(country: str = "") -> str:
    return f"{SUPPORT}:{country}" if country else SUPPORT


def parse(data: str) -> Payload | None:
    """None for anything we did not issue ourselves (tampered, foreign or garbage)."""
    if len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    if data == TOPICS:
        return Payload("topics")
    if data == EMERGENCY:
        return Payload("emergency")
    if data == CRISIS:
        return Payload("crisis")
    if data == HELP:
        return Payload("help")
    if m := _FACT_RE.fullmatch(data):
        return Payload("fact", f"{m.group(1)}/{m.group(2)}")
    if m := _SUPPORT_RE.fullmatch(data):
        return Payload("support", m.group(1) or "")
    if m := _SOURCES_RE.fullmatch(data):
        return Payload("sources", m.group(1) or m.group(2))
    return None
