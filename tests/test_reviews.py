"""The review workflow on real files and the real CLI: sign, go stale, refuse, export."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from bot import reviews
from bot.cards import resolve
from bot.config import EmergencyConfig
from bot.content import CheckRules, check_folder, load_library
from bot.conversation import Command, Conversation, Tap
from bot.core import Core
from tests.conftest import FACTS, run_cli

UNCHECKED = "Not yet checked by a health worker"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    target = tmp_path / "facts"
    shutil.copytree(FACTS, target)
    return target


def conversation(core: Core, folder: Path) -> Conversation:
    library = load_library(folder)
    return Conversation(library, core.matcher, core.texts, resolve(EmergencyConfig(), library))


def test_shipped_content_has_no_review_records() -> None:
    """Nobody qualified has reviewed it: no record may claim otherwise."""
    library = load_library(FACTS)
    assert library.reviews == ()
    assert {s.state for s in reviews.statuses(library)} == {"missing"}


def test_every_card_says_it_is_not_yet_checked(core: Core) -> None:
    c = core.conversation
    replies = [c.handle(Tap(f"f:{key}")) for key in core.library.facts]
    replies += [c.handle(Command("emergency")), c.handle(Command("support"))]
    assert all(r.status == UNCHECKED for r in replies)


def test_hash_ignores_rewrapping_but_not_a_changed_word() -> None:
    base = "One line.\n\nTwo  words\there."
    same = "One line.  \r\n\r\n\r\nTwo words here.   "
    assert reviews.canonical(base) == reviews.canonical(same)
    assert reviews.canonical(base) != reviews.canonical("One line.\n\nTwo words there.")
    library = load_library(FACTS)
    fact = library.facts["heroin/overdose"]
    item = next(i for i in reviews.items(library) if i.id == fact.key)
    assert fact.answer.split("\n\n")[0] in item.text and fact.sources[0].url in item.text
    assert re.fullmatch(r"[0-9a-f]{64}", item.sha256)


def test_sign_records_the_exact_text_and_the_status_follows_edits(facts: Path, core: Core) -> None:
    before = {p.name: p.read_bytes() for p in facts.glob("*.yaml") if p.name != "reviews.yaml"}
    result = run_cli(
        "review",
        "sign",
        "heroin/overdose",
        "--role",
        "harm-reduction nurse",
        "--by",
        "A. Reviewer",
        "--date",
        "2026-01-05",
        "--facts",
        str(facts),
    )
    assert result.returncode == 0, result.stderr
    after = {p.name: p.read_bytes() for p in facts.glob("*.yaml") if p.name != "reviews.yaml"}
    assert after == before  # signing never rewrites content files
    library = load_library(facts)
    [record] = library.reviews
    assert (record.item, record.role, record.by, str(record.date)) == (
        "heroin/overdose",
        "harm-reduction nurse",
        "A. Reviewer",
        "2026-01-05",
    )
    checked = conversation(core, facts)
    assert checked.handle(Tap("f:heroin/overdose")).status == (
        "Checked by harm-reduction nurse, 2026-01-05"
    )
    assert checked.handle(Tap("f:heroin/mixing")).status == UNCHECKED
    listing = run_cli("check", str(facts))
    assert "reviews: 1 of 12 items have a current review record" in listing.stdout

    pack = facts / "heroin.yaml"
    pack.write_text(
        pack.read_text().replace("Yes. Opioids slow breathing", "Yes. Opioids slow down breathing"),
        encoding="utf-8",
    )
    stale = run_cli("check", str(facts))
    assert "stale: heroin/overdose" in stale.stdout
    assert conversation(core, facts).handle(Tap("f:heroin/overdose")).status == UNCHECKED


def test_require_review_refuses_to_start_while_items_are_missing_or_stale(
    facts: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[content]\nfacts_dir = "{facts}"\nrequire_review = true\n')
    refused = run_cli("--config", str(config), "chat", stdin="/quit\n")
    assert refused.returncode != 0
    assert "heroin/overdose: review: no review record (require_review is on)" in refused.stderr
    assert "emergency: review: no review record" in refused.stderr
    report = check_folder(facts, CheckRules(require_review=True))
    assert report.library is None
    assert len([p for p in report.errors if p.field == "review"]) == 12


def test_sign_refuses_changed_text_unknown_items_and_future_dates(facts: Path) -> None:
    def sign(*extra: str) -> int:
        return run_cli(
            "review", "sign", *extra, "--role", "nurse", "--facts", str(facts)
        ).returncode

    assert sign("emergency", "--hash", "0" * 64) == 1  # the packet's text is out of date
    assert sign("heroin/nope") == 2
    assert sign("support", "--date", "2999-01-01") == 2
    assert sign("support", "--date", "yesterday") == 2
    assert load_library(facts).reviews == ()
    library = load_library(facts)
    current = next(i for i in reviews.items(library) if i.id == "emergency").sha256
    assert sign("emergency", "--hash", current) == 0
    assert [r.item for r in load_library(facts).reviews] == ["emergency"]


def test_export_writes_a_self_contained_packet_with_everything_to_sign(
    facts: Path, tmp_path: Path
) -> None:
    out = tmp_path / "packet.html"
    result = run_cli("review", "export", "--lang", "en", str(out), "--facts", str(facts))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    library = load_library(facts)
    for fact in library.ordered_facts:
        assert fact.question in page
        assert fact.sources[0].url in page
    assert "Rescue breaths" in page and "Unlock the door" in page  # both emergency lists
    assert "Never Use Alone" in page  # the support card
    for paragraph in library.crisis.paragraphs:  # the crisis card's own text, not support's
        assert html.escape(paragraph.strip(), quote=True) in page
    for item in reviews.items(library):
        assert item.sha256 in page
    assert page.count("Sign-off for this item") == 12
    assert "reviewed 2023-05-02" in page  # sources carry their dates
    assert "<script" not in page and not re.search(
        r"""(src|href)=["']?https?://[^"']*\.(css|js)""", page
    )
    missing = run_cli("review", "export", "--lang", "xx", str(out), "--facts", str(facts))
    assert missing.returncode == 2


def test_bad_records_are_refused_with_file_and_field(facts: Path) -> None:
    (facts / "reviews.yaml").write_text(
        "kind: reviews\nrecords:\n  - item: heroin/overdose\n    role: nurse\n"
        "    date: 2026-01-05\n    sha256: not-a-hash\n"
    )
    report = check_folder(facts)
    assert any(p.field == "sha256" and "64" in p.message for p in report.errors)
    (facts / "reviews.yaml").write_text(
        "kind: reviews\nrecords:\n  - item: heroin/gone\n    role: nurse\n"
        f"    date: 2026-01-05\n    sha256: {'a' * 64}\n"
    )
    report = check_folder(facts)
    assert not report.errors
    assert any(p.item == "heroin/gone" and p.severity == "warning" for p in report.problems)
