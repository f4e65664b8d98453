"""Hand updates to the handlers: urgent ones at once, the rest in order by a few workers.

Why not python-telegram-bot's own update queue: it is first in, first out, so an overdose
message waits behind every question already queued, and it cannot say which fetched
updates are still unanswered. Here an urgent update (an emergency or crisis, see
bot.serving.urgency) starts at once, outside the worker pool; everything else is
answered by ``workers`` tasks in arrival order. The dispatcher knows which update ids
are still pending, so polling confirms only what was answered, and ``capacity`` bounds
how many updates may wait in memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update

LOG = logging.getLogger("bot.telegram")
Process = Callable[[Update], Awaitable[None]]


class Dispatcher:
    def __init__(
        self,
        process: Process,
        urgent: Callable[[Update], bool],
        workers: int,
        capacity: int,
        done: Callable[[Update], None] = lambda update: None,
    ) -> None:
        """``done`` is told when an update is finished, answered or not."""
        self._process = process
        self._urgent = urgent
        self._done = done
        self._queue: asyncio.Queue[Update] = asyncio.Queue()
        self._pending: set[int] = set()
        self._changed = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self.workers = max(1, workers)
        self.capacity = max(self.workers, capacity)
        self.answered = 0
        self.urgent_count = 0

    def start(self) -> None:
        for _ in range(self.workers):
            self._spawn(self._work())

    @property
    def pending(self) -> int:
        return len(self._pending)

    def room(self) -> int:
        return max(0, self.capacity - len(self._pending))

    def lowest_pending(self) -> int | None:
        return min(self._pending) if self._pending else None

    def submit(self, update: Update) -> None:
        self._pending.add(update.update_id)
        try:
            urgent = self._urgent(update)
        except Exception as exc:  # deciding must never lose the update
            LOG.error("urgency check failed: %s", type(exc).__name__)
            urgent = False
        if urgent:
            self.urgent_count += 1
            self._spawn(self._run(update))
        else:
            self._queue.put_nowait(update)

    async def wait_room(self) -> None:
        while not self.room():
            self._changed.clear()
            await self._changed.wait()

    async def drain(self, grace: float) -> int:
        """Wait up to ``grace`` seconds for every pending update; returns how many are left."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while self._pending and (left := deadline - loop.time()) > 0:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                break
        return len(self._pending)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _work(self) -> None:
        while True:
            update = await self._queue.get()
            await self._run(update)

    async def _run(self, update: Update) -> None:
        try:
            await self._process(update)
        except Exception as exc:  # process_update reports handler errors itself
            LOG.error("update failed: %s", type(exc).__name__)
        finally:
            self._done(update)
            self._pending.discard(update.update_id)
            self.answered += 1
            self._changed.set()
