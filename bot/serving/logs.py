"""Logging for the bot process: useful to the operator, useless to anyone hunting users.

Our own lines name only what kind of reply went out and which fact ("reply kind=answer
fact=heroin/overdose"), never a user id, chat id, name or message text; with
``[privacy] log_questions = true`` they add the question text, still without any id.
Library loggers are kept quiet: httpx logs every request URL, and the URL carries the
bot token. Records from any other logger (python-telegram-bot, tornado, asyncio, ...) may
carry user data in their arguments or exception text (PTB logs a batch it cannot parse
as raw JSON at CRITICAL), so below DEBUG they are cut to the library's own format string
(first line, no arguments) and the exception's type and place. As a last line of
defence a filter on the root handler redacts the token and the webhook secret from
every record: message, arguments and exception text.

At DEBUG level library records are kept whole: python-telegram-bot then logs request
parameters (chat ids, texts). DEBUG is for troubleshooting on a developer machine, not
for production.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from telegram.error import InvalidToken

from bot.reply import Reply

LOG = logging.getLogger("bot.telegram")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[REDACTED]"
QUIET_LIBRARIES = ("httpx", "httpcore", "tornado.access", "tornado.general")
OWN_LOGGERS = ("bot", "__main__")  # our lines carry no user data by construction
MAX_LIBRARY_CHARS = 160


class LibraryPrivacy(logging.Filter):
    """Cut a library record to what cannot hold user data: its format string and error type.

    Records at DEBUG pass whole (troubleshooting only). Our own loggers pass unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG or _own(record.name):
            return True
        template = str(record.msg).split("\n", 1)[0][:MAX_LIBRARY_CHARS]
        if record.name == "py.warnings" and record.args:
            # "file:line: Category: text": written by library authors, not users
            template = str(record.args[0]).split("\n", 1)[0][-MAX_LIBRARY_CHARS:]  # type: ignore[index]
        elif record.args:
            template = template.replace("%r", "...").replace("%s", "...")
        error = ""
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            error = f" error={type(exc).__name__} at {where(exc)}"
        record.msg, record.args = f"{template}{error}", None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def _own(name: str) -> bool:
    return any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


def where(exc: BaseException | None) -> str:
    """File and line where it broke: enough to find the bug, no data from the update."""
    frames = traceback.extract_tb(exc.__traceback__) if exc is not None else []
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


class RedactSecrets(logging.Filter):
    """Replace every secret by [REDACTED] in a record before any handler formats it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        variants: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            variants |= {secret, quote(secret, safe=""), quote(secret)}
            _, _, tail = secret.partition(":")  # a token's secret half, on its own
            if len(tail) >= 8:
                variants.add(tail)
        self._secrets = sorted(variants, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            if isinstance(record.exc_info[1], InvalidToken):
                # Its text quotes the token; the runner prints a clear message instead.
                record.exc_info, record.exc_text = None, None
            else:
                text = logging.Formatter().formatException(record.exc_info)
                record.exc_text = self.redact(text)
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(level: str, secrets: Iterable[str], stream: TextIO | None = None) -> None:
    """One stderr handler on the root logger, with the redacting filter on it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(LibraryPrivacy())
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    debug = level.upper() == "DEBUG"
    logging.getLogger("telegram").setLevel(logging.DEBUG if debug else logging.WARNING)


def question_field(question: str | None) -> str:
    """`` question="..."`` for a log line (only with [privacy] log_questions), else empty."""
    return f" question={json.dumps(question, ensure_ascii=False)}" if question is not None else ""


def log_reply(via: str, reply: Reply, question: str | None = None) -> None:
    """The one INFO line per answered update: outcome and fact id, nothing about the user."""
    extra = question_field(question)
    LOG.info("reply kind=%s fact=%s via=%s%s", reply.kind, reply.fact or "-", via, extra)
