"""A small HTTP server for webhook mode, meant to sit behind a TLS reverse proxy.

``POST <webhook_path>`` takes an Update from Telegram. Telegram sends the secret we
registered in ``X-Telegram-Bot-Api-Secret-Token``; anything without the right secret gets
403, compared in constant time, before a byte of its body is read. ``GET /healthz``
answers 200 with the number of facts being served, for load balancers.

Exposed to the internet (even behind a proxy), the server must not be easy to exhaust:
bodies are capped at MAX_BODY_BYTES (Telegram's updates are far smaller), idle and slow
clients are cut off after IDLE_SECONDS / BODY_SECONDS, at most ``max_connections`` are
open at once (a new one closes the oldest), and an update id seen in the last
DEDUP_SIZE updates is acknowledged but not answered again (Telegram re-sends an update
whose 200 got lost). Updates go to the Dispatcher and are answered after the 200, so
Telegram never waits on our replies; with the backlog full we answer 503 and Telegram
retries later. Nothing about a request (address, body) is logged; the 403 line is
logged at most once a minute, with a count.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import socket
import time
from collections import OrderedDict
from typing import Any

import tornado.web
from telegram import Update
from tornado import iostream
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.config import HEALTH_PATH, MIN_SECRET_CHARS
from bot.core import LiveCore
from bot.serving import metrics
from bot.telegram.dispatch import Dispatcher
from bot.telegram.handlers import AnyApplication

LOG = logging.getLogger("bot.telegram")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts for secret_token
MAX_BODY_BYTES = 256 * 1024
IDLE_SECONDS = 10.0
BODY_SECONDS = 10.0
DEDUP_SIZE = 10_000
REFUSAL_LOG_SECONDS = 60.0


def secret_problem(secret: str) -> str:
    """Empty if the secret is usable, else why not."""
    if not secret:
        return (
            "webhook mode needs a secret: set TELEGRAM_WEBHOOK_SECRET "
            f"(or [telegram] webhook_secret), {MIN_SECRET_CHARS}-256 characters of "
            "A-Z a-z 0-9 _ -"
        )
    if not SECRET_RE.match(secret):
        return "the webhook secret must be 1-256 characters of A-Z a-z 0-9 _ -"
    if len(secret) < MIN_SECRET_CHARS:
        return f"the webhook secret is too short to resist guessing: use {MIN_SECRET_CHARS}+"
    return ""


class Gatekeeper:
    """State shared by all requests: the secret, recent update ids, refusal log pacing."""

    def __init__(self, secret: str, dispatcher: Dispatcher, ptb: AnyApplication) -> None:
        self.secret = secret.encode()
        self.dispatcher = dispatcher
        self.ptb = ptb
        self.recent: OrderedDict[int, None] = OrderedDict()
        self.refused = 0
        self.duplicates = 0
        self._last_refusal_log = float("-inf")

    def authentic(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.secret)

    def refuse(self) -> None:
        self.refused += 1
        metrics.count_drop("webhook_forbidden")
        now = time.monotonic()
        if now - self._last_refusal_log >= REFUSAL_LOG_SECONDS:
            self._last_refusal_log = now
            LOG.info("webhook: refused requests without the right secret (403): %d", self.refused)

    def seen(self, update_id: int) -> bool:
        if update_id in self.recent:
            self.duplicates += 1
            return True
        self.recent[update_id] = None
        if len(self.recent) > DEDUP_SIZE:
            self.recent.popitem(last=False)
        return False


class _Quiet(tornado.web.RequestHandler):
    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """Tornado's own version logs the request; ours says only that something broke."""
        if isinstance(value, tornado.web.HTTPError):  # 405 and the like: not our bug
            LOG.debug("webhook: HTTP %s", value.status_code)
            return
        LOG.error("webhook: error serving a request: %s", typ.__name__ if typ else "?")


@tornado.web.stream_request_body
class _Hook(_Quiet):
    def initialize(self, gate: Gatekeeper) -> None:
        self.gate = gate
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        """Runs on the headers alone: a wrong secret never gets its body read."""
        if self.request.method != "POST":
            return
        if not self.gate.authentic(self.request.headers.get(SECRET_HEADER, "")):
            self.gate.refuse()
            self.set_status(403)
            self.finish()
            self.request.connection.close()  # type: ignore[union-attr]
            return
        self.request.connection.set_max_body_size(MAX_BODY_BYTES)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size <= MAX_BODY_BYTES:
            self.chunks.append(chunk)

    async def post(self) -> None:
        if self.size > MAX_BODY_BYTES:
            self.send_error(413)
            return
        try:
            data = json.loads(b"".join(self.chunks))
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
        except ValueError:
            LOG.warning("webhook: ignored a request that is not a Telegram update")
            metrics.count_drop("webhook_bad_request")
            self.send_error(400)
            return
        try:
            update = Update.de_json(data, self.gate.ptb.bot)
        except Exception as exc:  # acknowledged, or Telegram would re-send it forever
            update_id = data["update_id"]
            LOG.warning("skipped update %d: cannot parse it (%s)", update_id, type(exc).__name__)
            self.set_status(200)
            self.finish()
            return
        if self.gate.seen(update.update_id):
            LOG.info("webhook: update %d arrived again; not answered twice", update.update_id)
        elif not self.gate.dispatcher.room():
            self.gate.recent.pop(update.update_id, None)
            self.send_error(503)  # Telegram will send it again later
            return
        else:
            self.gate.dispatcher.submit(update)
        self.set_status(200)
        self.finish()


class _Health(_Quiet):
    def initialize(self, live: LiveCore) -> None:
        self.live = live

    def get(self) -> None:
        facts = len(self.live.core.library.facts)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": "ok", "facts": facts}))


class _BoundedServer(HTTPServer):
    """At most ``max_connections`` open: a new one closes the oldest, so idle clients can
    neither exhaust file descriptors nor lock Telegram out (its requests are quick, the
    idle ones are the old ones)."""

    max_connections = 100

    def handle_stream(self, stream: iostream.IOStream, address: tuple[Any, ...]) -> None:
        order = self._order()
        while len(order) >= self.max_connections:
            _, oldest = order.popitem(last=False)
            oldest.close()
        order[id(stream)] = stream
        super().handle_stream(stream, address)

    def on_close(self, server_conn: object) -> None:
        stream = getattr(server_conn, "stream", None)
        self._order().pop(id(stream), None)
        super().on_close(server_conn)

    def _order(self) -> OrderedDict[int, iostream.IOStream]:
        order: OrderedDict[int, iostream.IOStream] | None = self.__dict__.get("_open_streams")
        if order is None:
            order = self.__dict__["_open_streams"] = OrderedDict()
        return order


class WebhookServer:
    def __init__(
        self,
        application: AnyApplication,
        live: LiveCore,
        dispatcher: Dispatcher,
        path: str,
        secret: str,
        max_connections: int = 100,
    ) -> None:
        self.gate = Gatekeeper(secret, dispatcher, application)
        routes: list[Any] = [
            (re.escape(path), _Hook, {"gate": self.gate}),
            (re.escape(HEALTH_PATH), _Health, {"live": live}),
        ]
        self._app = tornado.web.Application(routes, log_function=lambda handler: None)
        self._server: _BoundedServer | None = None
        self.max_connections = max_connections
        self.port = 0

    def start(self, host: str, port: int) -> int:
        """Listen (on the running asyncio loop) and return the port actually bound."""
        family = socket.AF_INET if "." in host else socket.AF_UNSPEC
        sockets = bind_sockets(port, address=host, family=family)
        self._server = _BoundedServer(
            self._app,
            max_body_size=MAX_BODY_BYTES,
            idle_connection_timeout=IDLE_SECONDS,
            body_timeout=BODY_SECONDS,
            decompress_request=False,
        )
        self._server.max_connections = max(1, self.max_connections)
        self._server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
