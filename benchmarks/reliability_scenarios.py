"""Issue 8's failure scenarios at full size, with the figures the README reports.

    python benchmarks/reliability_scenarios.py

Each scenario runs the real ``hrbot run`` process (default config: 30 messages/s
pacing, 8 s shutdown grace) against the fake Bot API and counts, per update it sent:
answered, lost (never answered) and duplicated (answered more than once). The tests in
tests/test_telegram_reliability.py and tests/test_telegram_webhook.py check the same
behaviour at a smaller size; this is the soak. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import FakeBotAPI  # noqa: E402
from telegram_harness import (  # noqa: E402
    BOT_USERNAME,
    FACTS,
    TOKEN,
    BotProcess,
    copy_facts,
    free_port,
    new_chat,
    toml_config,
)

QUESTION = "how long does heroin stay in urine"
EMERGENCY = "my friend is not breathing"
SECRET = "benchmark_SECRET-value-123"
LOAD = 4000  # updates queued for the kill scenario: more than max_backlog (2,000)
Row = tuple[str, int, int, int, int, str]


def is_card(message: dict[str, Any]) -> bool:
    return "overdose" in message["text"].split("\n", 1)[0].lower()


def tally(api: FakeBotAPI, expected: dict[int, int]) -> tuple[int, int, int]:
    """(answered, lost, duplicated) given how many replies each chat should have had."""
    answered = lost = duplicated = 0
    for chat, want in expected.items():
        got = len(api.sent_messages(chat))
        answered += min(got, want)
        lost += max(0, want - got)
        duplicated += max(0, got - want)
    return answered, lost, duplicated


def settle(api: FakeBotAPI, target: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last, quiet_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(api.sent_messages())
        if count != last:
            last, quiet_since = count, time.monotonic()
        if count >= target and time.monotonic() - quiet_since > 1.0:
            return
        time.sleep(0.1)


def poison_then_questions(work: Path) -> Row:
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        chat = new_chat()
        api.push_raw(
            {
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": chat, "type": "private"},
                    "poll": {
                        "id": "1",
                        "question": "private poll text",
                        "options": [{"text": "a", "voter_count": 0}],
                        "total_voter_count": 0,
                        "is_closed": False,
                    },
                }
            }
        )
        chats = [new_chat() for _ in range(50)]
        for c in chats:
            api.push_text(c, QUESTION)
        bot = BotProcess(work, toml_config(api.base_url, FACTS)).start()
        settle(api, 50, 30)
        bot.stop()
        answered, lost, dup = tally(api, dict.fromkeys(chats, 1))
        log = bot.log()
        leaks = sum(
            1
            for line in log.splitlines()
            if " DEBUG " not in line
            and ("private poll text" in line or str(chat) in line or QUESTION in line)
        )
        return (
            "poison update, then 50 questions",
            51,
            answered,
            lost,
            dup,
            f"{leaks} log lines with user data",
        )


def emergency_behind_backlog(work: Path) -> Row:
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        bot = BotProcess(work, toml_config(api.base_url, FACTS)).start()
        chats = [new_chat() for _ in range(200)]
        for i in range(1000):
            api.push_text(chats[i % 200], QUESTION)
        rescuer = new_chat()
        start = time.monotonic()
        api.push_text(rescuer, EMERGENCY)
        [card] = api.wait_for(lambda a: a.sent_messages(rescuer), timeout=20)
        latency = time.monotonic() - start
        waiting = 1000 - (len(api.sent_messages()) - 1)
        settle(api, 1001, 60)
        bot.stop()
        answered, lost, dup = tally(api, {**dict.fromkeys(chats, 5), rescuer: 1})
        note = (
            f"card {'OK' if is_card(card) else 'WRONG'} in {latency:.2f} s, {waiting} still queued"
        )
        return ("emergency after 1,000 queued questions", 1001, answered, lost, dup, note)


def emergency_far_in_and_in_caption(work: Path) -> Row:
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        bot = BotProcess(work, toml_config(api.base_url, FACTS)).start()
        far, photo = new_chat(), new_chat()
        rambling = ("so we were at a party last night and everyone was drinking " * 9)[:500]
        api.push_text(far, f"{rambling} {EMERGENCY}")
        api.push_photo(photo, caption=EMERGENCY)
        settle(api, 2, 10)
        bot.stop()
        answered, lost, dup = tally(api, {far: 1, photo: 1})
        cards = [
            bool(m) and is_card(m[0]) for m in (api.sent_messages(far), api.sent_messages(photo))
        ]
        yes = ["yes" if c else "NO" for c in cards]
        note = f"card at char 500: {yes[0]}; in caption: {yes[1]}"
        return ("emergency at char 500 / in a photo caption", 2, answered, lost, dup, note)


def kill_under_load(work: Path) -> Row:
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        config = toml_config(api.base_url, FACTS)
        bot = BotProcess(work, config).start()
        chats = [new_chat() for _ in range(LOAD // 10)]
        for i in range(LOAD):
            api.push_text(chats[i % len(chats)], QUESTION)
        time.sleep(2)
        bot.signal(signal.SIGTERM)
        sigterm = time.monotonic()
        killed = False
        assert bot.proc is not None
        try:
            bot.proc.wait(10)
        except subprocess.TimeoutExpired:
            bot.signal(signal.SIGKILL)
            bot.proc.wait()
            killed = True
        exit_after = time.monotonic() - sigterm
        before_restart = len(api.sent_messages())
        again = BotProcess(work, config).start()
        settle(api, LOAD, 180)
        again.stop()
        answered, lost, dup = tally(api, dict.fromkeys(chats, 10))
        how = "SIGKILLed" if killed else f"exited {exit_after:.1f} s after SIGTERM"
        note = f"{before_restart} answered before exit ({how}), the rest after the restart"
        return ("SIGTERM (+SIGKILL at 10 s) under load, restart", LOAD, answered, lost, dup, note)


def error_bursts(work: Path) -> Row:
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        bot = BotProcess(work, toml_config(api.base_url, FACTS)).start()
        a, b = new_chat(), new_chat()
        api.fail_next("sendMessage", 500, count=2)
        api.fail_next("sendMessage", 502, count=1)
        api.push_text(a, QUESTION)
        settle(api, 1, 30)
        api.fail_next("sendMessage", 429, retry_after=1, count=4)
        api.push_text(b, QUESTION)
        settle(api, 2, 30)
        bot.stop()
        answered, lost, dup = tally(api, {a: 1, b: 1})
        return ("3x 500/502, then 4x 429", 2, answered, lost, dup, "")


def webhook_flood(work: Path) -> Row:
    port = free_port()
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        telegram = {"mode": "webhook", "webhook_port": port, "webhook_path": "/hook"}
        bot = BotProcess(work, toml_config(api.base_url, FACTS, telegram=telegram))
        bot.env = {"TELEGRAM_WEBHOOK_SECRET": SECRET}
        bot.start(ready="started mode=webhook")
        assert bot.proc is not None
        rss0 = _rss(bot.proc.pid)
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(1100)]
        for _ in range(50):
            _post(port, "wrong", b"x" * 1_000_000)
        chats = [new_chat() for _ in range(20)]
        for i, c in enumerate(chats):
            body = _update(100 + i, c)
            _post(port, SECRET, body)
            _post(port, SECRET, body)  # the same update id again
        settle(api, 20, 20)
        fds = len(list(Path(f"/proc/{bot.proc.pid}/fd").iterdir()))
        growth = (_rss(bot.proc.pid) - rss0) / 2**20
        for s in idle:
            s.close()
        bot.stop()
        answered, lost, dup = tally(api, dict.fromkeys(chats, 1))
        note = f"1,100 idle + 50x1 MB bad bodies: {fds} fds, RSS +{growth:.1f} MB"
        return ("webhook flood, each update POSTed twice", 20, answered, lost, dup, note)


def truncated_pack(work: Path) -> Row:
    facts = copy_facts(work / "facts")
    pack = facts / "heroin.yaml"
    text = pack.read_text(encoding="utf-8")
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        bot = BotProcess(work, toml_config(api.base_url, facts)).start()
        first = text.index("\n  - id:", text.index("\nfacts:"))
        pack.write_text(text[: text.index("\n  - id:", first + 1)] + "\n", encoding="utf-8")
        bot.signal(signal.SIGHUP)
        bot.wait_log("reload failed")
        chat = new_chat()
        api.push_text(chat, QUESTION)
        settle(api, 1, 10)
        bot.stop()
        answered, lost, dup = tally(api, {chat: 1})
        ok = "How long does heroin stay" in api.sent_messages(chat)[0]["text"]
        note = f"reload refused; old content serving: {'yes' if ok else 'NO'}"
        return ("truncated pack + SIGHUP, then a question", 1, answered, lost, dup, note)


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _update(update_id: int, chat: int) -> bytes:
    import json

    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private"},
                "from": {"id": chat, "is_bot": False, "first_name": "P"},
                "text": QUESTION,
            },
        }
    ).encode()


def _post(port: int, secret: str, body: bytes) -> None:
    head = (
        f"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        with contextlib.suppress(OSError):  # refused before the body: the point
            sock.sendall(head + body)
        with contextlib.suppress(OSError):
            sock.recv(100)


SCENARIOS: list[Callable[[Path], Row]] = [
    poison_then_questions,
    emergency_behind_backlog,
    emergency_far_in_and_in_caption,
    kill_under_load,
    error_bursts,
    webhook_flood,
    truncated_pack,
]


def main() -> None:
    wanted = sys.argv[1:]
    print("| scenario | tried | answered | lost | duplicated | notes |")
    print("|---|---|---|---|---|---|")
    for scenario in SCENARIOS:
        if wanted and scenario.__name__ not in wanted:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            name, tried, answered, lost, dup, note = scenario(Path(tmp))
        print(f"| {name} | {tried} | {answered} | {lost} | {dup} | {note} |", flush=True)


if __name__ == "__main__":
    main()
