"""Whether a message must jump every queue, limit and pacing (overdose now, or a crisis).

One function, so every front end decides the same way before it queues anything.
"""

from __future__ import annotations

from bot.core import Core


def is_urgent(core: Core, text: str) -> bool:
    """The whole text is read: an emergency at character 500 is still an emergency."""
    norm = core.matcher.normaliser.normalise(text)
    return core.matcher.detector.detect(norm.typed, " ".join(norm.words)) is not None
