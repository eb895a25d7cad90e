"""Which files of the guides folder (docs/) are guides for readers: its top-level Markdown files, except
those whose front matter says `readers: false` (contributor documents: architecture, content model ...).
Guides for readers are published under guides/ and translated at translations/<lang>/guides/<name>.md;
contributor documents are neither. Read by the load, assemble and i18n packages alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ctmanual.safe_input import InputRefused, load_yaml, read_bounded

TRANSLATED_FIELDS = frozenset({"title"})  # the front matter a translator translates
KEPT_FIELDS = ("order", "readers")  # front matter a translation keeps as in the source


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A guide's front matter (empty when it has none or it is not a mapping: load/guides.py reports
    that) and its body."""
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    try:
        meta = load_yaml(head)
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), body


def is_reader_guide(path: Path) -> bool:
    """A Markdown file of the guides folder that readers get: not marked `readers: false`."""
    if path.suffix != ".md" or not path.is_file():
        return False
    try:
        text = read_bounded(path)
    except InputRefused:
        return True  # published, so its problem is reported (load/guides.py)
    return front_matter(text)[0].get("readers", True) is not False


def reader_guides(folder: Path) -> list[Path]:
    """The guides for readers in the guides folder, by file name."""
    return sorted(path for path in folder.glob("*.md") if is_reader_guide(path)) if folder.is_dir() else []
