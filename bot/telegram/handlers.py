"""python-telegram-bot handlers: Telegram updates in, core replies out.

No handler keeps anything about a user between updates: each one reads the current core
from the LiveCore (so a reload applies to the very next update, and any replica can
serve any update) and forgets the update when it is done. The only memory is the flood
limit's per-sender counters, kept under salted hashes (see bot/serving/flood.py).

Urgent replies (the emergency and crisis cards) skip the flood limit and the send
pacing: someone overdosing now is answered even if their group has been noisy.

Edited messages are deliberately ignored: answering an edit would post a second answer
under the first and make the bot look erratic, and the question was already answered;
someone who wants a different answer can send a new message.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import Config
from bot.conversation import COMMANDS, Command, Tap, Text, Unsupported
from bot.core import LiveCore, Reading
from bot.decision import URGENT_OUTCOMES
from bot.reply import Reply
from bot.serving import metrics
from bot.serving.flood import FloodGate, Verdict
from bot.serving.logs import log_reply, question_field, where
from bot.serving.urgency import Readings
from bot.telegram.inline import CACHE_SECONDS, inline_results
from bot.telegram.pacing import URGENT
from bot.telegram.render import esc, render
from bot.telegram.routing import (
    Routed,
    command_routed,
    is_group,
    parse_command,
    route_message,
)
from bot.telegram.sending import edit_or_send, is_not_modified, send_chunks

LOG = logging.getLogger("bot.telegram")
Context = CallbackContext[Any, Any, Any, Any]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
UPDATE_KINDS = ("message", "edited_message", "callback_query", "inline_query")
INLINE_FACTOR = 3  # inline queries allowed per flood window, per flood_limit message


class Handlers:
    def __init__(self, live: LiveCore, config: Config) -> None:
        self.live = live
        self.max_chars = config.matcher.max_input_chars
        self.log_questions = config.privacy.log_questions
        tg = config.telegram
        self.flood = FloodGate(tg.flood_limit, tg.flood_window_seconds)
        # Clients send an inline query per pause in typing, so a person makes several.
        self.inline_flood = FloodGate(tg.flood_limit * INLINE_FACTOR, tg.flood_window_seconds)
        self.readings = Readings()  # safety read before queueing, kept for answering

    def register(self, application: AnyApplication) -> None:
        """Edited messages match no handler (filters.UpdateType.MESSAGE), so they get silence."""
        new_only = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler(list(COMMANDS), self.on_command, filters=new_only))
        application.add_handler(MessageHandler(new_only, self.on_message))
        application.add_handler(CallbackQueryHandler(self.on_callback))
        application.add_handler(InlineQueryHandler(self.on_inline))
        application.add_error_handler(self.on_error)

    def urgent(self, update: Update) -> bool:
        """Decided before queueing, on the whole text or caption (see bot.serving.urgency);
        what safety read is kept until ``forget``, for answering."""
        core = self.live.core
        uid = update.update_id
        if update.message is not None:
            text = update.message.text or update.message.caption or ""
            hint = _language(update.message)
            parsed = parse_command(text) if update.message.text is not None else None
            if parsed:  # "/emergency", "/crisis", "/start emergency": the core's reply says
                return core.handle(parsed[0], hint).kind in URGENT_OUTCOMES
            if not text.strip():
                return False
            return self.readings.read(uid, core, text.strip(), hint).card is not None
        if update.callback_query is not None:
            tapped = update.callback_query
            reply = core.handle(Tap(tapped.data or ""), tapped.from_user.language_code or "")
            return reply.kind in URGENT_OUTCOMES
        if update.inline_query is not None:
            query = update.inline_query
            hint = query.from_user.language_code or ""
            return self.readings.read(uid, core, query.query.strip(), hint).card is not None
        return False

    def forget(self, update: Update) -> None:
        """The update is done: drop what was read of it."""
        self.readings.forget(update.update_id)

    # -- messages -----------------------------------------------------------------------
    async def on_command(self, update: Update, context: Context) -> None:
        """/start (with a deep-link argument), /topics, /help, /privacy, /emergency, /support."""
        message = update.message
        if message is None or not message.text:
            return
        name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
        await self._answer(message, command_routed(name, context.args), context)

    async def on_message(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None:
            return
        routed = route_message(message, context.bot.bot, self.max_chars)
        if routed is None:
            LOG.debug("ignored a message not meant for the bot")
            metrics.count_drop("not_addressed")
            return
        await self._answer(message, routed, context, self.readings.get(update.update_id))

    async def _answer(
        self, message: Message, routed: Routed, context: Context, reading: Reading | None = None
    ) -> None:
        chat_id = message.chat.id
        core = self.live.core
        hint = _language(message)
        incoming = routed.incoming
        reply: Reply | None = None
        if isinstance(incoming, Text):  # safety first; ranking waits for the flood check
            if reading is None or not core.fits(reading, incoming.text, hint):
                reading = core.read(incoming.text, hint)
            urgent = reading.card is not None  # the core read safety in every language
        else:  # a command or tap: its reply is cheap, and says whether it is a card
            reply = core.handle(incoming, hint)
            urgent = reply.kind in URGENT_OUTCOMES
        reply_to = message.message_id if is_group(message) else None
        verdict: Verdict = "ok" if urgent else self._flood(message)
        metrics.count_flood(verdict)
        if verdict == "silent":
            return
        if verdict == "warn":
            LOG.info("flood limit reached; one notice, then silence for the window")
            notice = esc(core.locale(hint).texts.flood)
            await send_chunks(context.bot, chat_id, [(notice, None)], reply_to)
            return
        if reply is None:
            reply = core.handle(incoming, hint, reading)
        texts = core.locale(reply.language).texts  # the reply's own language
        if routed.cut and reply.kind not in URGENT_OUTCOMES:
            reply = replace(reply, paragraphs=(*reply.paragraphs, texts.cut_note))
        self._log(reply, routed)
        metrics.count_reply(reply, "telegram", core)
        chunks = render(reply, texts)
        await send_chunks(context.bot, chat_id, chunks, reply_to, urgent=urgent)

    def _flood(self, message: Message) -> Verdict:
        """Private chats are limited per chat; groups per member, so one cannot mute all."""
        member = message.from_user.id if message.from_user and is_group(message) else None
        if member is None:
            return self.flood.check(message.chat.id)
        return self.flood.check(message.chat.id, member)

    def _log(self, reply: Reply, routed: Routed) -> None:
        incoming = routed.incoming
        via = {Text: "text", Command: "command", Tap: "tap", Unsupported: "unsupported"}
        question = incoming.text if self.log_questions and isinstance(incoming, Text) else None
        log_reply(via.get(type(incoming), "other"), reply, question)

    # -- buttons ------------------------------------------------------------------------
    async def on_callback(self, update: Update, context: Context) -> None:
        """Answer the tap first (the client shows a spinner until we do), then edit in place."""
        query = update.callback_query
        if query is None:
            return
        message = query.message
        core = self.live.core
        reply = core.handle(Tap(query.data or ""), query.from_user.language_code or "")
        urgent = reply.kind in URGENT_OUTCOMES
        verdict: Verdict = "ok"
        if message is not None and not urgent:
            verdict = self.flood.check(message.chat.id, query.from_user.id)
        metrics.count_flood(verdict)
        try:
            notice = core.locale(reply.language).texts.flood if verdict == "warn" else None
            await query.answer(text=notice)
        except TelegramError as exc:
            LOG.debug("could not answer a button tap: %s", type(exc).__name__)
        if message is None or verdict != "ok":
            return  # a button on an inline message (ours carry only URLs), or flooding
        log_reply("tap", reply)
        metrics.count_reply(reply, "telegram", core)
        texts = core.locale(reply.language).texts
        await edit_or_send(context.bot, message, render(reply, texts), urgent=urgent)

    # -- inline mode --------------------------------------------------------------------
    async def on_inline(self, update: Update, context: Context) -> None:
        query = update.inline_query
        if query is None:
            return
        core = self.live.core
        username = context.bot.username
        hint = query.from_user.language_code or ""
        reading = self.readings.take(update.update_id, core, query.query.strip(), hint)
        urgent = reading.card is not None
        if not urgent and self.inline_flood.check(query.from_user.id) != "ok":
            LOG.debug("inline flood limit reached")
            return
        outcome, results = inline_results(
            core, query.query, username, self.max_chars, hint, reading
        )
        await context.bot.answer_inline_query(
            query.id,
            results,
            cache_time=CACHE_SECONDS,
            is_personal=True,
            rate_limit_args=URGENT if urgent else None,
        )
        question = query.query[: self.max_chars] if self.log_questions else None
        LOG.info("inline outcome=%s results=%d%s", outcome, len(results), question_field(question))
        metrics.count_inline(outcome, core, reading.locale.language)  # the query's language

    # -- errors -------------------------------------------------------------------------
    async def on_error(self, update: object, context: Context) -> None:
        """Log what went wrong (kind of error and update, never who or what) and carry on."""
        exc = context.error
        kind = update_kind(update)
        metrics.count_error(exc)
        if isinstance(exc, Forbidden):
            LOG.debug("chat unavailable (bot blocked or removed); update=%s", kind)
            return
        if isinstance(exc, BadRequest):
            if not is_not_modified(exc):
                LOG.warning("Telegram refused a request: %s; update=%s", exc.message[:200], kind)
            return
        if isinstance(exc, TelegramError):
            LOG.warning("Telegram error %s; update=%s", type(exc).__name__, kind)
            return
        LOG.error(
            "error while handling an update: %s at %s; update=%s",
            type(exc).__name__, where(exc), kind,
        )  # fmt: skip
        await self._apologise(update, context)

    async def _apologise(self, update: object, context: Context) -> None:
        """In a private chat, say something went wrong rather than leave the user waiting."""
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        if update.effective_chat.type != "private":
            return
        try:
            chunks = [(esc(self.live.core.texts.error), None)]
            await send_chunks(context.bot, update.effective_chat.id, chunks)
        except TelegramError:
            LOG.debug("could not send the error notice")


def update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return "none"
    return next((k for k in UPDATE_KINDS if getattr(update, k, None) is not None), "other")


def _language(message: Message) -> str:
    """The sender's Telegram interface language: a hint, never stored."""
    return (message.from_user.language_code or "") if message.from_user else ""
