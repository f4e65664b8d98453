"""Anonymous counters for operators: what people ask that the bot cannot answer, and
how the service is doing, counted without keeping anyone's words.

Every label value comes from a fixed set in this module (reply kinds, matcher reasons,
front ends, error kinds) or from the content being served (fact ids, the lexicon's
substance ids, pack languages); anything else is counted as "other". No user id, chat
id, name or message text ever reaches a label, so nothing here can identify a person or
carry what they wrote. Counters live in this process's memory and start at zero on
every start.

Front ends call one function per event (``count_reply``, ``count_inline``,
``count_error``, ``count_drop``, ``count_flood``). ``MetricsServer`` serves them in the
Prometheus text format at ``/metrics`` when ``[metrics] enabled = true``; ``read_stats``
is what ``hrbot stats`` prints.
"""

from __future__ import annotations

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Final, Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.parser import text_string_to_metric_families

from bot.core import Core
from bot.decision import URGENT_OUTCOMES
from bot.reply import Reply

Frontend = Literal["telegram", "terminal", "inline"]
ErrorKind = Literal[
    "blocked",
    "not_modified",
    "refused",
    "rate_limited",
    "timeout",
    "network",
    "telegram",
    "internal",
]
DropKind = Literal[
    "flood_notice", "flood_silent", "not_addressed", "webhook_forbidden", "webhook_bad_request"
]
OTHER: Final = "other"
PATH: Final = "/metrics"

REPLY_KINDS: Final = frozenset(
    {"answer", "suggest", "fallback", "emergency", "crisis", "welcome", "help", "topics"}
    | {"privacy", "support", "unsupported", "stale"}
)
UNANSWERED_REASONS: Final = frozenset(
    {"nothing to match", "other drug", "no close match", "not about drugs"}
    | {"names no drug or drug topic", "several close matches", "not sure"}
)
# Exception class names (anywhere in the class's ancestry) to error kinds, most specific
# first: python-telegram-bot's errors are named, not imported, so any front end can use it.
ERROR_KINDS: Final[tuple[tuple[str, ErrorKind], ...]] = (
    ("Forbidden", "blocked"),
    ("BadRequest", "refused"),
    ("RetryAfter", "rate_limited"),
    ("TimedOut", "timeout"),
    ("NetworkError", "network"),
    ("TelegramError", "telegram"),
)

# No *_created series: one number per counter is enough.
disable_created_metrics()  # type: ignore[no-untyped-call]
REGISTRY: Final = CollectorRegistry()
REPLIES: Final = Counter(
    "hrbot_replies",
    "Replies sent, by outcome (reply kind), fact shown, language and front end",
    ["outcome", "fact", "language", "frontend"],
    registry=REGISTRY,
)
UNANSWERED: Final = Counter(
    "hrbot_unanswered",
    'Typed questions not answered outright ("did you mean" or fallback), by why',
    ["outcome", "reason", "frontend"],
    registry=REGISTRY,
)
SUGGESTED: Final = Counter(
    "hrbot_suggested_facts",
    '"Did you mean" buttons offered, by fact',
    ["fact"],
    registry=REGISTRY,
)
UNANSWERED_TOPICS: Final = Counter(
    "hrbot_unanswered_topics",
    'Topics named in questions not answered outright ("did you mean" or fallback)',
    ["topic"],
    registry=REGISTRY,
)
OTHER_DRUGS: Final = Counter(
    "hrbot_other_drug_questions",
    "Unanswered questions naming a drug no pack covers, by the lexicon's substance id",
    ["substance"],
    registry=REGISTRY,
)
URGENT: Final = Counter(
    "hrbot_urgent_cards",
    "Emergency (overdose) and crisis cards sent, by front end",
    ["card", "frontend"],
    registry=REGISTRY,
)
ERRORS: Final = Counter(
    "hrbot_errors", "Errors while handling an update, by kind", ["kind"], registry=REGISTRY
)
DROPS: Final = Counter(
    "hrbot_dropped", "Updates not answered on purpose, by why", ["kind"], registry=REGISTRY
)


def count_reply(reply: Reply, frontend: Frontend, core: Core) -> None:
    """One reply sent; ``core`` is the content it came from (to check ids against)."""
    kind = reply.kind if reply.kind in REPLY_KINDS else OTHER
    locale = core.locale(reply.language)
    facts = locale.library.facts
    fact = facts.get(reply.fact) if reply.fact else None
    REPLIES.labels(kind, fact.key if fact else "", locale.language, frontend).inc()
    if kind in URGENT_OUTCOMES:
        URGENT.labels(kind, frontend).inc()
    decision = reply.decision
    if decision is None or decision.outcome not in {"suggest", "fallback"}:
        return
    reason = decision.reason if decision.reason in UNANSWERED_REASONS else OTHER
    UNANSWERED.labels(decision.outcome, reason, frontend).inc()
    if decision.outcome == "suggest":
        for candidate in decision.candidates:
            SUGGESTED.labels(candidate.fact if candidate.fact in facts else OTHER).inc()
    terms = locale.library.lexicon.terms
    for topic in decision.topics:
        UNANSWERED_TOPICS.labels(topic if topic in terms else OTHER).inc()
    known = locale.library.lexicon.substances
    for drug in decision.other_drugs:
        OTHER_DRUGS.labels(drug if drug in known else OTHER).inc()


def count_inline(outcome: str, core: Core, language: str = "") -> None:
    """One inline query answered (results offered in another chat: no fact was sent)."""
    kind = outcome if outcome in REPLY_KINDS else OTHER
    REPLIES.labels(kind, "", core.locale(language).language, "inline").inc()
    if kind in URGENT_OUTCOMES:
        URGENT.labels(kind, "inline").inc()


def count_error(error: BaseException | None) -> None:
    """Counted by the kind of exception only; its message may quote a user's text."""
    ERRORS.labels(error_kind(error)).inc()


def error_kind(error: BaseException | None) -> ErrorKind:
    if error is None:
        return "internal"
    names = {cls.__name__ for cls in type(error).__mro__}
    if "BadRequest" in names and "not modified" in str(error).lower():
        return "not_modified"  # the same button tapped twice: harmless
    return next((kind for name, kind in ERROR_KINDS if name in names), "internal")


def count_drop(kind: DropKind) -> None:
    DROPS.labels(kind).inc()


def count_flood(verdict: str) -> None:
    """The flood gate's verdict for one update: "warn" sends a notice, "silent" nothing."""
    if verdict == "warn":
        count_drop("flood_notice")
    elif verdict == "silent":
        count_drop("flood_silent")


def exposition() -> bytes:
    """The counters in the Prometheus text format."""
    return generate_latest(REGISTRY)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != PATH:
            self.send_error(404)
            return
        body = exposition()
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPE_LATEST)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: a scraper's address is nobody's business in our logs."""


class MetricsServer:
    """A small standalone HTTP server for ``GET /metrics``, in a daemon thread."""

    def __init__(self, listen: str, port: int) -> None:
        self._server = ThreadingHTTPServer((listen, port), _Handler)  # OSError if taken
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="metrics", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def stats_url(listen: str, port: int) -> str:
    host = "127.0.0.1" if listen in {"", "0.0.0.0"} else listen
    host = "[::1]" if host == "::" else f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}{PATH}"


def read_stats(url: str, timeout: float = 5) -> list[str]:
    """A running bot's hrbot_* counters, one ``name{labels} value`` line each, by name.

    Raises OSError (URLError) when nothing answers at ``url``.
    """
    with urllib.request.urlopen(url, timeout=timeout) as response:
        text = response.read().decode("utf-8")
    lines = []
    for family in text_string_to_metric_families(text):
        if not family.name.startswith("hrbot_") or not family.samples:
            continue
        lines.append(f"# {family.name}: {family.documentation}")
        for sample in sorted(family.samples, key=lambda s: sorted(s.labels.items())):
            labels = ",".join(f'{k}="{v}"' for k, v in sample.labels.items() if v)
            lines.append(f"{sample.name}{{{labels}}} {sample.value:g}")
    return lines
