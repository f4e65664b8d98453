"""Fixed interface text, loaded from ``bot/texts/<language>.yaml`` and checked at startup."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

TEXTS_DIR = Path(__file__).resolve().parent / "texts"


@dataclass(frozen=True)
class Texts:
    welcome: str
    privacy_line: str
    help: str
    privacy: str
    thanks: str
    bye: str
    topics_prompt: str
    next_fact: str
    all_topics: str
    emergency_button: str
    support_button: str
    overdose_now_button: str
    did_you_mean: str
    fallback: str
    other_drug: str
    unsupported: str
    stale_button: str
    sources_label: str
    sources_button: str
    sources_summary: str
    sources_more: str
    position: str
    review_unchecked: str
    review_checked: str
    source_reviewed: str
    source_published: str
    emergency_number_generic: str
    emergency_numbers: str
    support_intro: str
    support_emergency: str
    support_pick_country: str
    support_unknown: str
    deep_link_unknown: str
    flood: str
    error: str
    inline_more: str
    cut_note: str
    cmd_start: str
    cmd_topics: str
    cmd_help: str
    cmd_emergency: str
    cmd_support: str
    cmd_crisis: str
    language_name: str  # on the button that switches to this language
    cmd_privacy: str


class TextsError(Exception):
    pass


def load_texts(language: str = "en", folder: Path = TEXTS_DIR) -> Texts:
    """A missing or unknown key is an error: a translation must be complete."""
    path = folder / f"{language}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TextsError(f"{path}: cannot load interface texts: {exc}") from exc
    if not isinstance(raw, dict):
        raise TextsError(f"{path}: must be a mapping of keys to texts")
    names = {f.name for f in fields(Texts)}
    problems = [f"{path}: {k}: missing" for k in sorted(names - set(raw))]
    problems += [f"{path}: {k}: unknown key" for k in sorted(set(raw) - names)]
    problems += [
        f"{path}: {k}: must be non-empty text"
        for k in sorted(names & set(raw))
        if not isinstance(raw[k], str) or not raw[k].strip()
    ]
    if problems:
        raise TextsError("\n".join(problems))
    return Texts(**{k: raw[k].strip() for k in names})
