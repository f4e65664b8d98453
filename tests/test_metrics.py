"""Anonymous counters: what they count, that they carry no identity or text, and how an
operator reads them (the /metrics endpoint and ``hrbot stats``)."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_bot_api import FakeBotAPI
from prometheus_client.parser import text_string_to_metric_families
from telegram.error import BadRequest, Forbidden, TimedOut
from telegram_harness import (
    BOT_USERNAME,
    FACTS,
    TOKEN,
    BotProcess,
    free_port,
    new_chat,
    say,
    toml_config,
)

from bot.core import Core
from bot.serving import metrics
from tests.conftest import run_cli

MARKER = "zorblax quimby"  # words nobody else uses: must never show up in the counters


def value(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def server() -> Iterator[metrics.MetricsServer]:
    running = metrics.MetricsServer("127.0.0.1", 0)
    yield running
    running.stop()


def test_replies_are_counted_by_outcome_fact_reason_and_drug(core: Core) -> None:
    answer = ("answer", "heroin/detection-time", "en", "terminal")
    keys = ("outcome", "fact", "language", "frontend")
    before = value("hrbot_replies_total", **dict(zip(keys, answer, strict=True)))
    meth = value("hrbot_other_drug_questions_total", substance="methamphetamine")
    urgent = value("hrbot_urgent_cards_total", card="emergency", frontend="terminal")
    other = value(
        "hrbot_unanswered_total", outcome="fallback", reason="other drug", frontend="terminal"
    )
    for text in ("how long does heroin stay in urine", "how long does meth stay in your system"):
        metrics.count_reply(core.conversation.on_text(text), "terminal", core)
    metrics.count_reply(core.conversation.on_text("my friend is not breathing"), "terminal", core)
    assert value("hrbot_replies_total", **dict(zip(keys, answer, strict=True))) == before + 1
    assert value("hrbot_other_drug_questions_total", substance="methamphetamine") == meth + 1
    assert value("hrbot_urgent_cards_total", card="emergency", frontend="terminal") == urgent + 1
    assert (
        value(
            "hrbot_unanswered_total", outcome="fallback", reason="other drug", frontend="terminal"
        )
        == other + 1
    )


def test_did_you_mean_counts_the_offered_facts(core: Core) -> None:
    reply = core.conversation.on_text("heroin tests or treatment")
    assert reply.kind == "suggest" and reply.decision is not None, reply.kind
    offered = [c.fact for c in reply.decision.candidates]
    before = [value("hrbot_suggested_facts_total", fact=f) for f in offered]
    metrics.count_reply(reply, "telegram", core)
    assert [value("hrbot_suggested_facts_total", fact=f) for f in offered] == [
        b + 1 for b in before
    ]


def test_counters_hold_no_text_and_only_known_label_values(core: Core) -> None:
    texts = [
        f"{MARKER}",
        f"is {MARKER} safe with heroin",
        f"how long does {MARKER} stay in urine",
        f"can you mix heroin and {MARKER}",
        f"my friend took {MARKER} and is not breathing",
        "how long does meth stay in your system",
    ]
    for text in texts:
        metrics.count_reply(core.conversation.on_text(text), "telegram", core)
        metrics.count_inline(core.triage.decide(text).outcome, core)
    metrics.count_error(BadRequest(f"Can't parse {MARKER}"))
    exposed = metrics.exposition().decode("utf-8")
    assert "zorblax" not in exposed and "quimby" not in exposed
    allowed = (
        set(metrics.REPLY_KINDS)
        | set(metrics.UNANSWERED_REASONS)
        | set(core.library.facts)
        | set(core.library.lexicon.substances)
        | set(core.library.lexicon.terms)
        | set(core.locales)
        | {"telegram", "terminal", "inline", "other", "mixed", ""}
        | {"emergency", "crisis", "suggest", "fallback"}
        | {kind for _, kind in metrics.ERROR_KINDS}
        | {"internal", "not_modified"}
        | {"flood_notice", "flood_silent", "not_addressed", "webhook_forbidden"}
        | {"webhook_bad_request"}
    )
    seen = {
        v for family in text_string_to_metric_families(exposed)
        for sample in family.samples for v in sample.labels.values()
    }  # fmt: skip
    assert seen and seen <= allowed, seen - allowed


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), "blocked"),
        (BadRequest("Message is not modified: specified new message content ..."), "not_modified"),
        (BadRequest("Chat not found"), "refused"),
        (TimedOut(), "timeout"),
        (ValueError("a bug"), "internal"),
        (None, "internal"),
    ],
)
def test_errors_are_counted_by_kind(error: BaseException | None, kind: str) -> None:
    before = value("hrbot_errors_total", kind=kind)
    metrics.count_error(error)
    assert value("hrbot_errors_total", kind=kind) == before + 1


def test_endpoint_serves_prometheus_text_and_nothing_else(server: metrics.MetricsServer) -> None:
    metrics.count_drop("flood_silent")
    base = f"http://127.0.0.1:{server.port}"
    with urllib.request.urlopen(base + "/metrics", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        body = response.read().decode()
    assert "# TYPE hrbot_dropped_total counter" in body
    assert 'hrbot_dropped_total{kind="flood_silent"}' in body
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/", timeout=5)
    assert refused.value.code == 404


def test_stats_without_a_running_bot_says_what_to_check() -> None:
    result = run_cli("stats", "--url", f"http://127.0.0.1:{free_port()}/metrics")
    assert result.returncode == 1
    assert "[metrics] enabled = true" in result.stderr


def test_running_bot_counts_and_stats_prints_them(tmp_path: Path) -> None:
    port = free_port()
    with FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        config = toml_config(api.base_url, FACTS, metrics={"enabled": True, "port": port})
        bot = BotProcess(tmp_path, config).start()
        chat = new_chat()
        say(api, chat, "how long does heroin stay in urine")
        say(api, chat, f"what about {MARKER}")
        say(api, chat, "my friend is not breathing")
        api.push_inline("cuanto tiempo dura la heroina en la orina")
        api.wait_for(lambda a: a.calls("answerInlineQuery"))
        result = run_cli("stats", "--config", str(bot.config_path))
        assert bot.stop() == 0, bot.log()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    answer = 'fact="heroin/detection-time",frontend="telegram",language="en",outcome="answer"'
    assert f"hrbot_replies_total{{{answer}}} 1" in out, out
    assert 'hrbot_urgent_cards_total{card="emergency",frontend="telegram"} 1' in out, out
    assert 'frontend="inline",language="es"' in out, out  # an inline query, in its language
    assert "hrbot_unanswered_total{" in out
    assert "zorblax" not in out and str(chat) not in out
    assert f"metrics at http://127.0.0.1:{port}/metrics" in bot.log()


def test_metrics_port_in_use_refuses_to_start(tmp_path: Path) -> None:
    with socket.socket() as taken, FakeBotAPI(token=TOKEN, username=BOT_USERNAME) as api:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = toml_config(api.base_url, FACTS, metrics={"enabled": True, "port": port})
        bot = BotProcess(tmp_path, config).start(ready="")
        assert bot.wait_exit() == 2
    assert f"cannot listen on 127.0.0.1:{port} for [metrics]" in bot.log()
    assert "Traceback" not in bot.log()


def test_unanswered_questions_are_counted_by_the_topics_they_named(core: Core) -> None:
    decision = core.triage.decide("heroin law or rehab")
    assert decision.outcome in {"suggest", "fallback"} and decision.topics
    reply = core.conversation.for_decision(decision)
    metrics.count_reply(reply, "terminal", core)
    text = metrics.exposition().decode()
    for topic in decision.topics:
        assert f'hrbot_unanswered_topics_total{{topic="{topic}"}}' in text
