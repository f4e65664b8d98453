"""How long to keep retrying a reply after brief trouble on the way to the chat service.

A few 500s or 429s in a row are common and short; giving up after three quick attempts
loses replies that a minute of patience would deliver. So: back off (0.25 s, 0.5 s, 1 s, ...
capped at 8 s), or wait exactly what the server asked for (``retry_after``), and give up
only when the next attempt would start after ``budget`` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_DELAY = 0.25
MAX_DELAY = 8.0


@dataclass(frozen=True)
class RetryPolicy:
    budget: float = 60.0  # seconds from the first attempt

    def delay(self, attempt: int, asked: float = 0.0) -> float:
        """Seconds before attempt ``attempt + 1``: what the server asked for, else backoff."""
        if asked > 0:
            return asked
        backoff: float = FIRST_DELAY * 2.0 ** (attempt - 1)
        return min(backoff, MAX_DELAY)

    def allows(self, elapsed: float, delay: float) -> bool:
        return elapsed + delay <= self.budget
