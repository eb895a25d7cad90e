"""Split a Markdown file into YAML front matter and body, keeping line numbers.

PyYAML's composer gives every node its position; we keep a map from each
field's location (as pydantic reports it) to its line in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Loc = tuple[Any, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Parsed:
    data: Any
    lines: dict[Loc, int]
    body: str
    body_line: int


def split_front_matter(text: str) -> Parsed:
    """Parse `---` front matter at the top of `text`; lines are 1-based file lines."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "no front matter: the file must start with a line '---', then YAML, then '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise FrontMatterError(1, "front matter is not closed: add a line '---' after the YAML block") from None
    yaml_text = "\n".join(lines[1:end])
    data, positions = parse_yaml(yaml_text, first_line=2)
    body = "\n".join(lines[end + 1 :])
    return Parsed(data, positions, body, end + 2)


def parse_yaml(text: str, first_line: int = 1, loader: type = _Loader) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML text; return the data and a map from location to line. `loader`: a safe loader
    class (one that reads more tags: mkdocs.yml's, see settings.py)."""
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = min(first_line + (mark.line if mark else 0), first_line + text.count("\n"))
        raise FrontMatterError(line, f"YAML syntax error: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise FrontMatterError(first_line, f"YAML error: {err}") from None
    if node is None:
        return None, {(): first_line}
    positions: dict[Loc, int] = {}
    _record(node, (), positions, first_line)
    last = first_line + text.rstrip("\n").count("\n")  # YAML marks an empty value after the last line
    positions = {loc: min(line, last) for loc, line in positions.items()}
    try:
        data = loader("").construct_document(node)  # from the nodes already parsed
    except yaml.YAMLError as err:
        raise FrontMatterError(first_line, f"YAML error: {err}") from None
    return data, positions


def _record(node: yaml.Node, loc: Loc, positions: dict[Loc, int], first_line: int) -> None:
    positions[loc] = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = first_line + key.start_mark.line
            if not isinstance(key, yaml.ScalarNode):
                raise FrontMatterError(line, "a key must be a word or a quoted text, not a list or a mapping")
            if key.value in seen:
                # YAML keeps the last value silently: a repeated key is almost always a slip.
                raise FrontMatterError(line, f"'{key.value}' appears twice (also on line {seen[key.value]}): "
                                             "keep one")
            seen[key.value] = line
            child = loc + (key.value,)
            _record(value, child, positions, first_line)
            positions[child] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, loc + (index,), positions, first_line)


def line_at(lines: dict[Loc, int], loc: Loc) -> int:
    """The line of `loc`, or of the nearest enclosing key that has one (a missing field: its parent)."""
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)
