"""Command line: run, chat, ask, eval, check, review, stats. ``hrbot`` alone runs the bot, or the
terminal chat when no token is set, so anyone can try it in one command."""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bot import review_commands
from bot.config import CONFIG_ENV, TOKEN_ENV, Config, ConfigError, find_config, load_config
from bot.content import CheckRules, grouped_warnings, summarise
from bot.core import STARTUP_ERRORS, Core, build_core, rules_for, startup_error_lines
from bot.locales import check_content
from bot.model import Library
from bot.texts import TextsError, load_texts

DESCRIPTION = """An anonymous harm-reduction fact bot.

With no command: runs the Telegram bot when TELEGRAM_BOT_TOKEN is set, and otherwise
the same conversation in this terminal (no token, no network)."""

CONFIG_HELP = (
    f"config file (TOML; start from config.example.toml). Default: ${CONFIG_ENV}, "
    "then ./config.toml, else built-in defaults"
)

NO_TOKEN = f"""No Telegram bot token is set.

To run the bot on Telegram:
  1. Open Telegram, talk to @BotFather, send /newbot and follow the steps.
  2. Put the token it gives you in the environment:  export {TOKEN_ENV}=123456:ABC...
     (or in [telegram] token of your config file; the environment wins).
  3. Copy the documented example config and adjust it:  cp config.example.toml config.toml
  4. Run:  hrbot run        (reads ./config.toml; or --config FILE, or ${CONFIG_ENV})

To try the same conversation in this terminal, with no token and no network:
  hrbot chat
"""


def package_version() -> str:
    try:
        return version("hrbot")
    except PackageNotFoundError:  # running from a source tree that was never installed
        from bot import __version__

        return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hrbot", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"hrbot {package_version()}")
    parser.add_argument("--config", type=Path, metavar="FILE", help=CONFIG_HELP)
    # Each command takes --config too (after the command name); its own dest, so argparse
    # does not reset the top-level value when it is given before the command.
    with_config = argparse.ArgumentParser(add_help=False)
    with_config.add_argument(
        "--config", type=Path, dest="sub_config", metavar="FILE", help=CONFIG_HELP
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=summary, parents=[with_config])

    command("run", "run the Telegram bot")
    chat = command("chat", "the same conversation in this terminal")
    ask = command("ask", "what the bot would do with a question, and why")
    ask.add_argument("question", nargs="?", help="omit with --json to read lines from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    ev = command("eval", "score the matcher on a labelled YAML set (e.g. tests/eval/dev.yaml)")
    ev.add_argument("file", type=Path)
    ev.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    hint = "the user's language, e.g. es: for commands and messages too short to tell"
    chat.add_argument("--lang", default="", metavar="CODE", help=hint)
    ask.add_argument("--lang", default="", metavar="CODE", help=hint)
    ev.add_argument(
        "--lang", default="", metavar="CODE", help="only this language (default: all, detected)"
    )
    check = command("check", "validate the fact packs")
    check.add_argument("facts_dir", nargs="?", type=Path, help="default: [content] facts_dir")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too (for CI)")
    stats = command("stats", "print the counters of a running bot (its /metrics endpoint)")
    stats.add_argument("--url", help="default: from [metrics] listen and port")
    review_commands.add_parser(sub, [with_config])
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``hrbot ask --json ... | head -1``): stop quietly, and
        # point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    config_path, why = find_config(getattr(args, "sub_config", None) or args.config)
    if config_path is None:
        where = f"no --config, ${CONFIG_ENV} or ./config.toml"
        print(f"hrbot: config: built-in defaults ({where})", file=sys.stderr)
    else:
        print(f"hrbot: config: {config_path} ({why})", file=sys.stderr)
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        print(f"hrbot: config error:\n{exc}", file=sys.stderr)
        return 2
    command = args.command
    if command is None:
        command = "run" if config.token() else "chat"
    if command == "check":
        return cmd_check(config, args.facts_dir, getattr(args, "strict", False))
    if command == "review":
        return review_commands.run(args, config.content.facts_dir)
    if command == "stats":
        return cmd_stats(config, args.url)
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

        return run_chat(core, language=getattr(args, "lang", ""))
    if command == "ask":
        return cmd_ask(core, args.question, args.json, args.lang)
    return cmd_eval(core, args.file, args.strict, args.lang)


def _core_or_exit(config: Config) -> Core | None:
    try:
        return build_core(config)
    except STARTUP_ERRORS as exc:
        print("\n".join(startup_error_lines(exc)), file=sys.stderr)
    return None


def cmd_check(config: Config, facts_dir: Path | None, strict: bool = False) -> int:
    """Errors one per line (file, line, item, field); warnings one line per kind. Every
    language folder is checked, then each against the default language."""
    folder = facts_dir or config.content.facts_dir
    rules: CheckRules = rules_for(config)
    libraries, problems = check_content(folder, rules)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for problem in errors:
        print(problem, file=sys.stderr)
    if errors or not libraries:
        print(f"hrbot check: {len(errors)} error(s) in {folder}", file=sys.stderr)
        return 1
    for line in grouped_warnings(warnings, rules):
        print(line)
    for language, library in libraries.items():
        if len(libraries) > 1:
            print(f"[{language}]")
        for line in summarise(library, problems):
            print(line)
    missing = texts_problems(libraries)
    for line in missing:
        print(line, file=sys.stderr)
    if missing:
        return 1
    if strict and warnings:
        print(f"hrbot check: {folder}: {len(warnings)} warning(s) (--strict)")
        return 1
    print(f"hrbot check: {folder}: OK ({', '.join(libraries)})")
    return 0


def texts_problems(libraries: dict[str, Library]) -> list[str]:
    """Every language needs its interface texts, with every key."""
    out = []
    for language in libraries:
        try:
            load_texts(language)
        except TextsError as exc:
            out.append(f"hrbot check: {language}: {exc}")
    return out


def cmd_stats(config: Config, url: str | None) -> int:
    from bot.serving.metrics import read_stats, stats_url

    url = url or stats_url(config.metrics.listen, config.metrics.port)
    try:
        lines = read_stats(url)
    except OSError as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        print(f"hrbot stats: nothing answers at {url} ({reason}).", file=sys.stderr)
        print(
            "Is the bot running with [metrics] enabled = true? (--url to point elsewhere)",
            file=sys.stderr,
        )
        return 1
    print(f"counters at {url} (since the bot started):")
    for line in lines or ["(no counters yet: nothing has happened since the bot started)"]:
        print(line)
    return 0


def decision_json(core: Core, query: str, language: str = "") -> dict[str, object]:
    locale, d = core.decide(query, language)
    fact = locale.library.facts.get(d.fact) if d.fact else None
    return {
        "query": query,
        "language": locale.language,
        "outcome": d.outcome,
        "fact": d.fact,
        "candidates": [c.fact for c in d.candidates],
        "score": d.score,
        "question": fact.question if fact else None,
        "answer": fact.answer if fact else None,
        "concepts": list(d.concepts),
        "card_button": d.offer_card,
    }


def cmd_ask(core: Core, question: str | None, as_json: bool, language: str = "") -> int:
    if as_json:
        queries = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
        for query in queries:
            line = json.dumps(decision_json(core, query, language), ensure_ascii=False)
            print(line, flush=True)
        return 0
    if question is None:
        print("hrbot ask: give a question, or use --json to read lines from stdin", file=sys.stderr)
        return 2
    locale, d = core.decide(question, language)
    norm = locale.triage.normaliser.normalise(question)
    print(f"outcome: {d.outcome}" + (f" {d.fact}" if d.fact else ""))
    if len(core.locales) > 1:
        print(f"language: {locale.language}")
    print(f"reason: {d.reason}" + (f" ({d.detail})" if d.detail else ""))
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


def cmd_eval(core: Core, path: Path, strict: bool, language: str = "") -> int:
    from bot.evaluation import evaluate, load_cases

    try:
        cases = load_cases(path)
    except (OSError, ValueError) as exc:
        print(f"hrbot eval: {exc}", file=sys.stderr)
        return 2
    if language:  # one language's triage, as `hrbot chat --lang` would answer
        result = evaluate(core.locale(language).triage.decide, cases)
    else:  # every language's safety first, then the message's own language
        result = evaluate(lambda q: core.decide(q)[1], cases)
    if result.failures:
        print("failing lines:")
        for failure in result.failures:
            print(f"  {failure}")
    for line in result.lines():
        print(line)
    return 1 if strict and not result.meets_targets() else 0
