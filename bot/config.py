"""Operator settings from a TOML file, checked as strictly as the content is."""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from importlib.resources import files
from pathlib import Path
from typing import Any


def shipped_facts() -> Path:
    """The default content: bot/facts inside an installed wheel, or, in a source checkout
    or an editable install, the repository's facts/ (mapped into wheels by pyproject)."""
    installed = files("bot") / "facts"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "facts"


SHIPPED_FACTS = shipped_facts()
DEFAULT_API_BASE = "https://api.telegram.org/bot"
TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
CONFIG_ENV = "HRBOT_CONFIG"
LOCAL_CONFIG = Path("config.toml")


class ConfigError(Exception):
    """Raised with one line per problem; the bot refuses to start on it."""


@dataclass(frozen=True)
class TelegramConfig:
    token: str = ""
    api_base_url: str = DEFAULT_API_BASE
    mode: str = "polling"
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str = "/telegram"
    webhook_url: str = ""
    webhook_secret: str = ""
    flood_limit: int = 20
    flood_window_seconds: int = 60
    poll_timeout: int = 30
    send_rate: float = 30.0  # messages per second this process sends (Telegram: ~30/bot)
    concurrency: int = 16  # updates answered at the same time (urgent ones come on top)
    max_backlog: int = 2000  # updates fetched but not yet answered, at most
    shutdown_grace_seconds: int = 8  # SIGTERM: time to answer what was fetched
    retry_seconds: int = 60  # how long a reply is retried after 5xx/429/network errors
    webhook_max_connections: int = 100  # open connections to the webhook server, at most


@dataclass(frozen=True)
class ContentConfig:
    facts_dir: Path = SHIPPED_FACTS
    answer_budget: int = 900
    max_age_days: int = 730
    require_review: bool = False
    allow_removal: bool = False  # let a reload drop facts, cards or languages


@dataclass(frozen=True)
class MatcherConfig:
    answer_threshold: float = 0.40
    suggest_threshold: float = 0.25
    margin: float = 0.10
    clear_threshold: float = 0.34
    clear_margin: float = 0.15
    max_input_chars: int = 400
    semantic_weight: float = 0.5  # share of the sentence model in the score; 0 = words only
    meaning_mix: float = 0.3  # share of the fact classifier in the sentence model's score
    sure: float = 0.95  # classifier probability that answers despite a close second


@dataclass(frozen=True)
class ExtraLine:
    name: str
    number: str
    note: str = ""


@dataclass(frozen=True)
class EmergencyConfig:
    country: str = ""
    number: str = ""
    lines: tuple[ExtraLine, ...] = ()


@dataclass(frozen=True)
class PrivacyConfig:
    log_questions: bool = False


@dataclass(frozen=True)
class MetricsConfig:
    enabled: bool = False
    listen: str = "127.0.0.1"
    port: int = 9464


@dataclass(frozen=True)
class Config:
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    content: ContentConfig = field(default_factory=ContentConfig)
    matcher: MatcherConfig = field(default_factory=MatcherConfig)
    emergency: EmergencyConfig = field(default_factory=EmergencyConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    log_level: str = "INFO"
    source: Path | None = None  # the file it was read from; None: built-in defaults
    warnings: tuple[str, ...] = ()  # unsafe but allowed settings, logged at startup

    def token(self) -> str:
        """The environment wins so a token never has to sit in a file."""
        return os.environ.get(TOKEN_ENV, "").strip() or self.telegram.token.strip()

    def webhook_secret(self) -> str:
        return os.environ.get(SECRET_ENV, "").strip() or self.telegram.webhook_secret.strip()


_SECTIONS: dict[str, type] = {
    "telegram": TelegramConfig,
    "content": ContentConfig,
    "matcher": MatcherConfig,
    "emergency": EmergencyConfig,
    "privacy": PrivacyConfig,
    "metrics": MetricsConfig,
}


def find_config(explicit: Path | None) -> tuple[Path | None, str]:
    """Which config file to read, and why: --config, then $HRBOT_CONFIG, then ./config.toml."""
    if explicit is not None:
        return explicit, "--config"
    if os.environ.get(CONFIG_ENV, "").strip():
        return Path(os.environ[CONFIG_ENV].strip()).expanduser(), CONFIG_ENV
    if LOCAL_CONFIG.is_file():
        return LOCAL_CONFIG.resolve(), "found in the current folder"
    return None, ""


def load_config(path: Path | None) -> Config:
    """Read and check a config file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{path}: no such config file. Start from the documented example:\n"
            f"  cp config.example.toml {path}"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from exc
    config = parse_config(raw, path)
    errors, warnings = file_safety(config, path)
    if errors:
        raise ConfigError("\n".join(errors))
    return replace(config, warnings=(*config.warnings, *warnings))


def file_safety(config: Config, path: Path) -> tuple[list[str], list[str]]:
    """A token in a file others can read is refused; readable by the group, warned."""
    if not config.telegram.token.strip() and not config.telegram.webhook_secret.strip():
        return [], []
    try:
        mode = path.stat().st_mode
    except OSError:
        return [], []
    fix = f"chmod 600 {path} (or use TELEGRAM_BOT_TOKEN / TELEGRAM_WEBHOOK_SECRET)"
    if mode & stat.S_IROTH:
        return [f"{path}: holds a token or secret and is readable by every user: {fix}"], []
    if mode & stat.S_IRGRP:
        return [], [f"{path}: holds a token or secret and is readable by its group: {fix}"]
    return [], []


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    problems: list[str] = []
    sections: dict[str, Any] = {}
    log_level = "INFO"
    for name, value in raw.items():
        cls = _SECTIONS.get(name)
        if cls is None and name != "logging":
            hint = _did_you_mean(name, [*_SECTIONS, "logging"])
            problems.append(f"{path}: [{name}]: unknown section{hint}")
            continue
        if not isinstance(value, dict):
            problems.append(
                f"{path}: {name}: must be a [{name}] section (a table), not {_toml_type(value)}"
            )
            continue
        if cls is None:  # [logging]
            level = value.get("level", "INFO")
            for key in sorted(set(value) - {"level"}):
                problems.append(
                    f"{path}: [logging] {key}: unknown key{_did_you_mean(key, ['level'])}"
                )
            if str(level).upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
                problems.append(f"{path}: [logging] level: must be DEBUG/INFO/WARNING/ERROR")
            log_level = str(level).upper()
            continue
        sections[name] = _section(cls, name, value, path, problems)
    config = Config(**sections, log_level=log_level, source=path)
    problems += _check(config, path)
    unsafe, warnings = _unsafe(config, path)
    problems += unsafe
    if problems:
        raise ConfigError("\n".join(problems))
    return replace(config, warnings=tuple(warnings))


def _section(cls: type, name: str, value: dict[str, Any], path: Path, problems: list[str]) -> Any:
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, item in value.items():
        spec = known.get(key)
        if spec is None:
            problems.append(f"{path}: [{name}] {key}: unknown key{_did_you_mean(key, known)}")
            continue
        default = getattr(cls(), key)
        if key == "facts_dir":
            if not isinstance(item, str) or not item:
                problems.append(f"{path}: [{name}] {key}: must be a path")
                continue
            item_path = Path(item).expanduser()
            kwargs[key] = item_path if item_path.is_absolute() else path.parent / item_path
        elif key == "lines":
            kwargs[key] = _lines(item, path, problems)
        elif isinstance(default, bool):
            if not isinstance(item, bool):
                problems.append(f"{path}: [{name}] {key}: must be true or false")
                continue
            kwargs[key] = item
        elif isinstance(default, float):
            if not isinstance(item, int | float) or isinstance(item, bool):
                problems.append(f"{path}: [{name}] {key}: must be a number")
                continue
            kwargs[key] = float(item)
        elif isinstance(default, int):
            if not isinstance(item, int) or isinstance(item, bool) or item < 0:
                problems.append(f"{path}: [{name}] {key}: must be a whole number >= 0")
                continue
            kwargs[key] = item
        else:
            if not isinstance(item, str):
                problems.append(f"{path}: [{name}] {key}: must be a string")
                continue
            kwargs[key] = item
    return cls(**kwargs)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _toml_type(value: Any) -> str:
    kinds = [(bool, "true/false"), (int, "a number"), (float, "a number"), (str, "a string")]
    kinds += [(list, "a list")]
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


def _lines(value: Any, path: Path, problems: list[str]) -> tuple[ExtraLine, ...]:
    out: list[ExtraLine] = []
    if not isinstance(value, list):
        problems.append(f"{path}: [emergency] lines: must be a list of [[emergency.lines]]")
        return ()
    for index, item in enumerate(value, 1):
        ok = isinstance(item, dict) and set(item) <= {"name", "number", "note"}
        if not ok or not all(isinstance(item.get(k, ""), str) for k in ("name", "number", "note")):
            problems.append(f"{path}: [[emergency.lines]] #{index}: needs name, number (, note)")
            continue
        if not item.get("name") or not item.get("number"):
            problems.append(f"{path}: [[emergency.lines]] #{index}: name and number are required")
            continue
        out.append(ExtraLine(item["name"], item["number"], item.get("note", "")))
    return tuple(out)


def _check(config: Config, path: Path) -> list[str]:
    problems: list[str] = []
    tg = config.telegram
    if tg.mode not in {"polling", "webhook"}:
        problems.append(f'{path}: [telegram] mode: must be "polling" or "webhook"')
    if not re.match(r"^https?://[^\s/]+", tg.api_base_url):
        problems.append(f"{path}: [telegram] api_base_url: must be an http(s) URL")
    if not tg.webhook_path.startswith("/"):
        problems.append(f"{path}: [telegram] webhook_path: must start with /")
    if tg.webhook_url and not tg.webhook_url.startswith("https://"):
        problems.append(f"{path}: [telegram] webhook_url: Telegram requires https://")
    if tg.webhook_port > 65535:
        problems.append(f"{path}: [telegram] webhook_port: must be a port number")
    if config.metrics.port > 65535:
        problems.append(f"{path}: [metrics] port: must be a port number")
    m = config.matcher
    if not 0 < m.suggest_threshold <= m.answer_threshold <= 1:
        problems.append(f"{path}: [matcher]: need 0 < suggest_threshold <= answer_threshold <= 1")
    if not 0 < m.clear_threshold <= 1 or not 0 <= m.clear_margin < 1:
        problems.append(f"{path}: [matcher] clear_threshold/clear_margin: must be in 0-1")
    if not 0 <= m.meaning_mix <= 1:
        problems.append(f"{path}: [matcher] meaning_mix: must be between 0 and 1")
    if not 0 < m.sure <= 1:
        problems.append(f"{path}: [matcher] sure: must be above 0 and at most 1")
    if not 0 <= m.margin < 1:
        problems.append(f"{path}: [matcher] margin: must be between 0 and 1")
    if m.max_input_chars < 20:
        problems.append(f"{path}: [matcher] max_input_chars: must be at least 20")
    code = config.emergency.country
    if code and not re.fullmatch(r"[A-Z]{2}", code):
        problems.append(f'{path}: [emergency] country: a two-letter code such as "US"')
    number = config.emergency.number
    if number and not re.fullmatch(r"[0-9+][0-9 -]{1,19}", number):
        problems.append(f"{path}: [emergency] number: digits only, e.g. 911")
    return problems


HEALTH_PATH = "/healthz"  # the webhook server's health check (bot/telegram/webhook.py)
MIN_SECRET_CHARS = 16  # a webhook secret shorter than this is refused
MAX_SEND_RATE = 30.0  # Telegram's limit per bot, shared by every process of the bot
LOOPBACK_NAMES = frozenset({"localhost"})


def _unsafe(config: Config, path: Path) -> tuple[list[str], list[str]]:
    """Settings that work but expose the bot: refuse the dangerous, warn on the rest."""
    errors: list[str] = []
    warnings: list[str] = []
    tg = config.telegram
    where = f"{path}: [telegram]"
    secret = tg.webhook_secret.strip()
    if secret and len(secret) < MIN_SECRET_CHARS:
        errors.append(
            f"{where} webhook_secret: too short to resist guessing (use {MIN_SECRET_CHARS}+ chars)"
        )
    host = _host(tg.api_base_url)
    if tg.api_base_url.startswith("http://") and host and not _loopback(host):
        errors.append(
            f"{where} api_base_url: plain http to {host} would send the token unencrypted; "
            "use https:// (plain http only to a Bot API server on this machine)"
        )
    path_ = tg.webhook_path.rstrip("/") or "/"
    if path_ in {"/", HEALTH_PATH} or path_.startswith(HEALTH_PATH + "/"):
        errors.append(f"{where} webhook_path: {tg.webhook_path!r} would shadow {HEALTH_PATH}")
    if tg.poll_timeout == 0:
        warnings.append(
            f"{where} poll_timeout: 0 turns long polling into short polling (a request "
            "every half second while idle); use 10-50"
        )
    elif tg.poll_timeout > 50:
        warnings.append(f"{where} poll_timeout: {tg.poll_timeout} s is longer than most proxies")
    if tg.mode == "webhook" and tg.webhook_listen in {"0.0.0.0", "::", ""}:
        warnings.append(
            f"{where} webhook_listen = {tg.webhook_listen!r} serves plain HTTP on every "
            "interface: keep a TLS reverse proxy in front and a firewall on the port, or "
            'listen on "127.0.0.1"'
        )
    if tg.concurrency < 1:
        errors.append(f"{where} concurrency: must be at least 1")
    if tg.max_backlog < tg.concurrency:
        errors.append(f"{where} max_backlog: must be at least concurrency")
    if tg.webhook_max_connections < 1:
        errors.append(f"{where} webhook_max_connections: must be at least 1")
    if tg.send_rate < 0:
        errors.append(f"{where} send_rate: must be >= 0 (0 = not paced)")
    elif tg.send_rate == 0 or tg.send_rate > MAX_SEND_RATE:
        warnings.append(
            f"{where} send_rate: {tg.send_rate:g}/s; Telegram allows about 30 messages/s per "
            "bot across all its processes, faster sending earns 429s"
        )
    return errors, warnings


def _host(url: str) -> str:
    m = re.match(r"^https?://(\[[^\]]+\]|[^/:\s]+)", url)
    return m.group(1).strip("[]") if m else ""


def _loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
