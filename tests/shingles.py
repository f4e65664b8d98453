"""Hashed 8-word runs of the source texts, so the copy check runs without the texts.

The answers must not repeat eight words in a row of the fact sheet they are based on
(the seed) or of the writing brief. Those texts live in the project's shared working
folder, not in this repository, and are not ours to redistribute; what ships instead is
``tests/data/source-shingles.txt``: one truncated SHA-256 per distinct 8-word run.

Regenerate it from the repository root, with ``../shared`` beside the repository or
the shared folder named:

    python -m tests.shingles [SHARED_DIR]
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

RUN = 8  # words in a row that count as copying
HEX = 16  # hex digits kept of each SHA-256 (64 bits: no accidental collisions here)
ROOT = Path(__file__).resolve().parent.parent
SHINGLES = ROOT / "tests" / "data" / "source-shingles.txt"
SHARED = ROOT.parent / "shared"
SOURCES = ("seeds/dpa-facts-about-heroin-q6.txt", "content/fact-brief.md")  # in SHARED


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    """Every n words in a row, lowercased, punctuation dropped."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def digest(run: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:HEX]


def hashed(text: str) -> set[str]:
    return {digest(r) for r in runs(text)}


def load(path: Path = SHINGLES) -> set[str]:
    """The hashes in a shingle file (lines starting with # are the header)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def render(shared: Path, sources: Iterable[str] = SOURCES) -> str:
    """The file's text: a header saying how it was made, then the sorted hashes."""
    names = list(sources)
    hashes: set[str] = set()
    for name in names:
        hashes |= hashed((shared / name).read_text(encoding="utf-8"))
    header = [
        f"# SHA-256 (first {HEX} hex digits) of every {RUN}-word run of the source texts,",
        "# lowercased, words = runs of [a-z0-9], joined by one space. Made by",
        "# `python -m tests.shingles [SHARED_DIR]` from these files of the project's",
        "# shared working folder (../shared beside the repository during development):",
        *(f"#   shared/{name}" for name in names),
        f"# {len(hashes)} hashes. The texts themselves are not in this repository.",
    ]
    return "\n".join(header + sorted(hashes)) + "\n"


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else SHARED
    missing = [str(shared / name) for name in SOURCES if not (shared / name).exists()]
    if missing:
        print(f"cannot regenerate: missing {', '.join(missing)}", file=sys.stderr)
        return 1
    SHINGLES.parent.mkdir(parents=True, exist_ok=True)
    SHINGLES.write_text(render(shared), encoding="utf-8")
    print(f"wrote {SHINGLES}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
