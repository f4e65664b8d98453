"""The shapes every content file is checked against: mappings, texts, ids, lists, URLs,
dates, sources and reviews. The readers of each kind of file are built from these."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from typing import Any

from bot.content.problems import CheckRules, Problem, WarningKind
from bot.model import (
    Review,
    Source,
)
from bot.yaml_lines import LoadedYaml, YamlPath

TELEGRAM_LIMIT = 4096
LABEL_LIMIT = 32
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
URL_RE = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/[^\s]*)?$")
PLACEHOLDERS = {"emergency_number"}


def dotted(path: YamlPath) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


class Fields:
    """Checks the fields of one file, whatever its kind; collects problems instead of
    stopping at the first, each with its line."""

    def __init__(self, path: Path, rules: CheckRules) -> None:
        self.path = path
        self.rules = rules
        self.problems: list[Problem] = []
        self.doc = LoadedYaml(None, {}, ())

    def error(self, path: YamlPath, item: str, fld: str, message: str) -> None:
        self.problems.append(Problem(str(self.path), self.doc.line(path), item, fld, message))

    def warn(
        self, path: YamlPath, item: str, fld: str, message: str, kind: WarningKind, note: str = ""
    ) -> None:
        line = self.doc.line(path)
        self.problems.append(
            Problem(str(self.path), line, item, fld, message, "warning", kind, note)
        )

    def mapping(
        self, value: Any, path: YamlPath, item: str, required: set[str], optional: set[str]
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, item, dotted(path), "must be a mapping")
            return None
        for key in sorted(set(value) - required - optional, key=str):
            self.error((*path, key), item, str(key), "unknown field")
        for key in sorted(required - set(value)):
            self.error(path, item, key, "missing field")
        return value

    def text(self, data: dict[str, Any], key: str, path: YamlPath, item: str) -> str:
        value = data.get(key)
        if key not in data:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error((*path, key), item, key, "must be non-empty text")
            return ""
        return value.strip()

    def ident(self, data: dict[str, Any], key: str, path: YamlPath, item: str) -> str:
        value = self.text(data, key, path, item)
        if value and not ID_RE.match(value):
            self.error((*path, key), item, key, f"{value!r} must match [a-z0-9-], <= 32 chars")
        return value

    def text_list(
        self, data: dict[str, Any], key: str, path: YamlPath, item: str, minimum: int = 1
    ) -> tuple[str, ...]:
        value = data.get(key)
        if key not in data:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error((*path, key), item, key, "must be a list of non-empty texts")
            return ()
        if len(value) < minimum:
            self.error((*path, key), item, key, f"needs at least {minimum} entries")
        return tuple(v.strip() for v in value)

    def url(self, data: dict[str, Any], key: str, path: YamlPath, item: str) -> str:
        value = self.text(data, key, path, item)
        if value and not URL_RE.match(value):
            self.error((*path, key), item, key, f"{value!r} is not a well-formed URL")
        return value

    def date(self, data: dict[str, Any], key: str, path: YamlPath, item: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            if key in data:
                self.error((*path, key), item, key, "must be a date (YYYY-MM-DD)")
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            self.error((*path, key), item, key, "must be a date (YYYY-MM-DD)")
            return None
        if value > self.rules.today:
            self.error((*path, key), item, key, f"{value} is in the future")
        return value

    def stale(self, when: dt.date | None, path: YamlPath, item: str, fld: str) -> None:
        if when is None:
            return
        age = (self.rules.today - when).days
        if age > self.rules.max_age_days:
            self.warn(
                path,
                item,
                fld,
                f"dated {when}, older than {self.rules.max_age_days} "
                "days: check it is still current",
                "old",
                str(when),
            )

    def sources(self, data: dict[str, Any], path: YamlPath, item: str) -> dict[str, Source]:
        out: dict[str, Source] = {}
        raw = data.get("sources")
        if raw is None:
            return out
        if not isinstance(raw, list) or not raw:
            self.error((*path, "sources"), item, "sources", "must be a non-empty list")
            return out
        for index, entry in enumerate(raw):
            spath = (*path, "sources", index)
            m = self.mapping(
                entry,
                spath,
                item,
                {"id", "publisher", "title", "url"},
                {"reviewed", "published", "note", "via"},
            )
            if m is None:
                continue
            sid = self.ident(m, "id", spath, item)
            label = f"source {sid or index}"
            url = self.url(m, "url", spath, label)
            if "note" in m:
                self.text(m, "note", spath, label)
            source = Source(
                id=sid,
                publisher=self.text(m, "publisher", spath, label),
                title=self.text(m, "title", spath, label),
                url=url,
                reviewed=self.date(m, "reviewed", spath, label),
                published=self.date(m, "published", spath, label),
                via=self.url(m, "via", spath, label) if "via" in m else "",
            )
            self.stale(source.date, spath, label, "reviewed" if source.reviewed else "published")
            if sid in out:
                self.error((*spath, "id"), label, "id", "duplicate source id")
            out[sid] = source
        return out

    def review(self, data: dict[str, Any], path: YamlPath, item: str) -> Review | None:
        if "review" not in data:
            return None
        rpath = (*path, "review")
        m = self.mapping(data["review"], rpath, item, {"by", "date"}, {"note"})
        if m is None:
            return None
        when = self.date(m, "date", rpath, item)
        by = self.text(m, "by", rpath, item)
        note = self.text(m, "note", rpath, item) if "note" in m else ""
        if when is None or not by:
            return None
        self.stale(when, (*rpath, "date"), item, "review.date")
        return Review(by, when, note)

    def cited(
        self, data: dict[str, Any], path: YamlPath, item: str, sources: dict[str, Source]
    ) -> tuple[Source, ...]:
        ids = self.text_list(data, "sources", path, item)
        out = []
        for index, sid in enumerate(ids):
            if sid not in sources:
                self.error(
                    (*path, "sources", index),
                    item,
                    "sources",
                    f"{sid!r} is not in the file's sources",
                )
            else:
                out.append(sources[sid])
        return tuple(out)

    def header(
        self, data: dict[str, Any], kind_fields: set[str], optional: set[str], item: str
    ) -> None:
        self.mapping(data, (), item, {"kind", "id", "title", "language"} | kind_fields, optional)

    def placeholders(self, text: str, path: YamlPath, item: str, fld: str) -> None:
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None and name not in PLACEHOLDERS:
                self.error(
                    path,
                    item,
                    fld,
                    f"unknown placeholder {{{name}}}; allowed: {sorted(PLACEHOLDERS)}",
                )
