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
    order: int


def read_guides(folder: Path) -> list[Guide]:
    """Guides ordered by their front matter `order` (then name); `index.md` first."""
    if not folder.is_dir():
        return []
    guides = [_guide(path) for path in folder.glob("*.md")]
    return sorted(guides, key=lambda g: (g.name != "index.md", g.order, g.name))


def _guide(path: Path) -> Guide:
    text = path.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        meta = yaml.safe_load(head) or {}
    title = meta.get("title") or next(
        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem
    )
    return Guide(path.name, str(title), text.lstrip("\n"), int(meta.get("order", 99)))
