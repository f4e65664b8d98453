"""The matcher (ranking and choosing) on a tiny made-up pack: no heroin content at all.

It shows the ranking is content-blind: two teas, their phrasings, and the same rules
(words and meaning fused, the subject gate, the margin) decide.
"""

from __future__ import annotations

import pytest

from bot.config import MatcherConfig
from bot.decision import Decision
from bot.lang import rules_for
from bot.matcher import Matcher, Message
from bot.model import (
    EMERGENCY_CONCEPTS,
    CrisisCard,
    EmergencyCard,
    Fact,
    Lexicon,
    Library,
    Pack,
    Source,
    SupportCard,
    TriageVocabulary,
)
from bot.normalise import Normaliser
from bot.semantic import SemanticIndex

SOURCE = Source("s", "Tea Council", "Tea facts", "https://example.org/tea")


def _fact(fid: str, question: str, phrasings: tuple[str, ...], nxt: str) -> Fact:
    return Fact("tea", fid, question, fid, phrasings, "An answer.", (SOURCE,), nxt)


FACTS = (
    _fact(
        "brew",
        "How long should green tea steep?",
        ("steeping time for green tea", "how many minutes to brew sencha", "tea brewing time"),
        "caffeine",
    ),
    _fact(
        "caffeine",
        "How much caffeine is in green tea?",
        ("does green tea keep you awake", "caffeine in sencha", "is tea a stimulant"),
        "brew",
    ),
)
LEXICON = Lexicon(
    spellings={"u": "you"},
    substances={"tea": ("tea", "green tea", "sencha"), "coffee": ("coffee", "espresso")},
    terms={"brew": ("brew", "steep", "steeping"), "caffeine": ("caffeine", "awake")},
    stopwords=frozenset({"how", "is", "in", "a", "the", "to", "you", "does", "should"}),
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    pack = Pack("tea", "Tea", "en", frozenset({"tea"}), frozenset(), FACTS, (SOURCE,), "")
    library = Library(
        (pack,),
        EmergencyCard("e", "Card", ("x",), ("step",), (SOURCE,)),
        SupportCard("Lines", {}, (SOURCE,)),
        LEXICON,
        CrisisCard("c", "Crisis", ("p",), (SOURCE,)),
        TriageVocabulary({c: ("x",) for c in EMERGENCY_CONCEPTS}, ("x",)),
    )
    corpus = [t for f in FACTS for t in (f.question, f.answer, *f.phrasings)]
    normaliser = Normaliser(LEXICON, corpus, rules_for("en"))
    index = SemanticIndex([(f.key, t) for f in FACTS for t in (f.question, *f.phrasings)])
    return Matcher(library, MatcherConfig(), normaliser, index)


def decide(matcher: Matcher, text: str) -> Decision:
    norm = matcher.normaliser.normalise(text)
    foreign = tuple(sorted(norm.substances - matcher.world))
    return matcher.decide(Message(text, norm), foreign)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("how many minutes should i let my sencha steep", "tea/brew"),
        ("will a cup of green tea stop me sleeping tonight", "tea/caffeine"),
    ],
)
def test_words_and_meaning_pick_the_right_fact(matcher: Matcher, text: str, fact: str) -> None:
    d = decide(matcher, text)
    assert (d.outcome, d.fact) == ("answer", fact), d
    top = d.candidates[0]
    assert top.lexical > 0 and top.semantic > 0  # both rankers had their say


def test_a_message_about_nothing_in_the_pack_is_not_answered(matcher: Matcher) -> None:
    d = decide(matcher, "what is the capital of peru")
    assert d.outcome != "answer", d


def test_meaning_alone_never_answers(matcher: Matcher) -> None:
    """No word in common with a fact: the sentence model may suggest it, never answer."""
    d = decide(matcher, "leaves in hot water: for how long")
    assert d.outcome != "answer" or d.candidates[0].lexical > 0, d
