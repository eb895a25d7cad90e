"""The language switcher and the alternate links (site/alternates.py), on stand-ins for the engine's page
and config: no build."""

from __future__ import annotations

from copy import deepcopy
from types import SimpleNamespace

from ctmanual.site import alternates

HOMES = [{"name": "English", "link": "./", "lang": "en"}, {"name": "Français", "link": "fr/", "lang": "fr"},
         {"name": "Русский", "link": "ru/", "lang": "ru"}]
HEAD = """<head>
  <link rel="canonical" href="https://example.org/manual/fr/modules/basics/">
    <link rel="alternate" href="/manual/modules/basics/" hreflang="en">
    <link rel="alternate" href="/manual/fr/modules/basics/" hreflang="fr">
  <link rel="stylesheet" href="assets/x.css">
</head>"""


class Extra(dict):
    """The engine's `extra`: a dict whose keys templates also read as attributes."""


def config(site_url: str = "", **extra) -> SimpleNamespace:
    return SimpleNamespace(site_url=site_url, extra=Extra(extra))


def page(src_uri: str, url: str, canonical_url: str = "") -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url, canonical_url=canonical_url)


def switcher_of(src_uri: str, url: str, site_url: str = "") -> dict[str, str]:
    settings = config(site_url, **{alternates.LANGUAGES: deepcopy(HOMES), "ctm_default_language": "en"})
    alternates.on_page_context({}, page(src_uri, url), settings, None)
    assert settings.extra.alternate == settings.extra["alternate"]  # templates read the attribute first
    return {entry["lang"]: entry["link"] for entry in settings.extra.alternate}


def test_the_switcher_points_at_this_page_in_every_language():
    expected = {"en": "modules/basics/", "fr": "fr/modules/basics/", "ru": "ru/modules/basics/"}
    assert switcher_of("fr/modules/basics/index.md", "fr/modules/basics/") == expected
    assert switcher_of("en/modules/basics/index.md", "modules/basics/") == expected


def test_on_a_home_page_the_switcher_leads_to_each_home():
    assert switcher_of("fr/index.md", "fr/") == {"en": "./", "fr": "fr/", "ru": "ru/"}
    assert switcher_of("en/index.md", "") == {"en": "./", "fr": "fr/", "ru": "ru/"}


def test_the_pristine_homes_are_never_changed():
    homes = deepcopy(HOMES)
    settings = config(**{alternates.LANGUAGES: homes})
    alternates.on_page_context({}, page("ru/glossary/index.md", "ru/glossary/"), settings, None)
    assert homes == HOMES


def test_links_under_the_public_path_are_made_relative():
    settings = config("https://example.org/manual/")
    settings.extra.alternate = [{"lang": "en", "link": "/manual/"}, {"lang": "fr", "link": "/manual/fr/"},
                                {"lang": "ru", "link": "/elsewhere/ru/"}]
    alternates.on_page_context({}, page("en/index.md", ""), settings, None)
    assert [entry["link"] for entry in settings.extra.alternate] == ["./", "fr/", "/elsewhere/ru/"]


def test_the_404_page_offers_each_home_not_the_last_rendered_page():
    settings = config(**{alternates.LANGUAGES: deepcopy(HOMES)})
    settings.extra.alternate = [{"lang": "en", "link": "modules/basics/"}]
    alternates.on_template_context({}, "404.html", settings)
    assert settings.extra.alternate == HOMES
    settings.extra.alternate = [{"lang": "en", "link": "modules/basics/"}]
    alternates.on_template_context({}, "sitemap.xml", settings)
    assert settings.extra.alternate == [{"lang": "en", "link": "modules/basics/"}]


def test_a_translated_page_loses_its_alternate_links_and_keeps_its_canonical():
    settings = config(**{alternates.TRANSLATED_IN: {"modules/basics/index.md": ["en", "fr"]}})
    out = alternates.on_post_page(HEAD, page("fr/modules/basics/index.md", "fr/modules/basics/",
                                             "https://example.org/manual/fr/modules/basics/"), settings)
    assert 'rel="alternate"' not in out
    assert '<link rel="canonical" href="https://example.org/manual/fr/modules/basics/">' in out
    assert out == alternates.without_alternates(HEAD)
    assert '<link rel="stylesheet" href="assets/x.css">' in out


def test_a_fallback_page_has_the_english_page_as_its_canonical_address():
    settings = config(**{alternates.TRANSLATED_IN: {"modules/basics/index.md": ["en"]}})
    fallback = page("fr/modules/basics/index.md", "fr/modules/basics/", "https://example.org/manual/fr/modules/basics/")
    out = alternates.on_post_page(HEAD, fallback, settings)
    assert 'rel="alternate"' not in out
    assert '<link rel="canonical" href="https://example.org/manual/modules/basics/">' in out
    # Without a public address there is no canonical link to correct (it must be absolute).
    out = alternates.on_post_page(HEAD, page("fr/modules/basics/index.md", "fr/modules/basics/"), settings)
    assert 'rel="alternate"' not in out and "https://example.org/manual/fr/modules/basics/" in out


def test_a_page_the_translations_record_does_not_know_is_taken_as_written_in_the_default_language():
    settings = config(**{alternates.TRANSLATED_IN: {}})
    english = alternates.on_post_page(HEAD, page("en/new.md", "new/", "https://example.org/manual/new/"), settings)
    assert "https://example.org/manual/fr/modules/basics/" in english  # its canonical kept
    french = alternates.on_post_page(HEAD, page("fr/new.md", "fr/new/", "https://example.org/manual/fr/new/"), settings)
    assert '<link rel="canonical" href="https://example.org/manual/modules/basics/">' in french
