"""Command line: run, chat, ask, eval, check, review. ``hrbot`` alone runs the bot, or the
terminal chat when no token is set, so anyone can try it in one command."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot import review_commands
from bot.config import TOKEN_ENV, Config, ConfigError, load_config
from bot.core import STARTUP_ERRORS, Core, build_core, rules_for, startup_error_lines
from bot.packs import CheckRules, check_folder, summarise

NO_TOKEN = f"""No Telegram bot token is set.

To run the bot on Telegram:
  1. Open Telegram, talk to @BotFather, send /newbot and follow the steps.
  2. Put the token it gives you in the environment:  export {TOKEN_ENV}=123456:ABC...
     (or in [telegram] token of your config file; the environment wins).
  3. Run:  hrbot run --config config.toml

To try the same conversation in this terminal, with no token and no network:
  hrbot chat
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hrbot", description=__doc__)
    parser.add_argument("--config", type=Path, help="config file (TOML); see config.example.toml")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the Telegram bot")
    run.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    chat = sub.add_parser("chat", help="the same conversation in this terminal")
    chat.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    ask = sub.add_parser("ask", help="what the bot would do with a question, and why")
    ask.add_argument("question", nargs="?", help="omit with --json to read lines from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    ask.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    ev = sub.add_parser("eval", help="score the matcher on a labelled YAML set")
    ev.add_argument("file", type=Path)
    ev.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    ev.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    check = sub.add_parser("check", help="validate the fact packs")
    check.add_argument("facts_dir", nargs="?", type=Path)
    check.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    review_commands.add_parser(sub)
    args = parser.parse_args(argv)
    config_path = getattr(args, "sub_config", None) or args.config
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        print(f"hrbot: config error:\n{exc}", file=sys.stderr)
        return 2
    command = args.command
    if command is None:
        command = "run" if config.token() else "chat"
    if command == "check":
        return cmd_check(config, args.facts_dir)
    if command == "review":
        return review_commands.run(args, config.content.facts_dir)
    if command == "run":
        if not config.token():
            print(NO_TOKEN, file=sys.stderr)
            return 2
        from bot.telegram.runner import run_bot

        return run_bot(config)
    core = _core_or_exit(config)
    if core is None:
        return 2
    if command == "chat":
        from bot.terminal import chat as run_chat

        return run_chat(core)
    if command == "ask":
        return cmd_ask(core, args.question, args.json)
    return cmd_eval(core, args.file, args.strict)


def _core_or_exit(config: Config) -> Core | None:
    try:
        return build_core(config)
    except STARTUP_ERRORS as exc:
        print("\n".join(startup_error_lines(exc)), file=sys.stderr)
    return None


def cmd_check(config: Config, facts_dir: Path | None) -> int:
    folder = facts_dir or config.content.facts_dir
    rules: CheckRules = rules_for(config)
    report = check_folder(folder, rules)
    for problem in report.problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    if report.errors or report.library is None:
        print(f"hrbot check: {len(report.errors)} error(s) in {folder}", file=sys.stderr)
        return 1
    for line in summarise(report.library, report.problems):
        print(line)
    print(f"hrbot check: {folder}: OK")
    return 0


def decision_json(core: Core, query: str) -> dict[str, object]:
    d = core.triage.decide(query)
    fact = core.library.facts.get(d.fact) if d.fact else None
    return {
        "query": query,
        "outcome": d.outcome,
        "fact": d.fact,
        "candidates": [c.fact for c in d.candidates],
        "score": d.score,
        "question": fact.question if fact else None,
        "answer": fact.answer if fact else None,
    }


def cmd_ask(core: Core, question: str | None, as_json: bool) -> int:
    if as_json:
        queries = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
        for query in queries:
            print(json.dumps(decision_json(core, query), ensure_ascii=False), flush=True)
        return 0
    if question is None:
        print("hrbot ask: give a question, or use --json to read lines from stdin", file=sys.stderr)
        return 2
    d = core.triage.decide(question)
    norm = core.triage.normaliser.normalise(question)
    print(f"outcome: {d.outcome}" + (f" {d.fact}" if d.fact else ""))
    print(f"reason: {d.reason}")
    print(f"understood as: {' '.join(norm.tokens) or '(nothing)'}")
    if norm.corrections:
        print("corrections: " + ", ".join(f"{a} -> {b}" for a, b in norm.corrections))
    if d.other_drugs:
        print(f"other drugs named: {', '.join(d.other_drugs)}")
    for c in d.candidates:
        print(
            f"  {c.score:.3f}  {c.fact}  (words {c.lexical:.2f}, meaning {c.semantic:.2f}; "
            f"matched: {c.phrasing!r})"
        )
    if d.concepts:
        print(f"safety concepts: {', '.join(d.concepts)}")
    if d.offer_card:
        print("the emergency card is offered as the first button")
    return 0


def cmd_eval(core: Core, path: Path, strict: bool) -> int:
    from bot.evaluation import evaluate, load_cases

    try:
        cases = load_cases(path)
    except (OSError, ValueError) as exc:
        print(f"hrbot eval: {exc}", file=sys.stderr)
        return 2
    result = evaluate(core.triage.decide, cases)
    if result.failures:
        print("failing lines:")
        for failure in result.failures:
            print(f"  {failure}")
    for line in result.lines():
        print(line)
    return 1 if strict and not result.meets_targets() else 0
