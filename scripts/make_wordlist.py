"""Regenerate bot/lang/en_words.txt, the common English words typo fixing never touches.

Source: SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson), size 35 ("small"),
as Debian packages it: wamerican-small and wbritish-small (/usr/share/dict/*-small).
Licence: SCOWL's permissive licence, copied to bot/lang/en_words.LICENSE.

    apt-get install wamerican-small wbritish-small
    python scripts/make_wordlist.py /usr/share/dict/american-english-small \
        /usr/share/dict/british-english-small > bot/lang/en_words.txt

Kept: lowercase ASCII words of 4 or more letters (typo fixing ignores shorter words),
possessives dropped. One word per line, sorted, so a diff shows what changed.
"""

from __future__ import annotations

import re
import sys

WORD = re.compile(r"[a-z]{4,}")


def main(paths: list[str]) -> None:
    words: set[str] = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w.endswith("'s"):
                    continue
                if WORD.fullmatch(w):  # proper nouns (capitalised) and accented words skipped
                    words.add(w)
    sys.stdout.write("".join(w + "\n" for w in sorted(words)))


if __name__ == "__main__":
    main(sys.argv[1:])
