"""Build the python-telegram-bot Application: HTTP client, rate limiter, handlers.

Shared by the runner (polling and webhook modes), the tests and the benchmark, so all of
them exercise the same stack.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, BaseRateLimiter, Defaults

from bot.config import Config
from bot.core import LiveCore
from bot.serving.retry import RetryPolicy
from bot.telegram.handlers import UPDATE_KINDS, AnyApplication, Handlers
from bot.telegram.pacing import Pacer
from bot.telegram.render import NO_PREVIEW

LOG = logging.getLogger("bot.telegram")
ALLOWED_UPDATES = list(UPDATE_KINDS)  # what Telegram sends us: what the handlers know
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
WRITE_TIMEOUT = 10.0
POOL_TIMEOUT = 5.0


def file_url(base_url: str) -> str:
    """``https://api.telegram.org/bot`` -> ``https://api.telegram.org/file/bot``."""
    if base_url.endswith("/bot"):
        return base_url[: -len("/bot")] + "/file/bot"
    return base_url


def build_application(
    config: Config,
    live: LiveCore,
    token: str,
    *,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    post_init: Callable[[AnyApplication], Coroutine[Any, Any, None]] | None = None,
) -> AnyApplication:
    """The Application with our handlers, without PTB's Updater (polling.py fetches).

    getUpdates has its own connection (PTB keeps one for it); the poller waits at most
    poll_timeout + 10 seconds for each answer.
    """
    tg = config.telegram
    base = tg.api_base_url.rstrip("/")
    limiter = rate_limiter or Pacer(tg.send_rate, RetryPolicy(float(tg.retry_seconds)))
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(base)
        .base_file_url(file_url(base))
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .write_timeout(WRITE_TIMEOUT)
        .pool_timeout(POOL_TIMEOUT)
        .get_updates_connect_timeout(CONNECT_TIMEOUT)
        .get_updates_read_timeout(READ_TIMEOUT)
        .get_updates_pool_timeout(POOL_TIMEOUT)
        .rate_limiter(limiter)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW))
    )  # concurrency is the Dispatcher's (bot/telegram/dispatch.py), which calls process_update
    builder = builder.updater(None)
    if post_init is not None:
        builder = builder.post_init(post_init)
    application: AnyApplication = builder.build()
    handlers = Handlers(live, config)
    handlers.register(application)
    application.bot_data["handlers"] = handlers  # the dispatcher asks it what is urgent
    return application


def bot_commands(live: LiveCore) -> list[BotCommand]:
    t = live.core.texts
    return [
        BotCommand("start", t.cmd_start),
        BotCommand("topics", t.cmd_topics),
        BotCommand("help", t.cmd_help),
        BotCommand("emergency", t.cmd_emergency),
        BotCommand("support", t.cmd_support),
        BotCommand("crisis", t.cmd_crisis),
        BotCommand("privacy", t.cmd_privacy),
    ]


async def announce(application: AnyApplication, live: LiveCore) -> None:
    """Set the command menu; a failure here is logged, not fatal (the bot still works)."""
    try:
        await application.bot.set_my_commands(bot_commands(live))
    except TelegramError as exc:
        LOG.warning("could not set the command menu: %s", type(exc).__name__)


class Reloader:
    """SIGHUP -> reload the content in a worker thread; a failed reload keeps the old one.

    SIGUSR1 reloads too, accepting that the new content removes facts, cards or
    languages (a plain SIGHUP refuses that: it is what a half-written pack looks like).
    """

    def __init__(self, live: LiveCore) -> None:
        self.live = live
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[list[str]]] = set()

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self.trigger)
        loop.add_signal_handler(signal.SIGUSR1, self.trigger, True)

    def uninstall(self) -> None:
        loop = asyncio.get_running_loop()
        loop.remove_signal_handler(signal.SIGHUP)
        loop.remove_signal_handler(signal.SIGUSR1)

    def trigger(self, allow_removal: bool = False) -> None:
        task = asyncio.get_running_loop().create_task(self.reload(allow_removal))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def reload(self, allow_removal: bool = False) -> list[str]:
        loop = asyncio.get_running_loop()
        async with self._lock:
            problems = await loop.run_in_executor(None, self.live.reload, allow_removal)
        if problems:
            LOG.error(
                "reload failed; still serving the old content. Problems:\n  %s",
                "\n  ".join(problems),
            )
        else:
            LOG.info("reload ok %s", counts(self.live))
        return problems


def counts(live: LiveCore) -> str:
    library = live.core.library
    return f"packs={len(library.packs)} facts={len(library.facts)}"
