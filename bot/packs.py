"""Load and check the content folder: packs, emergency card, support card, lexicon.

Every problem is collected (not just the first) and names file, line, item and field,
so one run of ``hrbot check`` shows an editor everything to fix. Loading either returns
a complete Library or raises; the bot never runs on half-loaded content.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot import payloads, reviews, yaml_lines
from bot.model import (
    CRISIS_CONCEPTS,
    EMERGENCY_CONCEPTS,
    Country,
    CrisisCard,
    EmergencyCard,
    Fact,
    HelpLine,
    Lexicon,
    Library,
    Pack,
    Review,
    ReviewRecord,
    Source,
    SupportCard,
    TriageVocabulary,
)
from bot.yaml_lines import LoadedYaml, YamlPath

TELEGRAM_LIMIT = 4096
LABEL_LIMIT = 32
MIN_PHRASINGS = 5
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
URL_RE = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/[^\s]*)?$")
PLACEHOLDERS = {"emergency_number"}
KINDS = ("pack", "emergency", "crisis", "support", "lexicon", "triage", "reviews")
SMALLTALK_KINDS = {"greeting", "thanks", "bye", "help"}
FACT_LINKS = {"emergency", "support"}  # context buttons a fact may carry
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
WarningKind = Literal["old", "long-answer", "uncited", "long-step"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    item: str
    field: str
    message: str
    severity: str = "error"
    kind: WarningKind | None = None  # warnings only: how `hrbot check` groups them
    note: str = ""  # warnings only: the short detail shown in the grouped line

    def __str__(self) -> str:
        where = f"{self.item}: " if self.item else ""
        what = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {self.severity}: {where}{what}{self.message}"


@dataclass(frozen=True)
class CheckRules:
    """The operator's content policy (from ``[content]`` in the config)."""

    answer_budget: int = 900
    max_age_days: int = 730
    require_review: bool = False
    today: dt.date = field(default_factory=dt.date.today)


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Report:
    library: Library | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_library(facts_dir: Path, rules: CheckRules | None = None) -> Library:
    """The loader the bot uses: a complete, checked Library or ContentError."""
    report = check_folder(facts_dir, rules)
    if report.errors or report.library is None:
        raise ContentError(report.errors)
    return report.library


def check_folder(facts_dir: Path, rules: CheckRules | None = None) -> Report:
    rules = rules or CheckRules()
    if not facts_dir.is_dir():
        return Report(None, [Problem(str(facts_dir), 0, "", "", "no such folder")])
    files = sorted(p for p in facts_dir.iterdir() if p.suffix in {".yaml", ".yml"})
    problems: list[Problem] = []
    packs: list[Pack] = []
    emergency: list[EmergencyCard] = []
    support: list[SupportCard] = []
    lexicons: list[Lexicon] = []
    crises: list[CrisisCard] = []
    triages: list[TriageVocabulary] = []
    review_files: list[tuple[ReviewRecord, ...]] = []
    for path in files:
        ctx = _Ctx(path, rules)
        try:
            doc = yaml_lines.load(path)
        except yaml_lines.YamlError as exc:
            problems.append(Problem(str(path), exc.line, "", "", exc.message))
            continue
        ctx.doc = doc
        for dup_path, line in doc.duplicates:
            ctx.problems.append(Problem(str(path), line, "", _dotted(dup_path), "duplicate key"))
        if not isinstance(doc.data, dict):
            ctx.error((), "", "", "the file must be a mapping with a `kind`")
        else:
            kind = doc.data.get("kind")
            if kind == "pack":
                _append(packs, ctx.pack(doc.data))
            elif kind == "emergency":
                _append(emergency, ctx.emergency(doc.data))
            elif kind == "support":
                _append(support, ctx.support(doc.data))
            elif kind == "lexicon":
                _append(lexicons, ctx.lexicon(doc.data))
            elif kind == "crisis":
                _append(crises, ctx.crisis(doc.data))
            elif kind == "triage":
                _append(triages, ctx.triage(doc.data))
            elif kind == "reviews":
                _append(review_files, ctx.reviews(doc.data))
            else:
                ctx.error(("kind",), "", "kind", f"must be one of {', '.join(KINDS)}")
        problems += ctx.problems
    folder = str(facts_dir)
    if any(p.severity == "error" for p in problems):
        return Report(None, problems)  # a missing card is most likely the broken file
    singles: tuple[tuple[str, list[Any]], ...] = (
        ("emergency", emergency),
        ("support", support),
        ("lexicon", lexicons),
        ("crisis", crises),
        ("triage", triages),
    )
    for name, found in singles:
        if len(found) != 1:
            problems.append(
                Problem(
                    folder,
                    0,
                    "",
                    "kind",
                    f"need exactly one `kind: {name}` file, found {len(found)}",
                )
            )
    if not packs:
        problems.append(Problem(folder, 0, "", "kind", "no `kind: pack` file found"))
    _check_across(packs, lexicons, problems)
    overdose_fact = triages[0].overdose_fact if triages else ""
    if overdose_fact and overdose_fact not in {f.key for p in packs for f in p.facts}:
        problems.append(
            Problem(folder, 0, "triage", "overdose_fact", f"{overdose_fact!r} is not a fact key")
        )
    if any(p.severity == "error" for p in problems):
        return Report(None, problems)
    if len(review_files) > 1:
        problems.append(
            Problem(folder, 0, "", "kind", "at most one `kind: reviews` file, found several")
        )
        return Report(None, problems)
    records = review_files[0] if review_files else ()
    library = Library(
        tuple(packs),
        emergency[0],
        support[0],
        lexicons[0],
        crises[0],
        triages[0],
        reviews=records,
    )
    problems += _check_reviews(library, folder, rules)
    if any(p.severity == "error" for p in problems):
        return Report(None, problems)
    return Report(library, problems)


def _check_reviews(library: Library, folder: str, rules: CheckRules) -> list[Problem]:
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


def _append(items: list[Any], item: Any) -> None:
    if item is not None:
        items.append(item)


def _dotted(path: YamlPath) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


def _check_across(packs: list[Pack], lexicons: list[Lexicon], problems: list[Problem]) -> None:
    """What no single file can know: unique pack ids, and that packs name real substances."""
    seen: dict[str, str] = {}
    for pack in packs:
        if pack.id in seen:
            problems.append(
                Problem(pack.path, 1, pack.id, "id", f"pack id also used in {seen[pack.id]}")
            )
        seen[pack.id] = pack.path
        if lexicons:
            known = set(lexicons[0].substances)
            for name in sorted((pack.substances | pack.related) - known):
                problems.append(
                    Problem(
                        pack.path,
                        1,
                        pack.id,
                        "substances",
                        f"{name!r} is not a substance in the lexicon",
                    )
                )


class _Ctx:
    """Checks one file; collects problems instead of stopping at the first."""

    def __init__(self, path: Path, rules: CheckRules) -> None:
        self.path = path
        self.rules = rules
        self.problems: list[Problem] = []
        self.doc = LoadedYaml(None, {}, ())

    # -- reporting -------------------------------------------------------------------
    def error(self, path: YamlPath, item: str, fld: str, message: str) -> None:
        self.problems.append(Problem(str(self.path), self.doc.line(path), item, fld, message))

    def warn(
        self, path: YamlPath, item: str, fld: str, message: str, kind: WarningKind, note: str = ""
    ) -> None:
        line = self.doc.line(path)
        self.problems.append(
            Problem(str(self.path), line, item, fld, message, "warning", kind, note)
        )

    # -- generic shapes --------------------------------------------------------------
    def mapping(
        self, value: Any, path: YamlPath, item: str, required: set[str], optional: set[str]
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, item, _dotted(path), "must be a mapping")
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

    # -- shared pieces ----------------------------------------------------------------
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

    # -- kinds --------------------------------------------------------------------------
    def pack(self, data: dict[str, Any]) -> Pack | None:
        self.header(data, {"substances", "facts", "sources"}, {"related"}, str(data.get("id", "")))
        pid = self.ident(data, "id", (), "")
        title = self.text(data, "title", (), pid)
        language = self.text(data, "language", (), pid)
        substances = self.text_list(data, "substances", (), pid)
        related = self.text_list(data, "related", (), pid) if "related" in data else ()
        sources = self.sources(data, (), pid)
        raw_facts = data.get("facts")
        if not isinstance(raw_facts, list) or not raw_facts:
            if "facts" in data:
                self.error(("facts",), pid, "facts", "must be a non-empty list")
            return None
        drafts: list[dict[str, Any]] = []
        ids: list[str] = []
        used: set[str] = set()
        for index, raw in enumerate(raw_facts):
            fpath: YamlPath = ("facts", index)
            fid_guess = raw.get("id") if isinstance(raw, dict) else None
            item = f"{pid}/{fid_guess}" if isinstance(fid_guess, str) else f"{pid}/#{index + 1}"
            m = self.mapping(
                raw,
                fpath,
                item,
                {"id", "question", "label", "phrasings", "answer", "sources"},
                {"review", "next", "links"},
            )
            if m is None:
                continue
            fid = self.ident(m, "id", fpath, item)
            if len(payloads.fact(f"{pid}/{fid}").encode()) > payloads.MAX_BYTES:
                self.error(
                    (*fpath, "id"),
                    item,
                    "id",
                    "pack id + fact id too long for a "
                    f"button ({payloads.MAX_BYTES} bytes of button data)",
                )
            if fid in ids:
                self.error((*fpath, "id"), item, "id", "duplicate fact id")
            ids.append(fid)
            label = self.text(m, "label", fpath, item)
            if len(label) > LABEL_LIMIT:
                self.error(
                    (*fpath, "label"),
                    item,
                    "label",
                    f"{len(label)} characters; button labels may have at most {LABEL_LIMIT}",
                )
            answer = self.text(m, "answer", fpath, item)
            if len(answer) > TELEGRAM_LIMIT:
                self.error(
                    (*fpath, "answer"),
                    item,
                    "answer",
                    f"{len(answer)} characters, over Telegram's limit of {TELEGRAM_LIMIT}",
                )
            elif len(answer) > self.rules.answer_budget:
                self.warn(
                    (*fpath, "answer"),
                    item,
                    "answer",
                    f"{len(answer)} characters, over "
                    f"the phone-screen budget of {self.rules.answer_budget}",
                    "long-answer",
                    f"{len(answer)} characters",
                )
            cited = self.cited(m, fpath, item, sources)
            used.update(s.id for s in cited)
            review = self.review(m, fpath, item)
            links = self.text_list(m, "links", fpath, item) if "links" in m else ()
            for index, link in enumerate(links):
                if link not in FACT_LINKS:
                    self.error(
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
                    "question": self.text(m, "question", fpath, item),
                    "label": label,
                    "phrasings": self.text_list(m, "phrasings", fpath, item, MIN_PHRASINGS),
                    "answer": answer,
                    "sources": cited,
                    "review": review,
                    "links": links,
                    "next": self.ident(m, "next", fpath, item) if "next" in m else None,
                }
            )
        for sid in sorted(set(sources) - used):
            message = f"source {sid!r} is not cited by any fact"
            self.warn(("sources",), f"source {sid}", "sources", message, "uncited")
        self._phrasing_clashes(drafts)
        facts = []
        for index, d in enumerate(drafts):
            nxt = d["next"] or drafts[(index + 1) % len(drafts)]["id"]
            if nxt not in ids:
                self.error(
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
            str(self.path),
        )

    def _phrasing_clashes(self, drafts: list[dict[str, Any]]) -> None:
        """The same phrasing under two facts would make the matcher guess."""
        owner: dict[str, str] = {}
        for d in drafts:
            for index, text in enumerate((d["question"], *d["phrasings"])):
                key = " ".join(text.lower().split())
                if key in owner and owner[key] != d["id"]:
                    self.error(
                        (*d["path"], "phrasings", max(index - 1, 0)),
                        d["item"],
                        "phrasings",
                        f"{text!r} is also a phrasing of {owner[key]!r}",
                    )
                owner.setdefault(key, d["id"])

    def emergency(self, data: dict[str, Any]) -> EmergencyCard | None:
        self.header(
            data,
            {"triggers", "steps", "sources"},
            {"review", "alone_steps"},
            f"emergency/{data.get('id', '')}",
        )
        cid = self.ident(data, "id", (), "")
        item = f"emergency/{cid}"
        title = self.text(data, "title", (), item)
        self.text(data, "language", (), item)
        triggers = self.text_list(data, "triggers", (), item)
        if "triggers" not in data or not triggers:
            self.error(("triggers",), item, "triggers", "an emergency card needs trigger phrases")
        steps = self.text_list(data, "steps", (), item)
        self._card_steps(steps, "steps", item)
        alone = self.text_list(data, "alone_steps", (), item) if "alone_steps" in data else ()
        self._card_steps(alone, "alone_steps", item)
        if alone and not any("{emergency_number}" in step for step in alone):
            self.error(
                ("alone_steps",),
                item,
                "alone_steps",
                "someone alone must be told to call: no step has {emergency_number}",
            )
        sources = self.sources(data, (), item)
        review = self.review(data, (), item)
        if not (cid and title and triggers and steps and sources):
            return None
        return EmergencyCard(
            cid, title, triggers, steps, tuple(sources.values()), review, alone_steps=alone
        )

    def _card_steps(self, steps: tuple[str, ...], key: str, item: str) -> None:
        """Only known placeholders, and steps short enough to read in a hurry."""
        for index, step in enumerate(steps):
            self.placeholders(step, (key, index), item, key)
            if len(step) > 300:
                where, message = (key, index), "step longer than 300 characters"
                self.warn(where, item, key, message, "long-step", f"{key} {index + 1}")

    def crisis(self, data: dict[str, Any]) -> CrisisCard | None:
        self.header(data, {"paragraphs", "sources"}, {"review"}, "crisis")
        cid = self.ident(data, "id", (), "")
        item = f"crisis/{cid}"
        title = self.text(data, "title", (), item)
        self.text(data, "language", (), item)
        paragraphs = self.text_list(data, "paragraphs", (), item)
        for index, paragraph in enumerate(paragraphs):
            self.placeholders(paragraph, ("paragraphs", index), item, "paragraphs")
        sources = self.sources(data, (), item)
        review = self.review(data, (), item)
        if not (cid and title and paragraphs and sources):
            return None
        return CrisisCard(cid, title, paragraphs, tuple(sources.values()), review)

    def triage(self, data: dict[str, Any]) -> TriageVocabulary | None:
        item = "triage"
        m = self.mapping(
            data, (), item, {"kind", "language", "emergency", "crisis"}, {"overdose_fact"}
        )
        if m is None:
            return None
        self.text(data, "language", (), item)
        overdose_fact = self.text(data, "overdose_fact", (), item) if "overdose_fact" in m else ""
        emergency = self.mapping(
            m.get("emergency"), ("emergency",), item, set(EMERGENCY_CONCEPTS), set()
        )
        crisis = self.mapping(
            m.get("crisis"), ("crisis",), item, {"phrases"}, {"not", *CRISIS_CONCEPTS}
        )
        if emergency is None or crisis is None:
            return None
        concepts = {
            name: self.text_list(emergency, name, ("emergency",), item)
            for name in EMERGENCY_CONCEPTS
        }
        phrases = self.text_list(crisis, "phrases", ("crisis",), item)
        not_crisis = self.text_list(crisis, "not", ("crisis",), item) if "not" in crisis else ()
        crisis_concepts = {
            name: self.text_list(crisis, name, ("crisis",), item)
            for name in CRISIS_CONCEPTS
            if name in crisis
        }
        if not all(concepts.values()) or not phrases:
            return None
        return TriageVocabulary(
            emergency=concepts,
            crisis=phrases,
            crisis_not=not_crisis,
            crisis_concepts=crisis_concepts,
            overdose_fact=overdose_fact,
        )

    def placeholders(self, text: str, path: YamlPath, item: str, fld: str) -> None:
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None and name not in PLACEHOLDERS:
                self.error(
                    path,
                    item,
                    fld,
                    f"unknown placeholder {{{name}}}; allowed: {sorted(PLACEHOLDERS)}",
                )

    def support(self, data: dict[str, Any]) -> SupportCard | None:
        self.header(data, {"countries", "sources"}, {"review"}, "support")
        item = "support"
        title = self.text(data, "title", (), item)
        self.text(data, "language", (), item)
        self.ident(data, "id", (), item)
        sources = self.sources(data, (), item)
        countries: dict[str, Country] = {}
        raw = data.get("countries")
        if not isinstance(raw, dict) or not raw:
            self.error(("countries",), item, "countries", "must map country codes to entries")
            return None
        for code, entry in raw.items():
            cpath: YamlPath = ("countries", code)
            citem = f"support/{code}"
            if not re.fullmatch(r"[A-Z]{2}", str(code)):
                self.error(cpath, citem, "countries", "country code must be two capital letters")
            m = self.mapping(entry, cpath, citem, {"name", "emergency", "lines"}, {"short"})
            if m is None:
                continue
            emergency_number = str(m.get("emergency", "")).strip()
            if not re.fullmatch(r"[0-9]{2,4}", emergency_number):
                self.error((*cpath, "emergency"), citem, "emergency", "must be a short number")
            lines = []
            for index, line in enumerate(m.get("lines") or []):
                lpath: YamlPath = (*cpath, "lines", index)
                lm = self.mapping(
                    line, lpath, citem, {"name", "number"}, {"note", "source", "crisis"}
                )
                if lm is None:
                    continue
                sid = lm.get("source")
                if sid is not None and sid not in sources:
                    self.error(
                        (*lpath, "source"), citem, "source", f"{sid!r} is not in the file's sources"
                    )
                lines.append(
                    HelpLine(
                        self.text(lm, "name", lpath, citem),
                        str(lm.get("number", "")).strip(),
                        self.text(lm, "note", lpath, citem) if "note" in lm else "",
                        sources.get(str(sid)) if sid else None,
                        lm.get("crisis") is True,
                    )
                )
                if "crisis" in lm and not isinstance(lm["crisis"], bool):
                    self.error((*lpath, "crisis"), citem, "crisis", "must be true or false")
            countries[str(code)] = Country(
                str(code),
                self.text(m, "name", cpath, citem),
                emergency_number,
                tuple(lines),
                self.text(m, "short", cpath, citem) if "short" in m else "",
            )
        return SupportCard(title, countries, tuple(sources.values()), self.review(data, (), item))

    def reviews(self, data: dict[str, Any]) -> tuple[ReviewRecord, ...] | None:
        """facts/reviews.yaml: only ever appended to by ``hrbot review sign``."""
        m = self.mapping(data, (), "reviews", {"kind", "records"}, {"language"})
        if m is None:
            return None
        raw = m.get("records")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(("records",), "reviews", "records", "must be a list of review records")
            return None
        out = []
        for index, entry in enumerate(raw):
            rpath: YamlPath = ("records", index)
            rm = self.mapping(
                entry,
                rpath,
                f"record {index + 1}",
                {"item", "role", "date", "sha256"},
                {"by", "note"},
            )
            if rm is None:
                continue
            item = self.text(rm, "item", rpath, f"record {index + 1}")
            label = item or f"record {index + 1}"
            role = self.text(rm, "role", rpath, label)
            when = self.date(rm, "date", rpath, label)
            digest = self.text(rm, "sha256", rpath, label)
            if digest and not SHA256_RE.match(digest):
                self.error((*rpath, "sha256"), label, "sha256", "must be 64 lowercase hex digits")
                continue
            by = self.text(rm, "by", rpath, label) if "by" in rm else ""
            note = self.text(rm, "note", rpath, label) if "note" in rm else ""
            if item and role and when and digest:
                out.append(ReviewRecord(item, role, when, digest, by, note))
        return tuple(out)

    def lexicon(self, data: dict[str, Any]) -> Lexicon | None:
        m = self.mapping(
            data,
            (),
            "lexicon",
            {"kind", "language", "substances", "terms"},
            {"spellings", "stopwords", "smalltalk", "generic_terms"},
        )
        if m is None:
            return None
        item = "lexicon"
        owner: dict[str, str] = {}
        groups: dict[str, dict[str, tuple[str, ...]]] = {}
        for section in ("substances", "terms"):
            raw = m.get(section) or {}
            groups[section] = {}
            if not isinstance(raw, dict):
                self.error((section,), item, section, "must map ids to lists of aliases")
                continue
            for gid, aliases in raw.items():
                gpath: YamlPath = (section, gid)
                if not ID_RE.match(str(gid)):
                    self.error(gpath, item, section, f"{gid!r} must match [a-z0-9-]")
                if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                    self.error(gpath, item, f"{section}.{gid}", "must be a list of words")
                    continue
                clean = []
                for index, alias in enumerate(aliases):
                    key = " ".join(alias.lower().split())
                    if not key:
                        self.error((*gpath, index), item, f"{section}.{gid}", "empty alias")
                        continue
                    if key in owner and owner[key] != gid:
                        self.error(
                            (*gpath, index),
                            item,
                            f"{section}.{gid}",
                            f"alias {key!r} also names {owner[key]!r}",
                        )
                    owner[key] = str(gid)
                    clean.append(key)
                groups[section][str(gid)] = tuple(clean)
        spellings_raw = m.get("spellings") or {}
        spellings: dict[str, str] = {}
        if not isinstance(spellings_raw, dict):
            self.error(("spellings",), item, "spellings", "must map words to words")
        else:
            for word, standard in spellings_raw.items():
                if not isinstance(standard, str) or not str(word).strip():
                    self.error(("spellings", word), item, "spellings", f"{word!r}: needs a word")
                    continue
                spellings[str(word).lower()] = standard.lower()
        stopwords = self.text_list(m, "stopwords", (), item) if "stopwords" in m else ()
        smalltalk: dict[str, tuple[str, ...]] = {}
        raw_talk = m.get("smalltalk") or {}
        if not isinstance(raw_talk, dict):
            self.error(("smalltalk",), item, "smalltalk", "must map kinds to phrases")
        else:
            for kind in raw_talk:
                if kind not in SMALLTALK_KINDS:
                    self.error(
                        ("smalltalk", kind),
                        item,
                        "smalltalk",
                        f"{kind!r}: kinds are {sorted(SMALLTALK_KINDS)}",
                    )
                    continue
                smalltalk[kind] = self.text_list(raw_talk, kind, ("smalltalk",), item)
        generic = self.text_list(m, "generic_terms", (), item) if "generic_terms" in m else ()
        for index, term in enumerate(generic):
            if term not in groups["terms"]:
                self.error(
                    ("generic_terms", index), item, "generic_terms", f"{term!r} is not a term id"
                )
        return Lexicon(
            spellings,
            groups["substances"],
            groups["terms"],
            frozenset(w.lower() for w in stopwords),
            smalltalk,
            frozenset(generic),
        )


def review_lines(library: Library) -> list[str]:
    """Which items need a (new) review: the to-do list for an organisation's reviewer."""
    found = reviews.statuses(library)
    valid = sum(s.state == "valid" for s in found)
    lines = [f"reviews: {valid} of {len(found)} items have a current review record"]
    for state in ("missing", "stale"):
        ids = [s.item.id for s in found if s.state == state]
        if ids:
            lines.append(f"  {state}: {', '.join(ids)}")
    return lines


def summarise(library: Library, problems: Iterable[Problem]) -> list[str]:
    """The lines ``hrbot check`` prints on success."""
    facts = library.ordered_facts
    current = {s.item.id for s in reviews.statuses(library) if s.state == "valid"}
    unreviewed = [f.key for f in facts if f.key not in current]
    sources = {s.url for p in library.packs for s in p.sources}
    warnings = [p for p in problems if p.severity == "warning"]
    lines = [
        f"packs: {len(library.packs)} ({', '.join(p.id for p in library.packs)})",
        f"facts: {len(facts)}",
        f"phrasings: {sum(len(f.phrasings) for f in facts)}",
        f"sources: {len(sources)}",
        f"emergency triggers: {len(library.emergency.triggers)}; "
        f"support countries: {', '.join(sorted(library.support.countries))}",
        f"lexicon: {len(library.lexicon.substances)} substances, "
        f"{len(library.lexicon.terms)} terms",
    ]
    if unreviewed:
        lines.append(
            f"facts without a review record: {len(unreviewed)} of {len(facts)} "
            "(not yet reviewed by a qualified person)"
        )
    else:
        lines.append("facts without a review record: 0")
    lines += review_lines(library)
    lines.append(f"warnings: {len(warnings)}")
    return lines


def _warning_titles(rules: CheckRules) -> dict[WarningKind, str]:
    return {
        "old": f"sources or reviews dated more than {rules.max_age_days} days ago "
        "(check they are still current; [content] max_age_days)",
        "long-answer": f"answers over the phone-screen budget of {rules.answer_budget} "
        "characters ([content] answer_budget)",
        "uncited": "sources no fact cites",
        "long-step": "emergency steps over 300 characters",
    }


def grouped_warnings(problems: Iterable[Problem], rules: CheckRules) -> list[str]:
    """One line per kind of warning, with how many and which: what `hrbot check` prints."""
    by_kind: dict[WarningKind, list[Problem]] = {}
    for p in problems:
        if p.severity == "warning" and p.kind is not None:
            by_kind.setdefault(p.kind, []).append(p)
    lines = []
    for kind, title in _warning_titles(rules).items():
        found = by_kind.get(kind, [])
        if found:
            items = ", ".join(
                p.item.removeprefix("source ") + (f" ({p.note})" if p.note else "") for p in found
            )
            lines.append(f"warning: {len(found)} {title}: {items}")
    return lines
