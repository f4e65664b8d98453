"""Whether a message must jump every queue, limit and pacing (overdose now, or a crisis).

One function, so every front end decides the same way before it queues anything.
"""

from __future__ import annotations

from bot.core import Core


def is_urgent(core: Core, text: str) -> bool:
    """The whole text is read, in every language: an emergency at character 500, or in
    Spanish inside an English conversation, is still an emergency; so is a crisis."""
    return core.urgent(text) is not None
