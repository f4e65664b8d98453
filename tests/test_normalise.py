"""Normalisation: Unicode, chat spellings, typos, synonyms, exact aliases first."""

from __future__ import annotations

import pytest

from bot.core import Core
from bot.lang.en import stem
from bot.normalise import clean


def test_clean_handles_case_accents_odd_spaces_emoji_and_punctuation() -> None:
    assert clean("HÉROÏN\u00a0is\u200b  bad?!") == "heroin is bad"
    assert clean("Ｈｅｒｏｉｎ 💉💉 ok") == "heroin ok"  # full-width letters (NFKC), emoji dropped
    assert clean("won’t wake up") == "wont wake up"
    assert clean("she od'd") == "she overdosed"
    assert clean("heroin + xanax") == "heroin and xanax"
    assert clean("\u202eRTL\u202c text") == "rtl text"
    # a letter held down keeps two (typo fixing reads the rest); numbers stay: 000 is a number
    assert clean("heeelp ayudaaa cool 000") == "heelp ayudaa cool 000"


def test_stem_is_light_and_consistent() -> None:
    assert stem("benzos") == "benzo"
    assert stem("overdosing") == stem("overdosing")
    assert stem("policies") == "policy"
    assert stem("using") == "using"  # too short to strip safely


@pytest.mark.parametrize("text", ["smack", "H", "herion", "heroine", "dope", "black tar"])
def test_street_names_and_typos_mean_heroin(core: Core, text: str) -> None:
    norm = core.triage.normaliser.normalise(f"what is {text}")
    assert "heroin" in norm.substances, norm


def test_chat_spellings_expand(core: Core) -> None:
    norm = core.triage.normaliser.normalise("wat r u")
    assert norm.words[:3] == ("what", "are", "you")


def test_meth_is_methamphetamine_never_methadone(core: Core) -> None:
    n = core.triage.normaliser
    assert n.normalise("what is meth").substances == {"methamphetamine"}
    assert n.normalise("what is methadone").substances == {"methadone"}
    assert n.normalise("what is methadon").substances == {"methadone"}  # a typo of methadone


def test_typos_are_fixed_only_towards_known_words(core: Core) -> None:
    n = core.triage.normaliser
    assert ("whta", "what") in n.normalise("whta is heroin").corrections
    assert n.normalise("qwertyuiop").corrections == ()
    assert "qwertyuiop" in n.normalise("qwertyuiop").unknown


def test_synonyms_map_to_one_concept(core: Core) -> None:
    n = core.triage.normaliser
    assert n.normalise("can u od").tokens == n.normalise("can you overdose").tokens
    pee = n.normalise("how long in pee").tokens
    assert pee == n.normalise("how long in urine").tokens


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("overdosse", "overdose"),
        ("treatmnt", "treatment"),
        ("whta", "what"),
        ("buprenorphne", "buprenorphine"),
    ],
)
def test_one_edit_typos_insertions_deletions_transpositions(
    core: Core, typed: str, meant: str
) -> None:
    assert core.triage.normaliser.correct(typed) == meant


def test_short_substitutions_are_not_guessed(core: Core) -> None:
    assert core.triage.normaliser.correct("bake") is None  # not "make"


def test_stop_phrases_are_dropped_but_their_words_still_count_elsewhere(core: Core) -> None:
    n = core.triage.normaliser
    assert n.normalise("give me info on smack").tokens == ("S:heroin",)
    assert "give" in n.normalise("can doctors give heroin").tokens


def test_words_typed_without_spaces_are_read_as_words(core: Core) -> None:
    """A long word no list knows is split into the fewest known words, preferring the
    content's own words ("hes not", not "he snot"); a known word never is."""
    english = core.triage.normaliser
    assert english.spell(["mybrotherwontwakeupandhislipsareblue"]) == [
        *["my", "brother", "wont", "wake", "up", "and", "his", "lips", "are", "blue"]
    ]
    assert english.split_run("iwantitalltostop") == ["i", "want", "it", "all", "to", "stop"]
    assert english.split_run("buprenorphine") is None
    assert english.split_run("xqzvbnmlkjhgfd") is None
    spanish = core.locales["es"].triage.normaliser
    assert spanish.split_run("mihermanonorespira") == ["mi", "hermano", "no", "respira"]
    assert core.language_of("yanoquierovivirmas", "") == "es"


def test_a_word_said_three_times_for_weight_is_read_once() -> None:
    """Twice is often a word of its own ("so so", "bye bye", "done done")."""
    assert clean("AZUL azul Azul!!") == "azul"
    assert clean("help help help, hes blue blue") == "help hes blue blue"
    assert clean("im done done") == "im done done"
