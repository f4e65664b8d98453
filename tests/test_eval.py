"""The matcher against labelled sets: the targets on dev, regression floors on held-out."""

from __future__ import annotations

from pathlib import Path

from bot.core import Core
from bot.evaluation import evaluate, load_cases
from tests.conftest import DEV_SET

HELDOUT = Path(__file__).resolve().parent / "eval" / "heldout.yaml"
TUNE = Path(__file__).resolve().parent / "eval" / "tune.yaml"
HELDOUT2 = Path(__file__).resolve().parent / "eval" / "heldout2.yaml"


def test_dev_set_meets_the_targets(core: Core) -> None:
    result = evaluate(core.triage.decide, load_cases(DEV_SET))
    assert result.meets_targets(), "\n".join(result.lines() + result.failures)


def test_tuning_set_meets_the_targets(core: Core) -> None:
    """The set the lexicon and phrasings were tuned on: a regression guard, not a measure."""
    result = evaluate(core.triage.decide, load_cases(TUNE))
    assert result.meets_targets(), "\n".join(result.lines() + result.failures)


def test_heldout_set_stays_safe(core: Core) -> None:
    """Written without looking at the pack; floors sit just under what was measured."""
    result = evaluate(core.triage.decide, load_cases(HELDOUT))
    report = "\n".join(result.lines() + result.failures)
    assert result.facts == 150 and result.nones == 45 and result.emergencies == 25
    assert result.emergency_sent == result.emergencies, report
    assert result.none_answered / result.nones <= 0.02, report
    assert result.wrong / result.facts <= 0.02, report
    assert result.correct / result.facts >= 0.72, report


def test_second_heldout_set_stays_safe(core: Core) -> None:
    """A second set written blind; measured 76% right, 1 wrong of 105 on first run."""
    result = evaluate(core.triage.decide, load_cases(HELDOUT2))
    report = "\n".join(result.lines() + result.failures)
    assert result.facts == 105 and result.nones == 35 and result.emergencies == 20
    assert result.emergency_sent == result.emergencies, report
    assert result.none_answered == 0, report
    assert result.wrong / result.facts <= 0.02, report
    assert result.correct / result.facts >= 0.72, report


def test_evaluation_counts_each_kind(core: Core, tmp_path: Path) -> None:
    labelled = tmp_path / "set.yaml"
    labelled.write_text(
        '- {q: "can u od on h", a: [overdose]}\n'
        '- {q: "can u od on h", a: [mixing]}\n'
        '- {q: "my friend is not breathing", a: [emergency]}\n'
        '- {q: "hi", a: [none]}\n'
        '- {q: "can you overdose on heroin", a: [none]}\n'
    )
    r = evaluate(core.triage.decide, load_cases(labelled))
    assert (r.facts, r.correct, r.wrong) == (2, 1, 1)
    assert (r.emergencies, r.emergency_sent) == (1, 1)
    assert (r.nones, r.none_answered) == (2, 1)
    assert not r.meets_targets()
