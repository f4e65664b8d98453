"""``hrbot review sign`` and ``hrbot review export``: the I/O edge of the review workflow.

Signing only ever appends to facts/reviews.yaml, so content files are never rewritten and
a reviewer's record is a one-line-per-field diff that is easy to audit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.content import check_folder
from bot.model import Library
from bot.review_packet import build_packet
from bot.reviews import items, new_record, record_yaml

REVIEWS_FILE = "reviews.yaml"
HEADER = """# Review records, appended by `hrbot review sign` (see facts/README.md, "Reviews").

kind: reviews
records:
"""


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    """``parents``: what every command takes (``--config``)."""
    summary = "sign off reviewed content, or export a packet"
    review = sub.add_parser("review", help=summary, description=summary, parents=parents)
    actions = review.add_subparsers(dest="review_command", required=True)
    sign = actions.add_parser("sign", help="record that a qualified person checked ITEM")
    sign.add_argument(
        "item", help="a fact key such as heroin/overdose, or emergency, crisis, support"
    )
    sign.add_argument("--role", required=True, help='e.g. "harm-reduction nurse" (shown to users)')
    sign.add_argument("--by", default="", help="the reviewer's name, only with their consent")
    sign.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    sign.add_argument("--note", default="")
    sign.add_argument("--hash", default="", help="the hash from the packet: refuse if it changed")
    sign.add_argument("--facts", type=Path, help="content folder (default: from the config)")
    export = actions.add_parser("export", help="write the reviewer packet (one HTML file)")
    export.add_argument("out", type=Path)
    export.add_argument("--lang", default="", help="only packs in this language")
    export.add_argument("--facts", type=Path, help="content folder (default: from the config)")


def run(args: argparse.Namespace, facts_dir: Path) -> int:
    folder: Path = args.facts or facts_dir
    report = check_folder(folder)  # no require_review here: signing is how you satisfy it
    if report.library is None:
        for problem in report.errors:
            print(problem, file=sys.stderr)
        print(f"hrbot review: {folder}: content has errors; fix them first", file=sys.stderr)
        return 1
    if args.review_command == "export":
        return _export(report.library, args)
    return _sign(report.library, args, folder)


def _export(library: Library, args: argparse.Namespace) -> int:
    languages = {p.language for p in library.packs}
    if args.lang and args.lang not in languages:
        print(
            f"hrbot review export: no pack in language {args.lang!r} "
            f"(have: {', '.join(sorted(languages))})",
            file=sys.stderr,
        )
        return 2
    out: Path = args.out
    out.write_text(build_packet(library, args.lang), encoding="utf-8")
    print(f"hrbot review export: wrote {out}")
    return 0


def _sign(library: Library, args: argparse.Namespace, folder: Path) -> int:
    by_id = {item.id: item for item in items(library)}
    item = by_id.get(args.item)
    if item is None:
        print(
            f"hrbot review sign: no item {args.item!r}; items: {', '.join(by_id)}",
            file=sys.stderr,
        )
        return 2
    if args.hash and args.hash != item.sha256:
        print(
            f"hrbot review sign: {item.id} changed since the packet was made "
            f"(packet {args.hash[:12]}..., now {item.sha256[:12]}...): export a new packet",
            file=sys.stderr,
        )
        return 1
    try:
        when = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"hrbot review sign: --date {args.date!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2
    if when > dt.date.today():
        print(f"hrbot review sign: --date {when} is in the future", file=sys.stderr)
        return 2
    if not args.role.strip():
        print("hrbot review sign: --role must not be empty", file=sys.stderr)
        return 2
    record = new_record(item, args.role.strip(), args.by.strip(), when, args.note.strip())
    _append(folder / REVIEWS_FILE, record_yaml(record))
    print(f"hrbot review sign: {item.id} signed by {record.role} on {when} ({item.sha256[:12]}...)")
    return 0


def _append(path: Path, entry: str) -> None:
    """Append one record; turn an empty ``records: []`` into a block list first."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if "records: []" in text:
        text = text.replace("records: []", "records:", 1)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + entry, encoding="utf-8")
