"""The small pure parts of the Telegram front end, tested directly."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

import httpx
import pytest
from telegram import Message, Update, User
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.config import Config
from bot.conversation import Command, Text, Unsupported
from bot.core import Core, LiveCore
from bot.serving.flood import FloodGate
from bot.serving.logs import REDACTED, RedactSecrets, setup_logging
from bot.serving.retry import RetryPolicy
from bot.telegram.app import file_url
from bot.telegram.dispatch import Dispatcher
from bot.telegram.handlers import Handlers, update_kind
from bot.telegram.inline import inline_results
from bot.telegram.pacing import Pacer
from bot.telegram.render import esc, render
from bot.telegram.routing import Routed, route_message, text_routed

ME = User(99, "HR Bot", is_bot=True, username="hr_test_bot")
TOKEN = "99:AAFakeTokenSecretPart_123"


def message(text: str | None = None, chat_type: str = "private", **extra: Any) -> Message:
    data: dict[str, Any] = {
        "message_id": 5,
        "date": 0,
        "chat": {"id": -100 if chat_type != "private" else 7, "type": chat_type},
        "from": {"id": 7, "is_bot": False, "first_name": "A"},
        **extra,
    }
    if text is not None:
        data["text"] = text
    return Message.de_json(data, None)


# -- flood --------------------------------------------------------------------------------
def test_flood_gate_warns_once_per_window_and_forgets() -> None:
    now = [0.0]
    gate = FloodGate(3, 60, clock=lambda: now[0])
    assert [gate.check(1) for _ in range(6)] == ["ok"] * 3 + ["warn", "silent", "silent"]
    assert gate.check(2) == "ok"  # per chat
    now[0] = 61
    assert gate.check(1) == "ok"  # a new window
    now[0] = 200
    gate.prune()
    assert len(gate) == 0


def test_flood_gate_keeps_no_chat_ids() -> None:
    gate = FloodGate(3, 60)
    gate.check(123456789)
    assert b"123456789" not in b"".join(gate._windows)
    assert FloodGate(3, 60).key(1) != gate.key(1)  # salted per process
    assert FloodGate(0, 60).check(1) == "ok"  # 0 turns it off


# -- routing ------------------------------------------------------------------------------
def test_private_messages() -> None:
    assert route_message(message("hi there"), ME, 400) == Routed(Text("hi there"))
    assert route_message(message("/start heroin_overdose"), ME, 400) == Routed(
        Command("start", "heroin_overdose")
    )
    assert route_message(message("/foo@hr_test_bot x"), ME, 400) == Routed(Command("foo", "x"))
    sticker = {
        "file_id": "f",
        "file_unique_id": "u",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    assert route_message(message(sticker=sticker), ME, 400) == Routed(Unsupported("sticker"))
    assert route_message(message(location={"latitude": 1.0, "longitude": 2.0}), ME, 400) == (
        Routed(Unsupported("location"))
    )


def test_group_messages_need_a_mention_or_reply() -> None:
    assert route_message(message("what is heroin", "group"), ME, 400) is None
    assert route_message(message("/help@otherbot", "group"), ME, 400) is None
    assert route_message(message("/foo", "supergroup"), ME, 400) is None
    assert route_message(message("/help", "supergroup"), ME, 400) == Routed(Command("help"))
    mention = [{"type": "mention", "offset": 5, "length": 12}]
    routed = route_message(
        message("hey, @HR_test_bot what is heroin", "group", entities=mention), ME, 400
    )
    assert routed == Routed(Text("hey, what is heroin"))
    other = [{"type": "mention", "offset": 0, "length": 9}]
    assert (
        route_message(message("@some_bot what is heroin", "group", entities=other), ME, 400) is None
    )
    bot_msg = {
        "message_id": 4,
        "date": 0,
        "chat": {"id": -100, "type": "group"},
        "from": {"id": 99, "is_bot": True, "first_name": "HR Bot"},
        "text": "x",
    }
    routed = route_message(message("and fentanyl?", "group", reply_to_message=bot_msg), ME, 400)
    assert routed == Routed(Text("and fentanyl?"))
    photo = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    assert route_message(message(photo=photo, chat_type="group"), ME, 400) is None
    assert route_message(message("hello", "channel"), ME, 400) is None


def test_whole_text_goes_to_the_core_and_invisible_text_gets_help() -> None:
    assert text_routed("x" * 500, 400) == Routed(Text("x" * 500), cut=True)
    assert text_routed(" \u200b\u200f\u2060 ", 400) == Routed(Command("help"))
    assert text_routed("", 400) == Routed(Command("help"))


# -- logs ---------------------------------------------------------------------------------
def test_redaction_covers_message_args_and_tracebacks() -> None:
    stream = io.StringIO()
    setup_logging("INFO", [TOKEN, "hook_secret_value"], stream=stream)
    log = logging.getLogger("bot.somewhere")
    try:
        log.info("url https://api.telegram.org/bot%s/getMe", TOKEN)
        log.warning("secret %s and half %s", "hook_secret_value", TOKEN.split(":")[1])
        try:
            raise ValueError(f"boom {TOKEN}")
        except ValueError:
            log.exception("failed")
        try:
            raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
        except InvalidToken:
            log.exception("bad token")
        logging.getLogger("httpx").info("HTTP Request: POST .../bot%s/x", TOKEN)
    finally:
        logging.getLogger().handlers.clear()
        logging.captureWarnings(False)
    out = stream.getvalue()
    assert TOKEN not in out and "AAFakeTokenSecretPart_123" not in out
    assert "hook_secret_value" not in out
    assert out.count(REDACTED) >= 4
    assert "ValueError: boom" in out
    assert "InvalidToken" not in out  # the runner says it more clearly, without the token
    assert "HTTP Request" not in out  # httpx is quiet


def test_library_records_keep_no_user_data_below_debug() -> None:
    """PTB logs a batch it cannot parse at CRITICAL with the raw JSON: only the template stays."""
    stream = io.StringIO()
    setup_logging("INFO", [TOKEN], stream=stream)
    raw = [{"update_id": 5, "message": {"text": "my secret question", "chat": {"id": 7310999}}}]
    try:
        logging.getLogger("telegram.Bot").critical(
            "Error while parsing updates! Received data was %r", raw, exc_info=KeyError("chat")
        )
        try:
            raise ValueError("user text: my secret question")
        except ValueError:
            logging.getLogger("asyncio").exception("Task failed\nwith %s", "7310999")
        logging.getLogger("tornado.general").warning("Malformed HTTP message from %s", "10.9.8.7")
    finally:
        logging.getLogger().handlers.clear()
        logging.captureWarnings(False)
    out = stream.getvalue()
    assert "Error while parsing updates! Received data was ..." in out
    assert "error=ValueError" in out and "Task failed" in out
    for private in ("my secret question", "7310999", "10.9.8.7"):
        assert private not in out


def test_redact_filter_survives_bad_format() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a %d", ("nope",), None)
    assert RedactSecrets(["s3cr3t-token"]).filter(record)
    assert "a %d" in record.getMessage()


# -- sending ------------------------------------------------------------------------------
def _pacer_run(pacer: Pacer, call: Any, endpoint: str = "sendMessage") -> Any:
    return asyncio.run(pacer.process_request(call, (), {}, endpoint, {}, None))


def test_pacer_retries_5xx_429_and_connect_timeouts_within_its_budget() -> None:
    calls: list[int] = []

    async def flaky() -> str:
        calls.append(1)
        errors = [NetworkError("Bad Gateway"), RetryAfter(0), NetworkError("Internal")]
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "ok"

    pacer = Pacer(0, RetryPolicy(budget=10))
    assert _pacer_run(pacer, flaky) == "ok"
    assert len(calls) == 4 and pacer.dropped == 0

    async def bad() -> None:
        calls.append(1)
        raise BadRequest("Message text is empty")

    calls.clear()
    with pytest.raises(BadRequest):
        _pacer_run(pacer, bad)
    assert len(calls) == 1

    async def down() -> None:
        raise NetworkError("Bad Gateway")

    with pytest.raises(NetworkError):
        _pacer_run(Pacer(0, RetryPolicy(budget=0.6)), down)


def test_pacer_never_resends_a_message_after_a_read_timeout() -> None:
    calls: list[int] = []

    async def slow() -> None:
        calls.append(1)
        raise TimedOut() from httpx.ReadTimeout("late")

    with pytest.raises(TimedOut):
        _pacer_run(Pacer(0), slow)
    assert len(calls) == 1  # sendMessage may have been delivered: no second copy
    calls.clear()
    with pytest.raises(TimedOut):
        _pacer_run(Pacer(0, RetryPolicy(budget=0.6)), slow, "editMessageText")
    assert len(calls) > 1  # an edit is safe to repeat


def test_retry_policy_backs_off_and_honours_retry_after() -> None:
    policy = RetryPolicy(budget=60)
    assert [policy.delay(n) for n in (1, 2, 3, 6)] == [0.25, 0.5, 1.0, 8.0]
    assert policy.delay(1, asked=5) == 5
    assert policy.allows(50, 8) and not policy.allows(55, 8)


# -- odds and ends -------------------------------------------------------------------------
def test_file_url_and_update_kind() -> None:
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:81/bot") == "http://127.0.0.1:81/file/bot"
    assert update_kind(None) == "none"
    assert update_kind(Update(1, message=message("x"))) == "message"


def test_inline_results(core: Core) -> None:
    outcome, results = inline_results(core, "", "hr_test_bot", 400)
    assert outcome == "topics" and results[0].id == "emergency"
    assert len(results) == len(core.library.facts) + 1
    outcome, results = inline_results(
        core, "how long does heroin stay in urine", "hr_test_bot", 400
    )
    assert outcome == "answer" and results[0].id == "heroin/detection-time"
    outcome, results = inline_results(core, "qwertyuiop zxcv", "hr_test_bot", 400)
    assert outcome == "fallback" and results == []


@pytest.fixture(scope="module")
def handlers() -> Handlers:
    return Handlers(LiveCore(Config()), Config())


def test_safety_read_before_queueing_is_kept_for_answering_then_dropped() -> None:
    """The dispatcher reads an update's safety to queue it; answering reuses that reading
    (``Core.decide`` checks it is of the same text), and the dispatcher's ``done`` drops it."""
    live = LiveCore(Config())
    core = live.core
    handlers = Handlers(live, Config())
    text = "  my friend is not breathing  "
    update = Update.de_json({"update_id": 41, "message": message(text).to_dict()}, None)
    assert handlers.urgent(update)
    reading = handlers.readings.get(41)
    assert reading is not None and reading.text == text.strip()
    routed = text_routed(text, 400)
    assert isinstance(routed.incoming, Text) and core.fits(reading, routed.incoming.text, "")

    processed: list[int] = []

    async def process(u: Update) -> None:
        processed.append(u.update_id)
        raise RuntimeError("a handler failed")  # done is told all the same

    async def run() -> None:
        dispatcher = Dispatcher(process, handlers.urgent, 1, 10, done=handlers.forget)
        dispatcher.start()
        dispatcher.submit(update)
        assert await dispatcher.drain(2) == 0
        await dispatcher.stop()

    asyncio.run(run())
    assert processed == [41] and len(handlers.readings) == 0


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("/emergency", True),
        ("/crisis", True),
        ("/start emergency", True),
        ("/help", False),
        ("/start heroin_detection-time", False),
    ],
)
def test_commands_jump_the_queue_when_their_reply_is_a_card(
    handlers: Handlers, text: str, urgent: bool
) -> None:
    """The core's reply decides, so no list in the front end can miss a card."""
    update = Update.de_json({"update_id": 3, "message": message(text).to_dict()}, None)
    assert handlers.urgent(update) is urgent


@pytest.mark.parametrize(
    ("data", "urgent"), [("e", True), ("c", True), ("es|e", True), ("t", False)]
)
def test_taps_jump_the_queue_when_their_reply_is_a_card(
    handlers: Handlers, data: str, urgent: bool
) -> None:
    tap = {
        "id": "1",
        "from": {"id": 7, "is_bot": False, "first_name": "A"},
        "chat_instance": "x",
        "data": data,
        "message": message("a card").to_dict(),
    }
    update = Update.de_json({"update_id": 4, "callback_query": tap}, None)
    assert handlers.urgent(update) is urgent


class RecordingBot:
    """Stands in for the Bot API client: what the handlers send, in order."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_message(self, chat_id: int, text: str, **_: Any) -> None:
        self.sent.append(text)


def test_a_flooded_sender_is_not_ranked_but_still_gets_a_card(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The flood check comes before ranking (a flood costs no ranking), after safety (a
    card is never silenced)."""
    from dataclasses import replace
    from types import SimpleNamespace

    base = Config()
    config = replace(base, telegram=replace(base.telegram, flood_limit=2, flood_window_seconds=60))
    live = LiveCore(config)
    handlers = Handlers(live, config)
    ranked: list[str] = []
    for locale in live.core.locales.values():
        matcher = locale.triage.matcher
        decide = matcher.decide

        def counting(message: Any, foreign: Any, decide: Any = decide) -> Any:
            ranked.append(message.text)
            return decide(message, foreign)

        monkeypatch.setattr(matcher, "decide", counting)
    bot = RecordingBot()
    sent = bot.sent
    context: Any = SimpleNamespace(bot=bot)

    async def say(text: str) -> None:
        await handlers._answer(message(text), text_routed(text, 400), context)

    async def run() -> None:
        for n in range(5):
            await say(f"how long does heroin stay in urine, day {n}")
        await say("my friend is not breathing")

    asyncio.run(run())
    assert len(ranked) == 2  # the limit; the third got the notice, the rest silence
    card = render(live.core.handle(Text("my friend is not breathing")), live.core.texts)
    assert sent[2:] == [esc(live.core.texts.flood), card[0][0]]


def test_a_reply_is_rendered_in_its_own_language(handlers: Handlers) -> None:
    """A Spanish reply carries Spanish interface words (here the note that a long message
    was read only in part), whatever the default language."""
    from types import SimpleNamespace

    bot = RecordingBot()
    text = "hola, te cuento que mi primo usa chiva desde hace tiempo y " * 8
    text += "cuantos dias dura la heroina en la orina"
    routed = text_routed(text, 400)
    assert routed.cut
    asyncio.run(handlers._answer(message(text), routed, SimpleNamespace(bot=bot)))
    assert "solo leí el principio" in bot.sent[0], bot.sent[0]
