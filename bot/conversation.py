"""The conversation core: a message, command or button tap in; a Reply out.

It knows nothing about Telegram or terminals and keeps no state between calls, so any
number of front ends (or replicas) can share it. Every reply is fixed interface text
from ``bot/texts`` or verbatim content from ``facts/``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot import payloads
from bot.cards import EmergencySetup, crisis_reply, emergency_reply, support_reply
from bot.decision import Decision
from bot.model import Fact, Library
from bot.reply import Button, Reply
from bot.texts import Texts
from bot.triage import Triage

COMMANDS = ("start", "topics", "help", "privacy", "emergency", "crisis", "support")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Command:
    name: str  # without the slash, e.g. "start"
    arg: str = ""


@dataclass(frozen=True)
class Tap:
    data: str


@dataclass(frozen=True)
class Unsupported:
    kind: str  # sticker, photo, voice, ...


Incoming = Text | Command | Tap | Unsupported


class Conversation:
    def __init__(
        self, library: Library, triage: Triage, texts: Texts, setup: EmergencySetup
    ) -> None:
        self.library = library
        self.triage = triage
        self.texts = texts
        self.setup = setup
        self._topic_buttons = self._build_topic_buttons()

    def handle(self, incoming: Incoming) -> Reply:
        if isinstance(incoming, Text):
            return self.on_text(incoming.text)
        if isinstance(incoming, Command):
            return self.on_command(incoming.name, incoming.arg)
        if isinstance(incoming, Tap):
            return self.on_tap(incoming.data)
        return Reply("unsupported", "", (self.texts.unsupported,), (), self.topic_buttons())

    # -- inputs -------------------------------------------------------------------------
    def on_text(self, text: str) -> Reply:
        decision = self.triage.decide(text)
        return self.for_decision(decision)

    def on_command(self, name: str, arg: str = "") -> Reply:
        name = name.lower()
        if name == "start":
            return self.deep_link(arg.strip()) if arg.strip() else self.welcome()
        if name == "topics":
            return self.topics()
        if name == "help":
            return self.help()
        if name == "privacy":
            return Reply("privacy", "", (self.texts.privacy,), (), self.topic_buttons())
        if name == "emergency":
            return self.emergency()
        if name == "crisis":
            return self.crisis()
        if name == "support":
            return support_reply(self.library, self.setup, self.texts, "")
        return self.help()

    def on_tap(self, data: str) -> Reply:
        payload = payloads.parse(data)
        if payload is None:
            return self.topics(self.texts.stale_button, kind="stale")
        if payload.action == "fact":
            fact = self.library.facts.get(payload.arg)
            if fact is None:
                return self.topics(self.texts.stale_button, kind="stale")
            return self.answer(fact)
        if payload.action == "emergency":
            return self.emergency()
        if payload.action == "crisis":
            return self.crisis()
        if payload.action == "support":
            if payload.arg and payload.arg not in self.library.support.countries:
                return self.topics(self.texts.stale_button, kind="stale")
            return support_reply(self.library, self.setup, self.texts, payload.arg)
        if payload.action == "help":
            return self.help()
        return self.topics()

    # -- replies ------------------------------------------------------------------------
    def for_decision(self, decision: Decision) -> Reply:
        t = self.texts
        if decision.outcome == "crisis":
            return replace(self.crisis(), decision=decision)
        if decision.outcome == "emergency":
            return replace(self.emergency(), decision=decision)
        if decision.outcome == "answer" and decision.fact in self.library.facts:
            reply = self.answer(self.library.facts[decision.fact])
            if decision.offer_card:  # an overdose question: the card first, one tap away
                card = (Button(t.overdose_now_button, payloads.EMERGENCY),)
                reply = replace(reply, buttons=(card, *reply.buttons))
            return replace(reply, decision=decision)
        if decision.outcome == "welcome":
            text = {"thanks": t.thanks, "bye": t.bye}.get(decision.smalltalk)
            reply = (
                self.welcome()
                if text is None
                else Reply("welcome", "", (text,), (), self.topic_buttons())
            )
            return replace(reply, decision=decision)
        if decision.outcome == "help":
            return replace(self.help(), decision=decision)
        if decision.outcome == "suggest":
            rows = tuple(
                (Button(self.library.facts[c.fact].label, payloads.fact(c.fact)),)
                for c in decision.candidates
                if c.fact in self.library.facts
            )
            rows += ((Button(t.all_topics, payloads.TOPICS),),)
            return Reply("suggest", "", (t.did_you_mean,), (), rows, None, decision)
        if decision.other_drugs and decision.reason == "other drug":
            packs = ", ".join(p.title for p in self.library.packs)
            text = t.other_drug.format(packs=packs)
            return Reply("fallback", "", (text,), (), self.topic_buttons(), None, decision)
        return Reply("fallback", "", (t.fallback,), (), self.topic_buttons(), None, decision)

    def answer(self, fact: Fact) -> Reply:
        nxt = self.library.facts[f"{fact.pack}/{fact.next_id}"]
        buttons = (
            (
                Button(self.texts.next_fact, payloads.fact(nxt.key)),
                Button(self.texts.all_topics, payloads.TOPICS),
            ),
        )
        paragraphs = tuple(p.strip() for p in fact.answer.split("\n\n") if p.strip())
        return Reply("answer", fact.question, paragraphs, fact.sources, buttons, fact.key)

    def welcome(self) -> Reply:
        t = self.texts
        return Reply("welcome", "", (t.welcome, t.privacy_line), (), self.topic_buttons())

    def help(self) -> Reply:
        return Reply("help", "", (self.texts.help,), (), self.topic_buttons())

    def emergency(self) -> Reply:
        return emergency_reply(self.library, self.setup, self.texts)

    def crisis(self) -> Reply:
        return crisis_reply(self.library, self.setup, self.texts)

    def topics(self, prompt: str = "", kind: str = "topics") -> Reply:
        return Reply(kind, "", (prompt or self.texts.topics_prompt,), (), self.topic_buttons())

    def deep_link(self, arg: str) -> Reply:
        """``/start heroin_overdose`` (Telegram allows [A-Za-z0-9_-]), or just ``overdose``."""
        arg = arg.lower()
        if arg in {"emergency", "overdose-now"}:
            return self.emergency()
        if arg in {"support", "help-lines"}:
            return support_reply(self.library, self.setup, self.texts, "")
        key = arg.replace("_", "/", 1) if "_" in arg else arg
        fact = self.library.facts.get(key)
        if fact is None and "/" not in key:
            matches = [f for f in self.library.ordered_facts if f.id == key]
            fact = matches[0] if len(matches) == 1 else None
        if fact is None:
            return self.topics(self.texts.deep_link_unknown, kind="stale")
        return self.answer(fact)

    def topic_buttons(self) -> tuple[tuple[Button, ...], ...]:
        return self._topic_buttons

    def _build_topic_buttons(self) -> tuple[tuple[Button, ...], ...]:
        rows: list[tuple[Button, ...]] = [
            (Button(f.label, payloads.fact(f.key)),) for f in self.library.ordered_facts
        ]
        rows.append(
            (
                Button(self.texts.emergency_button, payloads.EMERGENCY),
                Button(self.texts.support_button, payloads.support()),
            )
        )
        return tuple(rows)
