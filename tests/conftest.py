"""Shared fixtures: the real content folder and a built core, made once per session."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bot.config import Config
from bot.core import Core, build_core
from bot.vector_cache import CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
DEV_SET = ROOT / "tests" / "eval" / "dev.yaml"

if CACHE_ENV not in os.environ:
    # One content-vector cache for the session and every bot it starts, then gone: the
    # tests neither read an old one nor leave one in the home folder.
    _CACHE = tempfile.mkdtemp(prefix="hrbot-vectors-")
    os.environ[CACHE_ENV] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


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
