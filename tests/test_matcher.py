"""Decisions: emergency first, small talk, the subject gate, answer/suggest/fallback."""

from __future__ import annotations

import pytest

from bot.core import Core

EMERGENCIES = [
    "my friend is not breathing",
    "he wont wake up after using",
    "her lips are turning blue",
    "I think she OD'd",
    "someone is overdosing rn",
    "help i took too much",
    "bf passed out and is making gurgling sounds",
    "can you od on heroin? my friend isnt breathing",  # a fact question with an emergency in it
]


@pytest.mark.parametrize(
    "text",
    [
        "i fell asleep in class",
        "i dropped my phone",
        "he dropped out of school",
        "i cant get up early",
        "cross fading on dope and weed",
        "tips so i dont od",
        "collapsed veins from injecting",
        "what is the blue pill",
        # everyday senses of sign words (`emergency.everyday`) and laughing emoji
        "my cousin told me heroin is legal in some clinics and i about fell over, is that true",
        "dropped acid at the show an hour ago, is it ok to do a little h later",
        "does narcan wear off before the dope does?",
        "the nurse asked what he took and i had no answer, what do they test for",
        "im dying 🤣 this video of a goat",
        "my sister is dying 😂 she just saw my haircut",
    ],
)
def test_everyday_words_do_not_raise_a_false_alarm(core: Core, text: str) -> None:
    assert core.triage.decide(text).outcome != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "guy next to me just dropped after a hit",
        "found my roommate on the floor",
        "she fell and wont get up after using",
        "eyes rolled back and hes grey",
        "narcan didnt work what now",
        "someone is ODing in the park",
    ],
)
def test_collapse_and_failed_naloxone_are_emergencies(core: Core, text: str) -> None:
    assert core.triage.decide(text).outcome == "emergency"


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_get_the_card_first(core: Core, text: str) -> None:
    assert core.triage.decide(text).outcome == "emergency"


@pytest.mark.parametrize(
    "text",
    ["can you od on dope", "what happens in an overdose", "is it possible to overdose on heroin"],
)
def test_general_overdose_questions_get_the_fact_not_the_card(core: Core, text: str) -> None:
    d = core.triage.decide(text)
    assert d.outcome != "emergency", d
    assert d.candidates[0].fact == "heroin/overdose", d


@pytest.mark.parametrize(
    "text",
    [
        "how long does meth stay in your system",
        "is meth addictive the first time",
        "what is cocaine",
        "can you overdose on tylenol",
        "how long does alcohol stay in urine",
        "harm reduction for drinking",
        "what are the effects of mdma",
        "is weed addictive",
    ],
)
def test_other_drugs_are_not_answered_from_the_heroin_pack(core: Core, text: str) -> None:
    d = core.triage.decide(text)
    assert d.outcome != "answer", d


def test_other_drug_questions_say_why(core: Core) -> None:
    d = core.triage.decide("how long does meth stay in your system")
    assert d.outcome == "fallback" and d.other_drugs == ("methamphetamine",)


@pytest.mark.parametrize(
    "text",
    [
        "heroin and xanax",
        "can i mix heroin with alcohol",
        "h and benzos",
        "is it ok to do coke with dope",
    ],
)
def test_heroin_with_another_drug_is_a_mixing_question(core: Core, text: str) -> None:
    d = core.triage.decide(text)
    assert d.outcome == "answer" and d.fact == "heroin/mixing", d


@pytest.mark.parametrize(
    ("text", "kind", "outcome"),
    [
        ("hi", "greeting", "welcome"),
        ("thanks!!", "thanks", "welcome"),
        ("what can you do", "help", "help"),
        ("bye", "bye", "welcome"),
    ],
)
def test_small_talk_gets_interface_text(core: Core, text: str, kind: str, outcome: str) -> None:
    d = core.triage.decide(text)
    assert (d.outcome, d.smalltalk) == (outcome, kind)


def test_a_greeting_with_a_question_is_a_question(core: Core) -> None:
    assert core.triage.decide("hi, can you od on heroin").outcome == "answer"


@pytest.mark.parametrize(
    "text",
    [
        "how long does the flu last",
        "what is the treatment for diabetes",
        "how do i bake bread",
        "qwertyuiop",
        "what's 2+2",
        "",
        "rehab for my knee after surgery, any tips",  # "rehab" in its everyday sense
    ],
)
def test_off_topic_is_never_answered(core: Core, text: str) -> None:
    assert core.triage.decide(text).outcome in {"fallback", "suggest", "help", "welcome"}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("how long does H stay in your pee", "detection-time"),
        ("is heroin ever used as medicine", "medical-uses"),
        ("can u get hooked on smack after one time", "addiction-first-use"),
        ("where do i get narcan", "harm-reduction"),
        ("what is methadone", "treatment"),
        ("what is a good samaritan law", "policies"),
        ("what does heroin do to your body", "what-is"),
        # a place to get off drugs names the topic ("treatment" alone is too everyday)
        ("is a residential rehab worth it or is medication better", "treatment"),
        ("why do i need more and more to feel the same high", "addiction-first-use"),
    ],
)
def test_plain_questions_are_answered(core: Core, text: str, fact: str) -> None:
    d = core.triage.decide(text)
    assert (d.outcome, d.fact) == ("answer", f"heroin/{fact}"), d


def test_unsure_offers_did_you_mean_with_at_most_three(core: Core) -> None:
    d = core.triage.decide("heroin and the law and doctors")
    if d.outcome == "suggest":
        assert 1 <= len(d.candidates) <= 3
    assert d.outcome in {"suggest", "answer"}


def test_related_substance_alone_must_be_named_by_the_phrasing(core: Core) -> None:
    d = core.triage.decide("what is fentanyl")
    assert not (d.outcome == "answer" and d.fact == "heroin/what-is"), d


def test_huge_input_is_capped_and_still_decided(core: Core) -> None:
    d = core.triage.decide("how long does heroin stay in urine " + "blah " * 5000)
    assert d.outcome in {"answer", "suggest", "fallback"}


def test_candidates_are_scored_and_ordered(core: Core) -> None:
    d = core.triage.decide("how long does heroin stay in your system")
    scores = [c.score for c in d.candidates]
    assert scores == sorted(scores, reverse=True) and d.score == scores[0]
