"""The guides in docs/ for readers (trainers, practitioners, translators), published under guides/.

A guide with `readers: false` in its front matter is a contributor document: it stays in the
repository's docs/ folder and is not published (reader_guides.py says which are; load/guides.py checks
the front matter). A guide's translation into a language is translations/<lang>/guides/<name>.md."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctmanual.reader_guides import front_matter, reader_guides
from ctmanual.safe_input import read_bounded
from ctmanual.translation_record import normalise


@dataclass(frozen=True)
class Guide:
    name: str
    title: str
    body: str
    order: int


def read_guides(folder: Path) -> list[Guide]:
    """Guides ordered by their front matter `order` (then name); `index.md` first."""
    guides = [read_guide(path) for path in reader_guides(folder)]
    return sorted(guides, key=lambda g: (g.name != "index.md", g.order, g.name))


def read_guide(path: Path) -> Guide:
    """A guide, or a guide's translation (its order is the source's: the loader checks it is kept)."""
    meta, text = front_matter(normalise(read_bounded(path)))
    title = meta.get("title") or next(
        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem
    )
    order = meta.get("order", 99)
    return Guide(path.name, str(title), text.lstrip("\n"), order if isinstance(order, int) else 99)
