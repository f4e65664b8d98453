"""The loader and every content check, on real YAML files (tests/broken/)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot import yaml_lines
from bot.content import CheckRules, ContentError, check_folder, load_library
from tests import shingles
from tests.conftest import FACTS, run_cli

BROKEN = Path(__file__).resolve().parent / "broken"

FACT_IDS = [
    "what-is",
    "medical-uses",
    "detection-time",
    "mixing",
    "overdose",
    "addiction-first-use",
    "treatment",
    "harm-reduction",
    "policies",
]
QUESTIONS = [
    "What is heroin and what are the effects of heroin on the body?",
    "Are there any medical uses of heroin?",
    "How long does heroin stay in the system?",
    "What happens if you mix heroin with other drugs?",
    "Can you overdose on heroin?",
    "Can you become addicted to heroin after using it the first time?",
    "What are treatment options for opioid use disorder?",
    "What are harm reduction strategies for heroin use?",
    "What are policies to help people who use heroin to stay safe?",
]


def folder_with(tmp_path: Path, broken: str, replaces: str) -> Path:
    """The shipped facts/ with one file swapped for a broken one."""
    target = tmp_path / "facts"
    shutil.copytree(FACTS, target)
    shutil.copy(BROKEN / broken, target / replaces)
    return target


def test_shipped_content_passes_check() -> None:
    result = run_cli("check", "facts")
    assert result.returncode == 0, result.stderr
    assert "facts: 9" in result.stdout
    assert "facts without a review record: 9 of 9" in result.stdout
    assert "OK" in result.stdout


def test_heroin_pack_has_the_nine_questions_in_order() -> None:
    library = load_library(FACTS)
    pack = next(p for p in library.packs if p.id == "heroin")
    assert [f.id for f in pack.facts] == FACT_IDS
    assert [f.question for f in pack.facts] == QUESTIONS
    assert library.facts["heroin/policies"].next_id == "what-is"  # wraps


def test_every_answer_cites_a_source_with_a_url() -> None:
    library = load_library(FACTS)
    for fact in library.ordered_facts:
        assert fact.sources, fact.key
        assert all(re.match(r"https?://", s.url) for s in fact.sources), fact.key
        assert 0 < len(fact.answer) <= 900, fact.key


def test_no_answer_repeats_eight_words_of_the_seed_or_the_brief() -> None:
    """Against the shipped hashes of the seed's and brief's 8-word runs (tests/shingles.py)."""
    sources = shingles.load()
    assert len(sources) > 5000, "the shingle file must be there for this check to mean anything"
    library = load_library(FACTS)
    texts = {fact.key: fact.answer for fact in library.ordered_facts}
    card = library.emergency
    texts |= {f"step {i}": s for i, s in enumerate(card.steps + card.alone_steps, 1)}
    texts |= {f"crisis {i}": p for i, p in enumerate(library.crisis.paragraphs, 1)}
    for key, text in texts.items():
        copied = [" ".join(r) for r in shingles.runs(text) if shingles.digest(r) in sources]
        assert not copied, f"{key} copies {copied}"


def test_eight_word_check_would_catch_a_copy(tmp_path: Path) -> None:
    """The same pipeline (regenerate, load, compare) on stand-in source texts."""
    facts = load_library(FACTS).facts
    source = facts["heroin/overdose"].answer
    shared = tmp_path / "shared"
    for name in shingles.SOURCES:
        (shared / name).parent.mkdir(parents=True, exist_ok=True)
        (shared / name).write_text(source)
    made = tmp_path / "shingles.txt"
    made.write_text(shingles.render(shared))
    hashes = shingles.load(made)
    assert shingles.hashed("As the sheet says: " + source[100:200]) & hashes
    assert not shingles.hashed(facts["heroin/mixing"].answer) & hashes


@pytest.mark.skipif(not shingles.SHARED.exists(), reason="no ../shared beside the repository")
def test_shingle_file_matches_the_shared_texts() -> None:
    """Where the texts are at hand, the shipped hashes are exactly theirs."""
    assert shingles.SHINGLES.read_text(encoding="utf-8") == shingles.render(shingles.SHARED)


def test_addiction_fact_carries_the_seed_facts() -> None:
    answer = load_library(FACTS).facts["heroin/addiction-first-use"].answer.lower()
    for word in ("depend", "use disorder", "chronic pain", "methadone", "buprenorphine"):
        assert word in answer, word


@pytest.mark.parametrize(
    ("broken", "replaces", "expected"),
    [
        ("malformed.yaml", "heroin.yaml", ["heroin.yaml:", "malformed YAML"]),
        ("unknown-field.yaml", "heroin.yaml", ["heroin/overdose", "anwser", "unknown field"]),
        ("missing-field.yaml", "heroin.yaml", ["heroin/what-is", "answer", "missing field"]),
        ("duplicate-id.yaml", "heroin.yaml", ["heroin/what-is", "id", "duplicate fact id"]),
        ("empty-answer.yaml", "heroin.yaml", ["heroin/overdose", "answer", "non-empty"]),
        ("too-long-answer.yaml", "heroin.yaml", ["heroin/overdose", "answer", "Telegram"]),
        ("next-nowhere.yaml", "heroin.yaml", ["heroin/what-is", "next", "'treatment'"]),
        ("bad-url.yaml", "heroin.yaml", ["source dpa", "url", "not a well-formed URL"]),
        ("unknown-source.yaml", "heroin.yaml", ["heroin/overdose", "sources", "'cdc'"]),
        ("duplicate-key.yaml", "heroin.yaml", ["heroin.yaml:", "label", "duplicate key"]),
        ("python-tag.yaml", "heroin.yaml", ["heroin.yaml:", "malformed YAML"]),
        ("too-long-label.yaml", "heroin.yaml", ["heroin/overdose", "label", "at most 32"]),
        (
            "id-too-long.yaml",
            "heroin.yaml",
            ["heroin-and-other-opioids-pack/can-you-overdose-on-heroin-really", "id", "button"],
        ),
        (
            "id-too-long-for-sources.yaml",
            "heroin.yaml",
            ["heroin-and-other-opioids-pack/can-you-overdose-on-heroin-x", "id", "button"],
        ),
        (
            "emergency-no-triggers.yaml",
            "emergency.yaml",
            ["emergency.yaml:", "emergency/overdose", "triggers"],
        ),
        (
            "emergency-bad-placeholder.yaml",
            "emergency.yaml",
            ["emergency.yaml:", "emergency/overdose", "steps", "emergency_phone"],
        ),
    ],
)
def test_broken_content_is_refused_naming_file_line_item_field(
    tmp_path: Path, broken: str, replaces: str, expected: list[str]
) -> None:
    folder = folder_with(tmp_path, broken, replaces)
    result = run_cli("check", str(folder))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors, result.stderr
    assert any(all(part in line for part in expected) for line in errors), errors
    assert all(re.match(r".+\.yaml:\d+: error: ", line) for line in errors), errors
    with pytest.raises(ContentError):
        load_library(folder)


def test_broken_line_numbers_point_at_the_problem(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "unknown-field.yaml", "heroin.yaml")
    report = check_folder(folder)
    [problem] = [p for p in report.errors if p.field == "anwser"]
    line = (BROKEN / "unknown-field.yaml").read_text().splitlines()[problem.line - 1]
    assert "anwser" in line


def test_an_everyday_sense_must_belong_to_an_alias(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    shutil.copytree(FACTS, folder)
    lexicon = folder / "lexicon.yaml"
    text = lexicon.read_text("utf-8").replace("\n  horse: [ride,", "\n  pony: [ride,", 1)
    lexicon.write_text(text, "utf-8")
    report = check_folder(folder)
    [problem] = [p for p in report.errors if p.field == "senses"]
    assert "'pony' is not an alias" in problem.message
    assert "pony" in text.splitlines()[problem.line - 1]


def test_emergency_meaning_needs_both_lists(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    shutil.copytree(FACTS, folder)
    triage = folder / "triage.yaml"
    text = triage.read_text("utf-8")
    at = text.index("\n  unlike:", text.index("\nemergency_meaning:"))
    text = text[:at] + "\n  unlikes:" + text[at + len("\n  unlike:") :]
    triage.write_text(text, "utf-8")
    report = check_folder(folder)
    found = {(p.item, p.field, p.message) for p in report.errors}
    assert ("triage", "unlike", "missing field") in found, found
    assert ("triage", "unlikes", "unknown field") in found, found


def test_a_weak_term_must_be_a_generic_term(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    shutil.copytree(FACTS, folder)
    lexicon = folder / "lexicon.yaml"
    text = lexicon.read_text("utf-8").replace("weak_terms: [compare,", "weak_terms: [overdose,")
    lexicon.write_text(text, "utf-8")
    report = check_folder(folder)
    [problem] = [p for p in report.errors if p.field == "weak_terms"]
    assert "'overdose' is not a generic term" in problem.message


def test_what_is_taken_with_the_drug_must_be_a_substance(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    shutil.copytree(FACTS, folder)
    lexicon = folder / "lexicon.yaml"
    text = lexicon.read_text("utf-8").replace(
        "taken_with: [benzodiazepine,", "taken_with: [benzos,"
    )
    lexicon.write_text(text, "utf-8")
    report = check_folder(folder)
    [problem] = [p for p in report.errors if p.field == "taken_with"]
    assert "'benzos' is not a substance id" in problem.message


def test_minimal_valid_pack_passes(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "valid-pack.yaml", "heroin.yaml")
    report = check_folder(folder)
    assert not report.errors, report.errors


def test_over_budget_answer_is_a_warning_not_an_error(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "valid-pack.yaml", "heroin.yaml")
    report = check_folder(folder, CheckRules(answer_budget=20))
    assert not report.errors
    assert any(p.field == "answer" and "budget" in p.message for p in report.warnings)


def test_require_review_turns_missing_reviews_into_errors(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "valid-pack.yaml", "heroin.yaml")
    report = check_folder(folder, CheckRules(require_review=True))
    assert {p.item for p in report.errors if p.field == "review"} >= {
        "heroin/what-is",
        "heroin/overdose",
    }


def test_old_sources_get_a_staleness_warning(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "valid-pack.yaml", "heroin.yaml")
    later = CheckRules(today=dt.date(2030, 1, 1))
    report = check_folder(folder, later)
    assert not report.errors
    assert any("older than 730 days" in p.message for p in report.warnings)
    assert not any(
        "older than" in p.message
        for p in check_folder(folder, CheckRules(today=dt.date(2025, 6, 1))).warnings
        if "source dpa" in p.item
    )


def test_missing_folder_and_missing_cards_are_errors(tmp_path: Path) -> None:
    assert check_folder(tmp_path / "nope").errors
    empty = tmp_path / "only-pack"
    empty.mkdir()
    shutil.copy(BROKEN / "valid-pack.yaml", empty / "heroin.yaml")
    messages = " ".join(p.message for p in check_folder(empty).errors)
    assert "kind: emergency" in messages and "kind: lexicon" in messages


def _emergency_with(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "facts"
    shutil.copytree(FACTS, target)
    path = target / "emergency.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_card_for_someone_alone_is_loaded_and_must_say_call(tmp_path: Path) -> None:
    card = load_library(FACTS).emergency
    assert card.alone_steps and "{emergency_number}" in card.alone_steps[0]
    first = '  - "Call {emergency_number} now. Say you took too much'
    no_call = _emergency_with(
        tmp_path / "a", first, '  - "Phone for help now. Say you took too much'
    )
    report = check_folder(no_call)
    assert any(p.field == "alone_steps" and "call" in p.message for p in report.errors)
    typo = _emergency_with(
        tmp_path / "b", "{emergency_number} now. Say you", "{emergency} now. Say you"
    )
    report = check_folder(typo)
    assert any(p.field == "alone_steps" and "placeholder" in p.message for p in report.errors)


def test_fact_links_must_name_a_known_button(tmp_path: Path) -> None:
    target = tmp_path / "facts"
    shutil.copytree(FACTS, target)
    pack = target / "heroin.yaml"
    pack.write_text(pack.read_text().replace("links: [support]", "links: [hotline]", 1))
    report = check_folder(target)
    assert any(p.field == "links" and "hotline" in p.message for p in report.errors)
    facts = load_library(FACTS).facts
    assert facts["heroin/treatment"].links == ("support",)
    assert facts["heroin/overdose"].links == ("emergency",)


def _grade(text: str) -> float:
    """Flesch-Kincaid grade with a vowel-group syllable count (close enough to compare)."""

    def syllables(word: str) -> int:
        word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word.lower())
        return max(1, len(re.findall(r"[aeiouy]{1,2}", word))) if len(word) > 3 else 1

    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*|\d+", text)
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * len(words) / sentences + 11.8 * per_word - 15.59


def test_answers_and_steps_read_at_about_grade_eight() -> None:
    library = load_library(FACTS)
    for fact in library.ordered_facts:
        assert _grade(fact.answer) <= 9.0, (fact.key, round(_grade(fact.answer), 1))
    card = library.emergency
    assert _grade(" ".join(card.steps + card.alone_steps)) <= 6.0
    assert _grade("Pharmacological interventions necessitate comprehensive evaluation.") > 9.0


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize(
    "path", sorted(FACTS.glob("*.yaml")) + sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.name
)
def test_c_loader_gives_the_same_data_lines_and_errors(path: Path) -> None:
    """The fast C loader must not change a single line number or error."""

    def outcome(loader: yaml_lines.Loader) -> object:
        try:
            doc = yaml_lines.load(path, loader)
        except yaml_lines.YamlError as exc:
            return ("error", exc.line, exc.message.split(":")[0])
        return (doc.data, doc.lines, doc.duplicates)

    assert outcome(yaml.CSafeLoader) == outcome(yaml.SafeLoader)
