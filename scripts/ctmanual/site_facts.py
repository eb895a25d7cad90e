"""What the site stage tells the downloads about the site its engine builds, so that the downloads
know no engine: how the site reads Markdown (the downloads print the same pages), and how an offline
copy of the built site is made from the engine's files. The site stage fills it in
(`site.site_facts`); pipeline.py hands it to the downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# An engine's file of the built site as a copy read from disk needs it: (site path, bytes) in, the
# entries the copy holds for it out (the same file changed, or more than one).
OfflineRewrite = Callable[[str, bytes], list[tuple[str, bytes]]]


@dataclass(frozen=True)
class OfflineRules:
    """The engine's part of an offline copy (downloads/offline.py makes the copy)."""

    shared: tuple[str, ...]  # folders at the site root that every language's pages use
    left_out: tuple[str, ...]  # files of a language's folder a copy read from disk has no use for
    debug_only: str  # the suffix of files for developers' tools only
    rewrite: OfflineRewrite


@dataclass(frozen=True)
class SiteFacts:
    markdown_extensions: list[Any]  # as markdown.Markdown(extensions=...) takes them, as the site uses them
    markdown_configs: dict[str, dict[str, Any]]  # their options
    offline: OfflineRules


def directory_index(path: str) -> str:
    """The file behind a directory URL, as a browser reading from disk needs it:
    `../x/` -> `../x/index.html`, `..` -> `../index.html`, `` -> `index.html`."""
    if not path:
        return "index.html"
    return (path if path.endswith("/") else path + "/") + "index.html"
