"""What content may not carry, wherever it is written: raw HTML (a `<script>`, an `<iframe>`, an
`<img onerror=...>`), links with an executable scheme (`javascript:`, `data:`, `vbscript:`), and
relative paths that leave the project. Content is Markdown by contract; the site and the PDFs
print it as such, so anything else is refused at load time with its file and line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ctmanual.frontmatter import Loc, line_at

RAW_HTML_RE = re.compile(r"<(?!https?://|mailto:)[A-Za-z!/][^>]*>")
UNSAFE_LINK_RE = re.compile(r"\]\(\s*<?\s*(javascript|data|vbscript|file)\s*:", re.I)
PATH_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN_RE = re.compile(r"`[^`]*`")


def text_problems(text: str, depth: int = 0) -> str | None:
    """What is wrong with one piece of content text, or None. `depth`: folders between the file
    and the content root, to tell a relative path that leaves the project."""
    text = CODE_SPAN_RE.sub("", text)
    if RAW_HTML_RE.search(text):
        return "raw HTML is not allowed in content: use Markdown instead"
    if (match := UNSAFE_LINK_RE.search(text)):
        return f"a '{match.group(1).lower()}:' link is not allowed: link by id (module:, session:, ...) or to an https:// address"
    for target in PATH_LINK_RE.findall(text):
        if _leaves(target, depth):
            return f"the path '{target}' leaves the project: use a path inside it, or link by id"
    return None


def body_problems(body: str, depth: int) -> Iterator[tuple[int, str]]:
    """(0-based line, message) for each line of a Markdown body that breaks the rules, outside code fences."""
    in_fence = False
    for number, line in enumerate(body.split("\n")):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence and (message := text_problems(line, depth)):
            yield number, message


def value_problems(data: Any, lines: dict[Loc, int], depth: int = 0) -> Iterator[tuple[int, str]]:
    """(line, message) for each string value of parsed YAML that breaks the rules."""
    for loc, value in string_values(data, ()):
        if (message := text_problems(value, depth)):
            yield line_at(lines, loc), message


def string_values(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from string_values(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from string_values(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data


def _leaves(target: str, depth: int) -> bool:
    if "://" in target or target.startswith(("#", "mailto:")) or ":" in target.split("/")[0]:
        return False
    level = depth
    for part in Path(target.split("#")[0]).parts:
        if part == "..":
            level -= 1
            if level < 0:
                return True
        elif part not in (".", ""):
            level += 1
    return target.startswith("/")

