"""Review records: which exact text a qualified person checked, and whether it still holds.

A record stores the sha256 of an item's canonical text. The canonical text is built from
what a reader sees (question, answer, steps, numbers, sources and their dates), with
whitespace and Unicode normalised, so re-wrapping a YAML line does not make a review
stale but changing a word, a number or a source does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from bot.model import (
    CrisisCard,
    EmergencyCard,
    Fact,
    Library,
    ReviewRecord,
    Source,
    SupportCard,
)

EMERGENCY = "emergency"
CRISIS = "crisis"
SUPPORT = "support"
ReviewState = Literal["missing", "stale", "valid"]


ItemKind = Literal["fact", "emergency", "crisis", "support"]


@dataclass(frozen=True)
class Item:
    """One reviewable unit: a fact, the emergency card, the crisis card or the support card."""

    id: str
    kind: ItemKind
    title: str
    text: str  # canonical text; what the hash covers

    @cached_property  # hashed once: checks, the packet and the status lines all ask
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReviewStatus:
    item: Item
    state: ReviewState
    record: ReviewRecord | None = None  # the valid record, or the newest stale one


def canonical(text: str) -> str:
    """NFC, Unix newlines, single spaces, no trailing blanks, at most one empty line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _source_lines(sources: Iterable[Source]) -> list[str]:
    lines = []
    for s in sources:
        date = s.date.isoformat() if s.date else "undated"
        lines.append(f"- {s.publisher} | {s.title} | {s.url} | {date}")
    return lines


def fact_text(fact: Fact) -> str:
    parts = [f"question: {fact.question}", "answer:", fact.answer, "sources:"]
    return canonical("\n".join(parts + _source_lines(fact.sources)))


def emergency_text(card: EmergencyCard) -> str:
    parts = [f"title: {card.title}", "steps:"]
    parts += [f"{i}. {step}" for i, step in enumerate(card.steps, 1)]
    if card.alone_steps:
        parts.append("alone_steps:")
        parts += [f"{i}. {step}" for i, step in enumerate(card.alone_steps, 1)]
    parts.append("sources:")
    return canonical("\n".join(parts + _source_lines(card.sources)))


def crisis_text(card: CrisisCard) -> str:
    parts = [f"title: {card.title}", "paragraphs:", *card.paragraphs, "sources:"]
    return canonical("\n".join(parts + _source_lines(card.sources)))


def support_text(card: SupportCard) -> str:
    parts = [f"title: {card.title}"]
    for country in card.countries.values():
        parts.append(f"{country.code} {country.name}: emergency {country.emergency}")
        for line in country.lines:
            source = f" [{line.source.url}]" if line.source else ""
            note = f" ({line.note})" if line.note else ""
            crisis = " [crisis line]" if line.crisis else ""
            parts.append(f"- {line.name}: {line.number}{note}{source}{crisis}")
    parts.append("sources:")
    return canonical("\n".join(parts + _source_lines(card.sources)))


def items(library: Library) -> tuple[Item, ...]:
    """Every reviewable item, facts first in pack order, then the three cards."""
    out = [Item(f.key, "fact", f.question, fact_text(f)) for f in library.ordered_facts]
    out.append(
        Item(EMERGENCY, "emergency", library.emergency.title, emergency_text(library.emergency))
    )
    out.append(Item(CRISIS, "crisis", library.crisis.title, crisis_text(library.crisis)))
    out.append(Item(SUPPORT, "support", library.support.title, support_text(library.support)))
    return tuple(out)


def status_of(item: Item, records: Iterable[ReviewRecord]) -> ReviewStatus:
    """Valid if any record for the item matches today's hash; the newest such record wins."""
    mine = sorted((r for r in records if r.item == item.id), key=lambda r: r.date)
    if not mine:
        return ReviewStatus(item, "missing")
    matching = [r for r in mine if r.sha256 == item.sha256]
    if matching:
        return ReviewStatus(item, "valid", matching[-1])
    return ReviewStatus(item, "stale", mine[-1])


def statuses(library: Library) -> tuple[ReviewStatus, ...]:
    return tuple(status_of(item, library.reviews) for item in items(library))


def record_yaml(record: ReviewRecord) -> str:
    """One record as YAML list-item text, to append to facts/reviews.yaml unchanged."""
    lines = [
        f"  - item: {_quote(record.item)}",
        f"    role: {_quote(record.role)}",
    ]
    if record.by:
        lines.append(f"    by: {_quote(record.by)}")
    lines += [f"    date: {record.date.isoformat()}", f"    sha256: {record.sha256}"]
    if record.note:
        lines.append(f"    note: {_quote(record.note)}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A double-quoted YAML scalar: safe for any text, newlines folded to spaces."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_record(
    item: Item, role: str, by: str = "", date: dt.date | None = None, note: str = ""
) -> ReviewRecord:
    return ReviewRecord(item.id, role, date or dt.date.today(), item.sha256, by, note)
