"""Staged Markdown pages turned into HTML fragments for print, once per page.

Uses Python-Markdown with the extensions listed in mkdocs.yml, so print and
site read the same source the same way. Ids are prefixed per page so that
pages laid out apart can be joined into one PDF with no clash, and a link to
another page becomes a `ctm:<anchor>` link that the PDF assembler points at
that page when the page is in the same PDF (and leaves inert when it is not).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import markdown
import yaml

_ID_RE = re.compile(r'\bid="([^"]+)"')
_HREF_RE = re.compile(r'<a href="([^"#]*?)(?:#([^"]*))?"([^>]*)>(.*?)</a>', re.S)


@dataclass(frozen=True)
class Fragment:
    page: str  # staged path, e.g. modules/identification/index.md
    title: str
    meta: dict[str, Any]
    html: str  # body HTML, ids prefixed with `anchor`

    @property
    def anchor(self) -> str:
        return page_anchor(self.page)

    @property
    def fallback(self) -> bool:
        return bool(self.meta.get("ctm", {}).get("fallback"))


def page_anchor(page: str) -> str:
    return "p-" + re.sub(r"[^a-z0-9]+", "-", page.removesuffix(".md").lower()).strip("-")


class FragmentStore:
    """Converts each staged page of one language at most once, and not at all when the
    converted page is in `cache_dir` under the hash of its text and the Markdown settings."""

    def __init__(self, folder: Path, extensions: list[Any], extension_configs: dict[str, Any],
                 cache_dir: Path | None = None):
        self.folder = folder
        self._settings = (extensions, extension_configs)
        self._md: markdown.Markdown | None = None
        self._cache: dict[str, Fragment] = {}
        self._disk = cache_dir
        self._salt = json.dumps([repr(extensions), repr(sorted(extension_configs.items())), markdown.__version__])

    def get(self, page: str) -> Fragment:
        if page not in self._cache:
            self._cache[page] = self._load(page)
        return self._cache[page]

    def _load(self, page: str) -> Fragment:
        text = (self.folder / page).read_text(encoding="utf-8")
        if self._disk is None:
            return self._convert(page, text)
        key = hashlib.sha256(f"{self._salt}|{page}|{text}".encode()).hexdigest()[:32]
        stored = self._disk / f"{key}.fragment.json"
        if stored.exists():
            return Fragment(**json.loads(stored.read_text(encoding="utf-8")))
        fragment = self._convert(page, text)
        self._disk.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(asdict(fragment), ensure_ascii=False, default=str), encoding="utf-8")
        return fragment

    def _convert(self, page: str, text: str) -> Fragment:
        if self._md is None:
            self._md = markdown.Markdown(extensions=self._settings[0], extension_configs=self._settings[1])
        _, head, body = text.split("---\n", 2)
        meta = yaml.safe_load(head) or {}
        self._md.reset()
        body_html = self._md.convert(body)
        anchor = page_anchor(page)
        body_html = _ID_RE.sub(lambda m: f'id="{anchor}--{m.group(1)}"', body_html)
        return Fragment(page, str(meta.get("title", "")), meta, body_html)


LINK_SCHEME = "ctm:"


def link_units(fragment: Fragment) -> str:
    """The fragment's HTML with links to other pages as `ctm:` links (see the module docstring)."""
    base = fragment.page.rsplit("/", 1)[0] if "/" in fragment.page else ""

    def replace(match: re.Match) -> str:
        target, anchor, attrs, text = match.group(1), match.group(2), match.group(3), match.group(4)
        if target.startswith(("http://", "https://", "mailto:")):
            return match.group(0)
        if target == "" and anchor:
            return f'<a href="#{fragment.anchor}--{anchor}"{attrs}>{text}</a>'
        page = _resolve(base, target)
        if not page.endswith(".md"):
            return f"<span>{text}</span>"
        inner = f"{page_anchor(page)}--{anchor}" if anchor else page_anchor(page)
        return f'<a href="{LINK_SCHEME}{inner}"{attrs}>{text}</a>'

    return _HREF_RE.sub(replace, fragment.html)


def _resolve(base: str, target: str) -> str:
    parts = [p for p in base.split("/") if p] if base else []
    for piece in html.unescape(target).split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)
