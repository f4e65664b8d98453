"""The command line, as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    assert set(first) == {
        *("query", "outcome", "fact", "candidates", "score", "question", "answer"),
        *("concepts", "card_button", "language"),
    }
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


def test_chat_number_without_a_button_is_not_a_question() -> None:
    result = run_cli("chat", stdin="40\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "(no button 40: choose 1-" in result.stdout
    assert "I don't have a fact" not in result.stdout


def test_no_command_and_no_token_starts_the_chat() -> None:
    result = run_cli(stdin="/quit\n")
    assert result.returncode == 0
    assert "terminal chat" in result.stdout


def test_run_without_token_explains_how_to_get_one() -> None:
    result = run_cli("run")
    assert result.returncode == 2
    assert "BotFather" in result.stderr and "hrbot chat" in result.stderr


def test_bad_config_is_refused_with_a_clear_message(tmp_path: Path) -> None:
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


def config_line(result: subprocess.CompletedProcess[str]) -> str:
    return next(line for line in result.stderr.splitlines() if line.startswith("hrbot: config"))


def test_config_is_found_by_flag_then_environment_then_current_folder(tmp_path: Path) -> None:
    here = tmp_path / "config.toml"
    here.write_text('[emergency]\ncountry = "GB"\n')
    env_file = tmp_path / "env.toml"
    env_file.write_text('[emergency]\ncountry = "AU"\n')
    flag_file = tmp_path / "flag.toml"
    flag_file.write_text('[emergency]\ncountry = "CA"\n')
    chat = "/emergency\n/quit\n"
    local = run_cli("chat", stdin=chat, cwd=tmp_path)
    assert f"config: {here} (found in the current folder)" in config_line(local)
    assert "999" in local.stdout  # GB
    by_env = run_cli("chat", stdin=chat, cwd=tmp_path, env={"HRBOT_CONFIG": str(env_file)})
    assert f"config: {env_file} (HRBOT_CONFIG)" in config_line(by_env)
    assert "000" in by_env.stdout  # AU
    by_flag = run_cli(
        "chat", "--config", str(flag_file), stdin=chat, cwd=tmp_path, env={"HRBOT_CONFIG": "x"}
    )
    assert f"config: {flag_file} (--config)" in config_line(by_flag)
    nothing = run_cli("chat", stdin="/quit\n")
    assert "built-in defaults" in config_line(nothing)


def test_missing_config_file_says_to_copy_the_example(tmp_path: Path) -> None:
    result = run_cli("run", "--config", "config.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "cp config.example.toml config.toml" in result.stderr


def test_config_errors_name_the_file_and_suggest_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text('telegram = "x"\n[matcher]\nanswer_treshold = 0.5\n[contnet]\n')
    result = run_cli("--config", str(cfg), "check")
    assert result.returncode == 2
    assert f"{cfg}: telegram: must be a [telegram] section (a table), not a string" in result.stderr
    assert "answer_treshold: unknown key (did you mean answer_threshold?)" in result.stderr
    assert "[contnet]: unknown section (did you mean content?)" in result.stderr
    country = tmp_path / "fr.toml"
    country.write_text('[emergency]\ncountry = "FR"\n')
    result = run_cli("--config", str(country), "chat", stdin="")
    assert result.returncode == 2
    assert f"{country}: [emergency] country 'FR' is not in the support card" in result.stderr


def test_ask_json_into_head_stops_quietly(tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("can u od on H\n" * 3000)
    env = {k: v for k, v in os.environ.items() if k not in {"TELEGRAM_BOT_TOKEN", "HRBOT_CONFIG"}}
    result = subprocess.run(
        f"{sys.executable} -m bot ask --json < {questions} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert json.loads(result.stdout)["fact"] == "heroin/overdose"
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_version_and_plain_help() -> None:
    assert run_cli("--version").stdout.strip() == "hrbot 0.1.0"
    top = run_cli("--help").stdout
    assert "``" not in top and "stats" in top
    assert "--config FILE" in run_cli("run", "--help").stdout


def test_check_groups_warnings_and_strict_fails_on_them(tmp_path: Path) -> None:
    result = run_cli("check", "--strict")
    warned = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    assert result.returncode == 1 and "--strict" in result.stdout
    assert len(warned) == 1 and "dated more than 730 days ago" in warned[0], warned
    assert f"warning: {result.stdout.count('(20')} " in warned[0]  # the count is the items'
    lenient = tmp_path / "lenient.toml"
    lenient.write_text("[content]\nmax_age_days = 100000\n")
    result = run_cli("--config", str(lenient), "check", "--strict")
    assert result.returncode == 0, result.stdout
    assert "warning:" not in result.stdout and "OK" in result.stdout


def test_readme_try_it_lines_work_as_written() -> None:
    """Each command of the README's "Try it" block, pasted into a shell at the repo root."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Try it", 1)[1].split("\n\n", 2)[1]
    lines = [line.strip().split("  #", 1)[0].strip() for line in block.splitlines()]
    assert len(lines) >= 6 and all(".venv/bin/hrbot" in line for line in lines), lines
    env = {k: v for k, v in os.environ.items() if k not in {"TELEGRAM_BOT_TOKEN", "HRBOT_CONFIG"}}
    for line in lines:
        command = line.replace(".venv/bin/hrbot", f"{sys.executable} -m bot")
        result = subprocess.run(
            command, shell=True, input="/quit\n", capture_output=True, text=True, cwd=ROOT,
            env=env, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, (line, result.stderr)
        assert result.stdout.strip(), line
