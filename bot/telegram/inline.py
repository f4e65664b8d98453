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

from bot.core import Core
from bot.model import Fact
from bot.reply import Reply
from bot.telegram.render import render_html
from bot.telegram.routing import visible

CACHE_SECONDS = 10
EMERGENCY_ID = "emergency"
MAX_START_PARAM = int(MessageLimit.DEEP_LINK_LENGTH)  # 64


def inline_results(
    core: Core, query: str, bot_username: str, max_chars: int
) -> tuple[str, list[InlineQueryResultArticle]]:
    """The outcome (for the log) and the articles to offer."""
    text = query.strip()[:max_chars]
    if not visible(text):
        return "topics", _topics(core, bot_username)
    decision = core.matcher.decide(text)
    if decision.outcome == "emergency":
        return "emergency", [_emergency(core, bot_username)]
    if decision.outcome in {"welcome", "help"}:
        return "topics", _topics(core, bot_username)
    keys: list[str] = [decision.fact] if decision.outcome == "answer" and decision.fact else []
    if decision.outcome in {"answer", "suggest"}:
        threshold = core.matcher.config.suggest_threshold
        keys += [c.fact for c in decision.candidates if c.score >= threshold]
    facts = [core.library.facts[k] for k in dict.fromkeys(keys) if k in core.library.facts]
    return decision.outcome, [_fact(core, f, bot_username) for f in facts]


def deep_link(bot_username: str, param: str) -> str:
    return create_deep_linked_url(bot_username, param)


def start_param(fact: Fact) -> str:
    """``heroin_overdose``; the bare fact id if that would be over Telegram's 64 chars."""
    param = f"{fact.pack}_{fact.id}"
    return param if len(param) <= MAX_START_PARAM else fact.id[:MAX_START_PARAM]


def _topics(core: Core, bot_username: str) -> list[InlineQueryResultArticle]:
    articles = [_emergency(core, bot_username)]
    articles += [_fact(core, f, bot_username) for f in core.library.ordered_facts]
    return articles[: InlineQueryLimit.RESULTS]


def _emergency(core: Core, bot_username: str) -> InlineQueryResultArticle:
    reply = core.conversation.emergency()
    return _article(
        core, EMERGENCY_ID, reply, core.texts.emergency_button, deep_link(bot_username, "emergency")
    )


def _fact(core: Core, fact: Fact, bot_username: str) -> InlineQueryResultArticle:
    reply = core.conversation.answer(fact)
    url = deep_link(bot_username, start_param(fact))
    return _article(core, fact.key, reply, fact.label, url)


def _article(
    core: Core, result_id: str, reply: Reply, description: str, url: str
) -> InlineQueryResultArticle:
    body = render_html(reply, core.texts)[0]  # facts fit one message; if not, the bot has more
    button = InlineKeyboardButton(core.texts.inline_more, url=url)
    return InlineQueryResultArticle(
        id=result_id,
        title=reply.title or description,
        description=description,
        input_message_content=InputTextMessageContent(body),  # HTML, no preview: Defaults
        reply_markup=InlineKeyboardMarkup([[button]]),
    )
