"""The terminal front end: the same conversation, buttons shown as numbered choices."""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import TextIO

from bot.conversation import Command, Incoming, Tap, Text
from bot.core import Core
from bot.reply import Button, Reply
from bot.serving.metrics import count_reply

QUIT = {"/quit", "/exit", "quit", "exit", ":q"}


def render(
    reply: Reply, texts_sources_label: str, bold: bool = False, width: int = 0
) -> tuple[str, list[Button]]:
    """Plain text for a terminal, and the buttons in the order they are numbered.

    With ``width``, paragraphs are wrapped at word boundaries (the text itself is unchanged).
    """
    out: list[str] = []
    if reply.title:
        title = f"\033[1m{reply.title}\033[0m" if bold else reply.title
        out.append(f"{title}\n({reply.position})" if reply.position else title)
    for paragraph in reply.paragraphs:
        if width:
            paragraph = "\n".join(textwrap.fill(line, width) for line in paragraph.split("\n"))
        out.append(paragraph)
    if reply.status:
        out.append(f"[{reply.status}]")
    if reply.source_note:  # folded: the full list is behind the Sources button
        out.append(reply.source_note)
    elif reply.sources:
        lines = [f"{texts_sources_label}:"]
        for s in reply.sources:
            date = f" ({s.reviewed or s.published})" if s.date else ""
            lines.append(f"  - {s.publisher}: {s.title}{date} <{s.url}>")
        out.append("\n".join(lines))
    buttons = [b for row in reply.buttons for b in row]
    if buttons:
        out.append("\n".join(f"  [{i}] {b.label}" for i, b in enumerate(buttons, 1)))
    return "\n\n".join(out), buttons


def no_button(line: str, buttons: list[Button]) -> str | None:
    """A number that presses nothing gets a short note, not an answer to "12"."""
    text = line.strip()
    if not text.isdigit() or 1 <= int(text) <= len(buttons):
        return None
    choice = f"choose 1-{len(buttons)}" if buttons else "there are no buttons now"
    return f"(no button {text}: {choice}, or type a question)"


def parse_input(line: str, buttons: list[Button]) -> Incoming:
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return Tap(buttons[int(text) - 1].data)
    if text.startswith("/") and len(text) > 1:
        name, _, arg = text[1:].partition(" ")
        return Command(name.split("@", 1)[0], arg.strip())
    return Text(text)


def chat(
    core: Core, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, language: str = ""
) -> int:
    """``language`` plays the part of Telegram's language_code: commands use it, and
    messages too short to tell their own language."""
    bold = stdout.isatty()
    width = min(shutil.get_terminal_size().columns, 100) - 1 if bold else 0
    hint = "(type a question, a number to press a button, /topics, /help, or /quit)"

    def show(reply: Reply) -> list[Button]:
        label = core.locale(reply.language).texts.sources_label  # the reply's language
        text, buttons = render(reply, label, bold, width)
        stdout.write(f"\n{text}\n\n")
        stdout.flush()
        return buttons

    stdout.write(f"hrbot terminal chat {hint}\n")
    buttons = show(core.handle(Command("start"), language))
    while True:
        line = _read_line(stdin, stdout)
        if line is None or line.strip().lower() in QUIT:
            stdout.write("\n")
            return 0
        if not line.strip():
            continue
        note = no_button(line, buttons)
        if note is not None:
            stdout.write(f"{note}\n")
            continue
        reply = core.handle(parse_input(line, buttons), language)
        count_reply(reply, "terminal", core)
        buttons = show(reply)


def _read_line(stdin: TextIO, stdout: TextIO) -> str | None:
    """A line, or None at end of input or Ctrl-C; a real terminal gets line editing."""
    try:
        if stdin is sys.stdin and stdout is sys.stdout and stdin.isatty():
            return input("> ")
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        return line or None
    except (EOFError, KeyboardInterrupt):
        return None
