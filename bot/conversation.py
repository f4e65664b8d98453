"""The conversation core: a message, command or button tap in; a Reply out.

It knows nothing about Telegram or terminals and keeps no state between calls, so any
number of front ends (or replicas) can share it. Every reply is fixed interface text
from ``bot/texts`` or verbatim content from ``facts/``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot import payloads, reviews
from bot.cards import EmergencySetup, crisis_reply, emergency_reply, support_reply
from bot.decision import Decision
from bot.model import Fact, Library, Source
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
        self._status = self._build_status_lines()

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
        """This language alone. Front ends go through ``Core.handle``, which reads safety
        in every language first."""
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
            return self.support("")
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
            return self.support(payload.arg)
        if payload.action == "sources":
            return self.sources(payload.arg)
        if payload.action == "help":
            return self.help()
        return self.topics()

    # -- replies ------------------------------------------------------------------------
    def for_decision(self, decision: Decision) -> Reply:
        reply = self._for_decision(decision)
        if decision.offer_card:  # talk of overdose that is not live: the card one tap away
            rows = tuple(r for r in reply.buttons if r != (self._overdose_now,))
            reply = replace(reply, buttons=((self._overdose_now,), *rows))
        return reply

    def _for_decision(self, decision: Decision) -> Reply:
        t = self.texts
        if decision.outcome == "crisis":
            return replace(self.crisis(), decision=decision)
        if decision.outcome == "emergency":
            return replace(self.emergency(alone=decision.alone), decision=decision)
        if decision.outcome == "answer" and decision.fact in self.library.facts:
            return replace(self.answer(self.library.facts[decision.fact]), decision=decision)
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

    def answer(self, fact: Fact, open_sources: bool = False) -> Reply:
        """One phone screen: the answer, a one-line source summary, then the buttons."""
        t = self.texts
        nxt = self.library.facts[f"{fact.pack}/{fact.next_id}"]
        rows: list[tuple[Button, ...]] = []
        context = tuple(self._link_button(link) for link in fact.links)
        if context:
            rows.append(context)
        if not open_sources and fact.sources:
            rows.append((Button(t.sources_button, payloads.sources(fact.key)),))
        rows.append(
            (
                Button(t.next_fact, payloads.fact(nxt.key)),
                Button(t.all_topics, payloads.TOPICS),
            )
        )
        paragraphs = tuple(p.strip() for p in fact.answer.split("\n\n") if p.strip())
        pack = next(p for p in self.library.packs if p.id == fact.pack)
        index = next(i for i, f in enumerate(pack.facts) if f.key == fact.key)
        return Reply(
            "answer",
            fact.question,
            paragraphs,
            fact.sources,
            tuple(rows),
            fact.key,
            status=self._status.get(fact.key, ""),
            position=t.position.format(n=index + 1, total=len(pack.facts)),
            source_note="" if open_sources else self.source_summary(fact.sources),
        )

    def sources(self, key: str) -> Reply:
        """The same card with its full source list open (a Sources tap edits in place)."""
        if key == payloads.EMERGENCY:
            return self.emergency(open_sources=True)
        if key == payloads.ALONE:
            return self.emergency(alone=True, open_sources=True)
        if key == payloads.CRISIS:
            return self.crisis(open_sources=True)
        fact = self.library.facts.get(key)
        if fact is None:
            return self.topics(self.texts.stale_button, kind="stale")
        return self.answer(fact, open_sources=True)

    def source_summary(self, sources: tuple[Source, ...]) -> str:
        """ "Sources: Drug Policy Alliance, NIDA and 4 more": names, not links."""
        names = list(dict.fromkeys(_short_publisher(s.publisher) for s in sources))
        if not names:
            return ""
        shown = ", ".join(names[:2])
        if len(names) > 2:
            shown = self.texts.sources_more.format(names=shown, count=len(names) - 2)
        return self.texts.sources_summary.format(names=shown)

    def _link_button(self, link: str) -> Button:
        if link == "support":
            return Button(self.texts.support_button, payloads.support())
        return self._overdose_now

    @property
    def _overdose_now(self) -> Button:
        return Button(self.texts.overdose_now_button, payloads.EMERGENCY)

    def _build_status_lines(self) -> dict[str, str]:
        """Per item: "Not yet checked by a health worker", or who checked it and when."""
        lines = {}
        for status in reviews.statuses(self.library):
            record = status.record
            if status.state == "valid" and record is not None:
                line = self.texts.review_checked.format(role=record.role, date=record.date)
            else:
                line = self.texts.review_unchecked
            lines[status.item.id] = line
        return lines

    def welcome(self) -> Reply:
        t = self.texts
        return Reply("welcome", "", (t.welcome, t.privacy_line), (), self.topic_buttons())

    def help(self) -> Reply:
        return Reply("help", "", (self.texts.help,), (), self.topic_buttons())

    def emergency(self, alone: bool = False, open_sources: bool = False) -> Reply:
        """Steps first; sources behind a Sources button (after the country and help-line
        buttons, before All topics); ``alone`` for the one overdosing."""
        card = emergency_reply(self.library, self.setup, self.texts, alone=alone)
        key = payloads.ALONE if alone else payloads.EMERGENCY
        return self._card(card, reviews.EMERGENCY, key, open_sources, before_last=True)

    def support(self, code: str) -> Reply:
        card = support_reply(self.library, self.setup, self.texts, code)
        return replace(card, status=self._status.get(reviews.SUPPORT, ""))

    def crisis(self, open_sources: bool = False) -> Reply:
        """The lines first; sources behind a Sources button, as on the emergency card."""
        card = crisis_reply(self.library, self.setup, self.texts)
        return self._card(card, reviews.CRISIS, payloads.CRISIS, open_sources)

    def _card(
        self, card: Reply, item: str, key: str, open_sources: bool, before_last: bool = False
    ) -> Reply:
        """A card with its review status, and its sources folded behind a Sources
        button (a one-line summary shows instead) unless they are open."""
        rows = card.buttons
        if not open_sources:
            at = len(rows) - 1 if before_last else len(rows)
            source_row = (Button(self.texts.sources_button, payloads.sources(key)),)
            rows = (*rows[:at], source_row, *rows[at:])
        return replace(
            card,
            buttons=rows,
            status=self._status.get(item, ""),
            source_note="" if open_sources else self.source_summary(card.sources),
        )

    def topics(self, prompt: str = "", kind: str = "topics") -> Reply:
        return Reply(kind, "", (prompt or self.texts.topics_prompt,), (), self.topic_buttons())

    def deep_link(self, arg: str) -> Reply:
        """``/start heroin_overdose`` (Telegram allows [A-Za-z0-9_-]), or just ``overdose``."""
        arg = arg.lower()
        if arg in {"emergency", "overdose-now"}:
            return self.emergency()
        if arg == "crisis":
            return self.crisis()
        if arg in {"support", "help-lines"}:
            return self.support("")
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


def _short_publisher(publisher: str) -> str:
    """ "Institute on Drug Abuse (NIDA)" -> "NIDA"; "Mayo Clinic (by X)" -> "Mayo Clinic"."""
    head, sep, tail = publisher.partition(" (")
    tail = tail.rstrip(")")
    if sep and tail and " " not in tail:
        return tail
    return head.strip() or publisher
