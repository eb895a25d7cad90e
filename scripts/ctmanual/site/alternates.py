"""mkdocs hook: the language switcher points at the page in every language; no `<link
rel="alternate">` in the pages.

Material writes a `<link rel="alternate" hreflang>` for every entry of the switcher, and
fetches a `sitemap.xml` beside each of them on every page view (its language selector looks for
the page there): beside a page of another language, where there is none, so three or four failed
requests per page. mkdocs-static-i18n also lists every language as an alternate of every page,
fallback pages included (English text served under /fr/). After the page is rendered we remove
those tags; which languages a page is written in (and `x-default`) is said to search engines by
the sitemaps instead (sitemap.py), with the absolute addresses hreflang needs, when the site has
a public address (`site_url`). A fallback page gets the English page as its canonical address
(only with `site_url`: a canonical link must be absolute). The language switcher still offers
every language: readers may switch to a fallback page.

The switcher itself is ours (`extra.alternate`, with a pristine copy under `LANGUAGES`, see
engine.py): `on_page_context` points each language at this page in that language, as
mkdocs-static-i18n does for the languages it builds, but for every language, so that an
incremental build of one language gives the same pages. Home pages keep the links to the
language homes, made relative (the path of `site_url` would break wherever the site is served
from another path, and in the offline copy).
"""

from __future__ import annotations

import re
from copy import deepcopy
from urllib.parse import urljoin, urlsplit

from ctmanual.urls import language_path, language_prefix

TRANSLATED_IN = "ctm_translated_in"  # extra key: staged page path -> languages it is written in
LANGUAGES = "ctm_languages"  # extra key: the language switcher's entries, pointing at each home page
_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">\n?')
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')


def on_page_context(context, page, config, nav):
    homes = config.extra.get(LANGUAGES)
    if homes:
        switcher = _switcher_for(page, homes, config.extra.get("ctm_default_language", "en"))
        config.extra.alternate = switcher  # the plugin sets it as an attribute too; templates read that
        config.extra["alternate"] = switcher
    _relative_switcher(config)
    return context


def _switcher_for(page, homes: list[dict], default: str) -> list[dict]:
    """The switcher entries for `page`: on a home page, each language's home; elsewhere, this page
    in each language (every page is staged in every language)."""
    switcher = deepcopy(homes)
    lang = page.file.src_uri.split("/", 1)[0]
    url = page.url
    if url in ("", "./", f"{lang}/") or "/" not in page.file.src_uri:
        return switcher
    rel = url.removeprefix(language_prefix(lang, default))
    for alternate in switcher:
        alternate["link"] = language_path(alternate["lang"], default, rel)
    return switcher


def on_template_context(context, template_name, config):
    """The 404 page is rendered after the pages: without this it would offer the language links
    of whichever page was rendered last. It offers the home page of each language (absolute, like
    every link of the 404 page, which is served at any depth)."""
    homes = config.extra.get(LANGUAGES)
    if template_name == "404.html" and homes:
        config.extra.alternate = deepcopy(homes)
    return context


def _relative_switcher(config) -> None:
    base = urlsplit(config.site_url or "").path.rstrip("/")
    # The plugin sets the switcher both as an attribute (which templates read first) and as a key.
    for alternate in [*(getattr(config.extra, "alternate", None) or []), *(config.extra.get("alternate") or [])]:
        link = alternate.get("link", "")
        if link.startswith("/") and (link + "/").startswith(base + "/"):
            alternate["link"] = link[len(base):].lstrip("/") or "./"


def on_post_page(output: str, page, config) -> str:
    translated_in = config.extra.get(TRANSLATED_IN)
    if translated_in is None or "/" not in page.file.src_uri:
        return _replace_alternates(output, "")
    lang, rel = page.file.src_uri.split("/", 1)
    default = config.extra.get("ctm_default_language", "en")
    if lang in set(translated_in.get(rel, [default])):
        return _replace_alternates(output, "")
    return _as_fallback(output, page.canonical_url or "", default)


def _as_fallback(output: str, base: str, default: str) -> str:
    english = next((href for href, code in _ALTERNATE.findall(output) if code == default), None)
    output = _replace_alternates(output, "")
    if english is not None and base:
        output = _CANONICAL.sub(f'<link rel="canonical" href="{urljoin(base, english)}">', output, count=1)
    return output


def without_alternates(output: str) -> str:
    """The page without its `<link rel="alternate" hreflang>` tags."""
    return _replace_alternates(output, "")


def _replace_alternates(output: str, block: str) -> str:
    """The alternates block replaced by `block` where the first alternate was."""
    first = _ALTERNATE.search(output)
    if first is None:
        return output
    head, tail = output[:first.start()], output[first.start():]
    return head + block + _ALTERNATE.sub("", tail)
