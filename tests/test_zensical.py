"""The second site engine's own rules, without running it: the switcher of a page written by Zensical points at
the same page in every language, and an offline copy gets the language's search index as the script Zensical
loads from disk, with locations a browser can open from disk. (The real build with Zensical is checked by the
real-site tests, `engine_site`.)"""

from __future__ import annotations

import json
import re

from ctmanual.site.zensical import LanguageSite, offline_file

HOMES = [{"name": "English", "link": "/", "lang": "en"}, {"name": "Français", "link": "/fr/", "lang": "fr"}]
SWITCHER = ('<a href="/" hreflang="en" class="md-select__link">English</a>'
            '<a href="/fr/" hreflang="fr" class="md-select__link">Français</a>')


def _links(html: str) -> dict[str, str]:
    return {lang: href for href, lang in re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link">', html)}


def test_the_switcher_of_a_page_leads_to_the_same_page_in_each_language():
    french = LanguageSite("fr", "fr/", "en", HOMES)
    assert _links(french._switcher(SWITCHER, "modules/x/", "fr/modules/x/")) == {"en": "../../../modules/x/", "fr": "."}
    english = LanguageSite("en", "", "en", HOMES)
    assert _links(english._switcher(SWITCHER, "glossary/", "glossary/")) == {"en": ".", "fr": "../fr/glossary/"}
    assert _links(english._switcher(SWITCHER, "", "")) == {"en": ".", "fr": "fr/"}


def test_an_offline_copy_gets_the_search_index_as_a_script_with_file_locations():
    index = {"config": {"lang": ["fr"]}, "items": [{"location": "", "title": "Accueil"},
                                                   {"location": "modules/x/#a", "title": "A"},
                                                   {"location": "#b", "title": "B"}]}
    entries = dict(offline_file("fr/search.json", json.dumps(index).encode("utf-8")))
    assert set(entries) == {"fr/search.json", "fr/search.js"}
    script = entries["fr/search.js"].decode("utf-8")
    assert script.startswith("var __index = ")
    locations = [item["location"] for item in json.loads(script[len("var __index = "):])["items"]]
    assert locations == ["index.html", "modules/x/index.html#a", "index.html#b"]
    assert dict(offline_file("fr/other.json", b"{}")) == {"fr/other.json": b"{}"}
