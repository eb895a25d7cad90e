"""The guides in docs/: their front matter checked, every problem with its file and line.

A guide's front matter may hold `title` (text), `order` (a whole number: its place under Guides) and
`readers` (true or false). Guides for readers (trainers, practitioners, translators) are published
under Guides on the site in every language; `readers: false` marks a contributor document
(architecture, content model, ...), which stays in the repository's docs/ folder and is not published.
"""

from __future__ import annotations

from pathlib import Path

from ctmanual.frontmatter import FrontMatterError, split_front_matter
from ctmanual.problems import ProblemList

FIELDS = {"title": (str, "a text"), "order": (int, "a whole number"), "readers": (bool, "true or false")}


def check_guides(folder: Path, problems: ProblemList) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue  # no front matter: title from the first heading, published for readers
        try:
            parsed = split_front_matter(text)
        except FrontMatterError as err:
            problems.error(path, err.line, str(err))
            continue
        if parsed.data is None:
            continue
        if not isinstance(parsed.data, dict):
            problems.error(path, 2, "front matter must be keys and values (title, order, readers)")
            continue
        for key, value in parsed.data.items():
            line = parsed.lines.get((key,), 2)
            if key not in FIELDS:
                problems.error(path, line, f"'{key}' is not a known field of a guide: use {', '.join(FIELDS)}")
                continue
            kind, wanted = FIELDS[key]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                problems.error(path, line, f"'{key}' must be {wanted}, not {value!r}")
