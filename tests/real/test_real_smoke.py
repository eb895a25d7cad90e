"""The real build exists in every language, with each site engine, and its pages load in the browser without a
failed request."""

from __future__ import annotations

from browsing import BuiltSite

LANGUAGES = ["en", "fr", "ru", "ro"]


def test_every_language_has_its_home_page_and_search_index(engine_site: BuiltSite):
    for code in LANGUAGES:
        folder = engine_site.path if code == "en" else engine_site.path / code
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html, code
        entries = engine_site.search_entries(code)
        assert entries and all(not entry["location"].startswith(tuple(f"{c}/" for c in LANGUAGES)) for entry in entries), code
