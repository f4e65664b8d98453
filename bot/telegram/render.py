"""Turn a core Reply into Telegram HTML messages.

Every piece of text is escaped, because facts and UI strings are plain text and a stray
``<`` or ``&`` would make Telegram reject the whole message. Messages longer than
Telegram's 4096-character limit are split at paragraph, then line boundaries; only as a
last resort inside a line. Length is measured on the HTML source, which is never
shorter than what Telegram counts, so a chunk that passes here passes there.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import MessageLimit

from bot.model import Source
from bot.reply import Button, Reply
from bot.texts import Texts

MAX_MESSAGE_CHARS = int(MessageLimit.MAX_TEXT_LENGTH)  # 4096
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Chunk = tuple[str, InlineKeyboardMarkup | None]
# One piece of a message: the separator that joins it to the previous piece when both
# land in the same message ("\n\n" between blocks, "\n" between lines, "" inside a line).
_Piece = tuple[str, str]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def italic(text: str) -> str:
    return f"<i>{esc(text)}</i>"


def _plain(text: str) -> str:
    return esc(text)


def render(reply: Reply, texts: Texts, limit: int = MAX_MESSAGE_CHARS) -> list[Chunk]:
    """One or more (html, keyboard) messages; the keyboard rides on the last one."""
    bodies = render_html(reply, texts, limit)
    markup = keyboard(reply.buttons)
    return [(body, markup if i == len(bodies) - 1 else None) for i, body in enumerate(bodies)]


def render_html(reply: Reply, texts: Texts, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    pieces: list[_Piece] = []
    if reply.title:
        pieces += _block(reply.title, bold, limit)
    if reply.position:
        pieces.append(("\n", italic(reply.position)))
    for paragraph in reply.paragraphs:
        if paragraph.strip():
            pieces += _block(paragraph.strip(), _plain, limit)
    if reply.status:
        pieces += _block(reply.status, italic, limit)
    if reply.source_note:  # folded: one line, the full list is behind the Sources button
        pieces += _block(reply.source_note, italic, limit)
    elif reply.sources:
        pieces += _sources(reply.sources, texts, limit)
    bodies = _pack(pieces, limit)
    return bodies or [esc(texts.error)]


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    if not any(rows):
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows if row]
    )


def source_line(source: Source, texts: Texts) -> str:
    """``<a href=URL>Publisher: Title</a> (reviewed 2023-05-02)``."""
    link = f'<a href="{esc(source.url)}">{esc(f"{source.publisher}: {source.title}")}</a>'
    if source.reviewed:
        return f"{link} ({esc(texts.source_reviewed.format(date=source.reviewed.isoformat()))})"
    if source.published:
        date = source.published.isoformat()
        return f"{link} ({esc(texts.source_published.format(date=date))})"
    return link


def _sources(sources: Sequence[Source], texts: Texts, limit: int) -> list[_Piece]:
    """The label once, then one source per line; a link is never cut in half."""
    pieces: list[_Piece] = []
    for index, source in enumerate(sources):
        line = source_line(source, texts)
        if index == 0:
            line = f"<i>{esc(texts.sources_label)}:</i> {line}"
        if len(line) <= limit:
            pieces.append(("\n\n" if index == 0 else "\n", line))
        else:  # absurdly long title or URL: keep the words, drop the link
            plain = f"{source.publisher}: {source.title} {source.url}"
            cut = _hard_cut(plain, _plain, limit)
            pieces += [
                ("\n\n" if index == 0 and i == 0 else "\n" if i == 0 else "", p)
                for i, p in enumerate(cut)
            ]
    return pieces


def _block(raw: str, wrap: Callable[[str], str], limit: int) -> list[_Piece]:
    """A paragraph or title as pieces that each fit in one message."""
    whole = wrap(raw)
    if len(whole) <= limit:
        return [("\n\n", whole)]
    pieces: list[_Piece] = []
    for line_no, line in enumerate(raw.split("\n")):
        sep = "\n\n" if line_no == 0 else "\n"
        formatted = wrap(line)
        if len(formatted) <= limit:
            pieces.append((sep, formatted))
            continue
        for cut_no, part in enumerate(_hard_cut(line, wrap, limit)):
            pieces.append((sep if cut_no == 0 else "", part))
    return pieces


def _hard_cut(raw: str, wrap: Callable[[str], str], limit: int) -> list[str]:
    """Cut one over-long line, preferring a space in the second half of each piece."""
    budget = max(limit - len(wrap("")), 8)
    out: list[str] = []
    start = 0
    while start < len(raw):
        size, end = 0, start
        while end < len(raw):
            step = len(esc(raw[end]))
            if size + step > budget:
                break
            size += step
            end += 1
        if end < len(raw):
            space = raw.rfind(" ", start, end)
            if space > start + (end - start) // 2:
                end = space + 1
        out.append(wrap(raw[start:end]))
        start = end
    return out


def _pack(pieces: Sequence[_Piece], limit: int) -> list[str]:
    """Greedily fill messages; a separator is dropped where a message breaks."""
    bodies: list[str] = []
    current = ""
    for sep, piece in pieces:
        if not current:
            current = piece
        elif len(current) + len(sep) + len(piece) <= limit:
            current += sep + piece
        else:
            bodies.append(current)
            current = piece
    if current:
        bodies.append(current)
    return bodies
