"""Languages: the reply in the language asked, safety in every language, taps stay put."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import CheckRules
from bot.conversation import Command, Tap, Text
from bot.core import Core
from bot.locales import check_content
from tests.conftest import FACTS, run_cli


def test_both_languages_load_with_the_same_facts(core: Core) -> None:
    assert list(core.locales) == ["en", "es"]
    en, es = (core.locales[x].library for x in ("en", "es"))
    assert [f.key for f in en.ordered_facts] == [f.key for f in es.ordered_facts]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("cuanto tiempo dura la heroina en la orina", "es"),
        ("¿qué pasa si mezclo chiva con alcohol?", "es"),
        ("how long does heroin stay in your pee", "en"),
    ],
)
def test_each_message_is_answered_in_its_own_language(core: Core, text: str, language: str) -> None:
    locale, decision = core.decide(text)
    assert locale.language == language
    assert decision.outcome in {"answer", "suggest"}, decision


def test_a_short_message_with_no_sign_follows_the_users_language(core: Core) -> None:
    assert core.language_of("ok", "es-MX") == "es"
    assert core.language_of("ok", "fr") == "en"  # no French locale: the default


def test_a_spanish_emergency_gets_the_card_whatever_the_hint(core: Core) -> None:
    reply = core.handle(Text("mi amigo no respira y tiene los labios morados"), "en")
    assert reply.kind == "emergency"
    assert reply.title == core.locales["es"].library.emergency.title
    assert all(b.data.startswith("es|") for row in reply.buttons for b in row)


def test_a_spanish_crisis_gets_the_spanish_crisis_card(core: Core) -> None:
    reply = core.handle(Text("ya no quiero vivir, quiero morirme"), "en")
    assert reply.kind == "crisis"
    assert reply.title == core.locales["es"].library.crisis.title


def test_taps_stay_in_their_language(core: Core) -> None:
    first = core.handle(Text("cuanto tiempo dura la heroina en la orina"))
    data = next(b.data for row in first.buttons for b in row if "f:" in b.data)
    assert data.startswith("es|")
    again = core.handle(Tap(data))
    es_questions = {f.question for f in core.locales["es"].library.ordered_facts}
    assert again.title in es_questions


def test_start_and_topics_follow_the_users_language_and_offer_a_switch(core: Core) -> None:
    spanish = core.handle(Command("start"), "es")
    assert spanish.paragraphs[0] == core.locales["es"].texts.welcome
    switch = [b for row in spanish.buttons for b in row if b.label == "English"]
    assert switch and core.handle(Tap(switch[0].data)).kind == "topics"
    english = core.handle(Command("topics"), "en")
    assert any(b.label == "Español" and b.data == "es|t" for row in english.buttons for b in row)


def test_deep_links_per_language(core: Core) -> None:
    reply = core.handle(Command("start", "es_heroin_overdose"))
    assert reply.title == core.locales["es"].library.facts["heroin/overdose"].question
    assert core.handle(Command("start", "heroin_overdose")).title == (
        core.locales["en"].library.facts["heroin/overdose"].question
    )


def test_check_refuses_a_language_with_other_fact_ids(tmp_path: Path) -> None:
    target = tmp_path / "facts"
    shutil.copytree(FACTS, target)
    pack = target / "es" / "heroin.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("id: policies", "id: politicas"))
    libraries, problems = check_content(target, CheckRules())
    assert not libraries
    assert any(p.item == "heroin/policies" and "missing" in p.message for p in problems)


def test_cli_speaks_spanish() -> None:
    asked = run_cli("ask", "--json", "cuanto dura la chiva en la orina")
    assert '"language": "es"' in asked.stdout
    chat = run_cli("chat", "--lang", "es", stdin="/topics\n/quit\n")
    assert "Elige un tema" in chat.stdout or "tema" in chat.stdout


def test_the_reply_says_its_language_for_the_counters(core: Core) -> None:
    from bot.serving import metrics

    reply = core.handle(Text("cuanto tiempo dura la heroina en la orina"))
    assert reply.language == "es"
    metrics.count_reply(reply, "terminal", core)
    text = metrics.exposition().decode()
    assert 'language="es"' in text


def test_characters_only_spanish_writes_are_a_sign_of_it(core: Core) -> None:
    assert core.language_of("¿y eso?", "en") == "es"
    assert core.language_of("año", "") == "es"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("donde consigo jeringas nuevas", "es"),  # no Spanish stopword: content words tell
        ("consigo naloxona gratis", "es"),
        ("where can i get new syringes", "en"),
        ("is smoking worse than injecting", "en"),
    ],
)
def test_a_languages_own_content_words_tell_it(core: Core, text: str, language: str) -> None:
    assert core.language_of(text, "") == language


def test_every_card_fills_every_placeholder_in_every_language(core: Core) -> None:
    """Card text is content plus interface words: a "{...}" left over, or "al el", would
    reach someone in an emergency."""
    for locale in core.locales.values():
        talk = locale.conversation
        cards = [talk.handle(Tap(data)) for data in ("e", "ea", "c")]
        for card in cards:
            text = " ".join((card.title, *card.paragraphs))
            assert "{" not in text and "}" not in text, (locale.language, text)
            assert " al el " not in text, text
