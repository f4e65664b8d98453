"""The cards (`kind: emergency`, `crisis`, `support`): steps, paragraphs, help lines."""

from __future__ import annotations

import re
from typing import Any

from bot.content.fields import Fields
from bot.model import (
    Country,
    CrisisCard,
    EmergencyCard,
    HelpLine,
    SupportCard,
)
from bot.yaml_lines import YamlPath


def read_emergency(fields: Fields, data: dict[str, Any]) -> EmergencyCard | None:
    fields.header(
        data,
        {"triggers", "steps", "sources"},
        {"review", "alone_steps"},
        f"emergency/{data.get('id', '')}",
    )
    cid = fields.ident(data, "id", (), "")
    item = f"emergency/{cid}"
    title = fields.text(data, "title", (), item)
    fields.text(data, "language", (), item)
    triggers = fields.text_list(data, "triggers", (), item)
    if "triggers" not in data or not triggers:
        fields.error(("triggers",), item, "triggers", "an emergency card needs trigger phrases")
    steps = fields.text_list(data, "steps", (), item)
    _card_steps(fields, steps, "steps", item)
    alone = fields.text_list(data, "alone_steps", (), item) if "alone_steps" in data else ()
    _card_steps(fields, alone, "alone_steps", item)
    if alone and not any("{emergency_number}" in step for step in alone):
        fields.error(
            ("alone_steps",),
            item,
            "alone_steps",
            "someone alone must be told to call: no step has {emergency_number}",
        )
    sources = fields.sources(data, (), item)
    review = fields.review(data, (), item)
    if not (cid and title and triggers and steps and sources):
        return None
    return EmergencyCard(
        cid, title, triggers, steps, tuple(sources.values()), review, alone_steps=alone
    )


def _card_steps(fields: Fields, steps: tuple[str, ...], key: str, item: str) -> None:
    """Only known placeholders, and steps short enough to read in a hurry."""
    for index, step in enumerate(steps):
        fields.placeholders(step, (key, index), item, key)
        if len(step) > 300:
            where, message = (key, index), "step longer than 300 characters"
            fields.warn(where, item, key, message, "long-step", f"{key} {index + 1}")


def read_crisis(fields: Fields, data: dict[str, Any]) -> CrisisCard | None:
    fields.header(data, {"paragraphs", "sources"}, {"review"}, "crisis")
    cid = fields.ident(data, "id", (), "")
    item = f"crisis/{cid}"
    title = fields.text(data, "title", (), item)
    fields.text(data, "language", (), item)
    paragraphs = fields.text_list(data, "paragraphs", (), item)
    for index, paragraph in enumerate(paragraphs):
        fields.placeholders(paragraph, ("paragraphs", index), item, "paragraphs")
    sources = fields.sources(data, (), item)
    review = fields.review(data, (), item)
    if not (cid and title and paragraphs and sources):
        return None
    return CrisisCard(cid, title, paragraphs, tuple(sources.values()), review)


def read_support(fields: Fields, data: dict[str, Any]) -> SupportCard | None:
    fields.header(data, {"countries", "sources"}, {"review"}, "support")
    item = "support"
    title = fields.text(data, "title", (), item)
    fields.text(data, "language", (), item)
    fields.ident(data, "id", (), item)
    sources = fields.sources(data, (), item)
    countries: dict[str, Country] = {}
    raw = data.get("countries")
    if not isinstance(raw, dict) or not raw:
        fields.error(("countries",), item, "countries", "must map country codes to entries")
        return None
    for code, entry in raw.items():
        cpath: YamlPath = ("countries", code)
        citem = f"support/{code}"
        if not re.fullmatch(r"[A-Z]{2}", str(code)):
            fields.error(cpath, citem, "countries", "country code must be two capital letters")
        m = fields.mapping(entry, cpath, citem, {"name", "emergency", "lines"}, {"short"})
        if m is None:
            continue
        emergency_number = str(m.get("emergency", "")).strip()
        if not re.fullmatch(r"[0-9]{2,4}", emergency_number):
            fields.error((*cpath, "emergency"), citem, "emergency", "must be a short number")
        lines = []
        for index, line in enumerate(m.get("lines") or []):
            lpath: YamlPath = (*cpath, "lines", index)
            lm = fields.mapping(
                line, lpath, citem, {"name", "number"}, {"note", "source", "crisis"}
            )
            if lm is None:
                continue
            sid = lm.get("source")
            if sid is not None and sid not in sources:
                fields.error(
                    (*lpath, "source"), citem, "source", f"{sid!r} is not in the file's sources"
                )
            lines.append(
                HelpLine(
                    fields.text(lm, "name", lpath, citem),
                    str(lm.get("number", "")).strip(),
                    fields.text(lm, "note", lpath, citem) if "note" in lm else "",
                    sources.get(str(sid)) if sid else None,
                    lm.get("crisis") is True,
                )
            )
            if "crisis" in lm and not isinstance(lm["crisis"], bool):
                fields.error((*lpath, "crisis"), citem, "crisis", "must be true or false")
        countries[str(code)] = Country(
            str(code),
            fields.text(m, "name", cpath, citem),
            emergency_number,
            tuple(lines),
            fields.text(m, "short", cpath, citem) if "short" in m else "",
        )
    return SupportCard(title, countries, tuple(sources.values()), fields.review(data, (), item))
