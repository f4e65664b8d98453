"""Issue 8.9 with the real Application and the fake Bot API, in process.

A send whose answer comes back after the read timeout has been delivered; sending it
again would show the user the same message twice. And a button payload with a trailing
newline is not one we issued.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from fake_bot_api import FakeBotAPI
from telegram import Update
from telegram_harness import BOT_USERNAME, TOKEN, new_chat

import bot.telegram.app as app_module
from bot.config import Config, TelegramConfig
from bot.core import LiveCore
from bot.telegram.app import build_application

QUESTION = "how long does heroin stay in urine"


def text_update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private", "first_name": "Pat"},
            "from": {"id": chat, "is_bot": False, "first_name": "Pat"},
            "text": text,
        },
    }


def test_a_send_that_outlives_the_read_timeout_is_not_sent_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app_module, "READ_TIMEOUT", 0.3)
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        config = Config(telegram=TelegramConfig(api_base_url=api.base_url))
        application = build_application(config, LiveCore(config), TOKEN)
        chat = new_chat()

        async def run() -> None:
            await application.initialize()
            try:
                api.delay_next("sendMessage", 0.8)
                update = Update.de_json(text_update(1, chat, QUESTION), application.bot)
                await application.process_update(update)
                await asyncio.sleep(1.0)  # the late first attempt lands meanwhile
            finally:
                await application.shutdown()

        asyncio.run(run())
        assert len(api.calls("sendMessage")) == 1
        assert len(api.sent_messages(chat)) == 1


@pytest.mark.parametrize("data", ["t\n", "f:heroin/overdose\n", "s:GB\n"])
def test_button_data_with_a_trailing_newline_is_stale(data: str) -> None:
    from bot import payloads

    assert payloads.parse(data) is None
    assert payloads.parse(data.rstrip("\n")) is not None
