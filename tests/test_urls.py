"""The one rule for language prefixes and page addresses (ctmanual.urls)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctmanual import urls


def test_the_default_language_is_at_the_site_root_and_every_other_under_its_code():
    assert urls.language_prefix("en", "en") == ""
    assert urls.language_prefix("fr", "en") == "fr/"
    assert urls.language_path("fr", "en", "downloads/manual-fr.pdf") == "fr/downloads/manual-fr.pdf"
    assert urls.language_path("en", "en", "downloads/manual-en.pdf") == "downloads/manual-en.pdf"
    assert urls.language_root(Path("/site"), "ru", "en") == Path("/site/ru")
    assert urls.language_root(Path("/site"), "en", "en") == Path("/site")
    assert (urls.to_site_root("ro", "en"), urls.to_site_root("en", "en")) == ("../", "")


@pytest.mark.parametrize("page, url", [
    ("index.md", ""),
    ("modules/index.md", "modules/"),
    ("modules/basics/index.md", "modules/basics/"),
    ("modules/basics/sessions/spotting-signs.md", "modules/basics/sessions/spotting-signs/"),
    ("glossary.md", "glossary/"),
    ("modules/reindex.md", "modules/reindex/"),  # a name ending in "index" is not an index page
])
def test_a_staged_page_is_served_at_its_directory_url(page, url):
    assert urls.page_url(page) == url
    assert urls.output_of(page) == url + "index.html"


def test_a_file_that_is_not_a_page_keeps_its_path():
    assert urls.output_of("downloads/manual-en.pdf") == "downloads/manual-en.pdf"


def test_links_between_staged_pages():
    # Markdown links: between the staged files (the engine makes them links between URLs)
    assert urls.relative("modules/basics/index.md", "glossary.md#barnahus") == "../../glossary.md#barnahus"
    assert urls.relative("index.md", "modules/index.md") == "modules/index.md"
    # raw HTML links: between the directory URLs
    assert urls.href("translation-status.md", "modules/basics/index.md") == "../modules/basics/"
    assert urls.href("modules/basics/index.md", "modules/basics/index.md#top") == "./#top"
    assert urls.href("index.md", "downloads/manual-en.pdf") == "downloads/manual-en.pdf"
    assert urls.href("modules/basics/sessions/a.md", "index.md") == "../../../../"


@pytest.mark.parametrize("page, url", [
    ("index.md", "../"),
    ("glossary.md", "../../glossary/"),
    ("modules/basics/index.md", "../../../modules/basics/"),
    ("modules/basics/sessions/spotting-signs.md", "../../../../../modules/basics/sessions/spotting-signs/"),
])
def test_a_translated_page_links_to_the_same_page_in_the_default_language(page, url):
    assert urls.default_language_url(page) == url
