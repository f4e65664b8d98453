"""Rendering core replies as Telegram HTML: escaping, sources, splitting, buttons."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_bot_api import parse_html

from bot.core import Core
from bot.model import Source
from bot.reply import Button, Reply
from bot.telegram.render import MAX_MESSAGE_CHARS, render, render_html, source_line

SRC = Source(
    "s1",
    "Drug Policy Alliance",
    "Facts About Heroin",
    "https://drugpolicy.org/drug-fact/heroin/?a=1&b=2",
    reviewed=dt.date(2023, 5, 2),
)


def test_everything_is_escaped(core: Core) -> None:
    reply = Reply(
        "answer",
        'Is <b> & "x" ok?',
        ("1 < 2 & 3 > 2 <script>",),
        (SRC,),
        ((Button("Next <fact>", "t"),),),
    )
    [(body, markup)] = render(reply, core.texts)
    text, entities = parse_html(body)  # the fake parses exactly like Telegram, strictly
    assert text.startswith('Is <b> & "x" ok?\n\n1 < 2 & 3 > 2 <script>\n\n')
    assert [e["type"] for e in entities][:1] == ["bold"]
    assert markup is not None
    assert markup.inline_keyboard[0][0].text == "Next <fact>"  # button labels are plain text


def test_source_line_format(core: Core) -> None:
    line = source_line(SRC, core.texts)
    assert line == (
        '<a href="https://drugpolicy.org/drug-fact/heroin/?a=1&amp;b=2">'
        "Drug Policy Alliance: Facts About Heroin</a> (reviewed 2023-05-02)"
    )
    published = Source("s2", "P", "T", "https://x.org", published=dt.date(2021, 6, 1))
    assert source_line(published, core.texts).endswith("(published 2021-06-01)")
    body = render_html(Reply("answer", "Q", ("A",), (SRC, published)), core.texts)[0]
    assert body.endswith(
        "\n".join(
            [
                f"<i>{core.texts.sources_label}:</i> " + source_line(SRC, core.texts),
                source_line(published, core.texts),
            ]
        )
    )


def test_real_fact_renders_in_one_message(core: Core) -> None:
    for fact in core.library.ordered_facts:
        chunks = render(core.conversation.answer(fact), core.texts)
        assert len(chunks) == 1, fact.key
        parse_html(chunks[0][0])
    [(card, _)] = render(core.conversation.emergency(), core.texts)
    assert card.startswith("<b>")


def _paragraphs(n: int, size: int) -> tuple[str, ...]:
    return tuple(f"P{i} " + "word & more " * (size // 12) for i in range(n))


def test_split_at_paragraphs_with_buttons_on_the_last(core: Core) -> None:
    reply = Reply("answer", "Title", _paragraphs(12, 700), (SRC,), ((Button("x", "t"),),))
    chunks = render(reply, core.texts)
    assert len(chunks) >= 3
    assert all(len(body) <= MAX_MESSAGE_CHARS for body, _ in chunks)
    assert [markup is not None for _, markup in chunks] == [False] * (len(chunks) - 1) + [True]
    joined = "\n\n".join(parse_html(body)[0] for body, _ in chunks)
    assert joined == parse_html(render_html(reply, core.texts, limit=10**9)[0])[0]
    for body, _ in chunks:
        assert not body.startswith("\n")
        text, _ = parse_html(body)
        assert text.split("\n\n")[0].startswith(("Title", "P", core.texts.sources_label))


def test_split_at_lines_then_hard_cut(core: Core) -> None:
    lines = "\n".join(f"line {i} " + "x" * 300 for i in range(30))
    one_word = "&" * 9000  # escapes to 5 characters each: the cut must count that
    reply = Reply("answer", "", (lines, one_word))
    chunks = render_html(reply, core.texts)
    assert all(len(body) <= MAX_MESSAGE_CHARS for body in chunks)
    text = "".join(parse_html(body)[0] for body in chunks)
    assert text.count("&") == 9000
    assert parse_html(chunks[0])[0].startswith("line 0 ")


@pytest.mark.parametrize("limit", [50, 200, 1000])
def test_small_limits_never_break_html(core: Core, limit: int) -> None:
    reply = Reply("answer", "A <long> title " * 10, _paragraphs(3, 300), (SRC,))
    for body in render_html(reply, core.texts, limit=limit):
        assert len(body) <= limit
        parse_html(body)


def test_no_buttons_no_keyboard(core: Core) -> None:
    [(_, markup)] = render(Reply("help", "", ("hi",)), core.texts)
    assert markup is None
    [(body, _)] = render(Reply("help", "", ()), core.texts)
    assert body  # never an empty message
