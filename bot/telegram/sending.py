"""Send and edit messages, riding out short network trouble.

429s are handled by PTB's AIORateLimiter (it waits ``retry_after`` and retries). What
it does not cover is a timeout or a dropped connection on the way to Telegram, so each
call here is tried a few times with a short backoff. A retried send can, rarely, arrive
twice if the first attempt reached Telegram before the connection broke; for a bot that
may be showing someone an overdose card, a duplicate beats silence. Bad requests and
"forbidden" (the user blocked us) are not retried: they would fail the same way again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import Bot, MaybeInaccessibleMessage, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError

from bot.telegram.render import NO_PREVIEW, Chunk

T = TypeVar("T")
ATTEMPTS = 3
BACKOFF_SECONDS = 0.5


async def with_retries(
    call: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS, backoff: float = BACKOFF_SECONDS
) -> T:
    """Retry a Bot API call on TimedOut/NetworkError (not on BadRequest, Forbidden, 429)."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError:  # includes TimedOut and 5xx answers
            if attempt == attempts:
                raise
            await asyncio.sleep(backoff * attempt)
    raise AssertionError("unreachable")


async def send_chunks(
    bot: Bot, chat_id: int, chunks: Sequence[Chunk], reply_to: int | None = None
) -> None:
    """Send the messages in order; in groups the first one replies to the asker."""
    for index, (text, markup) in enumerate(chunks):
        params = (
            ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to is not None and index == 0
            else None
        )

        async def send(text: str = text, markup: object = markup, params: object = params) -> None:
            await bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=markup,  # type: ignore[arg-type]
                reply_parameters=params,  # type: ignore[arg-type]
            )

        await with_retries(send)


def is_not_modified(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


async def edit_or_send(bot: Bot, message: MaybeInaccessibleMessage, chunks: Sequence[Chunk]) -> str:
    """Show a reply in place of the message whose button was tapped.

    Falls back to new messages when the reply needs several, or the old message can no
    longer be edited (too old, deleted, not text). Returns "edited", "unchanged" (the same
    button tapped twice: Telegram says "message is not modified") or "sent".
    """
    chat_id = message.chat.id
    if len(chunks) == 1 and isinstance(message, Message) and message.text is not None:
        text, markup = chunks[0]

        async def edit() -> None:
            await bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message.message_id,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=markup,
            )

        try:
            await with_retries(edit)
            return "edited"
        except BadRequest as exc:
            if is_not_modified(exc):
                return "unchanged"
    await send_chunks(bot, chat_id, chunks)
    return "sent"
