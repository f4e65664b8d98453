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
    """ "911 (US, CA), 999 (GB), ...": every number once, with where it applies."""
    where: dict[str, list[str]] = {}
    for country in library.support.countries.values():
        where.setdefault(country.emergency, []).append(country.code)
    return ", ".join(f"{number} ({', '.join(codes)})" for number, codes in where.items())


def emergency_reply(library: Library, setup: EmergencySetup, texts: Texts) -> Reply:
    number = setup.number or texts.emergency_number_generic.format(examples=_examples(library))
    card = library.emergency
    steps = tuple(
        f"{i}. {step.format(emergency_number=number)}" for i, step in enumerate(card.steps, 1)
    )
    buttons = (
        (Button(texts.support_button, payloads.support()),),
        (Button(texts.all_topics, payloads.TOPICS),),
    )
    return Reply("emergency", card.title, steps, card.sources, buttons)


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
