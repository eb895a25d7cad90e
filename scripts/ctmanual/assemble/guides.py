"""The guides in docs/ (for trainers, translators, contributors), published under guides/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Guide:
    name: str
    title: str
    body: str


def read_guides(folder: Path) -> list[Guide]:
    """Guides in file-name order; `index.md` first. Title from front matter or first heading."""
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.md"), key=lambda p: (p.name != "index.md", p.name))
    return [_guide(path) for path in files]


def _guide(path: Path) -> Guide:
    text = path.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        meta = yaml.safe_load(head) or {}
    title = meta.get("title") or next(
        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem
    )
    return Guide(path.name, str(title), text.lstrip("\n"))
