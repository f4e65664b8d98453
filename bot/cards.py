"""The emergency and support cards, filled in for the operator's country."""

from __future__ import annotations

from dataclasses import dataclass

from bot import payloads
from bot.config import ConfigError, EmergencyConfig
from bot.model import Country, HelpLine, Library
from bot.reply import Button, Reply
from bot.texts import Texts


@dataclass(frozen=True)
class EmergencySetup:
    """Where the operator runs the bot: which number the card tells people to call."""

    country: Country | None
    number: str  # empty: unknown, the card names several countries' numbers instead
    extra_lines: tuple[HelpLine, ...] = ()


def resolve(config: EmergencyConfig, library: Library) -> EmergencySetup:
    countries = library.support.countries
    extra = tuple(HelpLine(x.name, x.number, x.note) for x in config.lines)
    if not config.country:
        return EmergencySetup(None, config.number, extra)
    country = countries.get(config.country)
    if country is None:
        if not config.number:
            raise ConfigError(
                f"[emergency] country {config.country!r} is not in the support card, "
                f"support.yaml ({', '.join(sorted(countries))}); set [emergency] number for it"
            )
        country = Country(config.country, config.country, config.number, ())
    return EmergencySetup(country, config.number or country.emergency, extra)


def _examples(library: Library) -> str:
    """ "911 (US, Canada) - 999 (UK) - ...": every number once, with where it applies."""
    where: dict[str, list[str]] = {}
    for country in library.support.countries.values():
        where.setdefault(country.emergency, []).append(country.label)
    return " - ".join(f"{number} ({', '.join(names)})" for number, names in where.items())


def country_buttons(library: Library) -> tuple[tuple[Button, ...], ...]:
    """One tap picks a country: its help lines and emergency number."""
    buttons = tuple(
        Button(c.label, payloads.support(c.code)) for c in library.support.countries.values()
    )
    return tuple(buttons[i : i + 3] for i in range(0, len(buttons), 3))


def emergency_reply(
    library: Library, setup: EmergencySetup, texts: Texts, alone: bool = False
) -> Reply:
    """The overdose card; ``alone`` when the writer is the one overdosing, with nobody there."""
    card = library.emergency
    number = _number(setup, texts)
    chosen = card.alone_steps if alone and card.alone_steps else card.steps
    steps = tuple(
        f"{i}. {step.format(emergency_number=number)}" for i, step in enumerate(chosen, 1)
    )
    rows: list[tuple[Button, ...]] = []
    if not setup.number:  # the numbers by country, first, and a button per country
        steps = (texts.emergency_numbers.format(examples=_examples(library)), *steps)
        rows += country_buttons(library)
    rows += [
        (Button(texts.support_button, payloads.support()),),
        (Button(texts.all_topics, payloads.TOPICS),),
    ]
    return Reply("emergency", card.title, steps, card.sources, tuple(rows))


def _number(setup: EmergencySetup, texts: Texts) -> str:
    """What the cards' steps call: the operator's number, else the words for it."""
    return setup.number or texts.emergency_number_generic


def crisis_reply(library: Library, setup: EmergencySetup, texts: Texts) -> Reply:
    """The crisis card, then the crisis lines where the operator runs the bot (or all)."""
    number = _number(setup, texts)
    card = library.crisis
    paragraphs = [p.format(emergency_number=number) for p in card.paragraphs]
    countries = [setup.country] if setup.country else list(library.support.countries.values())
    lines = [(country, line) for country in countries for line in country.lines if line.crisis]
    for country, line in lines:
        where = "" if setup.country else f" ({country.name})"
        paragraphs.append(f"{line.name}{where}: {line.number}")
    sources = tuple(card.sources) + tuple(
        dict.fromkeys(line.source for _, line in lines if line.source)
    )
    buttons = (
        (Button(texts.support_button, payloads.support()),),
        (Button(texts.emergency_button, payloads.EMERGENCY),),
    )
    return Reply("crisis", card.title, tuple(paragraphs), sources, buttons)


def support_reply(library: Library, setup: EmergencySetup, texts: Texts, code: str) -> Reply:
    countries = library.support.countries
    country = countries.get(code) if code else setup.country
    others = tuple(
        Button(c.name, payloads.support(c.code))
        for c in countries.values()
        if country is None or c.code != country.code
    )
    rows: list[tuple[Button, ...]] = [others[i : i + 2] for i in range(0, len(others), 2)]
    rows.append((Button(texts.all_topics, payloads.TOPICS),))
    title = library.support.title
    if country is None:
        unknown = (
            texts.support_unknown.format(examples=_examples(library)),
            texts.support_pick_country,
        )
        return Reply("support", title, unknown, (), tuple(rows))
    lines = list(country.lines)
    number = country.emergency
    if setup.country is not None and country.code == setup.country.code:
        lines += setup.extra_lines
        number = setup.number or number
    paragraphs = [
        texts.support_intro.format(country=country.name),
        texts.support_emergency.format(number=number),
    ]
    paragraphs += [
        f"{line.name}: {line.number}" + (f" ({line.note})" if line.note else "") for line in lines
    ]
    sources = tuple(dict.fromkeys(line.source for line in lines if line.source))
    return Reply("support", title, tuple(paragraphs), sources, tuple(rows))
