"""Shared fixtures: the real content folder and a built core, made once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Config
from bot.core import Core, build_core

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
DEV_SET = ROOT / "tests" / "eval" / "dev.yaml"


@pytest.fixture(scope="session")
def core() -> Core:
    return build_core(Config())


def run_cli(
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot`` as a real subprocess, as a user would."""
    drop = {"TELEGRAM_BOT_TOKEN", "HRBOT_CONFIG"}
    full_env = {k: v for k, v in os.environ.items() if k not in drop}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=full_env,
    )
