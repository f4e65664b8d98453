"""One content folder, read and checked as a unit: every file by its kind, then what no
single file can know (unique ids, real substances, the fact the triage names)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot import yaml_lines
from bot.content.card_readers import read_crisis, read_emergency, read_support
from bot.content.fields import Fields, dotted
from bot.content.pack_reader import read_pack
from bot.content.problems import CheckRules, ContentError, Problem, Report
from bot.content.review_reader import check_reviews, read_reviews
from bot.content.vocabulary_readers import read_lexicon, read_triage
from bot.model import (
    Lexicon,
    Library,
    Pack,
    TriageVocabulary,
)

Reader = Callable[[Fields, dict[str, Any]], Any]
# Each kind of file and its reader; a folder needs exactly one of each card and word list.
READERS: dict[str, Reader] = {
    "pack": read_pack,
    "emergency": read_emergency,
    "crisis": read_crisis,
    "support": read_support,
    "lexicon": read_lexicon,
    "triage": read_triage,
    "reviews": read_reviews,
}
KINDS = tuple(READERS)
SINGLES = ("emergency", "support", "lexicon", "crisis", "triage")


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
    found: dict[str, list[Any]] = {kind: [] for kind in READERS}
    for path in files:
        fields = Fields(path, rules)
        try:
            doc = yaml_lines.load(path)
        except yaml_lines.YamlError as exc:
            problems.append(Problem(str(path), exc.line, "", "", exc.message))
            continue
        fields.doc = doc
        for dup_path, line in doc.duplicates:
            fields.problems.append(Problem(str(path), line, "", dotted(dup_path), "duplicate key"))
        if not isinstance(doc.data, dict):
            fields.error((), "", "", "the file must be a mapping with a `kind`")
        else:
            kind = doc.data.get("kind")
            reader = READERS.get(kind) if isinstance(kind, str) else None
            if reader is None:
                fields.error(("kind",), "", "kind", f"must be one of {', '.join(KINDS)}")
            else:
                _append(found[str(kind)], reader(fields, doc.data))
        problems += fields.problems
    folder = str(facts_dir)
    if any(p.severity == "error" for p in problems):
        return Report(None, problems)  # a missing card is most likely the broken file
    for name in SINGLES:
        if len(found[name]) != 1:
            message = f"need exactly one `kind: {name}` file, found {len(found[name])}"
            problems.append(Problem(folder, 0, "", "kind", message))
    packs: list[Pack] = found["pack"]
    if not packs:
        problems.append(Problem(folder, 0, "", "kind", "no `kind: pack` file found"))
    _check_across(packs, found["lexicon"], problems)
    triages: list[TriageVocabulary] = found["triage"]
    overdose_fact = triages[0].overdose_fact if triages else ""
    if overdose_fact and overdose_fact not in {f.key for p in packs for f in p.facts}:
        problems.append(
            Problem(folder, 0, "triage", "overdose_fact", f"{overdose_fact!r} is not a fact key")
        )
    if any(p.severity == "error" for p in problems):
        return Report(None, problems)
    if len(found["reviews"]) > 1:
        problems.append(
            Problem(folder, 0, "", "kind", "at most one `kind: reviews` file, found several")
        )
        return Report(None, problems)
    one = {name: found[name][0] for name in SINGLES}
    library = Library(
        tuple(packs),
        one["emergency"],
        one["support"],
        one["lexicon"],
        one["crisis"],
        triages[0],
        reviews=found["reviews"][0] if found["reviews"] else (),
    )
    problems += check_reviews(library, folder, rules)
    if any(p.severity == "error" for p in problems):
        return Report(None, problems)
    return Report(library, problems)


def _append(items: list[Any], item: Any) -> None:
    if item is not None:
        items.append(item)


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
