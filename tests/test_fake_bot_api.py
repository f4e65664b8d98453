"""Tests for the fake Bot API, driven through the real PTB stack wherever possible.

Why: the fake is only useful if PTB sees it exactly as it sees Telegram, so these tests go through
``telegram.Bot`` / ``Application`` over HTTP and assert on the exceptions PTB raises.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fake_bot_api import NOT_MODIFIED, BotAPIError, FakeBotAPI, UploadedFile, format_text
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

TOKEN = "123:ABC"
CHAT = 42


def keyboard(*data: str) -> InlineKeyboardMarkup:
    """One button per callback_data value."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(d[:10] or "x", callback_data=d)] for d in data]
    )


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    """A running fake; fails the test if the fake itself crashed on any request."""
    with FakeBotAPI(token=TOKEN) as server:
        yield server
    assert server.server_errors == []


def make_bot(api: FakeBotAPI, token: str = TOKEN, **request_kwargs: Any) -> Bot:
    """A real PTB Bot pointed at the fake.

    The fake speaks plain HTTP, so not loading the CA bundle changes nothing except saving
    ~50 ms per Bot (PTB builds two httpx clients).
    """

    def request() -> HTTPXRequest:
        return HTTPXRequest(httpx_kwargs={"verify": False}, **request_kwargs)

    return Bot(
        token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=request(),
        get_updates_request=request(),
    )


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    """An initialised Bot talking to the fake."""
    async with make_bot(api) as b:
        yield b


def raw_url(api: FakeBotAPI, method: str, token: str = TOKEN) -> str:
    return f"{api.base_url}{token}/{method}"


# ------------------------------------------------------------------------------ basics


async def test_get_me_returns_the_bot_user(bot: Bot, api: FakeBotAPI) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "hr_test_bot"
    assert me.id == 123
    assert me.supports_inline_queries
    assert me.can_join_groups
    assert api.calls("getMe")  # Bot.initialize() already called it


async def test_send_message_returns_a_message_and_is_recorded(bot: Bot, api: FakeBotAPI) -> None:
    first = await bot.send_message(CHAT, "hello", reply_markup=keyboard("a", "b"))
    second = await bot.send_message(CHAT, "again")
    other = await bot.send_message(7, "elsewhere")

    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert first.from_user is not None and first.from_user.username == "hr_test_bot"
    assert first.chat.id == CHAT and first.chat.type == "private"
    assert isinstance(first.date, dt.datetime)
    assert first.reply_markup == keyboard("a", "b")
    assert second.reply_markup is None

    assert api.sent_texts(CHAT) == ["hello", "again"]
    assert [m["chat"]["id"] for m in api.sent_messages()] == [CHAT, CHAT, 7]
    params = api.calls("sendMessage")[0]
    assert params["chat_id"] == CHAT  # form strings are decoded back to JSON types
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    assert [m for m, _ in api.requests][-3:] == ["sendMessage"] * 3


async def test_html_is_parsed_into_text_and_entities(bot: Bot) -> None:
    msg = await bot.send_message(
        CHAT, "  <b>Hi</b> &lt;3 <a href='https://example.org'>link</a> 😀<i>x</i>\n", "HTML"
    )
    assert msg.text == "Hi <3 link 😀x"
    kinds = [(e.type, e.offset, e.length) for e in msg.entities]
    assert kinds == [("bold", 0, 2), ("text_link", 6, 4), ("italic", 13, 1)]  # UTF-16 offsets
    assert msg.entities[1].url == "https://example.org"


async def test_reply_keyboards_are_accepted_but_not_echoed(bot: Bot, api: FakeBotAPI) -> None:
    from telegram import ReplyKeyboardMarkup

    msg = await bot.send_message(CHAT, "menu", reply_markup=ReplyKeyboardMarkup([["One"]]))
    assert msg.reply_markup is None  # Telegram only echoes inline keyboards
    assert api.calls("sendMessage")[0]["reply_markup"]["keyboard"] == [[{"text": "One"}]]


async def test_concurrent_sends_get_unique_increasing_ids(bot: Bot, api: FakeBotAPI) -> None:
    sent = await asyncio.gather(*(bot.send_message(CHAT, f"m{i}") for i in range(25)))
    assert sorted(m.message_id for m in sent) == list(range(1, 26))
    assert len(api.calls("sendMessage")) == 25


# ------------------------------------------------------------------------------ limits


async def test_text_length_limit_counts_text_after_entity_parsing(bot: Bot) -> None:
    await bot.send_message(CHAT, "x" * 4096)
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(CHAT, "&lt;" * 4096, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "<i>" + "y" * 4097 + "</i>", parse_mode="HTML")


@pytest.mark.parametrize("text", ["", "   \n ", "<b></b>"])
async def test_empty_text_is_rejected(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, text, parse_mode="HTML")


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<b>unclosed", 'can\'t find end tag corresponding to start tag "b"'),
        ("<div>x</div>", 'unsupported start tag "div" at byte offset 0'),
        ("1 < 2", 'unsupported start tag "" at byte offset 2'),
        ("<b>x</i>", 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'tag "span" must have class "tg-spoiler"'),
        ("Tom & Jerry", "character '&' at byte offset 4 must be escaped"),
    ],
)
async def test_malformed_html_is_rejected(bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(CHAT, html, parse_mode="HTML")
    assert caught.value.message.lower().startswith("can't parse entities: ")
    assert detail.lower() in caught.value.message.lower()


async def test_all_supported_html_tags_are_accepted(bot: Bot) -> None:
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        "<strike>k</strike><del>d</del><a href='https://x.org'>a</a><code>c</code>"
        "<pre>p</pre><span class='tg-spoiler'>h</span><tg-spoiler>t</tg-spoiler>"
        "<blockquote>q</blockquote><tg-emoji emoji-id='5368324170671202286'>👍</tg-emoji>"
        " &amp; &quot; &gt; &#33; &#x21;"
    )
    msg = await bot.send_message(CHAT, html, parse_mode="HTML")
    assert msg.text and msg.text.endswith('& " > ! !')
    assert len(msg.entities) == 16


def test_bare_ampersand_can_be_allowed_like_real_telegram() -> None:
    assert format_text("Tom & Jerry", "HTML", strict_ampersand=False) == ("Tom & Jerry", [])


async def test_markdown_v2_reserved_characters_are_rejected(bot: Bot) -> None:
    msg = await bot.send_message(CHAT, r"*bold* and 1\.5", parse_mode="MarkdownV2")
    assert msg.text == "bold and 1.5"
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await bot.send_message(CHAT, "Version 1.5", parse_mode="MarkdownV2")


async def test_callback_data_is_limited_to_64_bytes(bot: Bot) -> None:
    await bot.send_message(CHAT, "ok", reply_markup=keyboard("x" * 64))
    await bot.send_message(CHAT, "ok", reply_markup=keyboard("é" * 32))  # 64 UTF-8 bytes
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(CHAT, "too long", reply_markup=keyboard("x" * 65))
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(CHAT, "too long", reply_markup=keyboard("é" * 33))


async def test_reply_to_a_missing_message_fails(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(CHAT, "re", reply_parameters=ReplyParameters(99))
    sent = await bot.send_message(
        CHAT, "re", reply_parameters=ReplyParameters(99, allow_sending_without_reply=True)
    )
    assert sent.reply_to_message is None


async def test_replies_to_user_messages_carry_reply_to_message(bot: Bot, api: FakeBotAPI) -> None:
    pushed = api.push_text(-100777, "question?", chat_type="supergroup", user_id=5)
    user_msg_id = pushed["message"]["message_id"]
    answer = await bot.send_message(
        -100777, "answer", reply_parameters=ReplyParameters(user_msg_id)
    )
    assert answer.chat.type == "supergroup"
    assert answer.reply_to_message is not None
    assert answer.reply_to_message.text == "question?"
    assert [m["text"] for m in api.history(-100777)] == ["question?", "answer"]


async def test_set_handler_adds_custom_methods(bot: Bot, api: FakeBotAPI) -> None:
    def send_dice(params: dict[str, Any]) -> Any:
        if params.get("emoji") == "nope":
            raise BotAPIError(400, "Bad Request: wrong emoji")
        return {"message_id": 1, "date": 0, "chat": {"id": params["chat_id"], "type": "private"},
                "dice": {"emoji": "🎲", "value": 4}}  # fmt: skip

    api.set_handler("sendDice", send_dice)
    dice = await bot.send_dice(CHAT)
    assert dice.dice is not None and dice.dice.value == 4
    with pytest.raises(BadRequest, match="Wrong emoji"):
        await bot.send_dice(CHAT, emoji="nope")
    assert len(api.calls("sendDice")) == 2


# ------------------------------------------------------------------------------ editing


async def test_edit_message_text_and_not_modified(bot: Bot, api: FakeBotAPI) -> None:
    markup = keyboard("a")
    sent = await bot.send_message(CHAT, "<b>v1</b>", parse_mode="HTML", reply_markup=markup)

    with pytest.raises(BadRequest, match="not modified") as caught:
        await bot.edit_message_text("<b>v1</b>", CHAT, sent.message_id, parse_mode="HTML",
                                    reply_markup=markup)  # fmt: skip
    assert "Bad Request: " + caught.value.message[0].lower() + caught.value.message[1:] == (
        NOT_MODIFIED
    )

    edited = await bot.edit_message_text("v2", CHAT, sent.message_id, reply_markup=markup)
    assert isinstance(edited, type(sent)) and edited.text == "v2" and edited.edit_date
    assert api.messages[(CHAT, sent.message_id)]["text"] == "v2"
    assert api.sent_texts(CHAT) == ["v1"]  # the send-time snapshot is kept

    # Omitting reply_markup removes the keyboard, exactly like Telegram.
    await bot.edit_message_text("v2", CHAT, sent.message_id)
    assert "reply_markup" not in api.messages[(CHAT, sent.message_id)]


async def test_edit_unknown_message_fails(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", CHAT, 999)


async def test_edit_reply_markup_and_delete(bot: Bot, api: FakeBotAPI) -> None:
    sent = await bot.send_message(CHAT, "q", reply_markup=keyboard("a"))
    await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("b"))
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("b"))
    assert await bot.delete_message(CHAT, sent.message_id)
    assert api.messages == {}
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(CHAT, sent.message_id)


# ------------------------------------------------------------------------------ faults


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_raises_retry_after_and_is_consumed(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_next("sendMessage", status=429, retry_after=1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(CHAT, "x")
    assert caught.value.retry_after in (1, dt.timedelta(seconds=1))  # int or timedelta by env
    assert (await bot.send_message(CHAT, "x")).text == "x"  # one fault, one request
    assert len(api.calls("sendMessage")) == 2


async def test_faults_queue_per_method(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_next("sendMessage", status=500, count=2)
    api.fail_next("sendChatAction", status=502)
    await bot.get_me()  # other methods are unaffected
    for _ in range(2):
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(CHAT, "x")
        assert not isinstance(caught.value, BadRequest)
        assert "Internal Server Error" in caught.value.message
    await bot.send_message(CHAT, "x")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_chat_action(CHAT, "typing")


def test_error_bodies_are_shaped_like_telegram(api: FakeBotAPI) -> None:
    api.fail_next("sendMessage", status=429, retry_after=3)
    reply = httpx.post(raw_url(api, "sendMessage"), data={"chat_id": "1", "text": "x"})
    assert reply.status_code == 429
    assert reply.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    reply = httpx.post(raw_url(api, "sendMessage"), data={"chat_id": "1", "text": ""})
    assert reply.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message text is empty",
    }


async def test_blocked_chat_raises_forbidden(bot: Bot, api: FakeBotAPI) -> None:
    sent = await bot.send_message(CHAT, "before")
    api.block_chat(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "after")
    with pytest.raises(Forbidden):
        await bot.edit_message_text("edit", CHAT, sent.message_id)
    with pytest.raises(Forbidden):
        await bot.send_chat_action(CHAT, "typing")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, "")  # parameters are checked before delivery
    await bot.send_message(CHAT + 1, "other chats still work")
    api.unblock_chat(CHAT)
    await bot.send_message(CHAT, "unblocked")


async def test_delay_next_makes_ptb_time_out(api: FakeBotAPI) -> None:
    async with make_bot(api, read_timeout=0.1) as slow_bot:
        api.delay_next("sendMessage", 0.4)
        with pytest.raises(TimedOut):
            await slow_bot.send_message(CHAT, "slow")
        started = time.monotonic()
        await slow_bot.send_message(CHAT, "fast again")
        assert time.monotonic() - started < 0.4


# ------------------------------------------------------------------------------ updates


async def test_long_poll_returns_pushed_update_and_offset_confirms(
    bot: Bot, api: FakeBotAPI
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()  # really long polling
    started = time.monotonic()
    api.push_text(CHAT, "/start now")
    updates = await poll
    assert time.monotonic() - started < 1
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.text == "/start now"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6

    first_id = updates[0].update_id
    assert api.pending_updates() == 1  # not confirmed yet
    assert await bot.get_updates(offset=first_id + 1) == ()
    assert api.pending_updates() == 0
    api.push_text(CHAT, "second")
    again = await bot.get_updates(offset=first_id)  # the confirmed update is gone for good
    assert [u.update_id for u in again] == [first_id + 1]


def test_long_poll_times_out_with_empty_list(api: FakeBotAPI) -> None:
    started = time.monotonic()
    reply = httpx.get(raw_url(api, "getUpdates"), params={"timeout": "0.2"})
    elapsed = time.monotonic() - started
    assert reply.json() == {"ok": True, "result": []}
    assert 0.2 <= elapsed < 1


async def test_get_updates_limit_and_negative_offset(bot: Bot, api: FakeBotAPI) -> None:
    for i in range(5):
        api.push_text(CHAT, f"m{i}")
    assert len(await bot.get_updates(limit=2)) == 2
    last_two = await bot.get_updates(offset=-2)
    assert [u.message.text for u in last_two if u.message] == ["m3", "m4"]
    assert api.pending_updates() == 2


async def test_a_new_poll_terminates_the_old_one(bot: Bot, api: FakeBotAPI) -> None:
    old = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    async with make_bot(api) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await old


async def test_push_helpers_build_updates_ptb_understands(bot: Bot, api: FakeBotAPI) -> None:
    api.push_text(CHAT, "plain")
    api.push_sticker(CHAT)
    api.push_photo(CHAT, caption="look")
    api.push_voice(CHAT)
    api.push_location(CHAT)
    api.push_contact(CHAT)
    api.push_edited_text(CHAT, "plain, edited")
    inline_id = api.push_inline("naloxone")
    api.push_text(-100123, "in a group", chat_type="supergroup", user_id=5)
    updates = await bot.get_updates()

    msgs = [u.effective_message for u in updates]
    assert all(m is not None for m in msgs[:7])
    assert msgs[0] and msgs[0].text == "plain" and not msgs[0].entities
    assert msgs[1] and msgs[1].sticker and msgs[1].sticker.emoji == "👍"
    assert msgs[2] and len(msgs[2].photo) == 3 and msgs[2].caption == "look"
    assert msgs[3] and msgs[3].voice and msgs[3].voice.mime_type == "audio/ogg"
    assert msgs[4] and msgs[4].location and msgs[4].location.latitude == pytest.approx(52.52)
    assert msgs[5] and msgs[5].contact and msgs[5].contact.user_id == CHAT
    assert updates[6].edited_message and updates[6].edited_message.text == "plain, edited"
    assert updates[6].edited_message.message_id == msgs[0].message_id
    assert updates[7].inline_query and updates[7].inline_query.id == inline_id
    group = updates[8].message
    assert group and group.chat.type == "supergroup" and group.from_user
    assert group.from_user.id == 5
    ids = [u.update_id for u in updates]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)

    voice = msgs[3].voice if msgs[3] else None
    assert voice is not None
    data = await (await voice.get_file()).download_as_bytearray()
    assert data.startswith(b"OggS")


async def test_push_raw_and_allowed_updates(bot: Bot, api: FakeBotAPI) -> None:
    api.push_raw({"message_reaction_count": {"chat": {"id": 1, "type": "group"}}})
    api.push_text(CHAT, "kept")
    updates = await bot.get_updates()  # reactions are off by default, like Telegram
    assert len(updates) == 1 and updates[0].message
    api.push_text(CHAT, "text")
    api.push_inline("q")
    updates = await bot.get_updates(
        offset=updates[0].update_id + 1, allowed_updates=["inline_query"]
    )
    assert [u.inline_query is not None for u in updates] == [True]


# ------------------------------------------------------------------------------ callbacks/inline


async def test_callback_query_round_trip(bot: Bot, api: FakeBotAPI) -> None:
    sent = await bot.send_message(CHAT, "Pick one", reply_markup=keyboard("yes", "no"))
    query_id = api.push_callback(CHAT, sent.message_id, "yes")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.id == query_id and query.data == "yes"
    assert isinstance(query.message, Message) and query.message.message_id == sent.message_id
    assert query.message.reply_markup == keyboard("yes", "no")

    assert await bot.answer_callback_query(query_id, text="Noted")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)  # already answered
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("12345")  # never existed

    with pytest.raises(ValueError, match="no button"):
        api.push_callback(CHAT, sent.message_id, "maybe")  # users can only press real buttons
    with pytest.raises(KeyError):
        api.push_callback(CHAT, 999, "yes")


async def test_inline_query_answers_are_validated(bot: Bot, api: FakeBotAPI) -> None:
    def article(result_id: str) -> InlineQueryResultArticle:
        return InlineQueryResultArticle(result_id, "T", InputTextMessageContent("body"))

    query_id = api.push_inline("q")
    with pytest.raises(BadRequest, match=r"(?i)result_id_duplicate"):
        await bot.answer_inline_query(query_id, [article("1"), article("1")])
    with pytest.raises(BadRequest, match=r"(?i)results_too_much"):
        await bot.answer_inline_query(query_id, [article(str(i)) for i in range(51)])
    assert await bot.answer_inline_query(query_id, [article(str(i)) for i in range(50)])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_inline_query(query_id, [article("1")])
    assert len(api.calls("answerInlineQuery")[-1]["results"]) == 1


# ------------------------------------------------------------------------------ other methods


async def test_commands_round_trip_per_scope(bot: Bot, api: FakeBotAPI) -> None:
    private = BotCommandScopeAllPrivateChats()
    assert await bot.set_my_commands([("start", "Start"), ("help", "Help")])
    assert await bot.set_my_commands([BotCommand("facts", "Facts")], scope=private)
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.command for c in await bot.get_my_commands(scope=private)] == ["facts"]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad-Command", "nope")])
    assert api.calls("setMyCommands")[0]["commands"][0] == {
        "command": "start",
        "description": "Start",
    }


async def test_webhook_blocks_get_updates(bot: Bot) -> None:
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://example.org/hook")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates() == ()
    assert await bot.close()
    assert await bot.log_out()


async def test_send_chat_action(bot: Bot) -> None:
    assert await bot.send_chat_action(CHAT, "typing")
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(CHAT, "dancing")


async def test_strict_chats_reject_unknown_chats() -> None:
    with FakeBotAPI(token=TOKEN, strict_chats=True) as api:
        async with make_bot(api) as strict_bot:
            with pytest.raises(BadRequest, match="Chat not found"):
                await strict_bot.send_message(CHAT, "hi")
            api.push_text(CHAT, "hello bot")
            await strict_bot.send_message(CHAT, "hi")


async def test_wrong_token_and_unknown_method(api: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        async with make_bot(api, token="999:WRONG"):
            pass
    reply = httpx.post(raw_url(api, "getMe", token="999:WRONG"))
    assert reply.status_code == 401
    assert reply.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    reply = httpx.post(raw_url(api, "fooBar"))
    assert reply.status_code == 404
    assert reply.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_json_query_string_and_multipart_bodies(api: FakeBotAPI) -> None:
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}
    reply = httpx.post(
        raw_url(api, "sendMessage"), json={"chat_id": 9, "text": "json", "reply_markup": markup}
    )
    assert reply.json()["result"]["reply_markup"] == markup
    reply = httpx.get(raw_url(api, "sendMessage"), params={"chat_id": "9", "text": "query"})
    assert reply.json()["result"]["text"] == "query"
    reply = httpx.post(
        raw_url(api, "sendMessage"),
        data={"chat_id": "9", "text": "multi"},
        files={"extra": ("notes.txt", b"abc", "text/plain")},
    )
    assert reply.json()["ok"] is True
    params = api.calls("sendMessage")[-1]
    assert params["text"] == "multi"
    assert params["extra"] == UploadedFile("notes.txt", "text/plain", b"abc")
    assert api.sent_texts(9) == ["json", "query", "multi"]


def test_method_names_are_case_insensitive(api: FakeBotAPI) -> None:
    assert httpx.get(raw_url(api, "getme")).json()["result"]["username"] == "hr_test_bot"
    assert [m for m, _ in api.requests] == ["getMe"]


# ------------------------------------------------------------------------------ waiting


def test_wait_for_returns_value_and_reports_timeouts() -> None:
    with FakeBotAPI(token=TOKEN) as api:
        timer = threading.Timer(0.05, api.push_text, args=(CHAT, "late"))
        timer.start()
        assert api.wait_for(lambda a: a.pending_updates(), timeout=2) == 1
        timer.join()
        with pytest.raises(AssertionError, match="a reply saying hi") as caught:
            api.wait_for(lambda a: "hi" in a.sent_texts(), timeout=0.05, what="a reply saying hi")
        assert "pending updates: 1" in str(caught.value)


async def test_application_end_to_end(api: FakeBotAPI) -> None:
    """The intended use: a real Application polling the fake, driven by pushed updates."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("Pick:", reply_markup=keyboard("yes"))

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"You chose {query.data}")

    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        api.push_text(CHAT, "/start")
        (sent,) = await api.wait_for_async(lambda a: a.sent_messages(CHAT))
        api.push_callback(CHAT, sent["message_id"], "yes")
        key = (CHAT, sent["message_id"])
        await api.wait_for_async(lambda a: a.messages[key]["text"] == "You chose yes")
        await api.wait_for_async(lambda a: a.calls("answerCallbackQuery"))
        await app.updater.stop()
        await app.stop()
    assert "reply_markup" not in api.messages[key]
    assert api.pending_updates() == 0  # PTB confirmed everything on shutdown


async def test_stop_wakes_pollers_and_leaks_no_threads() -> None:
    before = set(threading.enumerate())
    with FakeBotAPI(token=TOKEN) as api:
        async with make_bot(api) as b:
            await b.send_message(CHAT, "keep-alive connection stays open")
            api.delay_next("getMe", 30)
            slow = asyncio.create_task(asyncio.to_thread(httpx.get, raw_url(api, "getMe")))
            poll = asyncio.create_task(asyncio.to_thread(
                httpx.get, raw_url(api, "getUpdates"), params={"timeout": 30}, timeout=40
            ))  # fmt: skip
            await api.wait_for_async(
                lambda a: len(a.calls("getUpdates")) == 1 and len(a.calls("getMe")) == 2
            )
            started = time.monotonic()
            await asyncio.to_thread(api.stop)
            assert time.monotonic() - started < 2
            assert (await poll).json() == {"ok": True, "result": []}
            await slow
    leftover = [t for t in set(threading.enumerate()) - before if "asyncio" not in t.name]
    assert leftover == []
