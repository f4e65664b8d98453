"""The command line, as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import DEV_SET, ROOT, run_cli


def test_ask_json_reads_lines_and_writes_one_object_each_flushed() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        cwd=ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write("can u od on H\n")
    proc.stdin.flush()
    first = json.loads(proc.stdout.readline())  # arrives before stdin is closed: flushed
    proc.stdin.write("my friend is not breathing\nwhat is meth\nhi\n")
    proc.stdin.close()
    rest = [json.loads(line) for line in proc.stdout]
    assert proc.wait(timeout=30) == 0
    assert set(first) == {"query", "outcome", "fact", "candidates", "score", "question", "answer"}
    assert first["query"] == "can u od on H"
    assert first["outcome"] == "answer" and first["fact"] == "heroin/overdose"
    assert first["question"] == "Can you overdose on heroin?" and first["answer"]
    assert [r["outcome"] for r in rest] == ["emergency", "fallback", "welcome"]
    assert rest[0]["fact"] is None and rest[0]["answer"] is None


def test_ask_explains_its_decision() -> None:
    result = run_cli("ask", "how lon does herion stay in ur pee")
    assert result.returncode == 0
    assert "outcome: answer heroin/detection-time" in result.stdout
    assert "herion -> heroin" in result.stdout or "lon" in result.stdout
    assert "matched:" in result.stdout


def test_eval_prints_the_counts_and_failures() -> None:
    result = run_cli("eval", str(DEV_SET))
    assert result.returncode == 0, result.stderr
    assert "fact questions: 72" in result.stdout
    assert "emergency recall: 8/8" in result.stdout


def test_chat_runs_a_conversation_in_the_terminal() -> None:
    script = "how long does heroin stay in urine\n1\n1\n/emergency\nwhat is meth\n/quit\n"
    result = run_cli("chat", stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1]" in out and "All topics" in out  # welcome with numbered topic buttons
    assert "How long does heroin stay in the system?" in out
    assert "(3 of 9)" in out and "[Not yet checked by a health worker]" in out
    folded, opened = out.split("Sources:\n", 1)  # button 1 = Sources opens the full list
    assert "Sources: Drug Policy Alliance" in folded and "https://" not in folded
    assert "https://" in opened
    assert "What happens if you mix heroin with other drugs?" in out  # then 1 = Next fact
    assert "1. " in out and "911" in out
    assert "drug I don't have facts on" in out


def test_no_command_and_no_token_starts_the_chat() -> None:
    result = run_cli(stdin="/quit\n")
    assert result.returncode == 0
    assert "terminal chat" in result.stdout


def test_run_without_token_explains_how_to_get_one() -> None:
    result = run_cli("run")
    assert result.returncode == 2
    assert "BotFather" in result.stderr and "hrbot chat" in result.stderr


def test_bad_config_is_refused_with_a_clear_message(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[matcher]\nanswer_treshold = 0.5\n[emergency]\ncountry = "usa"\n')
    result = run_cli("--config", str(cfg), "chat", stdin="")
    assert result.returncode == 2
    assert "answer_treshold: unknown key" in result.stderr
    assert "country" in result.stderr


def test_check_refuses_content_and_chat_refuses_to_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts)
    (facts / "heroin.yaml").write_text("kind: pack\nid: [\n")
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[content]\nfacts_dir = "{facts}"\n')
    result = run_cli("--config", str(cfg), "chat", stdin="hi\n")
    assert result.returncode == 2
    assert "refusing to start" in result.stderr and "heroin.yaml" in result.stderr
