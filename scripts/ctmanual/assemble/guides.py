"""The guides in docs/ for readers (trainers, practitioners, translators), published under guides/.

A guide with `readers: false` in its front matter is a contributor document: it stays in the
repository's docs/ folder and is not published (load/guides.py checks the front matter)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctmanual.safe_input import load_yaml


@dataclass(frozen=True)
class Guide:
    name: str
    title: str
    body: str
    order: int
    readers: bool = True


def read_guides(folder: Path) -> list[Guide]:
    """Guides ordered by their front matter `order` (then name); `index.md` first."""
    if not folder.is_dir():
        return []
    guides = [guide for guide in map(_guide, folder.glob("*.md")) if guide.readers]
    return sorted(guides, key=lambda g: (g.name != "index.md", g.order, g.name))


def _guide(path: Path) -> Guide:
    text = path.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        meta = load_yaml(head) or {}  # checked by load/guides.py
    title = meta.get("title") or next(
        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem
    )
    return Guide(path.name, str(title), text.lstrip("\n"), int(meta.get("order", 99)),
                 meta.get("readers", True) is not False)
