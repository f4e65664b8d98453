"""The conversation core: inputs in, replies of text and buttons out, no Telegram."""

from __future__ import annotations

import pytest

from bot import payloads
from bot.cards import emergency_reply, resolve
from bot.config import ConfigError, EmergencyConfig
from bot.conversation import Command, Conversation, Tap, Text, Unsupported
from bot.core import Core
from bot.reply import Reply


def all_data(reply: Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row]


def test_start_welcomes_with_privacy_line_and_topics(core: Core) -> None:
    reply = core.conversation.handle(Command("start"))
    assert reply.kind == "welcome"
    assert core.texts.privacy_line in reply.paragraphs
    facts = [d for d in all_data(reply) if d.startswith("f:")]
    assert len(facts) == 9 and payloads.EMERGENCY in all_data(reply)


def test_answer_is_verbatim_fact_text_with_sources_and_next_buttons(core: Core) -> None:
    reply = core.conversation.handle(Text("how long does heroin stay in your urine"))
    fact = core.library.facts["heroin/detection-time"]
    assert reply.kind == "answer" and reply.fact == fact.key
    assert reply.title == fact.question
    assert "\n\n".join(reply.paragraphs) == fact.answer.strip()
    assert reply.sources == fact.sources
    labels = [b.label for row in reply.buttons for b in row]
    assert labels == [core.texts.sources_button, core.texts.next_fact, core.texts.all_topics]
    assert all_data(reply)[:2] == ["src:heroin/detection-time", "f:heroin/mixing"]
    assert reply.position == "3 of 9"
    assert reply.source_note == "Sources: Drug Policy Alliance, Mayo Clinic Laboratories and 4 more"
    assert reply.status == "Not yet checked by a health worker"


def test_sources_button_opens_the_full_list_in_the_same_card(core: Core) -> None:
    folded = core.conversation.handle(Tap("f:heroin/overdose"))
    opened = core.conversation.handle(Tap("src:heroin/overdose"))
    assert folded.source_note and not opened.source_note
    assert opened.paragraphs == folded.paragraphs and opened.sources == folded.sources
    assert "src:heroin/overdose" not in all_data(opened)
    card = core.conversation.handle(Command("emergency"))
    assert card.paragraphs[1].startswith("1. ")  # steps first, sources folded
    assert card.source_note and "src:e" in all_data(card)
    assert not core.conversation.handle(Tap("src:e")).source_note
    assert core.conversation.handle(Tap("src:nope/gone")).kind == "stale"


def test_context_buttons_follow_the_fact(core: Core) -> None:
    def taps(key: str) -> list[str]:
        return all_data(core.conversation.handle(Tap(payloads.fact(key))))

    for key in ("heroin/overdose", "heroin/mixing", "heroin/harm-reduction"):
        assert taps(key)[0] == payloads.EMERGENCY, key
    assert taps("heroin/treatment")[0] == payloads.support()
    assert payloads.EMERGENCY not in taps("heroin/what-is")


def test_next_fact_walks_the_pack_and_wraps(core: Core) -> None:
    keys = []
    reply = core.conversation.handle(Tap("f:heroin/what-is"))
    for _ in range(10):
        keys.append(reply.fact)
        nxt = next(d for d in all_data(reply) if d.startswith("f:"))
        reply = core.conversation.handle(Tap(nxt))
    assert keys[0] == keys[9] == "heroin/what-is" and len(set(keys)) == 9


@pytest.mark.parametrize(
    "data",
    [
        "f:heroin/nope",
        "f:../../etc",
        "x" * 65,
        "",
        "f:",
        "s:ZZ",
        "f:HEROIN/overdose",
        "t;drop table",
        "\u202e",
    ],
)
def test_tampered_or_stale_buttons_get_a_polite_reply_and_topics(core: Core, data: str) -> None:
    reply = core.conversation.handle(Tap(data))
    assert reply.kind == "stale"
    assert reply.paragraphs == (core.texts.stale_button,)
    assert len([d for d in all_data(reply) if d.startswith("f:")]) == 9


def test_every_button_payload_is_short_and_parses(core: Core) -> None:
    c = core.conversation
    replies = [c.handle(Command(n)) for n in ("start", "topics", "help", "emergency", "support")]
    replies += [c.handle(Tap(payloads.fact(k))) for k in core.library.facts]
    replies += [c.handle(Tap(payloads.support(code))) for code in core.library.support.countries]
    for reply in replies:
        for data in all_data(reply):
            assert len(data.encode()) <= 64 and payloads.parse(data) is not None, data


def test_deep_links_open_facts(core: Core) -> None:
    c = core.conversation
    assert c.handle(Command("start", "heroin_overdose")).fact == "heroin/overdose"
    assert c.handle(Command("start", "treatment")).fact == "heroin/treatment"
    assert c.handle(Command("start", "emergency")).kind == "emergency"
    assert c.handle(Command("start", "nonsense")).kind == "stale"


def test_emergency_card_numbers_the_steps_and_fills_the_number(core: Core) -> None:
    reply = core.conversation.handle(Text("my friend is not breathing"))
    assert reply.kind == "emergency"
    # no country configured: one readable line of numbers first, then the numbered steps
    assert reply.paragraphs[0] == "Call 911 (US, Canada) - 999 (UK) - 000 (Australia) - 112 (EU)"
    assert reply.paragraphs[1].startswith("1. ")
    assert not any("{" in p for p in reply.paragraphs)
    steps = core.library.emergency.steps
    assert len(reply.paragraphs) == len(steps) + 1


def test_emergency_card_for_someone_alone_uses_the_alone_steps(core: Core) -> None:
    setup = resolve(EmergencyConfig(country="GB"), core.library)
    alone = emergency_reply(core.library, setup, core.texts, alone=True)
    helper = emergency_reply(core.library, setup, core.texts)
    assert alone.paragraphs[0].startswith("1. Call 999 now")
    assert "Unlock the door" in " ".join(alone.paragraphs)
    assert len(alone.paragraphs) == len(core.library.emergency.alone_steps)
    assert alone.paragraphs != helper.paragraphs
    assert any("nostril" in p for p in helper.paragraphs)  # how to give naloxone


def test_country_choice_is_one_tap_from_the_emergency_card(core: Core) -> None:
    reply = core.conversation.handle(Command("emergency"))
    taps = [b.data for row in reply.buttons for b in row]
    assert {"s:US", "s:CA", "s:GB", "s:AU", "s:EU"} <= set(taps)
    gb = core.conversation.handle(Tap("s:GB"))
    assert "Emergency: 999" in gb.paragraphs


def test_emergency_number_comes_from_config(core: Core) -> None:
    def card(cfg: EmergencyConfig) -> str:
        conv = Conversation(core.library, core.matcher, core.texts, resolve(cfg, core.library))
        return " ".join(conv.handle(Command("emergency")).paragraphs)

    assert "911" in card(EmergencyConfig(country="US"))
    assert "999" in card(EmergencyConfig(country="GB")) and "911" not in card(
        EmergencyConfig(country="GB")
    )
    assert "112" in card(EmergencyConfig(country="DE", number="112"))
    generic = card(EmergencyConfig())
    assert "911" in generic and "999" in generic  # unknown country: several numbers
    with pytest.raises(ConfigError, match="DE"):
        resolve(EmergencyConfig(country="DE"), core.library)


def test_support_card_lists_lines_for_the_country_and_offers_others(core: Core) -> None:
    setup = resolve(EmergencyConfig(country="GB"), core.library)
    conv = Conversation(core.library, core.matcher, core.texts, setup)
    reply = conv.handle(Command("support"))
    text = " ".join(reply.paragraphs)
    assert "999" in text and "FRANK" in text
    assert "s:US" in all_data(reply)
    us = conv.handle(Tap("s:US"))
    assert "911" in " ".join(us.paragraphs)


def test_fallback_offers_topics_and_other_drug_says_so(core: Core) -> None:
    reply = core.conversation.handle(Text("how do i bake bread"))
    assert reply.kind in {"fallback", "suggest"}
    meth = core.conversation.handle(Text("what is meth"))
    assert meth.kind == "fallback" and "Heroin" in meth.paragraphs[0]
    assert len([d for d in all_data(meth) if d.startswith("f:")]) == 9


def test_suggestions_are_buttons_to_facts(core: Core) -> None:
    reply = core.conversation.for_decision(core.triage.decide("heroin law doctor"))
    if reply.kind == "suggest":
        assert reply.paragraphs == (core.texts.did_you_mean,)
        assert all(d.startswith("f:") or d == "t" for d in all_data(reply))


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "location"])
def test_unsupported_input_gets_fixed_text_and_topics(core: Core, kind: str) -> None:
    reply = core.conversation.handle(Unsupported(kind))
    assert reply.paragraphs == (core.texts.unsupported,) and reply.buttons


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "\u200b\u200b", "a" * 20000, "???"])
def test_odd_input_gets_a_kind_reply(core: Core, text: str) -> None:
    reply = core.conversation.handle(Text(text))
    assert reply.paragraphs and reply.buttons


def test_every_reply_is_ui_text_or_fact_text(core: Core) -> None:
    """No composed medical text: each paragraph is a UI string, a fact, a card step or line."""
    t = core.texts
    ui = {getattr(t, name) for name in t.__dataclass_fields__}
    facts = {p.strip() for f in core.library.ordered_facts for p in f.answer.split("\n\n")}
    c = core.conversation
    for text in ["hi", "can u od on h", "what is meth", "xyz", "thanks", "heroin and the law"]:
        reply = c.handle(Text(text))
        for p in reply.paragraphs:
            assert p in ui or p in facts or p.startswith(t.other_drug[:20]), p


def test_sources_show_the_primary_url_never_the_copy_that_was_read(core: Core) -> None:
    from bot.terminal import render as render_terminal

    vias = {s.via for p in core.library.packs for s in p.sources if s.via}
    vias |= {s.via for s in core.library.emergency.sources if s.via}
    assert vias, "the shipped content records some copies read"
    c = core.conversation
    replies = [c.handle(Tap(payloads.sources(k))) for k in core.library.facts]
    replies += [c.handle(Tap("src:e")), c.handle(Tap("s:AU"))]
    shown = "\n".join(render_terminal(r, "Sources")[0] for r in replies)
    assert not any(via in shown for via in vias)
    assert "https://www.cdc.gov/" in shown
