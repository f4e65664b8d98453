"""Scripted conversations with the real ``hrbot run`` process over the fake Bot API.

One bot process serves the whole module (each test uses its own chat), so the suite stays
fast; the process is stopped with SIGTERM at the end and its complete log is checked for
the token, chat/user ids and message text.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fake_bot_api import FakeBotAPI, parse_html
from telegram_harness import (
    BOT_USERNAME,
    LIMIT,
    RELOAD_SECONDS,
    TOKEN,
    BotProcess,
    buttons,
    copy_facts,
    lengthen_fact,
    new_chat,
    new_group,
    say,
    sent_since,
    toml_config,
    wait_quiet,
)

from bot.config import Config, ContentConfig, EmergencyConfig
from bot.core import Core, build_core
from bot.reply import Reply
from bot.telegram.render import render_html

FLOOD_LIMIT = 8
LONG_FACT = "policies"
QUESTION = "how long does heroin stay in urine"
EMERGENCY = "my friend is not breathing"
# Every text a user "typed" in this module; none may appear in the bot's log.
TYPED: list[str] = []
CHATS: list[int] = []


@dataclass
class Env:
    api: FakeBotAPI
    bot: BotProcess
    core: Core  # the same content, built in-process, to say what the bot should answer


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    work = tmp_path_factory.mktemp("e2e")
    facts = copy_facts(work / "facts")
    lengthen_fact(facts, LONG_FACT, size=4090)  # with title and status lines: two messages
    core = build_core(
        Config(content=ContentConfig(facts_dir=facts), emergency=EmergencyConfig(country="US"))
    )
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        config = toml_config(
            api.base_url, facts,
            telegram={"flood_limit": FLOOD_LIMIT, "flood_window_seconds": 60},
        )  # fmt: skip
        bot = BotProcess(work, config).start()
        try:
            yield Env(api, bot, core)
        finally:
            code = bot.stop()
        log = bot.log()
        assert code == 0, log
        assert api.server_errors == []
        check_log_is_private(log)


def check_log_is_private(log: str) -> None:
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    for chat in CHATS:
        assert str(chat) not in log, chat
        assert str(abs(chat)) not in log, chat
    for text in TYPED:
        if len(text.strip()) >= 6:
            assert text not in log, text
    assert "reply kind=" in log


def chat() -> int:
    c = new_chat()
    CHATS.append(c)
    return c


def group() -> int:
    g = new_group()
    CHATS.append(g)
    return g


def typed(text: str) -> str:
    TYPED.append(text)
    return text


def plain(reply: Reply, core: Core) -> list[str]:
    """What Telegram shows for a reply: our HTML, parsed the way Telegram parses it."""
    return [parse_html(body)[0] for body in render_html(reply, core.texts)]


# -- start, commands, deep links --------------------------------------------------------
def test_start_shows_welcome_privacy_and_topics(env: Env) -> None:
    c = chat()
    [msg] = say(env.api, c, "/start")
    texts = env.core.texts
    assert texts.welcome.splitlines()[0] in msg["text"]
    assert texts.privacy_line in msg["text"]
    data = [d for _, d in buttons(msg)]
    assert data[:-3] == [f"f:{f.key}" for f in env.core.library.ordered_facts]
    assert data[-3:] == ["e", "s", "es|t"]  # the last: the topics in Spanish


def test_deep_link_opens_the_fact(env: Env) -> None:
    [msg] = say(env.api, chat(), "/start heroin_overdose")
    fact = env.core.library.facts["heroin/overdose"]
    assert msg["text"].startswith(fact.question)
    assert [label for label, _ in buttons(msg)] == [
        env.core.texts.overdose_now_button,  # context button: the emergency card
        env.core.texts.sources_button,
        env.core.texts.next_fact,
        env.core.texts.all_topics,
    ]


def test_typed_question_gets_answer_sources_and_buttons(env: Env) -> None:
    [msg] = say(env.api, chat(), typed(QUESTION))
    fact = env.core.library.facts["heroin/detection-time"]
    assert msg["text"] == plain(env.core.conversation.answer(fact), env.core)[0]
    assert msg["text"].startswith(fact.question + "\n3 of 9\n\n")
    assert "Not yet checked by a health worker" in msg["text"]
    assert "Sources: Drug Policy Alliance, Mayo Clinic Laboratories and 4 more" in msg["text"]
    kinds = [e["type"] for e in msg.get("entities", [])]
    assert kinds[0] == "bold" and "italic" in kinds
    assert not [e for e in msg["entities"] if e["type"] == "text_link"]  # folded: one line
    assert buttons(msg) == [
        (env.core.texts.sources_button, f"src:{fact.key}"),
        (env.core.texts.next_fact, f"f:heroin/{fact.next_id}"),
        (env.core.texts.all_topics, "t"),
    ]
    sent = env.api.calls("sendMessage")[-1]
    assert sent["parse_mode"] == "HTML" and sent["link_preview_options"]["is_disabled"] is True


@pytest.mark.parametrize(
    ("command", "expect"),
    [
        ("/topics", lambda c: c.texts.topics_prompt),
        ("/help", lambda c: c.texts.help.splitlines()[0]),
        ("/privacy", lambda c: c.texts.privacy.splitlines()[0]),
        ("/emergency", lambda c: c.library.emergency.title),
        ("/support", lambda c: c.library.support.title),
        ("/start@" + BOT_USERNAME, lambda c: c.texts.privacy_line),
        ("/nonsense", lambda c: c.texts.help.splitlines()[0]),
    ],
)
def test_commands(env: Env, command: str, expect: object) -> None:
    [msg] = say(env.api, chat(), command)
    assert expect(env.core) in msg["text"]  # type: ignore[operator]
    assert buttons(msg)


def test_set_my_commands_at_startup(env: Env) -> None:
    [call] = env.api.calls("setMyCommands")
    names = [c["command"] for c in call["commands"]]
    assert names == ["start", "topics", "help", "emergency", "support", "crisis", "privacy"]
    assert all(c["description"] for c in call["commands"])


# -- buttons ------------------------------------------------------------------------------
def test_next_fact_answers_the_tap_and_edits_in_place(env: Env) -> None:
    c = chat()
    [msg] = say(env.api, c, "/start heroin_overdose")
    next_data = dict(buttons(msg))[env.core.texts.next_fact]
    sends = len(env.api.sent_messages(c))
    query = env.api.push_callback(c, msg["message_id"], next_data)
    env.api.wait_for(lambda a: a.messages[(c, msg["message_id"])].get("edit_date"), what="the edit")
    assert any(
        q["callback_query_id"] == int(query) or str(q["callback_query_id"]) == query
        for q in env.api.calls("answerCallbackQuery")
    )
    nxt = env.core.library.facts[next_data[2:]]
    edited = env.api.messages[(c, msg["message_id"])]
    assert edited["text"].startswith(nxt.question)
    assert len(env.api.sent_messages(c)) == sends  # edited, not sent anew


def test_sources_button_opens_the_list_in_place(env: Env) -> None:
    c = chat()
    [msg] = say(env.api, c, typed(QUESTION))
    fact = env.core.library.facts["heroin/detection-time"]
    sends = len(env.api.sent_messages(c))
    env.api.push_callback(c, msg["message_id"], f"src:{fact.key}")
    env.api.wait_for(lambda a: a.messages[(c, msg["message_id"])].get("edit_date"), what="the edit")
    edited = env.api.messages[(c, msg["message_id"])]
    links = [e["url"] for e in edited["entities"] if e["type"] == "text_link"]
    assert links == [s.url for s in fact.sources]
    assert edited["text"].startswith(fact.question)
    assert len(env.api.sent_messages(c)) == sends  # edited, not sent anew


def test_same_button_twice_is_harmless(env: Env) -> None:
    c = chat()
    [msg] = say(env.api, c, typed(QUESTION))
    answered = len(env.api.calls("answerCallbackQuery"))
    for _ in range(2):
        env.api.push_callback(c, msg["message_id"], "t")
    env.api.wait_for(lambda a: len(a.calls("answerCallbackQuery")) >= answered + 2)
    env.api.wait_for(
        lambda a: len([p for p in a.calls("editMessageText") if p["chat_id"] == c]) == 2
    )
    wait_quiet(env.api, 0.2)
    assert env.core.texts.topics_prompt in env.api.messages[(c, msg["message_id"])]["text"]
    assert len(env.api.sent_messages(c)) == 1  # "not modified" was not turned into a send
    [again] = say(env.api, c, "/help")  # and the bot is still fine
    assert again["text"]


@pytest.mark.parametrize("data", ["f:heroin/no-such-fact", "zzz", "f:../../etc", "s:XX"])
def test_tampered_button_gets_polite_stale_reply(env: Env, data: str) -> None:
    c = chat()
    [msg] = say(env.api, c, "/topics")
    env.api.push_callback(c, msg["message_id"], data, check_button=False)
    env.api.wait_for(
        lambda a: env.core.texts.stale_button in a.messages[(c, msg["message_id"])]["text"],
        what="stale reply",
    )
    assert buttons(env.api.messages[(c, msg["message_id"])])


# -- what people type ----------------------------------------------------------------------
def test_emergency_text_gets_the_card_first(env: Env) -> None:
    c = chat()
    replies = say(env.api, c, typed(EMERGENCY))
    assert replies[0]["text"].startswith(env.core.library.emergency.title)
    assert "911" in replies[0]["text"]


def test_other_drug_gets_the_fallback(env: Env) -> None:
    question = typed("is cocaine safe to snort")
    [msg] = say(env.api, chat(), question)
    expected = env.core.conversation.on_text(question)
    assert expected.kind == "fallback"
    assert msg["text"] == plain(expected, env.core)[0]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\u200b\u200f\u2060",
        "\u200fhow long does heroin stay in urine\u200f",
        "heroin \u202eoverdose\u202c 💉😵‍💫 \U0001f9ea",
        "ㅤ",
        "🙂" * 50,
        "\x00\x01 heroin",
    ],
)
def test_odd_input_gets_a_kind_reply(env: Env, text: str) -> None:
    [msg] = say(env.api, chat(), text)
    assert msg["text"].strip()
    assert buttons(msg)


def test_huge_message_is_read_in_part_and_said_so(env: Env) -> None:
    text = typed(("how long does heroin stay in urine " * 300)[:10_000])
    [msg] = say(env.api, chat(), text)
    assert env.core.texts.cut_note in msg["text"]


def test_long_reply_is_split_under_the_limit(env: Env) -> None:
    c = chat()
    replies = say(env.api, c, f"/start heroin_{LONG_FACT}", count=2)
    sent = [p for p in env.api.calls("sendMessage") if p["chat_id"] == c]
    assert len(sent) == 2
    assert all(len(p["text"]) <= LIMIT for p in sent)
    assert "reply_markup" not in replies[0] and buttons(replies[1])
    fact = env.core.library.facts[f"heroin/{LONG_FACT}"]
    assert replies[0]["text"].startswith(fact.question)
    note = env.core.conversation.answer(fact).source_note
    assert note and note in replies[1]["text"]  # the split kept everything, to the last line


@pytest.mark.parametrize("kind", ["sticker", "photo", "location", "voice", "contact"])
def test_non_text_gets_the_fixed_reply(env: Env, kind: str) -> None:
    c = chat()
    before = len(env.api.sent_messages(c))
    getattr(env.api, f"push_{kind}")(c)
    [msg] = sent_since(env.api, c, before, 1)
    assert msg["text"] == env.core.texts.unsupported
    assert len(buttons(msg)) == len(env.core.library.facts) + 2


def test_edited_message_gets_silence(env: Env) -> None:
    c = chat()
    say(env.api, c, typed(QUESTION))
    env.api.push_edited_text(c, typed("what is heroin exactly"))
    say(env.api, c, "/help")  # a later message is answered; the edit never was
    wait_quiet(env.api, 0.3)
    assert len(env.api.sent_messages(c)) == 2


# -- groups ----------------------------------------------------------------------------------
def test_group_answers_only_when_addressed(env: Env) -> None:
    g = group()
    env.api.push_text(g, typed(QUESTION), chat_type="supergroup")
    env.api.push_sticker(g, chat_type="supergroup")
    env.api.push_text(g, "/help@some_other_bot", chat_type="supergroup")
    mention = f"@{BOT_USERNAME} {QUESTION}"
    TYPED.append(mention)
    entity = {"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}
    [msg] = say(env.api, g, mention, chat_type="supergroup", entities=[entity])
    fact = env.core.library.facts["heroin/detection-time"]
    assert msg["text"].startswith(fact.question)
    assert msg["reply_to_message"]["text"] == mention
    # a reply to the bot's own message counts as addressing it
    [msg2] = say(
        env.api,
        g,
        typed("what is heroin exactly"),
        chat_type="supergroup",
        reply_to_message_id=msg["message_id"],
    )
    assert msg2["text"]
    [msg3] = say(env.api, g, "/help", chat_type="supergroup")
    assert env.core.texts.help.splitlines()[0] in msg3["text"]
    wait_quiet(env.api, 0.3)
    assert len(env.api.sent_messages(g)) == 3


# -- inline mode -----------------------------------------------------------------------------
def _inline(env: Env, query: str) -> dict:
    calls = len(env.api.calls("answerInlineQuery"))
    env.api.push_inline(query)
    return dict(env.api.wait_for(lambda a: a.calls("answerInlineQuery")[calls:])[0])


def test_inline_query_lists_matching_facts(env: Env) -> None:
    answer = _inline(env, typed("how long does heroin stay in your urine"))
    assert answer["is_personal"] is True and answer["cache_time"] <= 60
    first = answer["results"][0]
    assert first["type"] == "article" and first["id"] == "heroin/detection-time"
    assert first["title"] == env.core.library.facts["heroin/detection-time"].question
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<a href=" in content["message_text"]
    [[button]] = first["reply_markup"]["inline_keyboard"]
    assert button["url"] == f"https://t.me/{BOT_USERNAME}?start=heroin_detection-time"


def test_inline_emergency_comes_first_and_empty_lists_all(env: Env) -> None:
    answer = _inline(env, typed("friend not breathing lips blue"))
    assert answer["results"][0]["id"] == "emergency"
    everything = _inline(env, "")
    assert len(everything["results"]) == len(env.core.library.facts) + 1


# -- the network misbehaving -------------------------------------------------------------
def test_429_is_waited_out_and_delivered(env: Env) -> None:
    c = chat()
    env.api.fail_next("sendMessage", 429, retry_after=1)
    start = time.monotonic()
    [msg] = say(env.api, c, "/help")
    assert time.monotonic() - start >= 1.0
    assert msg["text"]


def test_500_and_slow_replies_do_not_stop_the_bot(env: Env) -> None:
    a, b = chat(), chat()
    env.api.fail_next("sendMessage", 500)
    [msg] = say(env.api, a, "/help")  # retried after the 500
    assert msg["text"]
    env.api.delay_next("sendMessage", 1.5)
    env.api.push_text(a, "/topics")
    time.sleep(0.2)
    [fast] = say(env.api, b, "/help")  # b is answered while a's reply is still stuck
    assert len(env.api.sent_messages(a)) == 1 and fast["text"]
    sent_since(env.api, a, 1, 1)
    env.api.fail_next("getUpdates", 502)
    [later] = say(env.api, b, "/topics")  # polling recovers from a failed getUpdates
    assert later["text"]


def test_blocked_chat_is_ignored_and_others_still_served(env: Env) -> None:
    blocked, other = chat(), chat()
    env.api.block_chat(blocked)
    env.api.push_text(blocked, typed(QUESTION))
    env.api.wait_for(lambda a: any(p["chat_id"] == blocked for p in a.calls("sendMessage")))
    [msg] = say(env.api, other, "/help")
    assert msg["text"]
    assert env.api.sent_messages(blocked) == []
    assert len([p for p in env.api.calls("sendMessage") if p["chat_id"] == blocked]) == 1


def test_flood_limit_warns_once_then_stays_silent(env: Env) -> None:
    c = chat()
    for _ in range(FLOOD_LIMIT + 4):
        env.api.push_text(c, "/help")
    sent_since(env.api, c, 0, FLOOD_LIMIT + 1)
    wait_quiet(env.api, 0.5)
    texts = env.api.sent_texts(c)
    assert len(texts) == FLOOD_LIMIT + 1
    assert texts.count(env.core.texts.flood) == 1
    other = chat()  # other chats are not affected
    assert say(env.api, other, "/help")


def test_sighup_with_unchanged_content_reloads(env: Env) -> None:
    env.bot.signal(signal.SIGHUP)
    env.bot.wait_log("reload ok", RELOAD_SECONDS)
    assert say(env.api, chat(), "/help")
