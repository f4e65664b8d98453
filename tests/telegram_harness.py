"""Run the real ``hrbot run`` against the fake Bot API, and talk to it like a user.

Why a subprocess: it exercises exactly what an operator runs (CLI, config file, token in
the environment, logging setup, signal handling, exit codes), and lets the tests read
the process's whole log output to check that nothing private ends up in it.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from signal import SIGTERM
from typing import Any

import yaml
from fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
TOKEN = "4242:SECRETtokenVALUEnotInLogs_x9"
BOT_USERNAME = "hr_test_bot"
LIMIT = 4096

RELOAD_SECONDS = 60
"""A reload checks, encodes the changed content with both sentence models and trains the
classifiers again: seconds on a quick machine, more than 10 on a slow, busy one."""

_chat_ids = itertools.count(7_310_001)


@functools.cache
def shipped_vectors_cached() -> None:
    """Encode the shipped content once in this process, into the session's vector cache
    (tests/conftest.py), before the first bot starts: a cold start encodes every content
    sentence with both sentence models, about 30 s on a slow two-core machine, which is
    start-up time, not what these tests measure. Bots on a copy of the content, or on an
    edited one, find their unchanged sentences there too."""
    from bot.config import Config
    from bot.core import build_core

    build_core(Config())


_group_ids = itertools.count(1)


def new_chat() -> int:
    """A fresh private chat id per test: distinctive, so the log checks can look for it."""
    return next(_chat_ids)


def new_group() -> int:
    return -1_009_870_000_000 - next(_group_ids)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def toml_config(api_base_url: str, facts_dir: Path, **sections: dict[str, Any]) -> str:
    """A config file; values are written as JSON literals, which TOML accepts for these."""
    tables: dict[str, dict[str, Any]] = {
        "telegram": {"api_base_url": api_base_url, "poll_timeout": 5},
        "content": {"facts_dir": str(facts_dir)},
        "emergency": {"country": "US"},
    }
    for name, values in sections.items():
        tables.setdefault(name, {}).update(values)
    lines = []
    for name, values in tables.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def copy_facts(target: Path, other_languages: bool = True) -> Path:
    """A copy of the shipped content; without ``facts/es/`` etc. if asked."""
    ignore = None if other_languages else shutil.ignore_patterns("[a-z][a-z]")
    shutil.copytree(FACTS, target, ignore=ignore)
    return target


def lengthen_fact(facts_dir: Path, fact_id: str, size: int = 4000) -> str:
    """Make one answer long (its own paragraphs repeated), so the reply needs two messages."""
    path = facts_dir / "heroin.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == fact_id)
    paragraphs = [p for p in fact["answer"].split("\n\n") if p.strip()]
    text = str(fact["answer"])
    for p in itertools.cycle(paragraphs):
        if len(text) + len(p) + 2 > size:
            break
        text += "\n\n" + p
    fact["answer"] = text
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return text


_RUNNING: set[subprocess.Popen[bytes]] = set()


@atexit.register
def _kill_leftovers() -> None:
    """A test that failed half-way must not leave a bot running after pytest exits."""
    for proc in _RUNNING:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class BotProcess:
    """``python -m bot run --config <file>`` with the token in the environment."""

    def __init__(
        self,
        workdir: Path,
        config_text: str,
        token: str = TOKEN,
        env: dict[str, str] | None = None,
    ) -> None:
        self.workdir = workdir
        self.config_path = workdir / "config.toml"
        self.config_path.write_text(config_text, encoding="utf-8")
        self.log_path = workdir / f"bot-{time.monotonic_ns()}.log"
        self.token = token
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, ready: str = "started", timeout: float = 20) -> BotProcess:
        shipped_vectors_cached()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env.update({"TELEGRAM_BOT_TOKEN": self.token, "PYTHONUNBUFFERED": "1", **self.env})
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--config", str(self.config_path)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _RUNNING.add(self.proc)
        if ready:
            self.wait_log(ready, timeout)
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, text: str, timeout: float = 10, count: int = 1) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if log.count(text) >= count:
                return log
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"bot exited ({self.proc.returncode}) before {text!r}:\n{log}")
            time.sleep(0.02)
        raise AssertionError(f"{text!r} not in the bot's log after {timeout}s:\n{self.log()}")

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def stop(self, timeout: float = 15, sig: int = SIGTERM) -> int:
        """SIGTERM (or ``sig``) and wait; returns the exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.wait_exit(timeout)

    def wait_exit(self, timeout: float = 20) -> int:
        assert self.proc is not None
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"bot did not exit:\n{self.log()}") from None


def sent_since(
    api: FakeBotAPI, chat_id: int, before: int, count: int, timeout: float = 8
) -> list[dict[str, Any]]:
    """Wait for ``count`` new messages in the chat after ``before`` had been sent."""
    return list(
        api.wait_for(
            lambda a: (m := a.sent_messages(chat_id)[before:]) and len(m) >= count and m,
            timeout=timeout,
            what=f"{count} message(s) to chat {chat_id}",
        )
    )


def say(
    api: FakeBotAPI, chat_id: int, text: str, count: int = 1, **kwargs: Any
) -> list[dict[str, Any]]:
    """A user sends ``text``; returns the bot's ``count`` replies."""
    before = len(api.sent_messages(chat_id))
    api.push_text(chat_id, text, **kwargs)
    return sent_since(api, chat_id, before, count)


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data") or b.get("url", "")) for row in rows for b in row]


def wait_quiet(api: FakeBotAPI, seconds: float = 0.4) -> None:
    """Let in-flight updates finish before asserting that nothing was sent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.02)
    _ = api
