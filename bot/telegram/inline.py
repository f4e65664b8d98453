"""Inline mode: ``@bot overdose`` in any chat lists facts to share there.

Each result is the fact as the bot would send it (question, answer, sources) with one
URL button that opens a private chat with the bot on the same fact, since callback
buttons in someone else's chat would be confusing. An emergency question lists the
emergency card first; an empty query lists every topic. Results are marked personal
and cached briefly, so content reloads show up quickly.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.constants import InlineQueryLimit, MessageLimit
from telegram.helpers import create_deep_linked_url

from bot.core import Core, Reading
from bot.decision import URGENT_OUTCOMES
from bot.locales import Locale
from bot.model import Fact
from bot.reply import Reply
from bot.telegram.render import render_html
from bot.telegram.routing import visible

CACHE_SECONDS = 10
EMERGENCY_ID = "emergency"
MAX_START_PARAM = int(MessageLimit.DEEP_LINK_LENGTH)  # 64


def inline_results(
    core: Core,
    query: str,
    bot_username: str,
    max_chars: int,
    hint: str = "",
    reading: Reading | None = None,
) -> tuple[str, list[InlineQueryResultArticle]]:
    """The outcome (for the log) and the articles to offer, in the query's language;
    ``reading``: what safety already read of the query (``Core.decide``)."""
    text = query.strip()[:max_chars]
    if not visible(text):
        return "topics", _topics(core, core.locale(hint), bot_username)
    locale, decision = core.decide(query.strip(), hint, reading)  # safety reads it whole
    if decision.outcome in URGENT_OUTCOMES:
        card = _crisis if decision.outcome == "crisis" else _emergency
        return decision.outcome, [card(locale, bot_username)]
    if decision.outcome in {"welcome", "help"}:
        return "topics", _topics(core, locale, bot_username)
    keys: list[str] = [decision.fact] if decision.outcome == "answer" and decision.fact else []
    if decision.outcome in {"answer", "suggest"}:
        threshold = locale.triage.config.suggest_threshold
        keys += [c.fact for c in decision.candidates if c.score >= threshold]
    facts = locale.library.facts
    found = [facts[k] for k in dict.fromkeys(keys) if k in facts]
    return decision.outcome, [_fact(core, locale, f, bot_username) for f in found]


def deep_link(bot_username: str, param: str) -> str:
    return create_deep_linked_url(bot_username, param)


def start_param(fact: Fact, language: str = "") -> str:
    """``heroin_overdose`` (``es_heroin_overdose`` in another language); shortened to the
    bare fact id if that would be over Telegram's 64 characters."""
    prefix = f"{language}_" if language else ""
    param = f"{prefix}{fact.pack}_{fact.id}"
    return param if len(param) <= MAX_START_PARAM else fact.id[:MAX_START_PARAM]


def _prefix(core: Core, locale: Locale) -> str:
    return "" if locale.language == core.default.language else locale.language


def _topics(core: Core, locale: Locale, bot_username: str) -> list[InlineQueryResultArticle]:
    articles = [_emergency(locale, bot_username)]
    articles += [_fact(core, locale, f, bot_username) for f in locale.library.ordered_facts]
    return articles[: InlineQueryLimit.RESULTS]


def _emergency(locale: Locale, bot_username: str) -> InlineQueryResultArticle:
    reply = locale.conversation.emergency(open_sources=True)  # no Sources button inline
    url = deep_link(bot_username, "emergency")
    return _article(locale, EMERGENCY_ID, reply, locale.texts.emergency_button, url)


def _crisis(locale: Locale, bot_username: str) -> InlineQueryResultArticle:
    reply = locale.conversation.crisis(open_sources=True)
    url = deep_link(bot_username, "crisis")
    return _article(locale, "crisis", reply, locale.texts.cmd_crisis, url)


def _fact(core: Core, locale: Locale, fact: Fact, bot_username: str) -> InlineQueryResultArticle:
    reply = locale.conversation.answer(fact, open_sources=True)
    url = deep_link(bot_username, start_param(fact, _prefix(core, locale)))
    return _article(locale, fact.key, reply, fact.label, url)


def _article(
    locale: Locale, result_id: str, reply: Reply, description: str, url: str
) -> InlineQueryResultArticle:
    body = render_html(reply, locale.texts)[0]  # facts fit one message; if not, the bot has more
    button = InlineKeyboardButton(locale.texts.inline_more, url=url)
    return InlineQueryResultArticle(
        id=result_id,
        title=reply.title or description,
        description=description,
        input_message_content=InputTextMessageContent(body),  # HTML, no preview: Defaults
        reply_markup=InlineKeyboardMarkup([[button]]),
    )
