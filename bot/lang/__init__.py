"""Language rules, one module per language: what code needs to know about a language.

Content (facts/) holds each language's words: lexicon, triage vocabulary, cards. A module
here holds the rules that are not word lists: stemming, the common words typo fixing
must never touch, and the sentence shapes that say an overdose is happening now. Adding
a language is a new module registered in LANGUAGES, plus its content and texts files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.semantic import ModelName


@dataclass(frozen=True)
class LanguageRules:
    code: str
    stem: Callable[[str], str]
    common_words: frozenset[str]  # typo fixing never turns these into other words
    live_rules: tuple[re.Pattern[str], ...]  # an overdose happening now, in any sentence
    live_unless_question: tuple[re.Pattern[str], ...]  # ... unless it is a general question
    crisis_rules: tuple[re.Pattern[str], ...]  # sentence shapes of wanting to die or self-harm
    general_question: re.Pattern[str]  # "can you", "what happens": asking about, not reporting
    drug_pronouns: frozenset[str]  # "it", "that stuff": the drug, in a message about using
    use_words: frozenset[str]  # words that say a message talks about using (stems)
    # verbs of using, of them ("still use"): beside a medicine or a drink, they mean the
    # pack's drug, where "xanax withdrawal" or "sober up" speak of the medicine or drink
    use_verbs: frozenset[str]
    negations: frozenset[str]  # words that deny the verb after them ("no usa nada mas")
    determiners: frozenset[str]  # "my", "the": after "use", an object other than the drug
    clause_marks: re.Pattern[str]  # "but", "so": the question often follows them
    sentence_model: ModelName | None  # reads meaning for ranking and crisis (bot/semantic.py)
    marks: str = ""  # characters only this language writes (a hint to detect it)
    # words that start a new clause for safety reading ("but", "pero"): a past or
    # hypothetical word before them does not reach the sign after them; none by default
    conjunctions: str = r"(?!)"
    # words that lead a present report into the question before it ("what are the signs
    # when hes not breathing"): without one, "hes" after a question starts a report
    # (bot/emergency.py, _reported_after); none by default
    question_leads: frozenset[str] = frozenset()
    # shapes read across the sentences of the whole message ("is it painful to die? i ask
    # because im thinking of it"); none by default
    crisis_across: tuple[re.Pattern[str], ...] = ()
    # the words a form is built on, which typo fixing then leaves alone when it knows
    # them: Spanish "despertarse" is "despertar" with its pronoun, not a typo; none by
    # default
    word_bases: Callable[[str], tuple[str, ...]] = lambda word: ()


def _load() -> dict[str, LanguageRules]:
    from bot.lang import en, es

    return {r.code: r for r in (en.RULES, es.RULES)}


LANGUAGES: dict[str, LanguageRules] = _load()


def rules_for(code: str) -> LanguageRules:
    """The rules of a language, or English for a language without a module yet."""
    return LANGUAGES.get(code, LANGUAGES["en"])
