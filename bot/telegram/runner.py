"""``hrbot run``: load the content, connect to Telegram, serve until SIGTERM/SIGINT.

Exit codes: 0 after a clean stop, 2 when the bot cannot start as configured (content or
config errors, a missing webhook secret, a token Telegram rejects), 1 when Telegram
cannot be reached at startup. SIGHUP reloads the content; a failed reload is logged and
the old content keeps serving.

Polling mode runs our own poller (polling.py) and dispatcher (dispatch.py) around PTB's
Application: on SIGTERM it stops fetching, answers what it fetched (at most
shutdown_grace_seconds), then confirms only what was answered, so a restart neither
loses nor repeats an update. Webhook mode runs our own small server (webhook.py).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.config import Config
from bot.core import STARTUP_ERRORS, LiveCore, startup_error_lines
from bot.serving.logs import setup_logging
from bot.serving.metrics import MetricsServer, stats_url
from bot.telegram.app import ALLOWED_UPDATES, Reloader, announce, build_application, counts
from bot.telegram.dispatch import Dispatcher
from bot.telegram.handlers import AnyApplication, Handlers
from bot.telegram.pacing import Pacer
from bot.telegram.polling import Poller
from bot.telegram.webhook import WebhookServer, secret_problem

LOG = logging.getLogger("bot.telegram")
BOOTSTRAP_RETRIES = 2  # a few seconds of retrying, then one clear line and exit 1
BOOTSTRAP_DELAY = 0.5
REJECTED = (
    "hrbot: Telegram rejected the token (401 Unauthorized / 404 Not Found).\n"
    "Check TELEGRAM_BOT_TOKEN (or [telegram] token); @BotFather can show or revoke it."
)


class StartupError(Exception):
    """The bot cannot run as configured; the message says why (and never holds a secret)."""


def run_bot(config: Config) -> int:
    token = config.token()
    secret = config.webhook_secret()
    setup_logging(config.log_level, [token, secret])
    for warning in config.warnings:
        LOG.warning("config: %s", warning)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # until the reload handler is in place
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    live = _load(config)
    if live is None:
        return 2
    webhook = config.telegram.mode == "webhook"
    if webhook and (problem := secret_problem(secret)):
        print(f"hrbot: {problem}", file=sys.stderr)
        return 2
    metrics_server: MetricsServer | None = None
    try:
        metrics_server = _start_metrics(config)
        serve = _serve_webhook(config, live, token, secret) if webhook else None
        asyncio.run(serve or _serve_polling(config, live, token))
    except InvalidToken:
        print(REJECTED, file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"hrbot: {exc}", file=sys.stderr)
        return 2
    except NetworkError as exc:
        host = config.telegram.api_base_url.split("/")[2]
        reason = type(exc.__cause__ or exc).__name__  # e.g. ConnectError, ConnectTimeout
        print(
            f"hrbot: cannot reach the Bot API at {host} ({reason}, {BOOTSTRAP_RETRIES + 1} "
            "tries); check the network and [telegram] api_base_url",
            file=sys.stderr,
        )
        return 1
    finally:
        if metrics_server is not None:
            metrics_server.stop()
    LOG.info("stopped")
    return 0


def _start_metrics(config: Config) -> MetricsServer | None:
    """The anonymous counters at /metrics, on their own port, when [metrics] enabled."""
    m = config.metrics
    if not m.enabled:
        return None
    try:
        server = MetricsServer(m.listen, m.port)
    except OSError as exc:
        where = f"{m.listen}:{m.port}"
        raise StartupError(f"cannot listen on {where} for [metrics]: {exc.strerror}") from None
    LOG.info("metrics at %s", stats_url(m.listen, server.port))
    return server


def _load(config: Config) -> LiveCore | None:
    try:
        live = LiveCore(config)
        live.core.warm()
        return live
    except STARTUP_ERRORS as exc:
        print("\n".join(startup_error_lines(exc)), file=sys.stderr)
    return None


async def _serve_polling(config: Config, live: LiveCore, token: str) -> None:
    tg = config.telegram
    stop = _stop_event()
    application = build_application(config, live, token)
    await _initialize(application)
    try:
        await announce(application, live)
        await application.bot.delete_webhook(drop_pending_updates=False)
        await application.start()
        dispatcher = _dispatcher(application, config)
        poller = Poller(
            application.bot, dispatcher, timeout=tg.poll_timeout, allowed_updates=ALLOWED_UPDATES
        )
        reloader = Reloader(live)
        reloader.install()
        LOG.info("started mode=polling %s", counts(live))
        polling = asyncio.create_task(poller.run())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        polling.cancel()  # stop fetching first: nothing new is taken on
        failure = (await asyncio.gather(polling, return_exceptions=True))[0]
        reloader.uninstall()
        await _finish(dispatcher, application, tg.shutdown_grace_seconds)
        offset = await poller.confirm()
        LOG.info("confirmed updates below %d", offset)
        if isinstance(failure, Exception):
            raise failure  # a rejected token, or a bug: not a clean stop
    finally:
        await application.shutdown()


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


def _dispatcher(application: AnyApplication, config: Config) -> Dispatcher:
    tg = config.telegram
    handlers: Handlers = application.bot_data["handlers"]
    dispatcher = Dispatcher(
        application.process_update,
        handlers.urgent,
        tg.concurrency,
        tg.max_backlog,
        done=handlers.forget,
    )
    dispatcher.start()
    return dispatcher


async def _finish(dispatcher: Dispatcher, application: AnyApplication, grace: float) -> None:
    """Answer what was fetched, for at most ``grace`` seconds, then stop the workers.

    During the grace period sending is not paced (a 429 is still waited out): the
    backlog is answered as fast as Telegram takes it.
    """
    pacer = application.bot.rate_limiter
    if isinstance(pacer, Pacer):
        pacer.paced = False
    left = await dispatcher.drain(grace)
    if left:
        LOG.warning("shutdown: %d fetched updates still unanswered after %.0f s", left, grace)
    else:
        LOG.info("shutdown: every fetched update answered (%d)", dispatcher.answered)
    await dispatcher.stop()
    await application.stop()


async def _serve_webhook(config: Config, live: LiveCore, token: str, secret: str) -> None:
    tg = config.telegram
    stop = _stop_event()
    reloader = Reloader(live)
    application = build_application(config, live, token)
    await _initialize(application)
    try:
        await announce(application, live)
        if tg.webhook_url:
            try:
                await application.bot.set_webhook(
                    url=tg.webhook_url,
                    secret_token=secret,
                    allowed_updates=ALLOWED_UPDATES,
                    max_connections=min(tg.concurrency * 2, 100),
                )
            except BadRequest as exc:
                raise StartupError(f"Telegram refused the webhook URL: {exc.message}") from None
        else:
            LOG.warning("webhook_url is empty: not registering a webhook with Telegram")
        await application.start()
        dispatcher = _dispatcher(application, config)
        server = WebhookServer(
            application, live, dispatcher, tg.webhook_path, secret, tg.webhook_max_connections
        )
        try:
            port = server.start(tg.webhook_listen, tg.webhook_port)
        except OSError as exc:
            where = f"{tg.webhook_listen}:{tg.webhook_port}"
            raise StartupError(f"cannot listen on {where}: {exc.strerror}") from None
        reloader.install()
        LOG.info("started mode=webhook port=%d %s", port, counts(live))
        await stop.wait()
        reloader.uninstall()
        await server.stop()  # stop taking updates first
        await _finish(dispatcher, application, tg.shutdown_grace_seconds)
    finally:
        await application.shutdown()


async def _initialize(application: AnyApplication) -> None:
    """Connect (getMe), retrying briefly; the caller prints one line if it never works."""
    for attempt in range(BOOTSTRAP_RETRIES + 1):
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == BOOTSTRAP_RETRIES:
                raise
            LOG.debug("cannot reach Telegram yet (%s); retrying", type(exc).__name__)
            await asyncio.sleep(BOOTSTRAP_DELAY * (attempt + 1))
