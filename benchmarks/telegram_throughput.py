"""Updates per second one bot process handles, and the latency the bot adds per update.

    python benchmarks/telegram_throughput.py [-n 2000] [--paced 500] [--rate-limited]
        [--concurrency 8,16,256]

Runs the real Application (HTTP client, handlers, matcher, renderer) with the production
poller and dispatcher (bot/telegram/polling.py, dispatch.py) in this process against
the fake Bot API (tests/fake_bot_api.py, also in this process, in threads), so the
numbers include the fake's own cost and the GIL shared with it: a lower bound for the
bot. Two measurements:

* burst: N text updates from N different chats pushed at once; throughput is N over the
  time from the first push to the last sendMessage arriving at the fake.
* paced: updates pushed one at a time with a pause in between, so nothing queues;
  latency is push -> the fake receiving sendMessage (long-poll pickup, parsing, matching,
  rendering, the HTTP call).

Both run for each concurrency (hrbot's ``[telegram] concurrency``, PTB's
``concurrent_updates``) in the same process: for hrbot, and for a bare
python-telegram-bot Application (its own Updater) that replies a fixed "ok" to every
message (the baseline), so the ratio shows what the bot itself adds on this machine.

By default send pacing is off (hrbot send_rate = 0, the baseline's AIORateLimiter
without its 30/s cap) to measure the bot itself; ``--rate-limited`` keeps the production
30 messages/s. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import FakeBotAPI  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    AIORateLimiter,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Config, EmergencyConfig, PrivacyConfig, TelegramConfig  # noqa: E402
from bot.core import LiveCore  # noqa: E402
from bot.telegram.app import ALLOWED_UPDATES, build_application  # noqa: E402
from bot.telegram.dispatch import Dispatcher  # noqa: E402
from bot.telegram.polling import Poller  # noqa: E402

TOKEN = "1000:BENCHmarkTOKENnotReal"
QUESTIONS = [
    "how long does heroin stay in urine",
    "is it safe to mix heroin with xanax",
    "my friend is not breathing",
    "what is heroin",
    "how do i get on methadone",
    "is cocaine safe",
    "where can i get narcan",
    "/start",
    "can you od on dope",
    "thanks",
]


class Clock:
    """Push and receive times per chat (each update comes from its own chat)."""

    def __init__(self) -> None:
        self.pushed: dict[int, float] = {}
        self.received: dict[int, float] = {}
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.expected = 0

    def receive(self, chat_id: int) -> None:
        now = time.perf_counter()
        with self.lock:
            self.received.setdefault(chat_id, now)
            if len(self.received) >= self.expected:
                self.done.set()

    def latencies_ms(self) -> list[float]:
        return sorted((self.received[c] - self.pushed[c]) * 1000 for c in self.received)


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def bench(
    api: FakeBotAPI, application: Any, n: int, paced: int, concurrency: int = 0
) -> dict[str, float]:
    """Burst throughput and paced latency of one Application against the fake.

    With ``concurrency`` the production poller and dispatcher feed it (hrbot); without,
    PTB's own Updater does (the baseline).
    """
    async with application:
        poller: asyncio.Task[None] | None = None
        if concurrency:
            handlers = application.bot_data["handlers"]
            dispatcher = Dispatcher(application.process_update, handlers.urgent, concurrency, 2000)
            dispatcher.start()
            feed = Poller(application.bot, dispatcher, timeout=10, allowed_updates=ALLOWED_UPDATES)
            poller = asyncio.create_task(feed.run())
        else:
            assert application.updater is not None
            await application.updater.start_polling(timeout=10, allowed_updates=ALLOWED_UPDATES)
        await application.start()
        await measure(api, 50, 0.0, chat_base=1)  # warm-up: connections, first calls
        clock = await measure(api, n, 0.0, chat_base=1_000_000)
        span = max(clock.received.values()) - min(clock.pushed.values())
        calm = (await measure(api, paced, 0.01, chat_base=2_000_000)).latencies_ms()
        if poller is not None:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)
            await dispatcher.stop()
        else:
            await application.updater.stop()
        await application.stop()
    return {
        "rate": n / span,
        "p50": percentile(calm, 50),
        "p99": percentile(calm, 99),
        "max": calm[-1],
    }


def echo_application(base_url: str, limiter: AIORateLimiter, concurrency: int) -> Any:
    """The baseline: bare python-telegram-bot replying a fixed text to every message."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "ok")

    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(base_url)
        .rate_limiter(limiter)
        .concurrent_updates(concurrency)
        .build()
    )
    application.add_handler(MessageHandler(filters.ALL, echo))
    return application


def limiter_for(rate_limited: bool) -> AIORateLimiter:
    if rate_limited:
        return AIORateLimiter(max_retries=3)
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


async def run(n: int, paced: int, rate_limited: bool, levels: list[int]) -> None:
    rows: list[tuple[int, dict[str, float], dict[str, float]]] = []
    with FakeBotAPI(token=TOKEN) as api:
        for level in levels:
            config = Config(
                telegram=TelegramConfig(
                    api_base_url=api.base_url,
                    poll_timeout=10,
                    flood_limit=0,
                    send_rate=30.0 if rate_limited else 0.0,
                    concurrency=level,
                ),
                emergency=EmergencyConfig(country="US"),
                privacy=PrivacyConfig(),
            )
            live = LiveCore(config)
            ours = await bench(api, build_application(config, live, TOKEN), n, paced, level)
            echo = echo_application(api.base_url, limiter_for(rate_limited), level)
            base = await bench(api, echo, n, paced)
            rows.append((level, ours, base))

    label = "30 msg/s pacing" if rate_limited else "pacing off"
    print(f"telegram, one process, {label}, {n} burst / {paced} paced updates, same run")
    print(
        "| concurrency | hrbot updates/s | bare PTB updates/s | ratio | hrbot p50 / p99 ms "
        "| bare p50 / p99 ms |"
    )
    for level, ours, base in rows:
        print(
            f"| {level} | {ours['rate']:.0f} | {base['rate']:.0f} | "
            f"{ours['rate'] / base['rate']:.2f} | {ours['p50']:.1f} / {ours['p99']:.1f} | "
            f"{base['p50']:.1f} / {base['p99']:.1f} |"
        )


async def measure(api: FakeBotAPI, count: int, pause: float, chat_base: int) -> Clock:
    """Push ``count`` updates (``pause`` seconds apart) and wait for every reply."""
    clock = Clock()
    clock.expected = count
    api.set_handler("sendMessage", _timed(api, clock))

    def push() -> None:
        for i in range(count):
            chat = chat_base + i
            clock.pushed[chat] = time.perf_counter()
            api.push_text(chat, QUESTIONS[i % len(QUESTIONS)])
            if pause:
                time.sleep(pause)

    await asyncio.get_running_loop().run_in_executor(None, push)
    ok = await asyncio.get_running_loop().run_in_executor(None, clock.done.wait, 120)
    if not ok:
        raise SystemExit(f"only {len(clock.received)} of {count} replies arrived")
    return clock


def _timed(api: FakeBotAPI, clock: Clock) -> Any:
    """The fake's own sendMessage, noting when each chat's reply arrived."""
    original = api._m_send_message

    def timed_send(params: dict[str, Any]) -> Any:
        result = original(params)
        clock.receive(int(params["chat_id"]))
        return result

    return timed_send


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="updates in the burst")
    parser.add_argument("--paced", type=int, default=500, help="updates in the paced run")
    parser.add_argument("--rate-limited", action="store_true", help="keep the 30 msg/s cap")
    parser.add_argument("--concurrency", default="8,16,256", help="levels, comma-separated")
    args = parser.parse_args()
    levels = [int(x) for x in args.concurrency.split(",")]
    asyncio.run(run(args.n, args.paced, args.rate_limited, levels))


if __name__ == "__main__":
    main()
