"""A real, non-editable ``pip install``: the content ships inside the package.

The wheel is built from a copy of the source tree (so nothing is written into the
checkout) and installed with ``--no-deps --target``; the dependencies come from the
running environment. Takes a few seconds: one wheel build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCE_PARTS = ("bot", "facts", "pyproject.toml", "README.md", "LICENSE")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    source.mkdir()
    skip = shutil.ignore_patterns("__pycache__")
    for part in SOURCE_PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, source / part, ignore=skip)
        elif (ROOT / part).exists():
            shutil.copy(ROOT / part, source / part)
    target = tmp / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    subprocess.run(
        [*pip, "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.rmtree(source)  # the installed copy must not lean on the source tree
    return target


def hrbot(target: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The installed console script, run from a folder with no content in it."""
    elsewhere = target.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HRBOT_"))}
    env["PYTHONPATH"] = str(target)
    return subprocess.run(
        [str(target / "bin" / "hrbot"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=elsewhere,
        env=env,
    )


def test_wheel_carries_the_content_and_texts(installed: Path) -> None:
    shipped = {p.relative_to(ROOT / "facts") for p in (ROOT / "facts").rglob("*.yaml")}
    assert shipped
    for relative in shipped:
        assert (installed / "bot" / "facts" / relative).is_file(), relative
    for shipped_file in (
        "texts/en.yaml",
        "texts/es.yaml",
        "lang/en_words.txt",
        "content/__init__.py",
        "models/minilm-l6/model.int8.onnx",
        "models/minilm-l6/tokenizer.json",
    ):
        assert (installed / "bot" / shipped_file).is_file(), shipped_file


def test_installed_check_uses_the_shipped_content(installed: Path) -> None:
    result = hrbot(installed, "check")
    assert result.returncode == 0, result.stderr
    assert f"{installed / 'bot' / 'facts'}: OK" in result.stdout


def test_installed_chat_answers_from_another_folder(installed: Path) -> None:
    result = hrbot(installed, "chat", stdin="can u od on H\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Can you overdose on heroin?" in result.stdout
