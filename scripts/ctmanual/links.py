"""Content links by id (`module:identification`, `principle:8` ...).

Authors link by id so that content does not depend on where the site engine
puts files. `referral:` names the referral guidance: `referral:` (the lookup),
`referral:indicators`, `referral:<country>`, `referral:<country>/<situation>`. The loader checks that targets exist; the assembler rewrites them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

SCHEMES = ("module", "session", "handout", "principle", "glossary", "catalogue", "source", "competency", "referral")
LINK_RE = re.compile(r"\]\((?P<scheme>" + "|".join(SCHEMES) + r"):(?P<target>[^)\s]*)\)")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN_RE = re.compile(r"(`+).*?\1")


@dataclass(frozen=True)
class Link:
    scheme: str
    target: str
    line: int  # 0-based line within the text
    start: int
    end: int


def find_links(text: str) -> Iterator[Link]:
    """Every id link in Markdown text, outside fenced code blocks."""
    in_fence = False
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            code = [m.span() for m in CODE_SPAN_RE.finditer(line)]  # in order, apart
            starts = [start for start, _ in code]
            for match in LINK_RE.finditer(line):
                before = bisect_right(starts, match.start()) - 1  # the last code span starting at or before it
                if before >= 0 and match.start() < code[before][1]:
                    continue  # a link in a code span (one search: a long line may hold thousands of each)
                yield Link(match["scheme"], match["target"], number, offset + match.start(), offset + match.end())
        offset += len(line) + 1


def replace_links(text: str, resolve) -> str:
    """Rewrite each id link with `resolve(link) -> url`."""
    parts: list[str] = []
    last = 0
    for link in find_links(text):
        parts.append(text[last : link.start])
        parts.append(f"]({resolve(link)})")
        last = link.end
    parts.append(text[last:])
    return "".join(parts)
