"""A fact pack (`kind: pack`): its facts, phrasings, answers, sources and `next` chain."""

from __future__ import annotations

from typing import Any

from bot import payloads
from bot.content.fields import LABEL_LIMIT, TELEGRAM_LIMIT, Fields
from bot.model import (
    Fact,
    Pack,
)
from bot.yaml_lines import YamlPath

MIN_PHRASINGS = 5
FACT_LINKS = {"emergency", "support"}  # context buttons a fact may carry


def read_pack(fields: Fields, data: dict[str, Any]) -> Pack | None:
    fields.header(data, {"substances", "facts", "sources"}, {"related"}, str(data.get("id", "")))
    pid = fields.ident(data, "id", (), "")
    title = fields.text(data, "title", (), pid)
    language = fields.text(data, "language", (), pid)
    substances = fields.text_list(data, "substances", (), pid)
    related = fields.text_list(data, "related", (), pid) if "related" in data else ()
    sources = fields.sources(data, (), pid)
    raw_facts = data.get("facts")
    if not isinstance(raw_facts, list) or not raw_facts:
        if "facts" in data:
            fields.error(("facts",), pid, "facts", "must be a non-empty list")
        return None
    drafts: list[dict[str, Any]] = []
    ids: list[str] = []
    used: set[str] = set()
    for index, raw in enumerate(raw_facts):
        fpath: YamlPath = ("facts", index)
        fid_guess = raw.get("id") if isinstance(raw, dict) else None
        item = f"{pid}/{fid_guess}" if isinstance(fid_guess, str) else f"{pid}/#{index + 1}"
        m = fields.mapping(
            raw,
            fpath,
            item,
            {"id", "question", "label", "phrasings", "answer", "sources"},
            {"review", "next", "links"},
        )
        if m is None:
            continue
        fid = fields.ident(m, "id", fpath, item)
        if payloads.longest(f"{pid}/{fid}") > payloads.MAX_BYTES:
            fields.error(
                (*fpath, "id"),
                item,
                "id",
                "pack id + fact id too long for a "
                f"button in every language ({payloads.MAX_BYTES} bytes of button data)",
            )
        if fid in ids:
            fields.error((*fpath, "id"), item, "id", "duplicate fact id")
        ids.append(fid)
        label = fields.text(m, "label", fpath, item)
        if len(label) > LABEL_LIMIT:
            fields.error(
                (*fpath, "label"),
                item,
                "label",
                f"{len(label)} characters; button labels may have at most {LABEL_LIMIT}",
            )
        answer = fields.text(m, "answer", fpath, item)
        if len(answer) > TELEGRAM_LIMIT:
            fields.error(
                (*fpath, "answer"),
                item,
                "answer",
                f"{len(answer)} characters, over Telegram's limit of {TELEGRAM_LIMIT}",
            )
        elif len(answer) > fields.rules.answer_budget:
            fields.warn(
                (*fpath, "answer"),
                item,
                "answer",
                f"{len(answer)} characters, over "
                f"the phone-screen budget of {fields.rules.answer_budget}",
                "long-answer",
                f"{len(answer)} characters",
            )
        cited = fields.cited(m, fpath, item, sources)
        used.update(s.id for s in cited)
        review = fields.review(m, fpath, item)
        links = fields.text_list(m, "links", fpath, item) if "links" in m else ()
        for index, link in enumerate(links):
            if link not in FACT_LINKS:
                fields.error(
                    (*fpath, "links", index),
                    item,
                    "links",
                    f"{link!r}: links are {sorted(FACT_LINKS)}",
                )
        drafts.append(
            {
                "path": fpath,
                "item": item,
                "id": fid,
                "question": fields.text(m, "question", fpath, item),
                "label": label,
                "phrasings": fields.text_list(m, "phrasings", fpath, item, MIN_PHRASINGS),
                "answer": answer,
                "sources": cited,
                "review": review,
                "links": links,
                "next": fields.ident(m, "next", fpath, item) if "next" in m else None,
            }
        )
    for sid in sorted(set(sources) - used):
        message = f"source {sid!r} is not cited by any fact"
        fields.warn(("sources",), f"source {sid}", "sources", message, "uncited")
    _phrasing_clashes(fields, drafts)
    facts = []
    for index, d in enumerate(drafts):
        nxt = d["next"] or drafts[(index + 1) % len(drafts)]["id"]
        if nxt not in ids:
            fields.error(
                (*d["path"], "next"),
                d["item"],
                "next",
                f"{nxt!r} is not a fact id in this pack",
            )
        facts.append(
            Fact(
                pid,
                d["id"],
                d["question"],
                d["label"],
                d["phrasings"],
                d["answer"],
                d["sources"],
                nxt,
                d["review"],
                d["links"],
            )
        )
    return Pack(
        pid,
        title,
        language,
        frozenset(substances),
        frozenset(related),
        tuple(facts),
        tuple(sources.values()),
        str(fields.path),
    )


def _phrasing_clashes(fields: Fields, drafts: list[dict[str, Any]]) -> None:
    """The same phrasing under two facts would make the matcher guess."""
    owner: dict[str, str] = {}
    for d in drafts:
        for index, text in enumerate((d["question"], *d["phrasings"])):
            key = " ".join(text.lower().split())
            if key in owner and owner[key] != d["id"]:
                fields.error(
                    (*d["path"], "phrasings", max(index - 1, 0)),
                    d["item"],
                    "phrasings",
                    f"{text!r} is also a phrasing of {owner[key]!r}",
                )
            owner.setdefault(key, d["id"])
