"""Starting, stopping and reloading the real ``hrbot run`` process."""

from __future__ import annotations

import signal
from pathlib import Path

from fake_bot_api import FakeBotAPI
from telegram_harness import (
    BOT_USERNAME,
    FACTS,
    RELOAD_SECONDS,
    TOKEN,
    BotProcess,
    copy_facts,
    new_chat,
    say,
    toml_config,
    wait_quiet,
)

QUESTION = "how long does heroin stay in urine"


def test_sigterm_exits_cleanly_and_confirms_processed_updates(tmp_path: Path) -> None:
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        config = toml_config(api.base_url, FACTS)
        bot = BotProcess(tmp_path, config).start()
        chat = new_chat()
        pushed = [api.push_text(chat, text) for text in ("/start", QUESTION, "/help")]
        api.wait_for(lambda a: len(a.sent_messages(chat)) == 3, what="three replies")
        assert bot.stop() == 0, bot.log()
        last = max(u["update_id"] for u in pushed)
        final = api.calls("getUpdates")[-1]
        assert final["offset"] == last + 1  # "these are done, don't send them again"
        assert final["timeout"] == 0
        assert api.pending_updates() == 0
        assert "stopped" in bot.log()

        # A restart does not see (and answer) the same updates again; Ctrl-C stops it too.
        again = BotProcess(tmp_path, config).start()
        wait_quiet(api, 0.5)
        assert again.stop(sig=signal.SIGINT) == 0, again.log()
        assert len(api.sent_messages(chat)) == 3
        assert api.server_errors == []


def test_sighup_reload_keeps_old_content_when_new_is_broken(tmp_path: Path) -> None:
    facts = copy_facts(tmp_path / "facts")
    pack = facts / "heroin.yaml"
    original = pack.read_text(encoding="utf-8")
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        bot = BotProcess(tmp_path, toml_config(api.base_url, facts)).start()
        chat = new_chat()
        [before] = say(api, chat, QUESTION)

        pack.write_text(original.replace("kind: pack", "kind: pack\nkind: pack"), "utf-8")
        bot.signal(signal.SIGHUP)
        log = bot.wait_log("reload failed", RELOAD_SECONDS)
        assert "heroin.yaml" in log  # the problems are named
        [during] = say(api, chat, QUESTION)
        assert during["text"] == before["text"]  # still the old content

        question = "How long does heroin stay in the system?"
        changed = original.replace(question, "How long can heroin be detected?")
        assert changed != original
        pack.write_text(changed, "utf-8")
        bot.signal(signal.SIGHUP)
        bot.wait_log("reload ok", RELOAD_SECONDS)
        [after] = say(api, chat, QUESTION)
        assert after["text"].startswith("How long can heroin be detected?")
        assert bot.stop() == 0


def test_rejected_token_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    wrong = "4242:WRONGtokenWRONGtoken"
    with FakeBotAPI(token=TOKEN) as api:
        bot = BotProcess(tmp_path, toml_config(api.base_url, FACTS), token=wrong)
        bot.start(ready="")
        assert bot.wait_exit() == 2
    log = bot.log()
    assert "Telegram rejected the token" in log
    assert wrong not in log and "WRONGtokenWRONGtoken" not in log
    assert "Traceback" not in log


def test_broken_content_refuses_to_start(tmp_path: Path) -> None:
    facts = copy_facts(tmp_path / "facts")
    (facts / "heroin.yaml").write_text("kind: pack\nid: [", encoding="utf-8")
    with FakeBotAPI(token=TOKEN) as api:
        bot = BotProcess(tmp_path, toml_config(api.base_url, facts)).start(ready="")
        assert bot.wait_exit() == 2
        assert api.requests == []  # never even connected
    assert "refusing to start" in bot.log()
