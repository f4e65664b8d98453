"""Whether a message must jump every queue, limit and pacing (overdose now, or a crisis).

Decided before anything is queued, on the whole text, in every language: an emergency
at character 500, or in Spanish inside an English conversation, is still an emergency;
so is a crisis. What was read is kept until the update is answered, so answering it
does not read the message again.
"""

from __future__ import annotations

from bot.core import Core, Reading


class Readings:
    """Safety readings of updates not yet answered, by update id (in memory only, each
    dropped when its update is done)."""

    def __init__(self) -> None:
        self._by_update: dict[int, Reading] = {}

    def read(self, update_id: int, core: Core, text: str, hint: str) -> Reading:
        reading = core.read(text, hint)
        self._by_update[update_id] = reading
        return reading

    def get(self, update_id: int) -> Reading | None:
        """The kept reading; ``Core.decide`` reads again if it no longer fits."""
        return self._by_update.get(update_id)

    def take(self, update_id: int, core: Core, text: str, hint: str) -> Reading:
        """The kept reading if it is of this text with this content, else a new one."""
        reading = self._by_update.get(update_id)
        return reading if reading and core.fits(reading, text, hint) else core.read(text, hint)

    def forget(self, update_id: int) -> None:
        self._by_update.pop(update_id, None)

    def __len__(self) -> int:
        return len(self._by_update)
