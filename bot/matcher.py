"""Rank the facts for a message and choose: answer, suggest ("did you mean") or fall back.

Safety comes before this module (bot/triage.py): by the time a message is ranked, it is
not a crisis, not a live emergency and not small talk.

Scoring compares the message's canonical tokens with every phrasing of every fact.
Tokens are weighted by how much they tell facts apart (inverse document frequency over
phrasings), so "heroin", which every question shares, weighs little, while "urine" or
"methadone" weigh a lot; words the content has never seen weigh most, so a message about
something else cannot reach a confident score. A fact's score blends three things: the
weighted F1 of its closest phrasing (how much of the message it explains, and how much
of itself the message covers), how strongly each word points to this fact across all
its phrasings, and rapidfuzz's string similarity to that closest phrasing.

Precision comes first, so two gates sit on top of the score: a message must name a drug
or a drug topic to be answered ("treatment for diabetes" names neither), and the answered
fact must share one of those topics ("difference between nodding and overdosing" is not
answered by the fact about dependence just because both say "difference").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from bot.config import MatcherConfig
from bot.decision import Candidate, Decision, Outcome, Reason
from bot.model import Fact, Library, Pack
from bot.normalise import OTHER_DRUG, SUB, TERM, Normalised, Normaliser
from bot.semantic import SemanticIndex

PHRASE_WEIGHT = 0.55  # the single closest phrasing
EVIDENCE_WEIGHT = 0.3  # how strongly each word points to this fact across all phrasings
FUZZ_WEIGHT = 0.2  # rapidfuzz string similarity of the closest phrasing
TOP_FACTS = 6  # facts that get the (costlier) string comparison
SPREAD = 0.25  # "did you mean" offers facts within this much of the best
LONG_WORDS = 25  # a message longer than this is read by the sentence model in parts too
PART_DISCOUNT = 0.9  # a part of a long message counts a little less than the whole
UNNAMED_LEXICAL = 0.40  # a message naming no drug is answered only if the words alone reach this
UNKNOWN_BOOST = 1.5  # a word the content never uses weighs more than any known word


@dataclass(frozen=True)
class Message:
    """A message as the matcher ranks it: the text, and where its question may sit."""

    text: str
    norm: Normalised
    parts: tuple[str, ...] = ()
    part_norms: tuple[Normalised, ...] = ()
    typed: str = ""
    """The whole message as typed, past the ranking cut: the sentence model reads it as
    the crisis reader did (so it is encoded once), and cuts it itself."""


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str  # the fact's key, e.g. "heroin/overdose"
    pack: str
    text: str
    tokens: frozenset[str]
    weight: float
    canonical: str


class Matcher:
    """Built once per content load (the index is immutable); ``decide`` is pure."""

    def __init__(
        self,
        library: Library,
        config: MatcherConfig,
        normaliser: Normaliser,
        semantic: SemanticIndex | None = None,
    ) -> None:
        self.config = config
        self.library = library
        self.normaliser = normaliser
        self.semantic = semantic
        self.generic = library.lexicon.generic_terms
        self.weak = library.lexicon.weak_terms
        self.pack_world = {p.id: p.substances | p.related for p in library.packs}
        self.world: frozenset[str] = frozenset().union(*self.pack_world.values())
        drafts: list[tuple[Fact, str, frozenset[str]]] = []
        seen: set[tuple[str, frozenset[str]]] = set()
        for pack in library.packs:
            for fact in pack.facts:
                for text in (fact.question, *fact.phrasings):
                    tokens = self._tokens(self.normaliser.normalise(text), pack)
                    if tokens and (fact.key, tokens) not in seen:  # same meaning: index once
                        seen.add((fact.key, tokens))
                        drafts.append((fact, text, tokens))
        df: dict[str, int] = defaultdict(int)
        for _, _, tokens in drafts:
            for t in tokens:
                df[t] += 1
        n = len(drafts)
        self.df = dict(df)
        self.weights = {t: math.log(1 + n / c) for t, c in df.items()}
        self.unknown_weight = UNKNOWN_BOOST * math.log(1 + n)
        self.known_weight = math.log(1 + n / 3)
        by_fact: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for fact, _, tokens in drafts:
            for t in tokens:
                by_fact[t][fact.key] += 1
        self.shares = {
            t: {k: c / sum(counts.values()) for k, c in counts.items()}
            for t, counts in by_fact.items()
        }
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.entries: list[_Entry] = []
        for index, (fact, text, tokens) in enumerate(drafts):
            weight = sum(self.weights[t] for t in tokens)
            self.entries.append(
                _Entry(fact.key, fact.pack, text, tokens, weight, _canonical(tokens))
            )
            for t in tokens:
                self.postings[t].append(index)

    # -- tokens ---------------------------------------------------------------------
    def _tokens(self, norm: Normalised, pack: Pack) -> frozenset[str]:
        """The message as one pack sees it: drugs outside its world become one token."""
        out = set()
        world = self.pack_world[pack.id]
        for t in norm.tokens:
            if t.isdigit():
                continue  # "2 days", "2+2": numbers say little about which question it is
            if t.startswith(SUB) and t[len(SUB) :] not in world:
                out.add(OTHER_DRUG)
            else:
                out.add(t)
        return frozenset(out)

    # -- deciding -----------------------------------------------------------------
    def decide(self, message: Message, foreign: tuple[str, ...]) -> Decision:
        """Rank the whole message and its question parts; a fact scores its best."""
        lexical: dict[str, Candidate] = {}
        # A part that names only the drug ("is that really heroin?") matches "what is
        # heroin" word for word, whatever the rest of the message asks: the whole says more.
        parts = [n for n in message.part_norms if not self._only_drugs(n)]
        for norm in (message.norm, *parts):
            for candidate in self.rank(norm):
                if candidate.fact not in lexical or candidate.score > lexical[candidate.fact].score:
                    lexical[candidate.fact] = candidate
        candidates = self._fuse(lexical, message)
        named = bool(message.norm.substances)
        decision = self._choose(candidates, foreign, self.anchored(message.norm), named)
        topics = tuple(sorted({t[len(TERM) :] for t in message.norm.tokens if t.startswith(TERM)}))
        return replace(decision, topics=topics)

    def _fuse(self, lexical: dict[str, Candidate], message: Message) -> list[Candidate]:
        """Words and meaning together. A fact the words do not support at all (the
        lexical ranker found no phrasing for it, e.g. "what is methadone" against "what
        is heroin") is kept for "did you mean" only: its score stays under the answer
        threshold."""
        w = self.config.semantic_weight
        if self.semantic is None or w <= 0:
            return sorted(lexical.values(), key=lambda c: -c.score)
        meaning: dict[str, float] = {}
        # The sentence model reads the question where it sits: in a long message, its
        # question parts and the whole (a question part may be only "can you sum it
        # up?"; the whole is already encoded by the crisis reader); else the message
        # and its first part, a little discounted.
        long = len(message.text.split()) > LONG_WORDS and message.parts
        whole = message.typed or message.text
        texts = [*message.parts[:2], whole] if long else [message.text, *message.parts[:1]]
        likely: dict[str, float] = {}
        mix = self.config.meaning_mix
        for n, text in enumerate(texts):
            discount = PART_DISCOUNT if n and not long else 1.0
            hits = self.semantic.rank(self.normaliser.plain(text))
            closest = hits[0].score if hits else 0.0
            for hit in hits:
                # The classifier ranks, the nearest phrasing says how close: a fact it
                # finds likely is lifted toward the message's best similarity.
                sim = ((1 - mix) * hit.score + mix * closest * hit.likely) * discount
                meaning[hit.key] = max(sim, meaning.get(hit.key, -1.0))
                likely[hit.key] = max(hit.likely, likely.get(hit.key, 0.0))
        fused = []
        low, high = self.semantic.model.calibration.nothing, self.semantic.model.calibration.same
        for key, sim in meaning.items():
            scaled = min(max((sim - low) / (high - low), 0.0), 1.0)
            lex = lexical.get(key)
            if lex is None:
                score = min((1 - w) * scaled, self.config.answer_threshold - 0.01)
                fused.append(
                    Candidate(key, round(score, 4), "", False, 0.0, round(sim, 4), likely[key])
                )
                continue
            score = w * lex.score + (1 - w) * scaled
            fused.append(
                replace(
                    lex, score=round(score, 4), lexical=lex.score, semantic=sim, likely=likely[key]
                )
            )
        return sorted(fused, key=lambda c: -c.score)

    def _only_drugs(self, norm: Normalised) -> bool:
        return all(t.startswith(SUB) or t.isdigit() for t in norm.tokens)

    def anchored(self, norm: Normalised) -> bool:
        """Does the message name a drug or a drug topic: a topic of its own, or two
        generic ones that are not everyday words ("release" and "die")?"""
        if norm.substances:
            return True
        topics = {t[len(TERM) :] for t in norm.tokens if t.startswith(TERM)}
        return bool(topics - self.generic) or len(topics - self.weak) >= 2

    def rank(self, norm: Normalised) -> list[Candidate]:
        """Facts by score, best first (one candidate per fact)."""
        best: dict[str, Candidate] = {}
        for pack in self.library.packs:
            for candidate in self._rank_pack(norm, pack):
                if candidate.fact not in best or candidate.score > best[candidate.fact].score:
                    best[candidate.fact] = candidate
        return sorted(best.values(), key=lambda c: -c.score)

    def _rank_pack(self, norm: Normalised, pack: Pack) -> list[Candidate]:
        q = self._tokens(norm, pack)
        if not q:
            return []
        weights = {t: self._weight(t) for t in q}
        q_weight = sum(weights.values())
        # A drug named without the pack's own substance must be named by the phrasing too:
        # "what is methadone" may match "what is methadone", never "what is heroin".
        anchors = {t for t in q if t.startswith(SUB) and t[len(SUB) :] in pack.related}
        if any(t[len(SUB) :] in pack.substances for t in q if t.startswith(SUB)):
            anchors = set()
        known = [t for t in q if t in self.df]
        # Every known word finds phrasings, common ones too: when the only rare word is a
        # stray ("tratarlos" in a phrasing about prisons), "como se trata la adiccion"
        # must still reach the treatment phrasings through "addiction". About 0.06 ms more.
        overlap: dict[int, float] = defaultdict(float)
        for t in known:
            w = weights[t]
            for index in self.postings[t]:
                overlap[index] += w
        phrase: dict[str, tuple[float, int]] = {}
        entries = self.entries
        for index, inter in overlap.items():
            entry = entries[index]
            if entry.pack != pack.id or (anchors and not anchors & entry.tokens):
                continue
            # F1 of (share of the message explained, share of the phrasing covered)
            sim = 2 * inter / (q_weight + entry.weight)
            best = phrase.get(entry.key)
            if best is None or sim > best[0]:
                phrase[entry.key] = (sim, index)
        ranked = []
        for key, (sim, index) in phrase.items():
            evidence = (
                sum(
                    w * self.shares[t].get(key, 0.0) for t, w in weights.items() if t in self.shares
                )
                / q_weight
            )
            ranked.append((PHRASE_WEIGHT * sim + EVIDENCE_WEIGHT * evidence, sim, key, index))
        ranked.sort(reverse=True)
        canonical = _canonical(q)
        topics = {
            t
            for t in q
            if (t.startswith(TERM) and t[len(TERM) :] not in self.generic)
            or (t.startswith(SUB) and t[len(SUB) :] not in pack.substances)
        }
        out = []
        for rank, (partial, sim, key, index) in enumerate(ranked):
            entry = self.entries[index]
            score = partial
            if rank < TOP_FACTS:  # the string comparison only where it can change the order
                ratio = fuzz.token_sort_ratio(canonical, entry.canonical) / 100
                score += FUZZ_WEIGHT * ratio * min(1.0, 2 * sim)
            topical = not topics or any(key in self.shares.get(t, {}) for t in topics)
            out.append(Candidate(key, round(score, 4), entry.text, topical, round(score, 4)))
        return out

    def _weight(self, token: str) -> float:
        w = self.weights.get(token)
        if w is not None:
            return w
        if token in self.normaliser.vocabulary or token.startswith(("S:", "T:")):
            return self.known_weight
        return self.unknown_weight

    def _choose(
        self, candidates: list[Candidate], foreign: Iterable[str], anchored: bool, named: bool
    ) -> Decision:
        cfg = self.config
        top3 = tuple(candidates[:3])
        score = top3[0].score if top3 else 0.0

        def decided(
            outcome: Outcome,
            reason: Reason,
            fact: str | None = None,
            shown: tuple[Candidate, ...] = top3,
        ) -> Decision:
            return Decision(outcome, fact, shown, score, reason, tuple(foreign))

        if not candidates or score < cfg.suggest_threshold:
            return decided("fallback", "no close match")
        top = candidates[0]
        lead = score - (candidates[1].score if len(candidates) > 1 else 0.0)
        if not anchored:
            close = tuple(c for c in top3 if c.score >= cfg.answer_threshold)
            if not close:
                return decided("fallback", "not about drugs")
            return decided("suggest", "names no drug or drug topic", shown=close)
        # Naming no drug ("am i addicted to my phone"), the words alone must carry it too:
        # meaning alone finds a heroin fact for almost any question about addiction.
        agreed = named or top.lexical >= UNNAMED_LEXICAL
        clear = (score >= cfg.answer_threshold and lead >= cfg.margin) or (
            score >= cfg.clear_threshold and lead >= cfg.clear_margin
        )
        # Close scores, or no drug named, but the classifier over all of a fact's
        # phrasings is sure of the top fact: on our sets about 95% of these are right.
        # The words must still share a drug topic with that fact (`topical`).
        if top.topical and ((agreed and clear) or top.likely >= cfg.sure):
            return decided("answer", "confident", top.fact)
        close = tuple(
            c for c in top3 if c.score >= cfg.suggest_threshold and c.score >= score - SPREAD
        )
        reason: Reason = "several close matches" if len(close) > 1 else "not sure"
        return decided("suggest", reason, shown=close)


def _canonical(tokens: Iterable[str]) -> str:
    return " ".join(sorted(tokens))
