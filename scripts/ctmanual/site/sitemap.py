"""The sitemaps: `sitemap.xml` at the top, and one in each other language's folder.

They are written by us, not by the engine, for two readers:

- Material fetches `sitemap.xml` beside its configured base on every page view, and that base
  is the language's folder on a page of a non-default language (ctm-search-base.js). Each
  language folder therefore has one, so that request never fails. (Material also fetches one
  beside every `<link rel="alternate">`, that is beside every page in every other language:
  alternates.py leaves those tags out, and the language variants are given here instead.)
- Search engines, which need absolute addresses: with `site_url` (the published address) set,
  every page written in its language is listed with its address, and with the addresses of
  the same page in the other languages it is written in (`xhtml:link` hreflang, plus
  `x-default`, the default language). A fallback page (English text under /fr/) is not listed:
  its canonical address is the English page. Without `site_url` the sitemaps list nothing,
  since a sitemap may only hold absolute addresses and the site has none.

The top one lists every language's pages; `<lang>/sitemap.xml` that language's. There is no
date in them: the same content gives the same files.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path

from ctmanual.urls import language_path, page_url

NAME = "sitemap.xml"
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
_EMPTY = "<!-- No public address is configured (site_url in mkdocs.yml): no page is listed. -->\n"


def write_sitemaps(site_dir: Path, site_url: str, default_language: str,
                   written_in: Mapping[str, Mapping[str, bool]]) -> list[str]:
    """Write the sitemaps; return their site paths. `written_in`: language -> staged page path (relative
    to the language folder) -> whether that page is a fallback in the language."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    languages = list(written_in)
    translated: dict[str, list[str]] = {}  # page -> languages it is written in, in the languages' order
    for code in languages:
        for page, fallback in written_in[code].items():
            if page.endswith(".md") and not fallback:
                translated.setdefault(page, []).append(code)

    def url(code: str, page: str) -> str:
        return base + language_path(code, default_language, page_url(page))

    def entries(codes: list[str]) -> str:
        if not base:
            return _EMPTY
        out = []
        for code in codes:
            for page in sorted(p for p, written in translated.items() if code in written):
                links = [(other, url(other, page)) for other in translated[page]]
                if default_language in translated[page]:
                    links.append(("x-default", url(default_language, page)))
                out.append("  <url>\n    <loc>%s</loc>\n" % escape(url(code, page))
                           + "".join('    <xhtml:link rel="alternate" hreflang="%s" href="%s"/>\n' % (lang, escape(href))
                                     for lang, href in links)
                           + "  </url>\n")
        return "".join(out)

    written = []
    for code in [None, *(c for c in languages if c != default_language)]:
        site_path = NAME if code is None else f"{code}/{NAME}"
        target = site_dir / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = _HEAD + entries(languages if code is None else [code]) + "</urlset>\n"
        partial = target.with_name(target.name + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
        written.append(site_path)
    return written
