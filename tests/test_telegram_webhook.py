"""Webhook mode: our own HTTP endpoint, guarded by the secret token header.

The tests post updates straight to the bot's port, as Telegram would, and watch the
replies arrive at the fake Bot API.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from fake_bot_api import FakeBotAPI
from telegram_harness import (
    BOT_USERNAME,
    FACTS,
    TOKEN,
    BotProcess,
    free_port,
    new_chat,
    toml_config,
)

SECRET = "webhook_SECRET-value-123"
HOOK_URL = "https://bot.example.org/telegram"
QUESTION = "how long does heroin stay in urine"


def http(
    port: int, method: str, path: str, body: Any = None, secret: str | None = None
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if secret is not None:
        request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": chat, "is_bot": False, "first_name": "Pat", "username": "pat_x"},
            "chat": {"id": chat, "type": "private", "first_name": "Pat"},
            "date": int(time.time()),
            "text": text,
        },
    }


def test_webhook_mode(tmp_path: Path) -> None:
    port = free_port()
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        config = toml_config(
            api.base_url, FACTS,
            telegram={"mode": "webhook", "webhook_port": port, "webhook_path": "/tg-hook",
                      "webhook_url": HOOK_URL},
            privacy={"log_questions": True},
        )  # fmt: skip
        bot = BotProcess(tmp_path, config, env={"TELEGRAM_WEBHOOK_SECRET": SECRET})
        bot.start(ready="started mode=webhook")

        [hook] = api.calls("setWebhook")
        assert hook["url"] == HOOK_URL and hook["secret_token"] == SECRET
        assert set(hook["allowed_updates"]) == {
            "message",
            "edited_message",
            "callback_query",
            "inline_query",
        }
        assert api.calls("setMyCommands")

        status, body = http(port, "GET", "/healthz")
        assert status == 200
        assert json.loads(body) == {"status": "ok", "facts": 9}

        chat = new_chat()
        assert http(port, "POST", "/tg-hook", update(1, chat, QUESTION))[0] == 403
        assert http(port, "POST", "/tg-hook", update(2, chat, QUESTION), "wrong")[0] == 403
        assert http(port, "POST", "/tg-hook", update(3, chat, QUESTION), SECRET[:-1])[0] == 403
        assert http(port, "POST", "/tg-hook", "not an update", SECRET)[0] == 400
        assert http(port, "GET", "/tg-hook")[0] == 405
        time.sleep(0.2)
        assert api.sent_messages(chat) == []  # nothing got through

        assert http(port, "POST", "/tg-hook", update(4, chat, QUESTION), SECRET)[0] == 200
        [reply] = api.wait_for(lambda a: a.sent_messages(chat))
        assert reply["text"].startswith("How long does heroin stay")
        assert bot.stop() == 0

    log = bot.log()
    assert "started mode=webhook" in log and "stopped" in log
    assert f"question={json.dumps(QUESTION)}" in log  # log_questions is on ...
    assert str(chat) not in log and "pat_x" not in log and "Pat" not in log  # ... but no ids
    assert SECRET not in log and TOKEN not in log and TOKEN.split(":")[1] not in log


def test_webhook_mode_requires_a_secret(tmp_path: Path) -> None:
    config = toml_config(
        "http://127.0.0.1:9/bot", FACTS, telegram={"mode": "webhook", "webhook_port": free_port()}
    )
    bot = BotProcess(tmp_path, config).start(ready="")
    assert bot.wait_exit() == 2
    assert "webhook mode needs a secret" in bot.log()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def raw_post(port: int, secret: str, size: int) -> bytes:
    """Headers announcing ``size`` bytes; the body is sent only if the server waits for it."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        head = (
            f"POST /tg-hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {size}\r\n\r\n"
        )
        sock.sendall(head.encode())
        return sock.recv(200)  # answered from the headers alone


def test_webhook_survives_idle_floods_big_bodies_and_duplicates(tmp_path: Path) -> None:
    port = free_port()
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        config = toml_config(
            api.base_url, FACTS,
            telegram={"mode": "webhook", "webhook_port": port, "webhook_path": "/tg-hook"},
        )  # fmt: skip
        bot = BotProcess(tmp_path, config, env={"TELEGRAM_WEBHOOK_SECRET": SECRET})
        bot.start(ready="started mode=webhook")
        assert bot.proc is not None
        chat = new_chat()
        assert http(port, "POST", "/tg-hook", update(1, chat, QUESTION), SECRET)[0] == 200
        api.wait_for(lambda a: a.sent_messages(chat))
        rss_before = rss_kb(bot.proc.pid)

        # 1,100 idle connections: the server keeps at most 100 and still answers Telegram.
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(1100)]
        try:
            assert http(port, "POST", "/tg-hook", update(2, chat, QUESTION), SECRET)[0] == 200
            api.wait_for(lambda a: len(a.sent_messages(chat)) == 2, what="answer under flood")
            fds = len(list(Path(f"/proc/{bot.proc.pid}/fd").iterdir()))
            assert fds < 250, fds
        finally:
            for sock in idle:
                sock.close()

        # Oversized unauthenticated bodies: 403 on the headers, the body is never read.
        for _ in range(50):
            assert raw_post(port, "wrong", 200_000).startswith(b"HTTP/1.1 403")
            assert raw_post(port, "wrong", 1_000_000).startswith(b"HTTP/1.1 4")
        assert raw_post(port, SECRET, 10_000_000).startswith(b"HTTP/1.1 4")  # over the cap
        growth = rss_kb(bot.proc.pid) - rss_before
        assert growth < 20_000, f"RSS grew by {growth} kB"

        # An update PTB cannot parse is acknowledged (else Telegram re-sends it forever).
        poison = update(9, chat, QUESTION)
        del poison["message"]["text"]
        poison["message"]["poll"] = {"id": "1", "question": "private poll", "options": []}
        assert http(port, "POST", "/tg-hook", poison, SECRET)[0] == 200

        # The same update id twice (Telegram re-sending after a lost 200) is answered once.
        assert http(port, "POST", "/tg-hook", update(2, chat, QUESTION), SECRET)[0] == 200
        assert http(port, "POST", "/tg-hook", update(3, chat, "/help"), SECRET)[0] == 200
        api.wait_for(lambda a: len(a.sent_messages(chat)) == 3)
        time.sleep(0.3)
        assert len(api.sent_messages(chat)) == 3
        assert bot.stop() == 0
    log = bot.log()
    assert log.count("refused requests without the right secret") == 1  # rate-limited
    assert "127.0.0.1" not in log
    assert "skipped update 9: cannot parse it" in log and "private poll" not in log
    print(f"idle flood fds<250, RSS growth {growth} kB")
