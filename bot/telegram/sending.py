"""Send and edit messages; retries, pacing and 429s are the rate limiter's job (pacing.py).

HTML parse mode and "no link previews" come from the Application's Defaults, so every
call here sends the same way. An urgent reply (emergency or crisis card) is marked so
the pacer sends it ahead of the queue. Bad requests and "forbidden" (the user blocked
us) are not retried: they would fail the same way again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import MaybeInaccessibleMessage, Message, ReplyParameters
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.telegram.pacing import URGENT
from bot.telegram.render import Chunk

AnyBot = ExtBot[Any]


async def send_chunks(
    bot: AnyBot,
    chat_id: int,
    chunks: Sequence[Chunk],
    reply_to: int | None = None,
    *,
    urgent: bool = False,
) -> None:
    """Send the messages in order; in groups the first one replies to the asker."""
    for index, (text, markup) in enumerate(chunks):
        params = (
            ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to is not None and index == 0
            else None
        )
        await bot.send_message(
            chat_id,
            text,
            reply_markup=markup,
            reply_parameters=params,
            rate_limit_args=URGENT if urgent else None,
        )


def is_not_modified(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


async def edit_or_send(
    bot: AnyBot, message: MaybeInaccessibleMessage, chunks: Sequence[Chunk], *, urgent: bool = False
) -> str:
    """Show a reply in place of the message whose button was tapped.

    Falls back to new messages when the reply needs several, or the old message can no
    longer be edited (too old, deleted, not text). Returns "edited", "unchanged" (the same
    button tapped twice: Telegram says "message is not modified") or "sent".
    """
    chat_id = message.chat.id
    if len(chunks) == 1 and isinstance(message, Message) and message.text is not None:
        text, markup = chunks[0]
        try:
            await bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message.message_id,
                reply_markup=markup,
                rate_limit_args=URGENT if urgent else None,
            )
            return "edited"
        except BadRequest as exc:
            if is_not_modified(exc):
                return "unchanged"
    await send_chunks(bot, chat_id, chunks, urgent=urgent)
    return "sent"
