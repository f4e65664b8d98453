"""What a check finds: problems (file, line, item, field, message), the rules it applies,
and the report or error it ends in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from bot.model import (
    Library,
)

WarningKind = Literal["old", "long-answer", "uncited", "long-step"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    item: str
    field: str
    message: str
    severity: str = "error"
    kind: WarningKind | None = None  # warnings only: how `hrbot check` groups them
    note: str = ""  # warnings only: the short detail shown in the grouped line

    def __str__(self) -> str:
        where = f"{self.item}: " if self.item else ""
        what = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {self.severity}: {where}{what}{self.message}"


@dataclass(frozen=True)
class CheckRules:
    """The operator's content policy (from ``[content]`` in the config)."""

    answer_budget: int = 900
    max_age_days: int = 730
    require_review: bool = False
    today: dt.date = field(default_factory=dt.date.today)


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Report:
    library: Library | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
