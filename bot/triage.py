"""What to do with a typed message, in the order safety demands.

    1. crisis      someone writes about ending their life or self-harm -> crisis card
    2. emergency   someone is overdosing now (words; or meaning with    -> overdose card
                   a sign word, bot/emergency_meaning.py)
    3. small talk  "hi", "thanks", "what can you do"                  -> interface text
    4. subject     names only a drug the packs do not cover           -> "no facts on that"
    5. ranking     answer, "did you mean", or "I don't have that"     (bot/matcher.py)

Steps 1 and 2 read the whole message, however long; ranking reads at most
``max_input_chars`` of it. An overdose question that is not live ("does an overdose
hurt", "what if my friend ever ODs") is ranked like any question and answered with the
emergency card one tap away; when ranking is unsure, it gets the overdose fact.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.config import MatcherConfig
from bot.crisis import CrisisDetector, CrisisFinding
from bot.decision import Decision, Outcome
from bot.emergency import EmergencyDetector, EmergencyFinding
from bot.emergency_meaning import EmergencyMeaning
from bot.lang import LanguageRules, rules_for
from bot.matcher import Matcher, Message
from bot.model import Library
from bot.normalise import SUB, TERM, Normalised, Normaliser, clean
from bot.phrases import TYPED_SENTENCE_END
from bot.semantic import ExampleReader, SemanticIndex, shared_model

SMALLTALK_PRIORITY = ("help", "thanks", "bye", "greeting")
Safety = tuple[Decision | None, EmergencyFinding | None]


class Triage:
    """Built once per content load; ``decide`` is pure and keeps nothing."""

    def __init__(self, library: Library, config: MatcherConfig) -> None:
        self.library = library
        self.config = config
        language = library.packs[0].language if library.packs else "en"
        self.rules: LanguageRules = rules_for(language)
        lexicon = library.lexicon
        corpus: list[str] = []
        for fact in library.ordered_facts:
            corpus += [fact.question, fact.answer, *fact.phrasings]
        corpus += lexicon.smalltalk_phrases
        # the words of a name's everyday sense ("coser" beside "aguja") are content too:
        # typo fixing keeps them, or the sense is lost ("coser" read as "comer")
        corpus += [word for words in lexicon.senses.values() for word in words]
        vocabulary = library.triage
        corpus += [p for phrases in vocabulary.emergency.values() for p in phrases]
        corpus += [*vocabulary.crisis, *library.emergency.triggers]
        self.normaliser = Normaliser(lexicon, corpus, self.rules)
        semantic = semantic_index(library, config, self.rules)
        self.crisis = CrisisDetector(
            vocabulary, self.normaliser, self.rules, crisis_meaning(library, semantic)
        )
        self.emergency = EmergencyDetector(
            vocabulary, library.emergency.triggers, self.normaliser, self.rules
        )
        self.emergency_meaning = emergency_meaning(library, semantic, self.normaliser)
        self.matcher = Matcher(library, config, self.normaliser, semantic)
        self.smalltalk = {
            tuple(clean(p).split()): kind
            for kind, phrases in lexicon.smalltalk.items()
            for p in phrases
        }
        self.world = self.matcher.world
        alternatives = "|".join(re.escape(p) for p in sorted(self.rules.drug_pronouns))
        self.pronouns = re.compile(rf"\b(?:{alternatives or '(?!)'})\b")  # "it", "that stuff"
        self.own_substance = {p.id: _main_substance(p.id, p.substances) for p in library.packs}

    def decide(self, text: str, safety: Safety | None = None) -> Decision:
        """``safety``: what ``safety(text)`` already said, so it is not read twice."""
        urgent, finding = safety or self.safety(text)
        if urgent is not None:
            return urgent
        ranked = text[: self.config.max_input_chars]
        norm = self.normaliser.normalise(ranked)
        kind = self._smalltalk(norm)
        if kind:
            outcome: Outcome = "help" if kind == "help" else "welcome"
            return Decision(outcome, reason="small talk", smalltalk=kind, detail=kind)
        if not norm.tokens:
            return Decision("fallback", reason="nothing to match")
        implied = self._implied_drug(norm)
        foreign = tuple(sorted(norm.substances - self.world))
        if foreign and not implied.substances & self.world:
            return Decision("fallback", reason="other drug", other_drugs=foreign)
        parts = tuple(self.parts(ranked))
        message = Message(
            ranked,
            implied,
            parts,
            tuple(self._implied_drug(self.normaliser.normalise(p)) for p in parts),
            text,
        )
        decision = self.matcher.decide(message, foreign)
        if finding is None:
            return decision
        return self._overdose_question(decision, finding)

    # -- steps ----------------------------------------------------------------------
    def safety(self, text: str, own: bool = True) -> Safety:
        """Steps 1 and 2: the card to send if any, and what the emergency reading saw.
        ``own``: the message is in this language, so typos are fixed and the crisis
        examples are read too (each sentence model is tuned on its own language); the word
        lists always are."""
        crisis = self.crisis.detect(text, own)
        if crisis is not None and crisis.certain:  # said outright: nothing else is read
            return self._crisis(crisis), None
        finding, named = self.emergency.read(text, own)
        if crisis is not None and crisis_first(crisis, finding):
            return self._crisis(crisis), None
        # words that missed how it was said: the sentence model, for the message's language
        meaning = self.emergency_meaning if own else None
        if meaning is not None and (finding is None or finding.reading == "mentioned"):
            finding = meaning.finding(text, named) or finding
        if finding is not None and finding.live:
            decision = Decision(
                "emergency",
                reason="emergency",
                concepts=finding.concepts,
                alone=finding.alone,
                detail=finding.reason,
            )
            return decision, finding
        return None, finding

    @staticmethod
    def _crisis(crisis: CrisisFinding) -> Decision:
        return Decision("crisis", reason="crisis", concepts=("crisis",), detail=crisis.phrase)

    def _smalltalk(self, norm: Normalised) -> str:
        words = list(norm.words)
        found: set[str] = set()
        i = 0
        rest = []
        while i < len(words):
            for n in range(min(5, len(words) - i), 0, -1):
                kind = self.smalltalk.get(tuple(words[i : i + n]))
                if kind:
                    found.add(kind)
                    i += n
                    break
            else:
                rest.append(words[i])
                i += 1
        stop = self.normaliser.stopwords
        if any(w not in stop for w in rest):
            return ""
        return next((k for k in SMALLTALK_PRIORITY if k in found), "")

    def parts(self, text: str) -> list[str]:
        """Where the question sits in a long message: its question sentences, its last
        sentence, and what follows the last "but" or "so"."""
        sentences = [s.strip() for s in TYPED_SENTENCE_END.split(text) if s.strip()]
        parts: list[str] = []
        if len(sentences) > 1:
            parts += [s for s in sentences if "?" in s][-2:]
            parts.append(sentences[-1])
        marks = list(self.rules.clause_marks.finditer(text))
        if marks:
            parts.append(text[marks[-1].end() :])
        whole = clean(text)
        out = []
        for p in dict.fromkeys(parts):
            c = clean(p)
            if c and c != whole and len(c.split()) >= 2:
                out.append(p)
        return out

    def _implied_drug(self, norm: Normalised) -> Normalised:
        """The drug the message leaves unnamed: "been off it 3 months, can i use the same
        amount" ("it" beside using), or "how not to get hep c from using" (using beside
        a drug topic; "use my inhaler" uses something else). Also beside what people
        take with it: "got a klonopin script and still use, how risky is that" (but "i
        use xanax to sleep" names what is used)."""
        taken_with = self.library.lexicon.taken_with
        if len(self.own_substance) != 1 or not norm.substances <= taken_with:
            return norm
        stem = self.normaliser.stem
        pronoun = self.pronouns.search(" ".join(norm.words)) is not None
        words = norm.words
        use = self.rules.use_verbs if norm.substances else self.rules.use_words
        # each word with the one before and after it (the first tuple is one longer)
        using = [
            w
            for before, w, after in zip(("", *words), words, (*words[1:], ""), strict=False)
            if stem(w) in use
            and not (norm.substances and before in self.rules.negations)
            and after not in self.rules.determiners
            and self.normaliser.lexicon_word(after) is None
        ]
        # A use word that is itself a topic ("mono", "tolerance") cannot be its own
        # context: "tengo un mono de chocolate" names no drug.
        topic = any(t.startswith(TERM) for t in norm.tokens) and any(
            stem(w) not in self.normaliser.topic_stems for w in using
        )
        # a medicine named beside using is context enough ("tomo pregabalina, puedo seguir usando")
        if not (using and (pronoun or topic or norm.substances)):
            return norm
        sid = next(iter(self.own_substance.values()))
        return replace(norm, tokens=(*norm.tokens, SUB + sid), substances=norm.substances | {sid})

    def _overdose_question(self, decision: Decision, finding: EmergencyFinding) -> Decision:
        """Talk of overdose that is not live: the answer, and the card one tap away. A
        sign of overdose asked about ("if he ever stops breathing") that ranking cannot
        place gets the overdose fact, unless ranking points at another fact; so does talk
        of overdose that ranking puts first but not surely enough to answer."""
        fact = self.library.triage.overdose_fact
        concepts = finding.concepts
        top = decision.candidates[0] if decision.candidates else None
        elsewhere = top is not None and top.fact != fact  # ranking points at another fact
        # "does an overdose hurt": ranked first, and scored high enough to answer
        scored = top is not None and top.score >= self.config.answer_threshold
        unsure = (
            decision.outcome != "answer"
            and not elsewhere
            and (finding.reading == "asked" or scored)
        )
        if not unsure or fact not in self.library.facts:
            return replace(decision, offer_card=True, concepts=concepts)
        return replace(
            decision,
            outcome="answer",
            fact=fact,
            reason="overdose question",
            offer_card=True,
            concepts=concepts,
            detail=finding.reason,
        )


def crisis_first(crisis: CrisisFinding, finding: EmergencyFinding | None) -> bool:
    """A crisis read from concepts or meaning gives way to a live overdose: someone who
    has taken it all needs the overdose card first. Except the writer's own plan, a means
    and an end ("take everything i have tonight and not wake up"), whose end reads as a
    sign too; and a goodbye or hopelessness followed by a weak sign alone ("posted a
    goodbye and isnt answering", "sent me 'nobody would even notice'. now she's not
    answering"), someone out of reach. The crisis card gives the emergency number and
    opens the overdose card for anyone who has taken something."""
    if finding is None or not finding.live:
        return True
    writers_plan = crisis.planned and finding.alone
    out_of_reach = crisis.withdrawing and finding.signals == ("danger",)
    return writers_plan or out_of_reach


def semantic_index(
    library: Library, config: MatcherConfig, rules: LanguageRules
) -> SemanticIndex | None:
    """The language's sentence model over every question and phrasing; none for a
    language without one. Built once per content load, about a second."""
    if config.semantic_weight <= 0 or rules.sentence_model is None:
        return None
    entries = [
        (fact.key, text)
        for pack in library.packs
        for fact in pack.facts
        for text in (fact.question, *fact.phrasings)
    ]
    return SemanticIndex(entries, shared_model(rules.sentence_model)) if entries else None


def crisis_meaning(library: Library, semantic: SemanticIndex | None) -> ExampleReader | None:
    """The crisis examples against everything the bot answers otherwise: every fact
    phrasing (already embedded by the ranker), small talk and the look-alikes; the
    classifier also reads the content's classifier-only sentences and the live-overdose
    examples."""
    vocabulary = library.triage
    if semantic is None or not vocabulary.crisis_examples:
        return None
    return ExampleReader(
        vocabulary.crisis_examples,
        [*vocabulary.crisis_unlike, *library.lexicon.smalltalk_phrases],
        semantic.vectors,
        semantic.model,
        contrast=[*vocabulary.crisis_classifier_unlike, *vocabulary.emergency_live],
        more_like=vocabulary.crisis_classifier_examples,
    )


def emergency_meaning(
    library: Library, semantic: SemanticIndex | None, normaliser: Normaliser
) -> EmergencyMeaning | None:
    """The live-overdose examples against everything else the bot reads: every fact
    phrasing (already embedded by the ranker), the crisis examples and small talk."""
    vocabulary = library.triage
    if semantic is None or not vocabulary.emergency_live:
        return None
    unlike = [
        *vocabulary.emergency_unlike,
        *vocabulary.crisis_examples,
        *library.lexicon.smalltalk_phrases,
    ]
    return EmergencyMeaning(
        vocabulary.emergency_live, unlike, semantic.vectors, semantic.model, normaliser
    )


def _main_substance(pack_id: str, substances: frozenset[str]) -> str:
    return pack_id if pack_id in substances else sorted(substances)[0]
