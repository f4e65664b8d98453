"""The content folder: read and checked (packs, cards, word lists, reviews).

Every problem is collected (not just the first) and names file, line, item and field,
so one run of ``hrbot check`` shows an editor everything to fix. Loading either returns
a complete Library or raises; the bot never runs on half-loaded content.

    folder.py              one folder: each file by its kind (a table), then across files
    fields.py              the shapes every file is checked against
    pack_reader.py         kind: pack
    card_readers.py        kind: emergency, crisis, support
    vocabulary_readers.py  kind: lexicon, triage
    review_reader.py       kind: reviews
    problems.py            Problem, CheckRules, Report, ContentError
    summary.py             what `hrbot check` prints
"""

from bot.content.folder import KINDS, check_folder, load_library
from bot.content.problems import CheckRules, ContentError, Problem, Report
from bot.content.summary import grouped_warnings, review_lines, summarise

__all__ = [
    "KINDS",
    "CheckRules",
    "ContentError",
    "Problem",
    "Report",
    "check_folder",
    "grouped_warnings",
    "load_library",
    "review_lines",
    "summarise",
]
