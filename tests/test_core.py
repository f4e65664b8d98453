"""Reloading content: all or nothing, and a failed reload keeps the old content serving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import Config, ContentConfig
from bot.conversation import Text
from bot.core import LiveCore, build_core
from tests.conftest import FACTS


def test_failed_reload_keeps_old_content_and_good_reload_swaps(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    live = LiveCore(Config(content=ContentConfig(facts_dir=facts)))
    before = live.core
    question = Text("how long does heroin stay in urine")
    assert live.core.conversation.handle(question).fact == "heroin/detection-time"

    pack = facts / "heroin.yaml"
    good = pack.read_text()
    pack.write_text(good.replace("  - id: overdose\n", "  - id: what-is\n", 1))
    problems = live.reload()
    assert any("duplicate fact id" in p for p in problems)
    assert live.core is before  # still serving the old, complete content
    assert live.core.conversation.handle(question).fact == "heroin/detection-time"

    (facts / "emergency.yaml").unlink()
    assert live.reload() and live.core is before

    shutil.copy(FACTS / "emergency.yaml", facts / "emergency.yaml")
    pack.write_text(good.replace("label: Medical uses", "label: Medicine"))
    assert live.reload() == []
    assert live.core is not before
    assert live.core.library.facts["heroin/medical-uses"].label == "Medicine"


def _cut_after(text: str, facts: int) -> str:
    """The pack as a copy cut after its first ``facts`` facts would be: still valid."""
    start = text.index("\nfacts:")
    for _ in range(facts + 1):
        start = text.index("\n  - id:", start + 1)
    return text[:start] + "\n"


def test_reload_refuses_content_that_looks_half_written(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts, ignore=shutil.ignore_patterns("es"))  # English only
    live = LiveCore(Config(content=ContentConfig(facts_dir=facts)))
    before = live.core
    pack = facts / "heroin.yaml"
    good = pack.read_text()

    # Cut where the YAML still parses with all nine facts: only the missing final newline
    # shows the copy is incomplete.
    pack.write_text(good.rstrip("\n"))
    problems = live.reload()
    assert any("does not end with a newline" in p for p in problems), problems
    assert live.core is before

    # Cut after the fifth fact (overdose, which the triage names): a valid pack of five.
    pack.write_text(_cut_after(good, 5))
    problems = live.reload()
    assert problems[0].startswith("refused") and "4 of 9 facts" in problems[1]
    assert live.core is before
    assert live.reload(allow_removal=True) == []  # the operator says it is intended
    assert len(live.core.library.facts) == 5


def test_decide_reuses_a_reading_of_the_same_text_and_reads_anew_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    core = build_core(Config())
    text = "my friend is not breathing"
    reading = core.read(text)
    assert reading.card is not None and reading.card.outcome == "emergency"

    def no_second_reading(_text: str, own: bool = True) -> object:
        raise AssertionError("safety read twice")

    for locale in core.locales.values():
        monkeypatch.setattr(locale.triage, "safety", no_second_reading)
    assert core.decide(text, "", reading)[1].outcome == "emergency"
    with pytest.raises(AssertionError, match="read twice"):
        core.decide("how long does heroin stay in urine", "", reading)  # another text
    other = build_core(Config())  # a reload: the old reading is not of this content
    assert not other.fits(reading, text, "")
