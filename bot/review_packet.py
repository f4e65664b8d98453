"""The reviewer packet: one self-contained HTML file with everything a reviewer signs.

No scripts, fonts or images from elsewhere, so it opens offline, prints cleanly, and
can be sent by email. Every item shows the exact text, its sources with dates, the hash
that a signature will cover, and a box to sign.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable

from bot.model import Library, Source
from bot.reviews import ItemKind, ReviewStatus, statuses

STYLE = """
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#111}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2.5rem;border-top:2px solid #333;
padding-top:1rem}.meta{color:#555;font-size:.9rem}.state-missing,.state-stale{color:#a40000}
.state-valid{color:#146c2e}ol.steps li{margin:.3rem 0}code{font-size:.8rem;word-break:break-all}
.sign{border:1px solid #333;padding:.8rem;margin-top:1rem}.line{border-bottom:1px solid #777;
height:1.6rem;margin:.2rem 0 .8rem}section{page-break-inside:avoid}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_e(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _sources(sources: Iterable[Source]) -> str:
    rows = []
    for s in sources:
        date = ""
        if s.reviewed:
            date = f" (reviewed {s.reviewed.isoformat()})"
        elif s.published:
            date = f" (published {s.published.isoformat()})"
        via = f" <span class=meta>read via {_e(s.via)}</span>" if s.via else ""
        rows.append(
            f'<li>{_e(s.publisher)}: <a href="{_e(s.url)}">{_e(s.title)}</a>{_e(date)}{via}</li>'
        )
    return "<h3>Sources</h3><ul>" + "".join(rows) + "</ul>" if rows else ""


def _state(status: ReviewStatus) -> str:
    record = status.record
    if status.state == "valid" and record:
        return f"<span class=state-valid>Reviewed by {_e(record.role)} on {record.date}</span>"
    if status.state == "stale" and record:
        return (
            f"<span class=state-stale>Changed since the review by {_e(record.role)} "
            f"on {record.date}: needs a new review</span>"
        )
    return "<span class=state-missing>Not yet reviewed</span>"


def _fact(library: Library, item_id: str) -> str:
    fact = library.facts[item_id]
    return _paragraphs(fact.answer) + _sources(fact.sources)


def _emergency(library: Library, item_id: str) -> str:
    card = library.emergency
    out = "<h3>Steps (someone helping another person)</h3><ol class=steps>"
    out += "".join(f"<li>{_e(step)}</li>" for step in card.steps) + "</ol>"
    if card.alone_steps:
        out += "<h3>Steps (someone alone who took too much)</h3><ol class=steps>"
        out += "".join(f"<li>{_e(step)}</li>" for step in card.alone_steps) + "</ol>"
    out += "<p class=meta>{emergency_number} is filled in with the local number.</p>"
    return out + _sources(card.sources)


def _crisis(library: Library, item_id: str) -> str:
    card = library.crisis
    out = "".join(_paragraphs(p) for p in card.paragraphs)
    out += "<p class=meta>{emergency_number} is filled in with the local number; the crisis "
    out += "lines of the support card follow the text (reviewed with the support card).</p>"
    return out + _sources(card.sources)


def _support(library: Library, item_id: str) -> str:
    out = ""
    for country in library.support.countries.values():
        out += f"<h3>{_e(country.name)}: emergency {_e(country.emergency)}</h3><ul>"
        for line in country.lines:
            note = f" ({_e(line.note)})" if line.note else ""
            out += f"<li>{_e(line.name)}: <b>{_e(line.number)}</b>{note}</li>"
        out += "</ul>"
    return out + _sources(library.support.sources)


BODIES: dict[ItemKind, Callable[[Library, str], str]] = {
    "fact": _fact,
    "emergency": _emergency,
    "crisis": _crisis,
    "support": _support,
}
"""The text a reviewer reads, by kind of item: exactly what the item's hash covers."""


def _body(library: Library, status: ReviewStatus) -> str:
    return BODIES[status.item.kind](library, status.item.id)


def _sign_box(status: ReviewStatus) -> str:
    item = status.item
    command = f'hrbot review sign {item.id} --role "ROLE" --hash {item.sha256}'
    return (
        "<div class=sign><b>Sign-off for this item</b>"
        "<div class=meta>Reviewer's role (required; shown to users):</div><div class=line></div>"
        "<div class=meta>Name (only if you agree to it being kept):</div><div class=line></div>"
        "<div class=meta>Date:</div><div class=line></div>"
        "<div class=meta>Corrections needed (leave empty if none):</div><div class=line></div>"
        "<div class=line></div>"
        f"<div class=meta>Text hash: <code>{item.sha256}</code></div>"
        f"<div class=meta>To record it: <code>{_e(command)}</code></div></div>"
    )


def build_packet(library: Library, language: str = "", today: dt.date | None = None) -> str:
    """The whole packet; ``language`` keeps only packs in that language (cards always)."""
    today = today or dt.date.today()
    keep = {f.key for p in library.packs if not language or p.language == language for f in p.facts}
    chosen = [s for s in statuses(library) if s.item.kind != "fact" or s.item.id in keep]
    done = sum(s.state == "valid" for s in chosen)
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width,initial-scale=1'>",
        f"<title>hrbot reviewer packet {today.isoformat()}</title><style>{STYLE}</style></head>",
        "<body><h1>Reviewer packet: every answer and card the bot sends</h1>",
        f"<p class=meta>Made on {today.isoformat()}. {len(chosen)} items; {done} have a "
        "current review. Please check each item for accuracy, safety and clarity for people "
        "who use drugs and the people around them. Sign an item only if it can be sent as it "
        "is. The hash identifies the exact text: if the text changes, the signature no longer "
        "applies and the bot shows the item as not yet checked.</p>",
    ]
    for status in chosen:
        item = status.item
        parts.append(
            f"<section id='{_e(item.id)}'><h2>{_e(item.title)}</h2>"
            f"<p class=meta>Item <code>{_e(item.id)}</code> &middot; {_state(status)}</p>"
            + _body(library, status)
            + _sign_box(status)
            + "</section>"
        )
    parts.append("</body></html>\n")
    return "".join(parts)
