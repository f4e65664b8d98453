"""Every Bot API call passes here: send pacing, urgent replies first, bounded retries.

Telegram accepts about 30 messages a second per bot; faster sending earns 429s. Paced
calls (sending and editing messages) are spaced at ``rate`` per second, except urgent
ones (the emergency and crisis cards), which go at once. After a 429 every call waits
out ``retry_after``. 5xx answers, dropped connections and 429s are retried with backoff
for up to ``RetryPolicy.budget`` seconds; what is still undelivered then is dropped and
counted. A send whose answer did not come back in time (read timeout) is NOT retried:
Telegram may already have delivered it, and a retry would show the message twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

from bot.serving.retry import RetryPolicy

LOG = logging.getLogger("bot.telegram")
URGENT: dict[str, bool] = {"urgent": True}  # rate_limit_args for an urgent call
UNPACED = frozenset({"sendChatAction"})  # a "send" call that carries no message
PACED_PREFIXES = ("send", "edit", "copy", "forward")
REPLY_PREFIXES = (*PACED_PREFIXES, "answer")  # calls that carry a reply: retried
NOT_IDEMPOTENT_PREFIXES = ("send", "copy", "forward")
Result = bool | dict[str, Any] | list[dict[str, Any]]


class Pacer(BaseRateLimiter[dict[str, bool]]):
    def __init__(self, rate: float, policy: RetryPolicy | None = None) -> None:
        self.rate = rate  # messages per second; 0 = unpaced
        self.policy = policy or RetryPolicy()
        self.paced = rate > 0
        self.dropped = 0
        self._next_slot = 0.0
        self._blocked_until = 0.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, bool] | None,
    ) -> Result:
        if not endpoint.startswith(REPLY_PREFIXES):
            return await callback(*args, **kwargs)  # getUpdates, getMe, setup: callers decide
        loop = asyncio.get_running_loop()
        urgent = bool(rate_limit_args and rate_limit_args.get("urgent"))
        start = loop.time()
        attempt = 0
        while True:
            attempt += 1
            await self._wait_turn(endpoint, urgent)
            try:
                return await callback(*args, **kwargs)
            except BadRequest:
                raise
            except RetryAfter as exc:
                asked = retry_after_seconds(exc)
                self._blocked_until = max(self._blocked_until, loop.time() + asked)
                error: Exception = exc
            except TimedOut as exc:
                if endpoint.startswith(NOT_IDEMPOTENT_PREFIXES) and _maybe_delivered(exc):
                    LOG.warning("%s timed out after sending; not retried (no duplicates)", endpoint)
                    raise
                asked, error = 0.0, exc
            except NetworkError as exc:  # 5xx answers and dropped connections
                asked, error = 0.0, exc
            delay = self.policy.delay(attempt, asked)
            if not self.policy.allows(loop.time() - start, delay):
                self.dropped += 1
                LOG.warning(
                    "gave up on %s after %d attempts in %.0f s: %s (dropped so far: %d)",
                    endpoint, attempt, loop.time() - start, type(error).__name__, self.dropped,
                )  # fmt: skip
                raise error
            await asyncio.sleep(delay)

    async def _wait_turn(self, endpoint: str, urgent: bool) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._blocked_until > now:
            await asyncio.sleep(self._blocked_until - now)
            now = loop.time()
        if urgent or not self.paced or endpoint in UNPACED:
            return
        if not endpoint.startswith(PACED_PREFIXES):
            return
        slot = max(now, self._next_slot)
        self._next_slot = slot + 1.0 / self.rate
        if slot > now:
            await asyncio.sleep(slot - now)


def retry_after_seconds(exc: RetryAfter) -> float:
    """Read without PTB's deprecation warning (int today, timedelta in PTB 23)."""
    return _seconds(getattr(exc, "_retry_after", 1))


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _maybe_delivered(exc: TimedOut) -> bool:
    """A read timeout means Telegram got the request; connect, pool or write timeouts not."""
    cause = exc.__cause__
    return not isinstance(cause, httpx.ConnectTimeout | httpx.PoolTimeout | httpx.WriteTimeout)
