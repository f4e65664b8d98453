"""Decide whether a Telegram message is for us, and what it says to the core.

Private chats: everything is answered; text goes to the matcher, anything else gets the
fixed "text only" reply. The caption of a photo, video or file is read as text, so an
emergency written under a photo is not missed. Groups and supergroups: we answer only
commands meant for us and text that mentions us (@username or a text mention) or
replies to one of our messages, so the bot never butts into other people's
conversation; everything else, including stickers and photos, is ignored. Channels are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from telegram import Message, MessageEntity, User
from telegram.constants import ChatType

from bot.conversation import COMMANDS, Command, Incoming, Text, Unsupported

MAX_ARG_CHARS = 64  # Telegram's own limit for a /start payload
UNSUPPORTED_KINDS = (
    "sticker", "photo", "animation", "video", "video_note", "voice", "audio", "document",
    "venue", "location", "contact", "poll", "dice", "game", "story", "paid_media",
)  # fmt: skip
_COMMAND_RE = re.compile(r"^/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+(.*))?$", re.S)


@dataclass(frozen=True)
class Routed:
    incoming: Incoming
    cut: bool = False  # the text was longer than the matcher reads


def is_group(message: Message) -> bool:
    return message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def route_message(message: Message, me: User, max_chars: int) -> Routed | None:
    """What the core should hear, or None to stay silent."""
    private = message.chat.type == ChatType.PRIVATE
    if not private and not is_group(message):
        return None
    text = message.text if message.text is not None else message.caption
    if text is None:
        kind = unsupported_kind(message)
        return Routed(Unsupported(kind)) if private and kind else None
    typed = message.text is not None  # a caption is never a command
    parsed = parse_command(text) if typed else None
    if parsed:
        command, target = parsed
        if target and target.lower() != (me.username or "").lower():
            return None  # "/help@otherbot"
        if not private and not target and command.name not in COMMANDS:
            return None  # an unknown bare command in a group is probably another bot's
        return Routed(command)
    if not private:
        if not addressed(message, me):
            return None
        text = strip_mentions(message, me)
    return text_routed(text, max_chars)


def parse_command(text: str) -> tuple[Command, str] | None:
    """ "/start@hr_bot heroin_overdose" -> the command, and the bot it names ("" if none)."""
    match = _COMMAND_RE.match(text) if text.startswith("/") else None
    if match is None:
        return None
    name, target, arg = match.group(1).lower(), match.group(2) or "", match.group(3) or ""
    return Command(name, arg.strip()[:MAX_ARG_CHARS]), target


def command_routed(name: str, args: list[str] | None) -> Routed:
    return Routed(Command(name, " ".join(args or ())[:MAX_ARG_CHARS]))


def text_routed(text: str, max_chars: int) -> Routed:
    """Invisible-only text gets the help text; the whole text goes to the core.

    The core caps only what it ranks; emergency detection reads everything, so the
    front end never cuts. ``cut`` says the matcher will read only part of it.
    """
    text = text.strip()
    if not visible(text):
        return Routed(Command("help"))
    return Routed(Text(text), cut=len(text) > max_chars)


def visible(text: str) -> bool:
    return any(not ch.isspace() and unicodedata.category(ch) not in {"Cf", "Cc"} for ch in text)


def unsupported_kind(message: Message) -> str:
    for kind in UNSUPPORTED_KINDS:
        if getattr(message, kind, None):
            return kind
    return ""


def addressed(message: Message, me: User) -> bool:
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == me.id:
        return True
    return bool(_mentions(message, me))


def strip_mentions(message: Message, me: User) -> str:
    text = message.text or message.caption or ""
    for value in _mentions(message, me):
        text = text.replace(value, " ")
    return " ".join(text.split()).lstrip(",:;-— ").strip()


def _mentions(message: Message, me: User) -> list[str]:
    """The substrings of the message that mention us."""
    handle = f"@{me.username}".lower() if me.username else None
    found = []
    kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    entities = (
        message.parse_entities(kinds)  # type: ignore[arg-type]
        if message.text is not None
        else message.parse_caption_entities(kinds)  # type: ignore[arg-type]
    )
    for entity, value in entities.items():
        by_name = entity.type == MessageEntity.MENTION and value.lower() == handle
        by_user = entity.user is not None and entity.user.id == me.id
        if by_name or (entity.type == MessageEntity.TEXT_MENTION and by_user):
            found.append(value)
    return found
