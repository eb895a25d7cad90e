"""One search index per language.

mkdocs-static-i18n writes a single index mixing every language with no stemmer.
We split it: each language's folder gets an index holding only the pages
written in that language, configured for that language's lunr stemmer.
Locations are made relative to the language folder, where the page's search
base points (overrides/assets/javascripts/ctm-search-base.js).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"


def split_search_index(site_dir: Path, default_language: str, search_langs: dict[str, str],
                       previous: "PreviousIndex | None" = None) -> dict[str, int]:
    """Write `<lang>/search/search_index.json` for each language; return entries per language.

    `previous`: after an incremental build, the entries of the previous build; the engine's
    index then holds only the pages it rendered, whose entries replace their old ones in place."""
    index_path = site_dir / INDEX
    mixed = json.loads(index_path.read_text(encoding="utf-8"))
    prefixes = {code: f"{code}/" for code in search_langs if code != default_language}
    counts: dict[str, int] = {}
    for code, lunr_lang in search_langs.items():
        docs = [_relocate(doc, prefixes.get(code)) for doc in mixed["docs"] if _language_of(doc, prefixes, default_language) == code]
        if previous is not None:
            docs = previous.merged(code, docs)
        index = {"config": _config(mixed["config"], lunr_lang), "docs": docs}
        target = _index_of(site_dir, code, default_language)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        partial.replace(target)
        counts[code] = len(docs)
    return counts


@dataclass(frozen=True)
class PreviousIndex:
    """Each language's search entries in the previous site, and the pages rendered again now."""

    docs: dict[str, list[dict[str, Any]]]
    rendered: dict[str, set[str]]  # language -> page locations such as "modules/x/"

    @classmethod
    def read(cls, site_dir: Path, default_language: str, rendered: dict[str, set[str]]) -> "PreviousIndex":
        docs = {code: json.loads(_index_of(site_dir, code, default_language).read_text(encoding="utf-8"))["docs"]
                for code in rendered}
        return cls(docs, rendered)

    def merged(self, code: str, new_docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The previous entries with those of each rendered page replaced where they stood: the
        same order as a full build's."""
        fresh: dict[str, list[dict[str, Any]]] = {}
        for doc in new_docs:
            fresh.setdefault(_page(doc), []).append(doc)
        result = []
        for doc in self.docs.get(code, []):
            page = _page(doc)
            if page in fresh:
                result += fresh.pop(page)
            elif page not in self.rendered.get(code, set()):
                result.append(doc)
        return result + [doc for docs in fresh.values() for doc in docs]


def count_entries(site_dir: Path, code: str, default_language: str) -> int:
    """The entries of a language's index, counted without parsing it (it is carried over as is)."""
    return _index_of(site_dir, code, default_language).read_text(encoding="utf-8").count('"location":')


def _page(doc: dict[str, Any]) -> str:
    return doc["location"].split("#", 1)[0]


def _index_of(site_dir: Path, code: str, default_language: str) -> Path:
    return site_dir / INDEX if code == default_language else site_dir / code / INDEX


def _language_of(doc: dict[str, Any], prefixes: dict[str, str], default_language: str) -> str:
    location: str = doc["location"]
    return next((code for code, prefix in prefixes.items() if location.startswith(prefix)), default_language)


def _relocate(doc: dict[str, Any], prefix: str | None) -> dict[str, Any]:
    if prefix is None:
        return doc
    return {**doc, "location": doc["location"][len(prefix):]}


def _config(config: dict[str, Any], lunr_lang: str) -> dict[str, Any]:
    return {**config, "lang": [lunr_lang], "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}
