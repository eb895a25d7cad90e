"""The contract between stage 2 and the stages after it: the staged pages of every language.

`assemble` (stage 2) writes one folder of Markdown pages per language and returns an `Assembly`
saying what it wrote; the site stage and the downloads read it. Neither of them imports
`assemble`: this module is the whole of what they share with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# One entry of the navigation: a title (None: the page's own) and a staged page or a list of entries.
NavItem = tuple[str | None, "str | list[NavItem]"]


@dataclass
class LanguagePages:
    code: str
    pages: dict[str, bool] = field(default_factory=dict)  # staged path -> is fallback
    nav: list[NavItem] = field(default_factory=list)
    site_name: str | None = None
    titles: dict[str, str] = field(default_factory=dict)  # staged path -> page title
    not_found: dict[str, str] = field(default_factory=dict)  # the 404 page's labels (site/notfound.py)


@dataclass
class Assembly:
    staging: Path
    default_language: str
    languages: dict[str, LanguagePages]
    digests: dict[str, str] = field(default_factory=dict)  # every staged file (relative path) -> sha256 of its bytes
    written: int = 0  # staged files written by this build (the others were already there)
    reused: int = 0  # pages not made again: made last time from the same inputs
    made: int = 0  # pages made from their templates by this build

    @property
    def page_count(self) -> int:
        return sum(len(lang.pages) for lang in self.languages.values())
