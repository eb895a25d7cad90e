"""mkdocs hook: a 404 page in every language, `404.html` (default language) and `<lang>/404.html`.

mkdocs-static-i18n runs the engine once per language, default language first, and each run
writes the theme's `404.html` at the top of the site, so the language built last won. Here a
non-default language's 404 page is written into its own folder instead, and the engine is given
nothing to write at the top (an empty output is skipped), so the top one stays the default
language's.

A server sends a 404 page for a missing address at any depth (`/fr/a/b/c/`), where relative
links would resolve from that address. The engine therefore renders error pages with links
from the site's root path: the path of `site_url` when the site has a public address, `/`
otherwise (a site without one is taken to be served at the root of its host, as `ctmanual
serve` and a plain static server serve it). To have the 404 page of a reader's language, a
server maps each language folder to its own (see the contributor guide).

Material's own 404 page says "404 - Not found" in English whatever the language; ours
(overrides/404.html) says so in the language, and offers the search and the language's home page.
Like every page, it has no `<link rel="alternate">` (alternates.py) and a Content-Security-Policy
meta (csp.py).
"""

from __future__ import annotations

import os

from ctmanual.site import alternates, csp

NAME = "404.html"
LABELS = "ctm_not_found"  # extra key: language -> the page's labels (overrides/404.html)


def on_post_template(output: str, template_name: str, config) -> str:
    if template_name != NAME:
        return output
    output = csp.on_post_page(alternates.without_alternates(output), None, config)
    language = config.theme["language"]
    if language == config.extra.get("ctm_default_language", language):
        return output
    target = os.path.join(config.site_dir, language, NAME)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as out:
        out.write(output)
    return ""  # the top 404 page stays the default language's
