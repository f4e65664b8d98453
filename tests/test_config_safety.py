"""Unsafe configs (issue 8.8): dangerous ones are refused at load, the rest warned."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from tests.conftest import ROOT, run_cli


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.parametrize(
    ("text", "mode", "complaint"),
    [
        ('[telegram]\ntoken = "1:abcdefgh"\n', 0o644, "readable by every user"),
        ('[telegram]\nwebhook_secret = "x"\n', 0o600, "too short"),
        ('[telegram]\napi_base_url = "http://bot-api.example.org/bot"\n', 0o644, "plain http"),
        ('[telegram]\nwebhook_path = "/healthz"\n', 0o644, "shadow /healthz"),
        ('[telegram]\nwebhook_path = "/"\n', 0o644, "shadow /healthz"),
        ("[telegram]\nconcurrency = 0\n", 0o644, "concurrency"),
    ],
)
def test_dangerous_settings_are_refused(
    tmp_path: Path, text: str, mode: int, complaint: str
) -> None:
    with pytest.raises(ConfigError, match=complaint):
        load_config(write(tmp_path, text, mode))


def test_risky_settings_are_accepted_with_a_warning(tmp_path: Path) -> None:
    text = (
        '[telegram]\ntoken = "1:abcdefgh"\nmode = "webhook"\nwebhook_listen = "0.0.0.0"\n'
        'api_base_url = "http://127.0.0.1:8081/bot"\nsend_rate = 60\npoll_timeout = 0\n'
    )
    config = load_config(write(tmp_path, text, 0o640))
    warnings = "\n".join(config.warnings)
    assert "readable by its group" in warnings
    assert "every interface" in warnings and "TLS reverse proxy" in warnings
    assert "30 messages/s" in warnings
    assert "short polling" in warnings
    assert "plain http" not in warnings  # a local Bot API server over http is fine
    assert load_config(write(tmp_path, '[telegram]\ntoken = "1:abcdefgh"\n')).warnings == ()


def test_hrbot_run_refuses_a_world_readable_token_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "1:abcdefghSECRET"\n', 0o644)
    result = run_cli("run", "--config", str(path))
    assert result.returncode == 2
    assert "chmod 600" in result.stderr and "abcdefghSECRET" not in result.stderr


def test_reliability_settings_are_documented_in_the_example() -> None:
    example = ROOT / "config.example.toml"
    config = load_config(example)
    text = example.read_text(encoding="utf-8")
    keys = (
        "send_rate", "concurrency", "max_backlog", "shutdown_grace_seconds",
        "retry_seconds", "webhook_max_connections", "allow_removal",
    )  # fmt: skip
    for key in keys:
        assert f"\n{key} = " in text, key
    assert config.telegram.concurrency == 16 and config.telegram.send_rate == 30


def test_the_example_config_matches_the_matcher_defaults() -> None:
    """An operator who copies the example gets the tuned matcher, not an older one."""
    from bot.config import MatcherConfig

    assert load_config(ROOT / "config.example.toml").matcher == MatcherConfig()
