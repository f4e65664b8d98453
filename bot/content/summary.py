"""What `hrbot check` prints on success: a summary, and warnings grouped one line a kind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot import reviews
from bot.content.problems import CheckRules, Problem, WarningKind
from bot.model import (
    Library,
)


def review_lines(found: Sequence[reviews.ReviewStatus]) -> list[str]:
    """Which items need a (new) review: the to-do list for an organisation's reviewer."""
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
    found = reviews.statuses(library)  # hashes every item's text: once
    current = {s.item.id for s in found if s.state == "valid"}
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
    lines += review_lines(found)
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
