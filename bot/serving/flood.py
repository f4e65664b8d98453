"""Flood limit per sender, kept without keeping who the senders are.

The key is whatever identifies one sender: a private chat, one member of a group (so one
noisy member does not silence the whole group), or one user's inline queries. Urgent
messages (emergency, crisis) are never counted or limited: the caller skips the gate.
A sender may send ``limit`` messages per ``window`` seconds; the first message over the
limit gets one polite notice, the rest are ignored until the window ends. The state is
keyed by a keyed hash (BLAKE2b with a random salt made at process start), so neither the
memory nor a core dump holds a chat or user id, and the keys mean nothing after a restart.
Expired windows are pruned as we go, so memory stays proportional to the chats active
in the last window.

The state lives in this process only: behind a load balancer each replica counts on its
own, so the effective limit is at most ``limit`` times the number of replicas.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["ok", "warn", "silent"]
PRUNE_EVERY = 256  # checks between sweeps of expired windows


@dataclass
class _Window:
    start: float
    count: int = 0
    warned: bool = False


class FloodGate:
    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = float(window_seconds)
        self._clock = clock
        self._salt = secrets.token_bytes(16)
        self._windows: dict[bytes, _Window] = {}
        self._checks = 0

    @property
    def enabled(self) -> bool:
        return self.limit > 0 and self.window > 0

    def __len__(self) -> int:
        return len(self._windows)

    def key(self, *ids: int | str) -> bytes:
        raw = ":".join(str(i) for i in ids).encode()
        return hashlib.blake2b(raw, key=self._salt, digest_size=16).digest()

    def check(self, *ids: int | str) -> Verdict:
        """Count one message from the sender (``chat_id`` or ``chat_id, user_id``)."""
        if not self.enabled:
            return "ok"
        now = self._clock()
        self._checks += 1
        if self._checks % PRUNE_EVERY == 0:
            self.prune(now)
        key = self.key(*ids)
        window = self._windows.get(key)
        if window is None or now - window.start >= self.window:
            window = self._windows[key] = _Window(now)
        window.count += 1
        if window.count <= self.limit:
            return "ok"
        if not window.warned:
            window.warned = True
            return "warn"
        return "silent"

    def prune(self, now: float | None = None) -> None:
        now = self._clock() if now is None else now
        expired = [k for k, w in self._windows.items() if now - w.start >= self.window]
        for k in expired:
            del self._windows[k]
