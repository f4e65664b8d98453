"""Long polling that survives a bad update and a shutdown without losing or repeating any.

Why not python-telegram-bot's Updater: it parses a whole getUpdates batch at once, so one
update it cannot parse (a poll from an older self-hosted Bot API server, say) fails the
batch, is logged at CRITICAL with the raw JSON (user data), and is fetched again forever.
Here each update is parsed on its own; one that fails is skipped (its offset confirmed)
with one log line naming only its id and the error type.

Updates go to the Dispatcher, which answers urgent ones at once. Fetching pauses while
``max_backlog`` updates are waiting. On shutdown the poller stops fetching first, the
dispatcher gets ``grace`` seconds to answer what was fetched, and the final confirmation
covers only updates below the lowest one still unanswered, so a restart answers the rest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.telegram.dispatch import Dispatcher
from bot.telegram.pacing import retry_after_seconds

LOG = logging.getLogger("bot.telegram")
BATCH = 100  # Telegram's maximum per getUpdates
READ_MARGIN = 10.0  # seconds on top of the long-poll timeout before a poll counts as lost
MAX_BACKOFF = 30.0
SHORT_POLL_PAUSE = 0.5


class Poller:
    def __init__(
        self,
        bot: ExtBot[Any],
        dispatcher: Dispatcher,
        *,
        timeout: int,
        allowed_updates: Sequence[str],
    ) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self.timeout = timeout
        self.allowed_updates = list(allowed_updates)
        self.offset = 0  # next update id to ask for; 0 = whatever Telegram has
        self.skipped = 0

    async def run(self) -> None:
        """Fetch until cancelled; cancelling mid-poll loses nothing (nothing was confirmed)."""
        backoff = 1.0
        while True:
            await self.dispatcher.wait_room()
            try:
                batch = await self._get(min(BATCH, self.dispatcher.room()), self.timeout)
            except InvalidToken:
                raise
            except TelegramError as exc:
                what = "another getUpdates consumer" if isinstance(exc, Conflict) else "error"
                wait = backoff
                if isinstance(exc, RetryAfter):
                    wait = retry_after_seconds(exc)
                LOG.warning(
                    "getUpdates failed (%s: %s); retrying in %.0f s",
                    what, type(exc).__name__, wait,
                )  # fmt: skip
                await asyncio.sleep(wait)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 1.0
            for raw in batch:
                self.accept(raw)
            if not batch and self.timeout == 0:
                await asyncio.sleep(SHORT_POLL_PAUSE)  # poll_timeout = 0: no busy loop

    def accept(self, raw: Any) -> None:
        """Parse one update and hand it on; one that cannot be parsed is skipped and logged."""
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if not isinstance(update_id, int):
            LOG.warning("skipped a getUpdates item without an update_id")
            return
        self.offset = max(self.offset, update_id + 1)
        try:
            update = Update.de_json(raw, self.bot)
        except Exception as exc:
            self.skipped += 1
            LOG.warning("skipped update %d: cannot parse it (%s)", update_id, type(exc).__name__)
            return
        self.dispatcher.submit(update)

    async def confirm(self) -> int:
        """Tell Telegram which updates are done: those below the lowest still unanswered."""
        lowest = self.dispatcher.lowest_pending()
        offset = self.offset if lowest is None else lowest
        if offset:
            try:
                await self._get(1, 0, offset)
            except TelegramError as exc:  # a restart will see them again: no loss
                LOG.warning("could not confirm updates below %d: %s", offset, type(exc).__name__)
        return offset

    async def _get(self, limit: int, timeout: int, offset: int | None = None) -> list[Any]:
        data: dict[str, Any] = {
            "offset": self.offset if offset is None else offset,
            "limit": max(1, limit),
            "timeout": timeout,
            "allowed_updates": self.allowed_updates,
        }
        # Bot.get_updates would parse the batch as a whole; _post gives the raw JSON.
        result = await self.bot._post("getUpdates", data, read_timeout=timeout + READ_MARGIN)
        return list(result) if isinstance(result, list) else []
