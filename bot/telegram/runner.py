"""``hrbot run``: load the content, connect to Telegram, serve until SIGTERM/SIGINT.

Exit codes: 0 after a clean stop, 2 when the bot cannot start as configured (content or
config errors, a missing webhook secret, a token Telegram rejects), 1 when Telegram
cannot be reached at startup. SIGHUP reloads the content; a failed reload is logged and
the old content keeps serving.

Polling mode uses PTB's run_polling, which on shutdown calls getUpdates once more with
the next offset, so Telegram does not send the already-handled updates again. Webhook
mode runs our own small server (webhook.py) next to the Application.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.config import Config
from bot.core import STARTUP_ERRORS, LiveCore, startup_error_lines
from bot.serving.metrics import MetricsServer, stats_url
from bot.telegram.app import ALLOWED_UPDATES, Reloader, announce, build_application, counts
from bot.telegram.handlers import AnyApplication
from bot.telegram.logs import setup_logging
from bot.telegram.webhook import WebhookServer, secret_problem

LOG = logging.getLogger("bot.telegram")
BOOTSTRAP_RETRIES = 5  # about 15 s of retrying to reach Telegram at startup
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
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # until the reload handler is in place
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
        if webhook:
            asyncio.run(_serve_webhook(config, live, token, secret))
        else:
            _serve_polling(config, live, token)
    except InvalidToken:
        print(REJECTED, file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"hrbot: {exc}", file=sys.stderr)
        return 2
    except NetworkError as exc:
        host = config.telegram.api_base_url.split("/")[2]
        print(f"hrbot: cannot reach the Bot API at {host}: {type(exc).__name__}", file=sys.stderr)
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
        return LiveCore(config)
    except STARTUP_ERRORS as exc:
        print("\n".join(startup_error_lines(exc)), file=sys.stderr)
    return None


def _serve_polling(config: Config, live: LiveCore, token: str) -> None:
    reloader = Reloader(live)

    async def post_init(application: AnyApplication) -> None:
        await announce(application, live)
        reloader.install()
        LOG.info("started mode=polling %s", counts(live))

    async def post_stop(application: AnyApplication) -> None:
        reloader.uninstall()

    application = build_application(config, live, token, post_init=post_init)
    application.post_stop = post_stop
    application.run_polling(
        timeout=config.telegram.poll_timeout,
        bootstrap_retries=BOOTSTRAP_RETRIES,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
    )


async def _serve_webhook(config: Config, live: LiveCore, token: str, secret: str) -> None:
    tg = config.telegram
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    reloader = Reloader(live)
    application = build_application(config, live, token, polling=False)
    await _initialize(application)
    try:
        await announce(application, live)
        if tg.webhook_url:
            try:
                await application.bot.set_webhook(
                    url=tg.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
                )
            except BadRequest as exc:
                raise StartupError(f"Telegram refused the webhook URL: {exc.message}") from None
        else:
            LOG.warning("webhook_url is empty: not registering a webhook with Telegram")
        await application.start()
        server = WebhookServer(application, live, tg.webhook_path, secret)
        try:
            port = server.start(tg.webhook_listen, tg.webhook_port)
        except OSError as exc:
            where = f"{tg.webhook_listen}:{tg.webhook_port}"
            raise StartupError(f"cannot listen on {where}: {exc.strerror}") from None
        reloader.install()
        LOG.info("started mode=webhook port=%d %s", port, counts(live))
        await stop.wait()
        reloader.uninstall()
        await server.stop()
        await application.stop()  # finishes the updates already queued
    finally:
        await application.shutdown()


async def _initialize(application: AnyApplication) -> None:
    """Connect (getMe), retrying a few times if Telegram is unreachable."""
    for attempt in range(BOOTSTRAP_RETRIES + 1):
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == BOOTSTRAP_RETRIES:
                raise
            LOG.warning("cannot reach Telegram yet (%s); retrying", type(exc).__name__)
            await asyncio.sleep(min(1.5**attempt, 10))
