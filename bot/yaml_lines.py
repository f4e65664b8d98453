"""Safe YAML loading that remembers where each value came from.

``yaml.safe_load`` forgets line numbers and silently keeps the last of two equal keys;
content errors must name the line, and a duplicated key is almost always a mistake.
libyaml's C loader (``CSafeLoader``) is used when PyYAML was built with it: the same
safe constructor and the same node marks (so the same line numbers), parsed about ten
times faster; the pure-Python ``SafeLoader`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

YamlPath = tuple[str | int, ...]
Loader = type[yaml.SafeLoader] | type[yaml.CSafeLoader]
LOADER: Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LoadedYaml:
    data: Any
    lines: dict[YamlPath, int]
    duplicates: tuple[tuple[YamlPath, int], ...]

    def line(self, path: YamlPath) -> int:
        """Line of the nearest enclosing value that YAML placed (1-based)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load(path: Path, loader_class: Loader | None = None) -> LoadedYaml:
    """Parse with a safe loader only (default ``LOADER``); raise YamlError with a line on
    any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(f"cannot read file: {exc}", 1) from exc
    loader = (loader_class or LOADER)(text)
    try:
        node = loader.get_single_node()
        lines: dict[YamlPath, int] = {}
        duplicates: list[tuple[YamlPath, int]] = []
        if node is None:
            return LoadedYaml(None, {(): 1}, ())
        _walk(node, (), lines, duplicates)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"malformed YAML: {problem}", line) from exc
    finally:
        loader.dispose()
    return LoadedYaml(data, lines, tuple(duplicates))


def _walk(
    node: yaml.Node,
    path: YamlPath,
    lines: dict[YamlPath, int],
    duplicates: list[tuple[YamlPath, int]],
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                duplicates.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, (*path, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, duplicates)
