"""Where things are on the site: the one rule for language prefixes and page addresses.

Every language's pages are staged in `<code>/` and served under `<code>/`, except the
default language's, which are served at the site root. A staged page is served at its
directory URL: `a/b.md` at `a/b/`, `a/index.md` at `a/`, `index.md` at `` (the file
`a/b/index.html`). Any other staged file keeps its path. Paths here are relative to a
language's root unless a function says otherwise; this module imports no stage.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path


def language_prefix(code: str, default_language: str) -> str:
    """`fr/` for French, `` for the default language."""
    return "" if code == default_language else f"{code}/"


def language_path(code: str, default_language: str, path: str) -> str:
    """`path` (relative to a language's root) relative to the site's root."""
    return language_prefix(code, default_language) + path


def language_root(site_dir: Path, code: str, default_language: str) -> Path:
    """The folder of the built site that holds a language's pages."""
    return site_dir / code if code != default_language else site_dir


def to_site_root(code: str, default_language: str) -> str:
    """From a language's root up to the site's root: `../` for a translation, `` for the default."""
    return "" if code == default_language else "../"


def page_url(page: str) -> str:
    """The directory URL of a staged page: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`, `index.md` -> ``."""
    url = page.removesuffix(".md")
    if url == "index" or url.endswith("/index"):
        return url.removesuffix("index")
    return url + "/"


def output_of(path: str) -> str:
    """The built file of a staged file: a page's `<url>index.html`, any other file its own path."""
    return page_url(path) + "index.html" if path.endswith(".md") else path


def relative(page: str, target: str) -> str:
    """A Markdown link from staged `page` to staged `target` (`path#anchor`); the site engine turns
    it into a link between the pages' URLs."""
    path, _, anchor = target.partition("#")
    rel = _relpath(path, posixpath.dirname(page) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def href(page: str, target: str) -> str:
    """A link for raw HTML (which the site engine does not rewrite) from staged `page` to a staged
    page (`.md`, written as its directory URL) or to a file."""
    path, _, anchor = target.partition("#")
    is_page = path.endswith(".md")
    rel = _relpath((page_url(path) if is_page else path) or ".", page_url(page) or ".")
    if is_page:
        rel = "./" if rel == "." else rel + "/"
    return f"{rel}#{anchor}" if anchor else rel


def default_language_url(page: str) -> str:
    """The URL of the same page in the default language, relative to the page's URL in a translation
    (one folder below the site root)."""
    url = page_url(page)
    return "../" * (url.count("/") + 1) + url


@lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath, remembered: the same pairs recur in every language (and it is slow)."""
    return posixpath.relpath(path, start)
