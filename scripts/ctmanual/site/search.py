"""One search index per language.

mkdocs-static-i18n writes a single index mixing every language with no stemmer.
We split it: each language's folder gets an index holding only the pages
written in that language, configured for that language's lunr stemmer.
Locations are made relative to the language folder, where the page's search
base points (overrides/assets/javascripts/ctm-search-base.js).

A fallback page (the default language's text under another language's folder, `ctm.fallback`
in its front matter) is kept out of that language's index: this module is also an engine hook
that marks such a page `search.exclude`, which Material's search plugin honours.

Two things lunr-languages' stemmers alone get wrong, measured on the Russian site:

- Each language's trimmer keeps only that language's letters, so a Russian page's Latin
  words (Barnahus, GRETA, UNICEF) and every number were dropped from the Russian index, and
  Cyrillic words from a French or Romanian one. Every index but the English one is therefore
  configured as `[lang, "en"]`: Material's worker then uses `lunr.multiLanguage`, whose
  trimmer keeps both alphabets and digits (word characters plus the language's letters), and whose
  pipeline stems with both stemmers (the English one changes no Cyrillic word).
- Russian is written with "ё" or with "е" in its place ("ребёнок", "ребенок"), and the
  stemmer treats them as different letters. Each entry whose title or text has words with
  "ё" gets them once more, with "е", in extra fields (`title_e`, `text_e`, boosted as the
  field they come from, not shown); the query script adds the "е" form of a typed "ё".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
ENGLISH = "en"
_WITH_YO = re.compile(r"[\w\u0400-\u04ff]*[ёЁ][\w\u0400-\u04ff]*")
PLAIN_FIELDS = {"title": "title_e", "text": "text_e"}  # field -> the field of its "е" spellings


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Hook: a fallback page's text is in another language: keep it out of this language's search."""
    ctm = page.meta.get("ctm")
    if isinstance(ctm, dict) and ctm.get("fallback"):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


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
        docs = [_with_plain_spellings(_relocate(doc, prefixes.get(code)))
                for doc in mixed["docs"] if _language_of(doc, prefixes, default_language) == code]
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


def _with_plain_spellings(doc: dict[str, Any]) -> dict[str, Any]:
    """The entry with the "е" spelling of each of its words written with "ё", if any."""
    extra = {}
    for field, plain in PLAIN_FIELDS.items():
        words = dict.fromkeys(word.lower().replace("ё", "е") for word in _WITH_YO.findall(doc.get(field) or ""))
        if words:
            extra[plain] = " ".join(words)
    return {**doc, **extra} if extra else doc


def _config(config: dict[str, Any], lunr_lang: str) -> dict[str, Any]:
    fields = dict(config["fields"])
    for field, plain in PLAIN_FIELDS.items():
        if field in fields:
            fields[plain] = dict(fields[field])
    languages = [lunr_lang] if lunr_lang == ENGLISH else [lunr_lang, ENGLISH]
    return {**config, "lang": languages, "pipeline": ["stemmer", "stopWordFilter", "trimmer"], "fields": fields}
