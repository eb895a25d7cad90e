"""The guides in docs/ and their translations: front matter checked, every problem with its file and line.

A guide's front matter may hold `title` (text), `order` (a whole number: its place under Guides) and
`readers` (true or false). Guides for readers (trainers, practitioners, translators) are published
under Guides on the site in every language; `readers: false` marks a contributor document
(architecture, content model, ...), which stays in the repository's docs/ folder and is not published.
A guide for readers is translated at translations/<lang>/guides/<name>.md: its title translated, its
`order` and `readers` kept; a contributor document is not translated. A guide for readers may link to the
content by id (`session:...`), as content does; the links are checked here and rewritten by the assembler.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctmanual.frontmatter import FrontMatterError, Parsed, split_front_matter
from ctmanual.load.checks import check_text_links
from ctmanual.load.facts import file_facts
from ctmanual.problems import ProblemList
from ctmanual.project import Project
from ctmanual.reader_guides import KEPT_FIELDS, reader_guides
from ctmanual.safe_input import InputRefused, read_bounded
from ctmanual.settings import GUIDES_PREFIX

FIELDS = {"title": (str, "a text"), "order": (int, "a whole number"), "readers": (bool, "true or false")}


def check_guides(project: Project, problems: ProblemList) -> None:
    """Every guide's front matter; the id links (`session:...`) of the guides for readers point to something."""
    folder = project.settings.guides_dir
    if not folder.is_dir():
        return
    readers = set(reader_guides(folder))
    for path in sorted(folder.glob("*.md")):
        parsed = _checked_front_matter(path, problems)
        if parsed is not None and path in readers:
            check_text_links(path, parsed.body, parsed.body_line, project.source, problems)


def load_guide_translations(project: Project, problems: ProblemList) -> None:
    """The facts of each guide for readers and of each translation of one (for translation states), each
    translation's front matter checked against its guide's; a file that translates no guide for readers
    is an error."""
    settings = project.settings
    guides = {path.name: path for path in reader_guides(settings.guides_dir)}
    for name, path in guides.items():
        if (facts := file_facts(path, GUIDES_PREFIX + name)) is not None:
            project.source.files[GUIDES_PREFIX + name] = facts
    inside = settings.guides_dir.is_relative_to(settings.root)
    shown = settings.guides_dir.relative_to(settings.root).as_posix() if inside else str(settings.guides_dir)
    for code, corpus in project.translations.items():
        folder = settings.translations_dir / code / GUIDES_PREFIX.rstrip("/")
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []:
            name = path.relative_to(folder).as_posix()
            if name not in guides:
                problems.error(path, 1, _not_a_guide(name, settings.guides_dir / name, shown))
                continue
            translated = _checked_front_matter(path, problems)
            source = _checked_front_matter(guides[name], ProblemList())  # the guide's own problems: check_guides
            if translated is not None:
                check_text_links(path, translated.body, translated.body_line, project.source, problems)
                if source is not None:
                    _kept(path, source, translated, f"{shown}/{name}", problems)
            if (facts := file_facts(path, GUIDES_PREFIX + name)) is not None:
                corpus.files[GUIDES_PREFIX + name] = facts


def _not_a_guide(name: str, source: Path, shown: str) -> str:
    if source.suffix == ".md" and source.is_file():
        return (f"{shown}/{name} is a contributor document (`readers: false`): contributor documents stay in "
                "English and are not translated: remove this file")
    return (f"no guide for readers {shown}/{name}: a translated guide sits at translations/<lang>/guides/<name>.md "
            f"for a guide {shown}/<name>.md: rename or remove this file")


def _kept(path: Path, source: Parsed, translated: Parsed, shown: str, problems: ProblemList) -> None:
    """`order` and `readers` as in the source guide."""
    theirs: dict[str, Any] = source.data if isinstance(source.data, dict) else {}
    ours: dict[str, Any] = translated.data if isinstance(translated.data, dict) else {}
    for key in KEPT_FIELDS:
        if theirs.get(key) != ours.get(key):
            wanted = f"write '{key}: {_yaml(theirs[key])}' as in {shown}" if key in theirs \
                else f"remove it ({shown} has none)"
            problems.error(path, translated.lines.get((key,), 2),
                           f"'{key}' stays as in the source guide: {wanted}; only the title and the text are translated")


def _yaml(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _checked_front_matter(path: Path, problems: ProblemList) -> Parsed | None:
    """The guide's front matter, each field checked; None when it cannot be read."""
    try:
        text = read_bounded(path)
    except InputRefused as err:
        problems.error(path, err.line, err.message)
        return None
    if not text.startswith("---\n"):
        return Parsed({}, {}, text, 1)  # no front matter: title from the first heading, published for readers
    try:
        parsed = split_front_matter(text)
    except FrontMatterError as err:
        problems.error(path, err.line, str(err))
        return None
    if parsed.data is None:
        return parsed
    if not isinstance(parsed.data, dict):
        problems.error(path, 2, "front matter must be keys and values (title, order, readers)")
        return None
    for key, value in parsed.data.items():
        line = parsed.lines.get((key,), 2)
        if key not in FIELDS:
            problems.error(path, line, f"'{key}' is not a known field of a guide: use {', '.join(FIELDS)}")
            continue
        kind, wanted = FIELDS[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            problems.error(path, line, f"'{key}' must be {wanted}, not {value!r}")
    return parsed
