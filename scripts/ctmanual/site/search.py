"""One search index per language.

mkdocs-static-i18n writes a single index mixing every language with no stemmer.
We split it: each language's folder gets an index holding only the pages
written in that language, configured for that language's lunr stemmer.
Locations are made relative to the language folder, where the page's search
base points (overrides/assets/javascripts/ctm-search-base.js).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"


def split_search_index(site_dir: Path, default_language: str, search_langs: dict[str, str]) -> dict[str, int]:
    """Write `<lang>/search/search_index.json` for each language; return entries per language."""
    index_path = site_dir / INDEX
    mixed = json.loads(index_path.read_text(encoding="utf-8"))
    prefixes = {code: f"{code}/" for code in search_langs if code != default_language}
    counts: dict[str, int] = {}
    for code, lunr_lang in search_langs.items():
        docs = [_relocate(doc, prefixes.get(code)) for doc in mixed["docs"] if _language_of(doc, prefixes, default_language) == code]
        index = {"config": _config(mixed["config"], lunr_lang), "docs": docs}
        target = index_path if code == default_language else site_dir / code / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[code] = len(docs)
    return counts


def _language_of(doc: dict[str, Any], prefixes: dict[str, str], default_language: str) -> str:
    location: str = doc["location"]
    return next((code for code, prefix in prefixes.items() if location.startswith(prefix)), default_language)


def _relocate(doc: dict[str, Any], prefix: str | None) -> dict[str, Any]:
    if prefix is None:
        return doc
    return {**doc, "location": doc["location"][len(prefix):]}


def _config(config: dict[str, Any], lunr_lang: str) -> dict[str, Any]:
    return {**config, "lang": [lunr_lang], "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}
