"""The real build exists in every language, and its pages load in the browser without a failed request."""

from __future__ import annotations

from pathlib import Path

LANGUAGES = ["en", "fr", "ru", "ro"]


def test_every_language_has_its_home_page_and_search_index(real_site: Path):
    for code in LANGUAGES:
        folder = real_site if code == "en" else real_site / code
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html, code
        assert (folder / "search" / "search_index.json").is_file(), code
