"""The content as plain frozen data: what the loader produces and everything else reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str
    reviewed: dt.date | None = None
    published: dt.date | None = None
    via: str = ""  # the copy actually read, when not the page itself; never shown to users

    @property
    def date(self) -> dt.date | None:
        """The date that tells a reader how current the source is."""
        return self.reviewed or self.published


@dataclass(frozen=True)
class Review:
    by: str
    date: dt.date
    note: str = ""


@dataclass(frozen=True)
class ReviewRecord:
    """One sign-off, kept in facts/reviews.yaml: who checked exactly which text, and when.

    ``sha256`` is the hash of the item's canonical text when it was signed
    (bot.reviews.canonical); an edit to the text makes the record stale.
    """

    item: str  # a fact key ("heroin/overdose"), "emergency" or "support"
    role: str  # e.g. "harm-reduction nurse"; shown to users
    date: dt.date
    sha256: str
    by: str = ""  # the reviewer's name, only if they agree to it being kept
    note: str = ""


@dataclass(frozen=True)
class Fact:
    pack: str
    id: str
    question: str
    label: str
    phrasings: tuple[str, ...]
    answer: str
    sources: tuple[Source, ...]
    next_id: str
    review: Review | None = None
    links: tuple[str, ...] = ()  # context buttons: "emergency", "support"

    @property
    def key(self) -> str:
        """Globally unique id, e.g. ``heroin/overdose``."""
        return f"{self.pack}/{self.id}"


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    language: str
    substances: frozenset[str]
    related: frozenset[str]
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]
    path: str


@dataclass(frozen=True)
class EmergencyCard:
    id: str
    title: str
    triggers: tuple[str, ...]
    steps: tuple[str, ...]
    sources: tuple[Source, ...]
    review: Review | None = None
    alone_steps: tuple[str, ...] = ()  # for someone overdosing with nobody else there


@dataclass(frozen=True)
class CrisisCard:
    """Sent instead of any fact when someone writes about suicide or self-harm."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    sources: tuple[Source, ...]
    review: Review | None = None


@dataclass(frozen=True)
class HelpLine:
    name: str
    number: str
    note: str = ""
    source: Source | None = None
    crisis: bool = False  # listed on the crisis card too


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    lines: tuple[HelpLine, ...]
    short: str = ""  # e.g. "UK", for the one-line list of emergency numbers

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class SupportCard:
    title: str
    countries: dict[str, Country]
    sources: tuple[Source, ...]
    review: Review | None = None


@dataclass(frozen=True)
class Lexicon:
    spellings: dict[str, str]
    substances: dict[str, tuple[str, ...]]
    terms: dict[str, tuple[str, ...]]
    stopwords: frozenset[str]
    smalltalk: dict[str, tuple[str, ...]] = field(default_factory=dict)
    generic_terms: frozenset[str] = frozenset()
    senses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A name (substance or term alias) that is also an everyday word -> words of its
    everyday sense."""
    weak_terms: frozenset[str] = frozenset()
    """Generic topics that name no drug even two together."""
    taken_with: frozenset[str] = frozenset()
    """Substances people take beside the pack's drug (a prescription, a drink): named
    with "still use" and no other drug, the unnamed drug is the pack's."""

    @property
    def smalltalk_phrases(self) -> list[str]:
        return [p for phrases in self.smalltalk.values() for p in phrases]


EMERGENCY_CONCEPTS = (
    "person",
    "self",
    "use",
    "danger_alone",
    "danger",
    "overdose",
    "naloxone",
    "not_working",
    "now",
    "request",
    "hypothetical",
    "general",
    "past",
    "alarm",
    # word kinds that make a sign when close together (bot/emergency.py, NEAR_SIGNS)
    "body",
    "colour",
    "breath",
    "breath_wrong",
    "waking",
    "cant",
)


EVERYDAY = "everyday"
"""Emergency words that hold a sign's words in an everyday sense ("no contesta el
telefono"): matched like the concepts, so the sign inside them is not read; optional."""

PRESENT = "present"
"""Words that bring a story back to now ("hes", "esta"): a past told before them does not
reach a sign after them ("my husband died last year ... hes not waking up"); optional."""

NOT_LIVE = "not_live"
"""The writer says nothing is happening ("not an emergency", "no esta pasando"): every
sign in the message is asked about; optional."""

URGENT = "urgent"
"""Urgency anywhere in the message ("HURRY", "urgente"): every sign in it is live, however
it is asked ("if someone stops breathing do i do cpr or narcan first HURRY"); optional."""

LAUGHING = "laughing"
"""Laughter ("lol", "jaja"): the words may still read a sign in a laughing message, but
its meaning alone never makes it live ("the bus was so packed i couldnt breathe lol");
optional."""

OPTIONAL_EMERGENCY = (EVERYDAY, PRESENT, NOT_LIVE, URGENT, LAUGHING)

CRISIS_CONCEPTS = (
    "intent",
    "ending",
    "means",
    "passive",
    "hopeless",
    "farewell",
    "asking",
    "earnest",
)
"""... "passive": a wish not to be, in words everyday talk uses too ("dont want to be
here"), read only with the crisis classifier (bot/crisis.py, ``_worded``); "earnest": a
joke taken back ("not even joking", "no es chiste")."""


@dataclass(frozen=True)
class TriageVocabulary:
    """The words of each safety concept (content); bot/emergency.py holds the grammar."""

    emergency: dict[str, tuple[str, ...]]  # concept (EMERGENCY_CONCEPTS) -> phrases
    crisis: tuple[str, ...]
    crisis_not: tuple[str, ...] = ()
    crisis_concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # whole sentences for the sentence model (languages it reads): like and unlike a crisis
    crisis_examples: tuple[str, ...] = ()
    crisis_unlike: tuple[str, ...] = ()
    # ... more of each for the classifier only (bot/crisis.py, `_worded`)
    crisis_classifier_examples: tuple[str, ...] = ()
    crisis_classifier_unlike: tuple[str, ...] = ()
    # ... and like and unlike someone overdosing now (bot/emergency_meaning.py)
    emergency_live: tuple[str, ...] = ()
    emergency_unlike: tuple[str, ...] = ()
    overdose_fact: str = ""  # answered, with the card one tap away, for overdose questions


@dataclass(frozen=True)
class Library:
    """All content the bot serves, loaded and checked as one unit."""

    packs: tuple[Pack, ...]
    emergency: EmergencyCard
    support: SupportCard
    lexicon: Lexicon
    crisis: CrisisCard
    triage: TriageVocabulary
    facts: dict[str, Fact] = field(default_factory=dict)
    reviews: tuple[ReviewRecord, ...] = ()  # from facts/reviews.yaml, in file order

    def __post_init__(self) -> None:
        if not self.facts:
            index = {f.key: f for p in self.packs for f in p.facts}
            object.__setattr__(self, "facts", index)

    @property
    def ordered_facts(self) -> tuple[Fact, ...]:
        return tuple(f for p in self.packs for f in p.facts)
