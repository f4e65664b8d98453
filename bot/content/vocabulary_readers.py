"""The word lists (`kind: lexicon`, `triage`): names, spellings, topics, safety concepts."""

from __future__ import annotations

from typing import Any

from bot.content.fields import ID_RE, Fields
from bot.model import (
    CRISIS_CONCEPTS,
    EMERGENCY_CONCEPTS,
    OPTIONAL_EMERGENCY,
    Lexicon,
    TriageVocabulary,
)
from bot.yaml_lines import YamlPath

SMALLTALK_KINDS = {"greeting", "thanks", "bye", "help"}
# whole sentences like and unlike a crisis that only the crisis classifier reads
CLASSIFIER_LISTS = ("classifier_examples", "classifier_unlike")


def read_lexicon(fields: Fields, data: dict[str, Any]) -> Lexicon | None:
    m = fields.mapping(
        data,
        (),
        "lexicon",
        {"kind", "language", "substances", "terms"},
        {
            "spellings",
            "stopwords",
            "smalltalk",
            "generic_terms",
            "weak_terms",
            "senses",
            "taken_with",
        },
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
            fields.error((section,), item, section, "must map ids to lists of aliases")
            continue
        for gid, aliases in raw.items():
            gpath: YamlPath = (section, gid)
            if not ID_RE.match(str(gid)):
                fields.error(gpath, item, section, f"{gid!r} must match [a-z0-9-]")
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                fields.error(gpath, item, f"{section}.{gid}", "must be a list of words")
                continue
            clean = []
            for index, alias in enumerate(aliases):
                key = " ".join(alias.lower().split())
                if not key:
                    fields.error((*gpath, index), item, f"{section}.{gid}", "empty alias")
                    continue
                if key in owner and owner[key] != gid:
                    fields.error(
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
        fields.error(("spellings",), item, "spellings", "must map words to words")
    else:
        for word, standard in spellings_raw.items():
            if not isinstance(standard, str) or not str(word).strip():
                fields.error(("spellings", word), item, "spellings", f"{word!r}: needs a word")
                continue
            spellings[str(word).lower()] = standard.lower()
    stopwords = fields.text_list(m, "stopwords", (), item) if "stopwords" in m else ()
    smalltalk: dict[str, tuple[str, ...]] = {}
    raw_talk = m.get("smalltalk") or {}
    if not isinstance(raw_talk, dict):
        fields.error(("smalltalk",), item, "smalltalk", "must map kinds to phrases")
    else:
        for kind in raw_talk:
            if kind not in SMALLTALK_KINDS:
                fields.error(
                    ("smalltalk", kind),
                    item,
                    "smalltalk",
                    f"{kind!r}: kinds are {sorted(SMALLTALK_KINDS)}",
                )
                continue
            smalltalk[kind] = fields.text_list(raw_talk, kind, ("smalltalk",), item)
    generic = fields.text_list(m, "generic_terms", (), item) if "generic_terms" in m else ()
    for index, term in enumerate(generic):
        if term not in groups["terms"]:
            fields.error(
                ("generic_terms", index), item, "generic_terms", f"{term!r} is not a term id"
            )
    weak = fields.text_list(m, "weak_terms", (), item) if "weak_terms" in m else ()
    for index, term in enumerate(weak):
        if term not in generic:
            fields.error(
                ("weak_terms", index), item, "weak_terms", f"{term!r} is not a generic term"
            )
    taken = fields.text_list(m, "taken_with", (), item) if "taken_with" in m else ()
    for index, sid in enumerate(taken):
        if sid not in groups["substances"]:
            fields.error(
                ("taken_with", index), item, "taken_with", f"{sid!r} is not a substance id"
            )
    senses = _senses(
        fields, m, item, set().union(*groups["substances"].values(), *groups["terms"].values())
    )
    return Lexicon(
        spellings,
        groups["substances"],
        groups["terms"],
        frozenset(w.lower() for w in stopwords),
        smalltalk,
        frozenset(generic),
        senses,
        frozenset(weak),
        frozenset(taken),
    )


def _senses(
    fields: Fields, m: dict[str, Any], item: str, aliases: set[str]
) -> dict[str, tuple[str, ...]]:
    """A name of a drug or drug topic that is also an everyday word ("caballo", a horse;
    "un pico", also in "pico de gallo"), with the words that mean the everyday sense."""
    raw = m.get("senses") or {}
    if not isinstance(raw, dict):
        fields.error(("senses",), item, "senses", "must map aliases to lists of words")
        return {}
    senses: dict[str, tuple[str, ...]] = {}
    for alias in raw:
        key = " ".join(str(alias).lower().split())
        if key not in aliases:
            fields.error(("senses", alias), item, "senses", f"{alias!r} is not an alias")
            continue
        senses[key] = tuple(w.lower() for w in fields.text_list(raw, alias, ("senses",), item))
    return senses


def read_triage(fields: Fields, data: dict[str, Any]) -> TriageVocabulary | None:
    item = "triage"
    m = fields.mapping(
        data,
        (),
        item,
        {"kind", "language", "emergency", "crisis"},
        {"overdose_fact", "emergency_meaning"},
    )
    if m is None:
        return None
    fields.text(data, "language", (), item)
    overdose_fact = fields.text(data, "overdose_fact", (), item) if "overdose_fact" in m else ""
    emergency = fields.mapping(
        m.get("emergency"), ("emergency",), item, set(EMERGENCY_CONCEPTS), set(OPTIONAL_EMERGENCY)
    )
    crisis = fields.mapping(
        m.get("crisis"),
        ("crisis",),
        item,
        {"phrases"},
        {"not", "examples", "unlike", *CLASSIFIER_LISTS, *CRISIS_CONCEPTS},
    )
    meaning = (
        fields.mapping(
            m["emergency_meaning"], ("emergency_meaning",), item, {"live", "unlike"}, set()
        )
        if "emergency_meaning" in m
        else {}
    )
    if emergency is None or crisis is None or meaning is None:
        return None
    live = fields.text_list(meaning, "live", ("emergency_meaning",), item)
    live_unlike = fields.text_list(meaning, "unlike", ("emergency_meaning",), item)
    concepts = {
        name: fields.text_list(emergency, name, ("emergency",), item) for name in EMERGENCY_CONCEPTS
    }
    optional = {
        name: fields.text_list(emergency, name, ("emergency",), item)
        for name in OPTIONAL_EMERGENCY
        if name in emergency
    }
    phrases = fields.text_list(crisis, "phrases", ("crisis",), item)
    not_crisis = fields.text_list(crisis, "not", ("crisis",), item)
    examples = fields.text_list(crisis, "examples", ("crisis",), item)
    unlike = fields.text_list(crisis, "unlike", ("crisis",), item)
    classifier = {
        name: fields.text_list(crisis, name, ("crisis",), item) for name in CLASSIFIER_LISTS
    }
    crisis_concepts = {
        name: fields.text_list(crisis, name, ("crisis",), item)
        for name in CRISIS_CONCEPTS
        if name in crisis
    }
    if not all(concepts.values()) or not phrases:
        return None
    return TriageVocabulary(
        emergency={**concepts, **{name: words for name, words in optional.items() if words}},
        crisis=phrases,
        crisis_not=not_crisis,
        crisis_concepts=crisis_concepts,
        crisis_examples=examples,
        crisis_unlike=unlike,
        crisis_classifier_examples=classifier["classifier_examples"],
        crisis_classifier_unlike=classifier["classifier_unlike"],
        emergency_live=live,
        emergency_unlike=live_unlike,
        overdose_fact=overdose_fact,
    )
