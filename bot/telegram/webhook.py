"""A small HTTP server for webhook mode, meant to sit behind a TLS reverse proxy.

``POST <webhook_path>`` takes an Update from Telegram. Telegram sends the secret we
registered in ``X-Telegram-Bot-Api-Secret-Token``; anything without the right secret gets
403, compared in constant time, so nobody who finds the URL can inject updates.
``GET /healthz`` answers 200 with the number of facts being served, for load balancers.
Updates go onto the Application's queue and are answered after the 200, so Telegram
never waits on our replies. Nothing about the request (address, body) is logged.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import socket
from typing import Any

import tornado.web
from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.core import LiveCore
from bot.serving import metrics
from bot.telegram.handlers import AnyApplication

LOG = logging.getLogger("bot.telegram")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts for secret_token
MAX_BODY_BYTES = 1 << 20
HEALTH_PATH = "/healthz"


def secret_problem(secret: str) -> str:
    """Empty if the secret is usable, else why not."""
    if not secret:
        return (
            "webhook mode needs a secret: set TELEGRAM_WEBHOOK_SECRET "
            "(or [telegram] webhook_secret), 1-256 characters of A-Z a-z 0-9 _ -"
        )
    if not SECRET_RE.match(secret):
        return "the webhook secret must be 1-256 characters of A-Z a-z 0-9 _ -"
    return ""


class _Quiet(tornado.web.RequestHandler):
    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """Tornado's own version logs the request; ours says only that something broke."""
        if isinstance(value, tornado.web.HTTPError):  # 405 and the like: not our bug
            LOG.debug("webhook: HTTP %s", value.status_code)
            return
        LOG.error("webhook: error serving a request: %s", typ.__name__ if typ else "?")


class _Hook(_Quiet):
    def initialize(self, ptb: AnyApplication, secret: bytes) -> None:
        self.ptb = ptb
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.secret):
            LOG.info("webhook: refused a request without the right secret (403)")
            metrics.count_drop("webhook_forbidden")
            self.send_error(403)
            return
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            update = Update.de_json(data, self.ptb.bot)
        except Exception:
            LOG.warning("webhook: ignored a request that is not a Telegram update")
            metrics.count_drop("webhook_bad_request")
            self.send_error(400)
            return
        await self.ptb.update_queue.put(update)
        self.set_status(200)
        self.finish()


class _Health(_Quiet):
    def initialize(self, live: LiveCore) -> None:
        self.live = live

    def get(self) -> None:
        facts = len(self.live.core.library.facts)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": "ok", "facts": facts}))


class WebhookServer:
    def __init__(self, application: AnyApplication, live: LiveCore, path: str, secret: str) -> None:
        routes: list[Any] = [
            (re.escape(path), _Hook, {"ptb": application, "secret": secret.encode()}),
            (re.escape(HEALTH_PATH), _Health, {"live": live}),
        ]
        self._app = tornado.web.Application(routes, log_function=lambda handler: None)
        self._server: HTTPServer | None = None
        self.port = 0

    def start(self, host: str, port: int) -> int:
        """Listen (on the running asyncio loop) and return the port actually bound."""
        family = socket.AF_INET if "." in host else socket.AF_UNSPEC
        sockets = bind_sockets(port, address=host, family=family)
        self._server = HTTPServer(self._app, max_body_size=MAX_BODY_BYTES)
        self._server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
