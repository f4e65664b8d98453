"""Review records (`kind: reviews`) and what `require_review` asks of them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot import reviews
from bot.content.fields import Fields
from bot.content.problems import CheckRules, Problem
from bot.model import (
    Library,
    ReviewRecord,
)
from bot.yaml_lines import YamlPath

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def read_reviews(fields: Fields, data: dict[str, Any]) -> tuple[ReviewRecord, ...] | None:
    """facts/reviews.yaml: only ever appended to by ``hrbot review sign``."""
    m = fields.mapping(data, (), "reviews", {"kind", "records"}, {"language"})
    if m is None:
        return None
    raw = m.get("records")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        fields.error(("records",), "reviews", "records", "must be a list of review records")
        return None
    out = []
    for index, entry in enumerate(raw):
        rpath: YamlPath = ("records", index)
        rm = fields.mapping(
            entry,
            rpath,
            f"record {index + 1}",
            {"item", "role", "date", "sha256"},
            {"by", "note"},
        )
        if rm is None:
            continue
        item = fields.text(rm, "item", rpath, f"record {index + 1}")
        label = item or f"record {index + 1}"
        role = fields.text(rm, "role", rpath, label)
        when = fields.date(rm, "date", rpath, label)
        digest = fields.text(rm, "sha256", rpath, label)
        if digest and not SHA256_RE.match(digest):
            fields.error((*rpath, "sha256"), label, "sha256", "must be 64 lowercase hex digits")
            continue
        by = fields.text(rm, "by", rpath, label) if "by" in rm else ""
        note = fields.text(rm, "note", rpath, label) if "note" in rm else ""
        if item and role and when and digest:
            out.append(ReviewRecord(item, role, when, digest, by, note))
    return tuple(out)


def check_reviews(library: Library, folder: str, rules: CheckRules) -> list[Problem]:
    """Records must name real items; with require_review, every item needs a current one."""
    where = str(Path(folder) / "reviews.yaml")
    problems: list[Problem] = []
    known = {item.id for item in reviews.items(library)}
    for record in library.reviews:
        if record.item not in known:
            problems.append(
                Problem(where, 1, record.item, "item", "no such fact or card", "warning")
            )
    if not rules.require_review:
        return problems  # `hrbot check` lists them in its summary instead
    for status in reviews.statuses(library):
        if status.state != "valid":
            message = (
                "no review record"
                if status.state == "missing"
                else "review record is stale: the text changed since it was signed"
            )
            problems.append(
                Problem(where, 1, status.item.id, "review", f"{message} (require_review is on)")
            )
    return problems
