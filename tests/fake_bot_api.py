"""A fake Telegram Bot API server for end-to-end tests of the bot.

Why: the real PTB stack (``telegram.Bot`` / ``Application`` with ``HTTPXRequest``) should be
exercised over real HTTP, against a server that answers the way Telegram does (same JSON shapes,
same status codes, same error descriptions), without touching the network. Only the standard
library is used so the fake has no dependencies of its own.

Usage::

    with FakeBotAPI(token="123:ABC") as api:
        bot = telegram.Bot("123:ABC", base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            await bot.send_message(1, "hi")
        assert api.sent_messages(1)[0]["text"] == "hi"

Where the fake is knowingly different from Telegram:

* ``strict_ampersand`` (default on): a bare ``&`` that does not start a valid entity is rejected
  in HTML mode. Telegram itself keeps it as a literal; the Bot API docs say it must be escaped, so
  the fake is stricter to catch unescaped text early.
* Message length is counted in Unicode code points (what Telegram was measured to do), not in
  UTF-16 units (which is what entity offsets use).
* No automatic detection of URLs, mentions or hashtags in sent text; only parsed/explicit entities.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import itertools
import json
import re
import socket
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar
from urllib.parse import parse_qsl, unquote, urlsplit

JSONDict = dict[str, Any]
Predicate = Callable[["FakeBotAPI"], object]
MethodHandler = Callable[[JSONDict], Any]

MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_RESULTS = 50
DEFAULT_USER_ID = 1001

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def _words(names: str) -> frozenset[str]:
    """A set of names from a space-separated string (keeps the tables compact)."""
    return frozenset(names.split())


# Parameters that PTB JSON-encodes into a single form field.
_JSON_FIELDS = _words(
    "allowed_updates button caption_entities commands entities explanation_entities "
    "input_message_content link_preview_options media menu_button options reply_markup "
    "reply_parameters results scope"
)
_NUMBER_FIELDS = _words(
    "cache_time chat_id from_chat_id limit max_connections message_id message_thread_id "
    "offset reply_to_message_id timeout user_id"
)
_BOOL_PREFIXES = ("allow_", "can_", "disable_", "drop_", "has_", "is_", "protect_", "show_")
_DEFAULT_ALLOWED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = _words(
    "typing upload_photo record_video upload_video record_voice upload_voice "
    "upload_document choose_sticker find_location record_video_note upload_video_note"
)
_BUTTON_ACTIONS = _words(
    "url callback_data web_app login_url switch_inline_query "
    "switch_inline_query_current_chat switch_inline_query_chosen_chat copy_text "
    "callback_game pay"
)
_INLINE_RESULT_TYPES = _words(
    "article audio contact document game gif location mpeg4_gif photo sticker venue video voice"
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LEADING_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_TRIM_CHARS = " \t\r\n\v\f"


class BotAPIError(Exception):
    """A Telegram-style error reply; raise it from a handler to answer ``ok: false``."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSONDict:
        """Build the exact JSON body Telegram sends for an error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad_request(description: str) -> BotAPIError:
    return BotAPIError(400, f"Bad Request: {description}")


def _entity_error(description: str) -> BotAPIError:
    return _bad_request(f"can't parse entities: {description}")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request, kept so tests can inspect uploads."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class _Fault:
    status: int
    description: str
    retry_after: int | None


@dataclass
class _Described:
    """A successful result that Telegram sends together with a ``description``."""

    result: Any
    description: str


# --------------------------------------------------------------------------------------------
# Text formatting: what Telegram does to ``text`` + ``parse_mode`` before storing a message.
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _byte_offset(text: str, index: int) -> int:
    """Telegram reports parse errors at UTF-8 byte offsets of the original text."""
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _valid_url(url: str) -> bool:
    return bool(url) and not any(ch.isspace() for ch in url) and ("." in url or ":" in url)


_HTML_TAGS = _words(
    "a b blockquote code del em i ins pre s span strike strong tg-emoji tg-spoiler u"
)
_HTML_SIMPLE_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPACES = " \t\r\n\v"


@dataclass
class _Open:
    kind: str
    argument: str
    utf16: int
    out_index: int
    source_index: int


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode ``&...;`` at ``pos`` exactly like tdlib does; ``None`` if it is not an entity."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        value = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                value = value * 16 + int(text[end], 16)
                end += 1
        else:
            while end < n and text[end] in "0123456789":
                value = value * 10 + int(text[end])
                end += 1
        if value == 0 or value >= 0x10FFFF or end - pos >= 10:
            return None
        char = chr(value)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _HTML_NAMED.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse Telegram's HTML subset into (plain text, entities), with tdlib's error messages."""
    n = len(text)
    out: list[str] = []
    utf16 = 0
    entities: list[JSONDict] = []
    stack: list[_Open] = []
    bad_surrogate = False

    def at(k: int) -> str:
        return text[k] if k < n else ""

    def is_space(k: int) -> bool:
        return k >= n or text[k] in _HTML_SPACES  # tdlib treats the terminating NUL as space

    def emit(char: str) -> None:
        nonlocal utf16
        out.append(char)
        utf16 += 2 if ord(char) > 0xFFFF else 1

    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                char, i = decoded
                bad_surrogate = bad_surrogate or 0xD800 <= ord(char) <= 0xDFFF
                emit(char)
                continue
            if strict_ampersand:
                raise _entity_error(
                    f"Character '&' at byte offset {_byte_offset(text, i)} must be escaped "
                    "as &amp; (the fake server is stricter than Telegram here)"
                )
        if c != "<":
            emit(c)
            i += 1
            continue

        begin = i
        b_begin = _byte_offset(text, begin)
        i += 1
        if at(i) != "/":
            while not is_space(i) and text[i] != ">":
                i += 1
            if i >= n:
                raise _entity_error(f"Unclosed start tag at byte offset {b_begin}")
            tag = text[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise _entity_error(f'Unsupported start tag "{tag}" at byte offset {b_begin}')
            argument = ""
            while at(i) != ">":
                while i < n and is_space(i):
                    i += 1
                if at(i) == ">":
                    break
                attr_begin = i
                while not is_space(i) and text[i] not in "=>":
                    i += 1
                attr = text[attr_begin:i]
                if not attr:
                    raise _entity_error(
                        f'Empty attribute name in the tag "{tag}" at byte offset {b_begin}'
                    )
                while i < n and is_space(i):
                    i += 1
                if at(i) != "=":
                    if i >= n:
                        raise _entity_error(f'Unclosed start tag "{tag}" at byte offset {b_begin}')
                    if tag == "blockquote" and attr == "expandable":
                        argument = "1"
                        continue
                    raise _entity_error(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {b_begin}'
                    )
                i += 1
                while i < n and is_space(i):
                    i += 1
                if i >= n:
                    raise _entity_error(f'Unclosed start tag "{tag}" at byte offset {b_begin}')
                if text[i] not in "'\"":
                    token_begin = i
                    while i < n and text[i].isascii() and (text[i].isalnum() or text[i] in ".-"):
                        i += 1
                    value = text[token_begin:i].lower()
                    if not is_space(i) and text[i] != ">":
                        raise _entity_error(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(text, token_begin)}"
                        )
                else:
                    quote = text[i]
                    i += 1
                    chars: list[str] = []
                    while i < n and text[i] != quote:
                        if text[i] == "&":
                            decoded = _decode_html_entity(text, i)
                            if decoded is not None:
                                chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        chars.append(text[i])
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if i >= n:
                    raise _entity_error(f"Unclosed start tag at byte offset {b_begin}")
                if (tag, attr) in (("a", "href"), ("tg-emoji", "emoji-id")):
                    argument = value
                elif tag == "code" and attr == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "blockquote" and attr == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise _entity_error(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {b_begin}'
                )
            stack.append(_Open(tag, argument, utf16, len(out), begin))
            i += 1
            continue

        # An end tag.
        if not stack:
            raise _entity_error(f"Unexpected end tag at byte offset {b_begin}")
        while not is_space(i) and text[i] != ">":
            i += 1
        end_name = text[begin + 2 : i]
        while i < n and is_space(i):
            i += 1
        if at(i) != ">":
            raise _entity_error(f"Unclosed end tag at byte offset {b_begin}")
        opened = stack.pop()
        if end_name and end_name.lower() != opened.kind:
            raise _entity_error(
                f'Unmatched end tag at byte offset {b_begin}, expected "</{opened.kind}>", '
                f'found "</{end_name}>"'
            )
        i += 1
        if opened.kind == "tg-emoji" and not (opened.argument.isdigit() and opened.argument != "0"):
            raise _entity_error("Invalid custom emoji identifier specified")
        if utf16 > opened.utf16:
            _add_html_entity(
                entities, opened, utf16 - opened.utf16, "".join(out[opened.out_index :])
            )
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].kind}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # like tdlib: a language only survives on <pre>
    if bad_surrogate:
        raise _entity_error(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    return "".join(out), entities


def _add_html_entity(entities: list[JSONDict], opened: _Open, length: int, inner: str) -> None:
    """Turn a closed HTML tag into a Bot API MessageEntity (merging <pre><code class>)."""
    offset = opened.utf16
    base: JSONDict = {"offset": offset, "length": length}
    last = entities[-1] if entities else None
    same_range = last is not None and last["offset"] == offset and last["length"] == length
    if opened.kind in _HTML_SIMPLE_ENTITIES:
        entities.append({"type": _HTML_SIMPLE_ENTITIES[opened.kind], **base})
    elif opened.kind == "blockquote":
        kind = "expandable_blockquote" if opened.argument else "blockquote"
        entities.append({"type": kind, **base})
    elif opened.kind == "tg-emoji":
        entities.append({"type": "custom_emoji", **base, "custom_emoji_id": opened.argument})
    elif opened.kind == "a":
        url = opened.argument or inner
        if _valid_url(url):
            entities.append({"type": "text_link", **base, "url": url})
    elif opened.kind == "pre":
        if last is not None and same_range and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", **base})
    elif opened.kind == "code":
        if last is not None and same_range and last["type"] == "pre" and opened.argument:
            last["language"] = opened.argument
        elif opened.argument:
            entities.append({"type": "code", **base, "language": opened.argument})
        else:
            entities.append({"type": "code", **base})


_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def parse_markdown_v2(text: str) -> tuple[str, list[JSONDict]]:
    """Parse MarkdownV2 into (plain text, entities) following tdlib's rules and messages."""
    n = len(text)
    out: list[str] = []
    utf16 = 0
    entities: list[JSONDict] = []
    stack: list[_Open] = []
    quote_start: int | None = None

    def at(k: int) -> str:
        return text[k] if k < n else ""

    def emit(char: str) -> None:
        nonlocal utf16
        out.append(char)
        utf16 += 2 if ord(char) > 0xFFFF else 1

    def reserved_error(k: int) -> BotAPIError:
        return _entity_error(
            f"Character '{text[k]}' is reserved and must be escaped with the preceding '\\'"
        )

    i = 0
    while i < n:
        c = text[i]
        in_code = bool(stack) and stack[-1].kind in ("code", "pre")
        if c == "\\" and 0 < ord(at(i + 1) or "\0") <= 126:
            emit(text[i + 1])
            i += 2
            continue
        if c == "\n" and quote_start is not None and not in_code and at(i + 1) != ">":
            if utf16 > quote_start:
                entities.append(
                    {"type": "blockquote", "offset": quote_start, "length": utf16 - quote_start}
                )
            quote_start = None
        if c not in ("`" if in_code else _MDV2_RESERVED):
            emit(c)
            i += 1
            continue
        if c == ">" and not in_code and (i == 0 or text[i - 1] == "\n"):
            if quote_start is None:
                quote_start = utf16
            i += 1
            continue
        top = stack[-1].kind if stack else ""
        nxt = at(i + 1)
        is_end = (
            (top == "bold" and c == "*")
            or (top == "italic" and c == "_" and nxt != "_")
            or (top == "code" and c == "`")
            or (top == "pre" and text.startswith("```", i))
            or (top in ("text_link", "custom_emoji") and c == "]")
            or (top == "underline" and text.startswith("__", i))
            or (top == "strikethrough" and c == "~")
            or (top == "spoiler" and text.startswith("||", i))
        )
        if not is_end:
            begin = i
            argument = ""
            if c == "_":
                kind = "underline" if nxt == "_" else "italic"
                i += 2 if nxt == "_" else 1
            elif c == "*":
                kind, i = "bold", i + 1
            elif c == "~":
                kind, i = "strikethrough", i + 1
            elif c == "|" and nxt == "|":
                kind, i = "spoiler", i + 2
            elif c == "[":
                kind, i = "text_link", i + 1
            elif c == "!" and nxt == "[":
                kind, i = "custom_emoji", i + 2
            elif c == "`" and text.startswith("```", i):
                kind, i = "pre", i + 3
                lang_end = i
                while lang_end < n and text[lang_end] not in " \t\r\n\v`":
                    lang_end += 1
                if i != lang_end and lang_end < n and text[lang_end] != "`":
                    argument, i = text[i:lang_end], lang_end
                if at(i) in ("\r", "\n"):
                    pair = at(i + 1) in ("\r", "\n") and at(i + 1) != at(i)
                    i += 2 if pair else 1
            elif c == "`":
                kind, i = "code", i + 1
            else:
                raise reserved_error(i)
            stack.append(_Open(kind, argument, utf16, len(out), begin))
            continue

        opened = stack.pop()
        entity: JSONDict = {
            "type": opened.kind,
            "offset": opened.utf16,
            "length": utf16 - opened.utf16,
        }
        if opened.kind in ("underline", "spoiler"):
            i += 2
        elif opened.kind == "pre":
            i += 3
            if opened.argument:
                entity["language"] = opened.argument
        elif opened.kind in ("text_link", "custom_emoji"):
            if at(i + 1) == "(":
                i += 2
                url_begin = i
                url_chars: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and 0 < ord(at(i + 1) or "\0") <= 126:
                        url_chars.append(text[i + 1])
                        i += 2
                        continue
                    url_chars.append(text[i])
                    i += 1
                if i >= n:
                    raise _entity_error(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, url_begin)}"
                    )
                url = "".join(url_chars)
            else:
                url = "".join(out[opened.out_index :])
            i += 1
            if opened.kind == "custom_emoji":
                if not url.startswith("tg://emoji?id="):
                    raise _entity_error("Custom emoji entity must contain a tg://emoji URL")
                entity["custom_emoji_id"] = url[len("tg://emoji?id=") :]
            elif _valid_url(url):
                entity["url"] = url
            else:
                entity["length"] = 0
        else:
            i += 1
        if entity["length"] > 0:
            entities.append(entity)
    if stack:
        name = _MDV2_NAMES[stack[-1].kind]
        if stack[-1].kind == "pre" and stack[-1].argument:
            name = "PreCode"
        offset = _byte_offset(text, stack[-1].source_index)
        raise _entity_error(f"Can't find end of {name} entity at byte offset {offset}")
    if quote_start is not None and utf16 > quote_start:
        entities.append(
            {"type": "blockquote", "offset": quote_start, "length": utf16 - quote_start}
        )
    return "".join(out), entities


def parse_markdown(text: str) -> tuple[str, list[JSONDict]]:
    """Parse legacy Markdown (``*bold*``, ``_italic_``, backticks, links) like tdlib."""
    n = len(text)
    out: list[str] = []
    utf16 = 0
    entities: list[JSONDict] = []

    def emit(char: str) -> None:
        nonlocal utf16
        out.append(char)
        utf16 += 2 if ord(char) > 0xFFFF else 1

    i = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            emit(text[i + 1])
            i += 2
            continue
        if c not in "_*`[":
            emit(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        i += 1
        is_pre = False
        language = ""
        if c == "`" and text.startswith("``", i):
            i += 2
            is_pre = True
            lang_end = i
            while lang_end < n and text[lang_end] not in " \t\r\n\v`":
                lang_end += 1
            if i != lang_end and lang_end < n and text[lang_end] != "`":
                language, i = text[i:lang_end], lang_end
            if i < n and text[i] in "\r\n":
                pair = i + 1 < n and text[i + 1] in "\r\n" and text[i + 1] != text[i]
                i += 2 if pair else 1
        start16 = utf16
        start_out = len(out)
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("``", i + 1))):
            emit(text[i])
            i += 1
        if i >= n:
            raise _entity_error(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        length = utf16 - start16
        if c == "[":
            if i + 1 < n and text[i + 1] == "(":
                i += 2
                url_start = i
                while i < n and text[i] != ")":
                    i += 1
                url = text[url_start:i]
            else:
                url = "".join(out[start_out:])
            if length and _valid_url(url):
                entities.append(
                    {"type": "text_link", "offset": start16, "length": length, "url": url}
                )
        elif length:
            kind = {"_": "italic", "*": "bold"}.get(c, "pre" if is_pre else "code")
            entity: JSONDict = {"type": kind, "offset": start16, "length": length}
            if language:
                entity["language"] = language
            entities.append(entity)
        i += 3 if is_pre else 1
    return "".join(out), entities


def _sort_entities(entities: list[JSONDict]) -> list[JSONDict]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"], e["type"]))


def _trim(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip surrounding whitespace like Telegram does and shift/clip entities to match."""
    stripped = text.strip(_TRIM_CHARS)
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip(_TRIM_CHARS))])
    limit = utf16_len(stripped)
    result: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def format_text(
    text: Any,
    parse_mode: Any = None,
    entities: Any = None,
    *,
    strict_ampersand: bool = True,
) -> tuple[str, list[JSONDict]]:
    """Apply Telegram's text rules: parse entities, trim, then the empty and length limits."""
    if text is None or text == "":
        raise _bad_request("message text is empty")
    raw = str(text)
    if entities is not None:
        if not isinstance(entities, list) or not all(
            isinstance(e, dict) and isinstance(e.get("type"), str) for e in entities
        ):
            raise _bad_request("can't parse entities JSON object")
        plain, parsed = raw, [dict(e) for e in entities]
    elif parse_mode:
        mode = str(parse_mode).lower()
        if mode == "html":
            plain, parsed = parse_html(raw, strict_ampersand=strict_ampersand)
        elif mode == "markdownv2":
            plain, parsed = parse_markdown_v2(raw)
        elif mode == "markdown":
            plain, parsed = parse_markdown(raw)
        else:
            raise _bad_request("unsupported parse_mode")
    else:
        plain, parsed = raw, []
    plain, parsed = _trim(plain, _sort_entities(parsed))
    if not plain:
        raise _bad_request("message text is empty")
    if len(plain) > MAX_TEXT_LENGTH:
        raise _bad_request("message is too long")
    return plain, parsed


def check_reply_markup(markup: Any) -> JSONDict | None:
    """Validate reply_markup; return it if it is an inline keyboard (the only kind echoed back)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
            return None
        raise _bad_request("can't parse reply keyboard markup JSON object")
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            if not isinstance(button, dict):
                raise _bad_request(
                    "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
                )
            if not isinstance(button.get("text"), str):
                raise _bad_request(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            if not _BUTTON_ACTIONS.intersection(button):
                raise _bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise _bad_request("BUTTON_DATA_INVALID")
            if "url" in button:
                url = button["url"]
                if not isinstance(url, str) or not _valid_url(url):
                    raise _bad_request(
                        f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
                    )
    return copy.deepcopy(markup)


# --------------------------------------------------------------------------------------------
# HTTP plumbing.
# --------------------------------------------------------------------------------------------


def _coerce(key: str, value: Any) -> Any:
    """Turn PTB's stringly form values back into the JSON types Telegram would see."""
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS and (value.lstrip()[:1] in ("[", "{") or value == "null"):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise _bad_request(f"can't parse {key} JSON object") from exc
    if key in _NUMBER_FIELDS:
        if re.fullmatch(r"-?\d+", value):
            return int(value)
        if re.fullmatch(r"-?\d+\.\d*", value):
            return float(value)
    if value in ("true", "false") and key.startswith(_BOOL_PREFIXES):
        return value == "true"
    return value


def _parse_body(content_type: str, body: bytes) -> JSONDict:
    """Decode a request body: urlencoded, multipart or JSON, as Telegram accepts all three."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}
    if ctype == "application/json":
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise _bad_request("can't parse JSON object") from exc
        if not isinstance(data, dict):
            raise _bad_request("JSON object expected")
        return data
    if ctype == "multipart/form-data":
        header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
        params: JSONDict = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str):
                continue
            raw = part.get_payload(decode=True)
            data_bytes = raw if isinstance(raw, bytes) else b""
            filename = part.get_filename()
            if filename is None:
                params[name] = data_bytes.decode("utf-8")
            else:
                params[name] = UploadedFile(filename, part.get_content_type(), data_bytes)
        return params
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))


class _Handler(BaseHTTPRequestHandler):
    """Speaks HTTP/1.1 with keep-alive, like api.telegram.org, and hands off to the fake."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms stalls

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        server = self.server
        assert isinstance(server, _Server)
        api = server.api
        body = self._read_body()
        status, content_type, data = api._handle_http(
            self.command, self.path, self.headers.get("Content-Type", ""), body
        )
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if api._closed:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    """Tracks connections so stop() can unblock idle keep-alive threads and join them all."""

    daemon_threads = False
    block_on_close = True
    request_queue_size = 128  # the default 5 resets connections under a burst of sends

    def __init__(self, api: FakeBotAPI, address: tuple[str, int]) -> None:
        self.api = api
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Make every blocked read return EOF so handler threads can finish."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RD)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients vanishing mid-reply (cancelled long polls) are normal; report the rest."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


# --------------------------------------------------------------------------------------------
# The fake itself.
# --------------------------------------------------------------------------------------------


class FakeBotAPI:
    """An in-process Bot API server with Telegram's shapes, limits, errors and long polling."""

    METHODS: ClassVar[tuple[str, ...]] = (
        "getMe",
        "getUpdates",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
        "answerInlineQuery",
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "setMyDescription",
        "getMyDescription",
        "setMyShortDescription",
        "getMyShortDescription",
        "setChatMenuButton",
        "getChatMenuButton",
        "deleteWebhook",
        "setWebhook",
        "getWebhookInfo",
        "close",
        "logOut",
        "sendChatAction",
        "getFile",
    )

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        host: str = "127.0.0.1",
        username: str = "hr_test_bot",
        first_name: str = "HR Test Bot",
        strict_ampersand: bool = True,
        strict_chats: bool = False,
    ) -> None:
        """Configure the fake; nothing listens until start() / ``with``.

        ``strict_chats`` makes sends to chats never seen in a pushed update fail with
        "chat not found", as they would for a user who never started the bot.
        """
        self.token = token
        self.host = host
        self.strict_ampersand = strict_ampersand
        self.strict_chats = strict_chats
        bot_id = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id) if bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._cond = threading.Condition(threading.RLock())
        self._closed = False
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers: dict[str, MethodHandler] = {}
        self._canonical: dict[str, str] = {}
        for name in self.METHODS:
            self._canonical[name.lower()] = name
            self._handlers[name.lower()] = getattr(self, f"_m_{_snake(name)}")

        self._requests: list[tuple[str, JSONDict]] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._delays: dict[str, deque[float]] = {}
        self._blocked: dict[int, str] = {}
        self.server_errors: list[str] = []

        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(10_000)
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._webhook: JSONDict = {}

        self._chats: dict[int, JSONDict] = {}
        self._message_ids: dict[int, int] = {}
        self._store: dict[tuple[int, int], JSONDict] = {}
        self._sent: list[JSONDict] = []
        self._callback_queries: dict[str, bool] = {}
        self._inline_queries: dict[str, bool] = {}
        self._query_ids = itertools.count(4_242_000_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._files: dict[str, tuple[str, bytes]] = {}

        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}
        self._menu_buttons: dict[int | None, JSONDict] = {}

    # ---------------------------------------------------------------- lifecycle

    def __enter__(self) -> FakeBotAPI:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Bind an ephemeral port on the loopback interface and serve in a background thread."""
        if self._server is not None:
            raise RuntimeError("FakeBotAPI already started")
        self._closed = False
        self._server = _Server(self, (self.host, 0))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"FakeBotAPI:{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Wake long pollers and delayed replies, stop serving, and join every thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        server.shutdown()
        thread.join()
        server.close_connections()
        server.server_close()  # joins the per-connection handler threads
        self._server = self._thread = None

    @property
    def port(self) -> int:
        """The ephemeral port the server is bound to."""
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """Pass as ``Bot(base_url=...)``; PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass as ``Bot(base_file_url=...)`` so file downloads hit the fake too."""
        return f"http://{self.host}:{self.port}/file/bot"

    # ---------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        status: int = 429,
        *,
        retry_after: int = 1,
        description: str | None = None,
        count: int = 1,
    ) -> None:
        """Queue ``count`` failures for ``method`` ("*" = any method), one per request."""
        if description is None:
            description = {
                400: "Bad Request",
                401: "Unauthorized",
                403: "Forbidden",
                404: "Not Found",
                409: "Conflict",
                429: f"Too Many Requests: retry after {retry_after}",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status, "Error")
        fault = _Fault(status, description, retry_after if status == 429 else None)
        with self._cond:
            queue = self._faults.setdefault(method.lower(), deque())
            queue.extend(copy.copy(fault) for _ in range(count))

    def delay_next(self, method: str, seconds: float, *, count: int = 1) -> None:
        """Make the next ``count`` calls of ``method`` ("*" = any) answer ``seconds`` late."""
        with self._cond:
            self._delays.setdefault(method.lower(), deque()).extend([seconds] * count)

    def block_chat(self, chat_id: int, description: str = BLOCKED) -> None:
        """Every send/edit to ``chat_id`` now fails with 403, as after the user blocks the bot."""
        with self._cond:
            self._blocked[int(chat_id)] = description

    def unblock_chat(self, chat_id: int) -> None:
        """Undo block_chat()."""
        with self._cond:
            self._blocked.pop(int(chat_id), None)

    def set_handler(self, method: str, handler: MethodHandler) -> None:
        """Add or replace a method; the handler gets params and returns the ``result``.

        Raise BotAPIError from it for an error reply. Runs on a server thread.
        """
        with self._cond:
            self._canonical[method.lower()] = method
            self._handlers[method.lower()] = handler

    # ---------------------------------------------------------------- update injection

    def push_raw(self, update: JSONDict) -> JSONDict:
        """Queue an arbitrary update (``update_id`` is assigned if missing) and wake pollers."""
        with self._cond:
            queued = copy.deepcopy(update)
            if "update_id" in queued:
                nxt = int(queued["update_id"]) + 1
                self._update_ids = itertools.count(max(nxt, next(self._update_ids)))
            else:
                queued["update_id"] = next(self._update_ids)
            self._updates.append(queued)
            self._cond.notify_all()
            return copy.deepcopy(queued)

    def push_text(
        self,
        chat_id: int,
        text: str,
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = "test_user",
        entities: list[JSONDict] | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSONDict:
        """A user sends ``text``; a leading /command gets its bot_command entity like Telegram."""
        content: JSONDict = {"text": text}
        if entities is None:
            match = _LEADING_COMMAND_RE.match(text)
            if match:
                entities = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
                ]
        if entities:
            content["entities"] = entities
        return self._push_message(
            chat_id, content, chat_type, user_id, first_name, username, reply_to_message_id
        )

    def push_sticker(
        self,
        chat_id: int,
        *,
        emoji: str = "👍",
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = "test_user",
    ) -> JSONDict:
        """A user sends a sticker."""
        sticker = {
            **self._new_file("stickers/sticker.webp", b"RIFF\0\0\0\0WEBP"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "TestStickers",
        }
        return self._push_message(
            chat_id, {"sticker": sticker}, chat_type, user_id, first_name, username
        )

    def push_photo(
        self,
        chat_id: int,
        *,
        caption: str | None = None,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = "test_user",
    ) -> JSONDict:
        """A user sends a photo (three sizes, like Telegram), optionally with a caption."""
        sizes = [
            {
                **self._new_file(f"photos/file_{side}.jpg", b"\xff\xd8\xff" + bytes(side)),
                "width": side,
                "height": side,
            }
            for side in (90, 320, 800)
        ]
        content: JSONDict = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._push_message(chat_id, content, chat_type, user_id, first_name, username)

    def push_voice(
        self,
        chat_id: int,
        *,
        duration: int = 3,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = "test_user",
    ) -> JSONDict:
        """A user sends a voice note."""
        voice = {
            **self._new_file("voice/file_0.oga", b"OggS" + bytes(60)),
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return self._push_message(
            chat_id, {"voice": voice}, chat_type, user_id, first_name, username
        )

    def push_location(
        self,
        chat_id: int,
        latitude: float = 52.52,
        longitude: float = 13.405,
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = "test_user",
    ) -> JSONDict:
        """A user shares a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._push_message(
            chat_id, {"location": location}, chat_type, user_id, first_name, username
        )

    def push_contact(
        self,
        chat_id: int,
        phone_number: str = "+15555550100",
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = "test_user",
    ) -> JSONDict:
        """A user shares their own contact."""
        uid = self._default_user_id(chat_id, chat_type, user_id)
        contact = {"phone_number": phone_number, "first_name": first_name, "user_id": uid}
        return self._push_message(
            chat_id, {"contact": contact}, chat_type, uid, first_name, username
        )

    def push_edited_text(
        self, chat_id: int, text: str, *, message_id: int | None = None
    ) -> JSONDict:
        """A user edits their earlier text message (default: their latest one in the chat)."""
        with self._cond:
            if message_id is None:
                own = [
                    key[1]
                    for key, msg in self._store.items()
                    if key[0] == chat_id and not msg["from"].get("is_bot") and "text" in msg
                ]
                if not own:
                    raise ValueError(f"no user text message in chat {chat_id} to edit")
                message_id = max(own)
            msg = self._store.get((chat_id, message_id))
            if msg is None or msg["from"].get("is_bot"):
                raise ValueError(f"no user message {message_id} in chat {chat_id}")
            msg["text"] = text
            msg.pop("entities", None)
            match = _LEADING_COMMAND_RE.match(text)
            if match:
                msg["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
                ]
            msg["edit_date"] = int(time.time())
            return self.push_raw({"edited_message": msg})

    def push_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = "test_user",
        check_button: bool = True,
    ) -> str:
        """A user presses an inline button under a stored bot message; returns the query id.

        With ``check_button`` the message must really carry a button with that callback_data,
        because a user can only press buttons the bot sent.
        """
        with self._cond:
            msg = self._store.get((chat_id, message_id))
            if msg is None:
                known = sorted(k[1] for k in self._store if k[0] == chat_id)
                raise KeyError(f"no message {message_id} in chat {chat_id} (known ids: {known})")
            if check_button:
                offered = [
                    button.get("callback_data")
                    for row in msg.get("reply_markup", {}).get("inline_keyboard", [])
                    for button in row
                ]
                if data not in offered:
                    raise ValueError(
                        f"message {message_id} has no button with callback_data {data!r}; "
                        f"offered: {offered}"
                    )
            chat = msg["chat"]
            uid = self._default_user_id(chat_id, chat["type"], user_id)
            query_id = str(next(self._query_ids))
            self._callback_queries[query_id] = False
            self.push_raw(
                {
                    "callback_query": {
                        "id": query_id,
                        "from": _user(uid, first_name, username),
                        "message": copy.deepcopy(msg),
                        "chat_instance": str(abs(chat_id) * 7919 + 1_000_003),
                        "data": data,
                    }
                }
            )
            return query_id

    def push_inline(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Test",
        username: str | None = "test_user",
        offset: str = "",
        chat_type: str = "sender",
    ) -> str:
        """A user types ``@bot query``; returns the inline query id."""
        with self._cond:
            query_id = str(next(self._query_ids))
            self._inline_queries[query_id] = False
            self.push_raw(
                {
                    "inline_query": {
                        "id": query_id,
                        "from": _user(user_id, first_name, username),
                        "query": query,
                        "offset": offset,
                        "chat_type": chat_type,
                    }
                }
            )
            return query_id

    # ---------------------------------------------------------------- inspection

    @property
    def requests(self) -> list[tuple[str, JSONDict]]:
        """Every authorised call as (method, params), in arrival order (a copy)."""
        with self._cond:
            return copy.deepcopy(self._requests)

    def calls(self, method: str) -> list[JSONDict]:
        """Params of every call to ``method`` (case-insensitive), in order."""
        wanted = method.lower()
        with self._cond:
            return [copy.deepcopy(p) for m, p in self._requests if m.lower() == wanted]

    def sent_messages(self, chat_id: int | None = None) -> list[JSONDict]:
        """sendMessage results as returned at send time, optionally for one chat."""
        with self._cond:
            return [
                copy.deepcopy(m)
                for m in self._sent
                if chat_id is None or m["chat"]["id"] == chat_id
            ]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Just the texts of sent_messages(), handy for assertions."""
        return [m["text"] for m in self.sent_messages(chat_id)]

    @property
    def messages(self) -> dict[tuple[int, int], JSONDict]:
        """Current state of the bot's messages by (chat_id, message_id), after edits/deletes."""
        with self._cond:
            return {
                key: copy.deepcopy(msg)
                for key, msg in self._store.items()
                if msg["from"]["id"] == self.bot_user["id"]
            }

    def history(self, chat_id: int) -> list[JSONDict]:
        """The conversation in a chat (user and bot messages, current state), oldest first."""
        with self._cond:
            keys = sorted(k for k in self._store if k[0] == chat_id)
            return [copy.deepcopy(self._store[k]) for k in keys]

    def pending_updates(self) -> int:
        """Updates queued but not yet confirmed with an offset."""
        with self._cond:
            return len(self._updates)

    def wait_for(self, predicate: Predicate, timeout: float = 5.0, *, what: str = "") -> Any:
        """Block until ``predicate(api)`` is truthy and return its value.

        Only for sync code or when the bot runs in another thread/loop; from a coroutine that
        shares the loop with the bot use wait_for_async(), or the bot would never run.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = predicate(self)
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_report(predicate, timeout, what))
                self._cond.wait(min(remaining, 0.05))

    async def wait_for_async(
        self, predicate: Predicate, timeout: float = 5.0, *, what: str = ""
    ) -> Any:
        """Like wait_for() but yields to the event loop, so a bot in the same loop keeps going."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                result = predicate(self)
            if result:
                return result
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report(predicate, timeout, what))
            await asyncio.sleep(0.005)

    def _timeout_report(self, predicate: Predicate, timeout: float, what: str) -> str:
        name = what or getattr(predicate, "__name__", repr(predicate))
        with self._cond:
            recent = self._requests[-10:]
            lines = [f"wait_for timed out after {timeout}s waiting for: {name}"]
            lines.append(f"pending updates: {len(self._updates)}")
            lines.append(f"requests ({len(self._requests)} total, last {len(recent)}):")
            lines.extend(f"  {m} {_short(p)}" for m, p in recent)
            lines.append("sent texts: " + _short([m["text"] for m in self._sent[-10:]]))
            if self.server_errors:
                lines.append("server errors:\n" + self.server_errors[-1])
        return "\n".join(lines)

    # ---------------------------------------------------------------- request handling

    def _handle_http(
        self, verb: str, path: str, content_type: str, body: bytes
    ) -> tuple[int, str, bytes]:
        """Route one HTTP request; returns (status, content type, body)."""
        try:
            return self._route(verb, path, content_type, body)
        except Exception:
            trace = traceback.format_exc()
            with self._cond:
                self.server_errors.append(trace)
            payload = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
            return 500, "application/json", json.dumps(payload).encode()

    def _route(
        self, verb: str, path: str, content_type: str, body: bytes
    ) -> tuple[int, str, bytes]:
        url = urlsplit(path)
        file_match = re.fullmatch(r"/file/bot([^/]+)/(.+)", url.path)
        if verb == "GET" and file_match:
            if unquote(file_match.group(1)) != self.token:
                return _json_reply(BotAPIError(401, "Unauthorized").payload(), 401)
            wanted = unquote(file_match.group(2))
            with self._cond:
                for file_path, data in self._files.values():
                    if file_path == wanted:
                        return 200, "application/octet-stream", data
            return _json_reply(BotAPIError(404, "Not Found").payload(), 404)

        match = re.fullmatch(r"/bot([^/]+)/([^/]*)", url.path)
        if not match:
            return _json_reply(BotAPIError(404, "Not Found").payload(), 404)
        if unquote(match.group(1)) != self.token:
            return _json_reply(BotAPIError(401, "Unauthorized").payload(), 401)
        try:
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            params.update(_parse_body(content_type, body))
            params = {key: _coerce(key, value) for key, value in params.items()}
        except BotAPIError as exc:
            return _json_reply(exc.payload(), exc.status)
        status, payload = self._dispatch(match.group(2), params)
        return _json_reply(payload, status)

    def _dispatch(self, method: str, params: JSONDict) -> tuple[int, JSONDict]:
        """Record the call, apply injected delays/faults, then run the method."""
        key = method.lower()
        with self._cond:
            name = self._canonical.get(key, method)
            self._requests.append((name, copy.deepcopy(params)))
            self._cond.notify_all()
            delay = _pop(self._delays, key)
        if delay:
            with self._cond:
                self._cond.wait_for(lambda: self._closed, timeout=delay)
        with self._cond:
            fault = _pop(self._faults, key)
            handler = self._handlers.get(key)
        if fault is not None:
            error = BotAPIError(fault.status, fault.description, retry_after=fault.retry_after)
            return error.status, error.payload()
        if handler is None or not method:
            return 404, BotAPIError(404, "Not Found").payload()
        try:
            result = handler(params)
        except BotAPIError as exc:
            return exc.status, exc.payload()
        finally:
            with self._cond:
                self._cond.notify_all()
        if isinstance(result, _Described):
            return 200, {"ok": True, "result": result.result, "description": result.description}
        return 200, {"ok": True, "result": result}

    # ---------------------------------------------------------------- helpers for methods

    def _default_user_id(self, chat_id: int, chat_type: str, user_id: int | None) -> int:
        if user_id is not None:
            return user_id
        return chat_id if chat_type == "private" and chat_id > 0 else DEFAULT_USER_ID

    def _new_file(self, file_path: str, data: bytes) -> JSONDict:
        n = next(self._file_ids)
        file_id = f"AgACAgIAAxkBAAI{n:06d}"
        stem, _, ext = file_path.rpartition(".")
        path = f"{stem}_{n}.{ext}"
        with self._cond:
            self._files[file_id] = (path, data)
        return {"file_id": file_id, "file_unique_id": f"AQAD{n:06d}", "file_size": len(data)}

    def _push_message(
        self,
        chat_id: int,
        content: JSONDict,
        chat_type: str,
        user_id: int | None,
        first_name: str,
        username: str | None,
        reply_to_message_id: int | None = None,
    ) -> JSONDict:
        if chat_type not in ("private", "group", "supergroup"):
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        with self._cond:
            uid = self._default_user_id(chat_id, chat_type, user_id)
            user = _user(uid, first_name, username)
            if chat_type == "private":
                chat: JSONDict = {"id": chat_id, "type": "private", "first_name": first_name}
                if username:
                    chat["username"] = username
            else:
                title = self._chats.get(chat_id, {}).get("title", f"Test {chat_type}")
                chat = {"id": chat_id, "type": chat_type, "title": title}
            self._chats[chat_id] = chat
            message: JSONDict = {
                "message_id": self._next_message_id(chat_id),
                "from": user,
                "chat": dict(chat),
                "date": int(time.time()),
                **copy.deepcopy(content),
            }
            if reply_to_message_id is not None:
                target = self._store.get((chat_id, reply_to_message_id))
                if target is None:
                    raise KeyError(f"no message {reply_to_message_id} in chat {chat_id}")
                message["reply_to_message"] = _without_reply(target)
            self._store[(chat_id, message["message_id"])] = message
            return self.push_raw({"message": message})

    def _next_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def _chat(self, raw: Any) -> JSONDict:
        """Resolve chat_id the way Telegram does, creating chats unless strict_chats."""
        if raw is None or raw == "":
            raise _bad_request("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for known in self._chats.values():
                if str(known.get("username", "")).lower() == raw[1:].lower():
                    return known
            raise _bad_request("chat not found")
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise _bad_request("chat not found") from None
        chat = self._chats.get(chat_id)
        if chat is None:
            if self.strict_chats or chat_id == 0:
                raise _bad_request("chat not found")
            if chat_id > 0:
                chat = {"id": chat_id, "type": "private", "first_name": "Test"}
            elif chat_id <= -1_000_000_000_000:
                chat = {"id": chat_id, "type": "supergroup", "title": "Test supergroup"}
            else:
                chat = {"id": chat_id, "type": "group", "title": "Test group"}
            self._chats[chat_id] = chat
        return chat

    def _check_blocked(self, chat: JSONDict) -> None:
        """403 comes from actually delivering, so it follows all parameter checks."""
        if chat["id"] in self._blocked:
            raise BotAPIError(403, self._blocked[chat["id"]])

    def _format(self, text: Any, parse_mode: Any, entities: Any) -> tuple[str, list[JSONDict]]:
        return format_text(text, parse_mode, entities, strict_ampersand=self.strict_ampersand)

    def _bot_message(self, params: JSONDict) -> tuple[JSONDict, tuple[int, int]]:
        """Find the bot message an edit/delete refers to (inline messages are not stored)."""
        if params.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params.get("chat_id"))
        if params.get("message_id") in (None, ""):
            raise _bad_request("message identifier is not specified")
        key = (chat["id"], int(params["message_id"]))
        msg = self._store.get(key)
        if msg is None:
            raise _bad_request("message to edit not found")
        if msg["from"]["id"] != self.bot_user["id"]:
            raise _bad_request("message can't be edited")
        self._check_blocked(chat)
        return msg, key

    # ---------------------------------------------------------------- Bot API methods

    def _m_get_me(self, params: JSONDict) -> Any:
        return dict(self.bot_user)

    def _m_get_updates(self, params: JSONDict) -> Any:
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        with self._cond:
            if self._webhook.get("url"):
                raise BotAPIError(409, WEBHOOK_CONFLICT)
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()
            allowed = params.get("allowed_updates")
            if allowed is not None:
                if not isinstance(allowed, list):
                    raise _bad_request("can't parse allowed_updates JSON object")
                self._allowed_updates = [str(a) for a in allowed]
            offset = int(params.get("offset") or 0)
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            deadline = time.monotonic() + timeout
            while True:
                if generation != self._poll_generation:
                    raise BotAPIError(409, POLL_CONFLICT)
                batch = self._deliverable(limit)
                remaining = deadline - time.monotonic()
                if batch or self._closed or remaining <= 0:
                    return batch
                self._cond.wait(remaining)

    def _deliverable(self, limit: int) -> list[JSONDict]:
        """Drop updates of types the bot did not subscribe to; return the first ``limit``."""
        allowed = set(self._allowed_updates)

        def wanted(update: JSONDict) -> bool:
            kinds = [k for k in update if k != "update_id"]
            if allowed:
                return any(k in allowed for k in kinds)
            return not any(k in _DEFAULT_ALLOWED_UPDATES for k in kinds)

        self._updates = [u for u in self._updates if wanted(u)]
        return copy.deepcopy(self._updates[:limit])

    def _m_send_message(self, params: JSONDict) -> Any:
        with self._cond:
            # Same order as the Bot API server: parse text and markup, resolve chat, deliver.
            text, entities = self._format(
                params.get("text"), params.get("parse_mode"), params.get("entities")
            )
            markup = check_reply_markup(params.get("reply_markup"))
            chat = self._chat(params.get("chat_id"))
            reply_to = self._reply_target(chat["id"], params)
            self._check_blocked(chat)
            message: JSONDict = {
                "message_id": self._next_message_id(chat["id"]),
                "from": dict(self.bot_user),
                "chat": dict(chat),
                "date": int(time.time()),
                "text": text,
            }
            if entities:
                message["entities"] = entities
            if markup is not None:
                message["reply_markup"] = markup
            if reply_to is not None:
                message["reply_to_message"] = reply_to
            self._store[(chat["id"], message["message_id"])] = message
            self._sent.append(copy.deepcopy(message))
            return copy.deepcopy(message)

    def _reply_target(self, chat_id: int, params: JSONDict) -> JSONDict | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            target_id, allow = (
                reply.get("message_id"),
                bool(reply.get("allow_sending_without_reply")),
            )
        else:
            target_id = params.get("reply_to_message_id")
            allow = bool(params.get("allow_sending_without_reply"))
        if target_id is None:
            return None
        target = self._store.get((chat_id, int(target_id)))
        if target is None:
            if allow:
                return None
            raise _bad_request("message to be replied not found")
        return _without_reply(target)

    def _m_edit_message_text(self, params: JSONDict) -> Any:
        with self._cond:
            text, entities = self._format(
                params.get("text"), params.get("parse_mode"), params.get("entities")
            )
            markup = check_reply_markup(params.get("reply_markup"))
            msg, _ = self._bot_message(params)
            if "text" not in msg:
                raise _bad_request("there is no text in the message to edit")
            if (
                text == msg["text"]
                and entities == msg.get("entities", [])
                and markup == msg.get("reply_markup")
            ):
                raise _bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
            msg["text"] = text
            _set_or_pop(msg, "entities", entities or None)
            _set_or_pop(msg, "reply_markup", markup)
            msg["edit_date"] = int(time.time())
            return copy.deepcopy(msg)

    def _m_edit_message_reply_markup(self, params: JSONDict) -> Any:
        with self._cond:
            markup = check_reply_markup(params.get("reply_markup"))
            msg, _ = self._bot_message(params)
            if markup == msg.get("reply_markup"):
                raise _bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
            _set_or_pop(msg, "reply_markup", markup)
            msg["edit_date"] = int(time.time())
            return copy.deepcopy(msg)

    def _m_delete_message(self, params: JSONDict) -> Any:
        with self._cond:
            chat = self._chat(params.get("chat_id"))
            key = (chat["id"], int(params.get("message_id") or 0))
            if key not in self._store:
                raise _bad_request("message to delete not found")
            del self._store[key]
            return True

    def _m_answer_callback_query(self, params: JSONDict) -> Any:
        with self._cond:
            query_id = str(params.get("callback_query_id", ""))
            if self._callback_queries.get(query_id, True):
                raise _bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
            self._callback_queries[query_id] = True
            return True

    def _m_answer_inline_query(self, params: JSONDict) -> Any:
        with self._cond:
            query_id = str(params.get("inline_query_id", ""))
            if self._inline_queries.get(query_id, True):
                raise _bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
            results = params.get("results")
            if not isinstance(results, list):
                raise _bad_request("can't parse inline query results JSON object")
            if len(results) > MAX_INLINE_RESULTS:
                raise _bad_request("RESULTS_TOO_MUCH")
            seen: set[str] = set()
            for result in results:
                self._check_inline_result(result, seen)
            self._inline_queries[query_id] = True
            return True

    def _check_inline_result(self, result: Any, seen: set[str]) -> None:
        prefix = "can't parse inline query result: "
        if not isinstance(result, dict):
            raise _bad_request(prefix + "InlineQueryResult must be an Object")
        for name in ("type", "id"):
            if not isinstance(result.get(name), str):
                raise _bad_request(prefix + f'Field "{name}" must be of type String')
        if result["type"] not in _INLINE_RESULT_TYPES:
            raise _bad_request(prefix + f'Unsupported inline query result type "{result["type"]}"')
        if not 1 <= len(result["id"].encode("utf-8")) <= 64:
            raise _bad_request("RESULT_ID_INVALID")
        if result["id"] in seen:
            raise _bad_request("RESULT_ID_DUPLICATE")
        seen.add(result["id"])
        if result["type"] == "article":
            if not isinstance(result.get("title"), str):
                raise _bad_request(prefix + 'Field "title" must be of type String')
            if not isinstance(result.get("input_message_content"), dict):
                raise _bad_request(prefix + 'Field "input_message_content" must be of type Object')
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            self._format(
                content.get("message_text"), content.get("parse_mode"), content.get("entities")
            )
        check_reply_markup(result.get("reply_markup"))

    def _m_set_my_commands(self, params: JSONDict) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(
                str(command.get("command", ""))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        with self._cond:
            self._commands[_commands_key(params)] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        return True

    def _m_get_my_commands(self, params: JSONDict) -> Any:
        with self._cond:
            return copy.deepcopy(self._commands.get(_commands_key(params), []))

    def _m_delete_my_commands(self, params: JSONDict) -> Any:
        with self._cond:
            self._commands.pop(_commands_key(params), None)
        return True

    def _m_set_my_description(self, params: JSONDict) -> Any:
        return self._set_description(params, "description", 512)

    def _m_get_my_description(self, params: JSONDict) -> Any:
        with self._cond:
            key = ("description", str(params.get("language_code") or ""))
            return {"description": self._descriptions.get(key, "")}

    def _m_set_my_short_description(self, params: JSONDict) -> Any:
        return self._set_description(params, "short_description", 120)

    def _m_get_my_short_description(self, params: JSONDict) -> Any:
        with self._cond:
            key = ("short_description", str(params.get("language_code") or ""))
            return {"short_description": self._descriptions.get(key, "")}

    def _set_description(self, params: JSONDict, field_name: str, limit: int) -> Any:
        value = str(params.get(field_name) or "")
        if len(value) > limit:
            raise _bad_request(f"{field_name} is too long")
        with self._cond:
            self._descriptions[(field_name, str(params.get("language_code") or ""))] = value
        return True

    def _m_set_chat_menu_button(self, params: JSONDict) -> Any:
        with self._cond:
            chat_id = params.get("chat_id")
            key = None if chat_id in (None, "") else int(chat_id)
            button = params.get("menu_button") or {"type": "default"}
            self._menu_buttons[key] = button
        return True

    def _m_get_chat_menu_button(self, params: JSONDict) -> Any:
        with self._cond:
            chat_id = params.get("chat_id")
            key = None if chat_id in (None, "") else int(chat_id)
            fallback = self._menu_buttons.get(None, {"type": "commands"})
            return copy.deepcopy(self._menu_buttons.get(key, fallback))

    def _m_set_webhook(self, params: JSONDict) -> Any:
        url = str(params.get("url") or "")
        if not url:
            return self._m_delete_webhook(params)
        if not url.startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        with self._cond:
            if params.get("drop_pending_updates"):
                self._updates.clear()
            already = self._webhook.get("url") == url
            self._webhook = {
                "url": url,
                "max_connections": int(params.get("max_connections") or 40),
            }
            if isinstance(params.get("allowed_updates"), list):
                self._webhook["allowed_updates"] = params["allowed_updates"]
            self._cond.notify_all()
        return _Described(True, "Webhook is already set" if already else "Webhook was set")

    def _m_delete_webhook(self, params: JSONDict) -> Any:
        with self._cond:
            if params.get("drop_pending_updates"):
                self._updates.clear()
            had = bool(self._webhook.get("url"))
            self._webhook = {}
        return _Described(True, "Webhook was deleted" if had else "Webhook is already deleted")

    def _m_get_webhook_info(self, params: JSONDict) -> Any:
        with self._cond:
            info: JSONDict = {
                "url": self._webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self._webhook:
                info["max_connections"] = self._webhook["max_connections"]
                if "allowed_updates" in self._webhook:
                    info["allowed_updates"] = self._webhook["allowed_updates"]
            return info

    def _m_close(self, params: JSONDict) -> Any:
        return True

    def _m_log_out(self, params: JSONDict) -> Any:
        return True

    def _m_send_chat_action(self, params: JSONDict) -> Any:
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        with self._cond:
            self._check_blocked(self._chat(params.get("chat_id")))
        return True

    def _m_get_file(self, params: JSONDict) -> Any:
        file_id = str(params.get("file_id") or "")
        with self._cond:
            if file_id not in self._files:
                raise _bad_request("invalid file_id")
            path, data = self._files[file_id]
        unique = "AQAD" + file_id[-6:]
        return {
            "file_id": file_id,
            "file_unique_id": unique,
            "file_size": len(data),
            "file_path": path,
        }


# --------------------------------------------------------------------------------------------
# Small pure helpers.
# --------------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _user(user_id: int, first_name: str, username: str | None) -> JSONDict:
    user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        user["username"] = username
    user["language_code"] = "en"
    return user


def _without_reply(message: JSONDict) -> JSONDict:
    """Telegram nests reply_to_message only one level deep."""
    inner = copy.deepcopy(message)
    inner.pop("reply_to_message", None)
    return inner


def _set_or_pop(target: JSONDict, key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value


def _commands_key(params: JSONDict) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _pop(queues: dict[str, deque[Any]], key: str) -> Any:
    """Consume one queued item for ``key``, else one for the wildcard "*"."""
    for name in (key, "*"):
        queue = queues.get(name)
        if queue:
            return queue.popleft()
    return None


def _json_reply(payload: JSONDict, status: int = 200) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _short(value: Any, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def iter_buttons(message: JSONDict) -> Iterator[JSONDict]:
    """Yield the inline buttons of a message dict, row by row (helper for assertions)."""
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        yield from row


__all__ = [
    "BLOCKED",
    "NOT_MODIFIED",
    "QUERY_TOO_OLD",
    "BotAPIError",
    "FakeBotAPI",
    "UploadedFile",
    "check_reply_markup",
    "format_text",
    "iter_buttons",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "utf16_len",
]
