"""Stage 3 through the Python API: pages per language, switcher, per-language search, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ctmanual.pipeline import build
from ctmanual.problems import ContentError

LANGS = ["en", "fr", "ru", "ro"]


def index_of(site: Path, code: str) -> dict:
    path = site / ("search" if code == "en" else f"{code}/search") / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))


def text_of(index: dict) -> str:
    return " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])


def test_pages_in_every_language(built_site):
    for code in LANGS:
        root = built_site if code == "en" else built_site / code
        for page in ["index.html", "modules/basics/index.html", "modules/basics/sessions/spotting-signs/index.html",
                     "principles/index.html", "glossary/index.html"]:
            assert (root / page).is_file(), f"{code}: {page}"


def test_no_markdown_syntax_leaks_into_pages(built_site):
    """Attribute lists and the like must be consumed by Markdown, not printed (a template that
    glued a list to a paragraph once left `{: .ctm-downloads }` on every module page)."""
    for page in built_site.rglob("*.html"):
        text = re.sub(r"<(script|code|pre)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert "{: " not in text and "\n- <a" not in text, page.relative_to(built_site)
    module = (built_site / "modules/basics/index.html").read_text(encoding="utf-8")
    assert re.search(r'<li><a href="handouts/indicator-list/">Indicator list</a> \(Checklist\)</li>', module)


def test_html_lang_per_language_and_fallback_content_marked(built_site):
    ru_session = (built_site / "ru/modules/basics/sessions/spotting-signs/index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in ru_session
    assert '<div lang="en">' in ru_session  # the English fallback text is marked as English
    ru_module = (built_site / "ru/modules/basics/index.html").read_text(encoding="utf-8")
    assert '<div lang="en">' not in ru_module


def test_switcher_lands_on_the_same_page(built_site):
    page = (built_site / "ru/modules/basics/sessions/spotting-signs/index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', page))
    by_lang = {lang: href for href, lang in links.items()}
    assert by_lang["en"] == "../../../../../modules/basics/sessions/spotting-signs/"
    assert by_lang["fr"] == "../../../../../fr/modules/basics/sessions/spotting-signs/"
    assert by_lang["ro"] == "../../../../../ro/modules/basics/sessions/spotting-signs/"
    here = built_site / "ru/modules/basics/sessions/spotting-signs"
    for href in by_lang.values():
        assert (here / href / "index.html").resolve().is_file()


def test_switcher_on_home_pages_is_relative(built_site):
    # mkdocs-static-i18n writes the site_url's path here ("/ctmanual/fr/"): broken on any other host path and offline.
    homes = {"en": built_site / "index.html", **{code: built_site / code / "index.html" for code in ("fr", "ru", "ro")}}
    for home in homes.values():
        page = home.read_text(encoding="utf-8")
        links = {lang: href for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', page)}
        assert not any(href.startswith("/") for href in links.values()), links
        assert {lang: (home.parent / href / "index.html").resolve() for lang, href in links.items()} == homes
    for path in built_site.rglob("*.html"):
        if path.name != "404.html":  # the error page is served at any depth: mkdocs makes its links absolute
            assert ' href="/' not in path.read_text(encoding="utf-8"), path


def sitemap(site: Path, folder: str = "") -> dict[str, dict[str, str]]:
    """A sitemap's pages: address -> {hreflang: address}."""
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(site / folder / "sitemap.xml").getroot()
    return {url.find("s:loc", ns).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
            for url in root.findall("s:url", ns)}


def test_no_alternate_links_no_canonical_and_empty_sitemaps_without_a_public_address(built_site):
    """Material fetches a sitemap beside every <link rel="alternate">: beside a page, where there is none.
    Without site_url nothing may be absolute: no canonical link, no address in a sitemap."""
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<link rel="alternate"' not in html, page
        assert 'rel="canonical"' not in html and "example.org" not in html, page
    fallback = (built_site / "fr/modules/basics/index.html").read_text(encoding="utf-8")
    assert 'hreflang="fr"' in fallback  # the language switcher still offers every language
    for folder in ["", "fr", "ru", "ro"]:  # beside every language's base, where Material fetches it
        assert sitemap(built_site, folder) == {}, folder
    assert not (built_site / "sitemap.xml.gz").exists()


@pytest.mark.slow
def test_a_public_address_gives_canonical_links_sitemaps_with_languages_and_404_paths(project):
    text = project.read("mkdocs.yml")
    project.write("mkdocs.yml", "site_url: https://training.ctm.test/manual\n" + text)
    site = build(project.root, downloads=False).site_dir
    base = "https://training.ctm.test/manual/"
    english = (site / "modules/basics/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}modules/basics/">' in english
    assert '<link rel="alternate"' not in english
    # a fallback page (French shows the English text): the English page is canonical, and it is in no sitemap
    fallback = (site / "fr/modules/basics/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}modules/basics/">' in fallback
    everything = sitemap(site)
    # hreflang alternates only for the languages a page is written in (basics: English and Russian)
    assert everything[f"{base}modules/basics/"] == {"en": f"{base}modules/basics/", "ru": f"{base}ru/modules/basics/",
                                                     "x-default": f"{base}modules/basics/"}
    assert everything[f"{base}ru/modules/basics/"] == everything[f"{base}modules/basics/"]
    assert f"{base}fr/modules/basics/" not in everything
    assert set(everything[f"{base}ro/principles/"]) == {"en", "ro", "x-default"}
    russian = sitemap(site, "ru")
    assert russian and all(address.startswith(f"{base}ru/") for address in russian)
    assert set(russian) == {address for address in everything if address.startswith(f"{base}ru/")}
    # the 404 pages link from the path of the address, wherever they are served
    for folder in ["", "fr/", "ru/", "ro/"]:
        page = (site / folder / "404.html").read_text(encoding="utf-8")
        assert 'href="/manual/assets/stylesheets/' in page and f'href="/manual/{folder}"' in page, folder


def test_each_language_has_its_own_404_page(built_site):
    for code in LANGS:
        page = (built_site / ("" if code == "en" else code) / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in page, code
        assert 'href="/assets/stylesheets/' in page and "Content-Security-Policy" in page, code
        assert f'href="/{"" if code == "en" else code + "/"}"' in page, code


@pytest.mark.slow
@pytest.mark.parametrize("value, message", [
    ("https://example.org/ctmanual/", "example.org is a placeholder domain"),
    ("https://docs.example/", "docs.example is a placeholder domain"),
    ("ctmanual.org/manual/", "is not a web address"),
    ("/manual/", "is not a web address"),
])
def test_a_placeholder_or_malformed_public_address_is_refused_with_its_line(project, value, message):
    text = project.read("mkdocs.yml")
    project.write("mkdocs.yml", "# the address\n" + f"site_url: {value}\n" + text)
    with pytest.raises(ContentError) as caught:
        build(project.root, downloads=False)
    assert f"mkdocs.yml:2: site_url: " in str(caught.value) and message in str(caught.value)


def test_one_search_index_per_language(built_site):
    indexes = {code: index_of(built_site, code) for code in LANGS}
    for code, index in indexes.items():
        # lunr.multiLanguage with English: its trimmer keeps Latin words, digits and the language's letters
        assert index["config"]["lang"] == ([code] if code == "en" else [code, "en"])
        assert "stemmer" in index["config"]["pipeline"]
    assert "Zanzibarword" in text_of(indexes["en"])
    assert "торговцами" in text_of(indexes["ru"])
    assert "grenouillère" in text_of(indexes["fr"])
    for code in ["fr", "ru", "ro"]:
        assert "Zanzibarword" not in text_of(indexes[code]), f"English page leaked into {code} index"
    assert "торговцами" not in text_of(indexes["en"]) + text_of(indexes["fr"])
    assert "grenouillère" not in text_of(indexes["en"]) + text_of(indexes["ru"])


def test_search_locations_are_relative_to_the_language_root(built_site):
    ru = index_of(built_site, "ru")
    locations = {doc["location"].split("#")[0] for doc in ru["docs"]}
    assert "modules/basics/" in locations
    assert not any(loc.startswith("ru/") for loc in locations)
    ru_page = (built_site / "ru/modules/basics/index.html").read_text(encoding="utf-8")
    assert '<meta name="ctm-search-base" content="../../../ru/">' in ru_page


def test_fallback_pages_stay_out_of_their_language_index(built_site):
    ro_locations = {doc["location"].split("#")[0] for doc in index_of(built_site, "ro")["docs"]}
    assert "modules/basics/sessions/spotting-signs/" not in ro_locations
    assert "modules/basics/" not in ro_locations


def test_guide_shows_its_translation_and_a_fallback_guide_stays_out_of_search(built_site):
    """docs/index.md: the Romanian site shows the fixture's Romanian translation, searchable in Romanian;
    the French site the English text, marked, and out of the French search."""
    ro = (built_site / "ro/guides/index.html").read_text(encoding="utf-8")
    assert "Ghiduri pentru formatori." in ro and "Guides for trainers." not in ro and "ctm-fallback" not in ro
    assert "guides/" in {doc["location"].split("#")[0] for doc in index_of(built_site, "ro")["docs"]}
    fr = (built_site / "fr/guides/index.html").read_text(encoding="utf-8")
    assert "ctm-fallback" in fr and "Guides for trainers." in fr
    assert "guides/" not in {doc["location"].split("#")[0] for doc in index_of(built_site, "fr")["docs"]}


def test_no_external_requests(built_site):
    # Anything the browser fetches: scripts, stylesheets, icons, images, frames (not rel=canonical).
    pattern = re.compile(r'<(?:script|img|iframe|link(?![^>]*rel="(?:canonical|alternate)"))[^>]+(?:src|href)="(https?:)?//', re.I)
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not pattern.search(html), f"external resource in {page}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


@pytest.mark.slow
def test_failed_build_leaves_the_last_good_site(project):
    first = build(project.root, downloads=False)  # the build stops at loading, before any download
    marker = first.site_dir / "index.html"
    before = marker.read_text(encoding="utf-8")
    project.replace("modules/basics/sessions/spotting-signs.md", "duration: 45", "duration: [45")
    with pytest.raises(ContentError) as caught:
        build(project.root)
    assert "modules/basics/sessions/spotting-signs.md:" in str(caught.value)
    assert marker.read_text(encoding="utf-8") == before
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".ctm-build-")]
    assert leftovers == []


@pytest.mark.slow
def test_build_one_language(warm_project):
    result = build(warm_project.root, languages=["fr"])
    assert result.languages == ("en", "fr")
    assert (result.site_dir / "fr/index.html").is_file()
    assert not (result.site_dir / "ru").exists()


def test_theme_files_are_listed_as_mkdocs_copies_them_without_hidden_folders(tmp_path):
    """The listing the site stage gives mkdocs (site/compiled.py) is Jinja's, but for hidden folders, which
    mkdocs leaves out anyway (Material's `.icons`); a template in one is still loaded by name."""
    import jinja2

    from ctmanual.site.compiled import VisibleTemplates

    for rel in ["main.html", "partials/nav.html", "assets/app.js", ".icons/material/x.svg", "a/.hidden/b.css"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{{ 1 + 1 }}", encoding="utf-8")
    every = jinja2.FileSystemLoader([str(tmp_path)]).list_templates()
    visible = VisibleTemplates([str(tmp_path)]).list_templates()
    assert visible == ["assets/app.js", "main.html", "partials/nav.html"]
    assert visible == [name for name in every if not any(part.startswith(".") for part in name.split("/"))]
    env = jinja2.Environment(loader=VisibleTemplates([str(tmp_path)]))
    assert env.get_template(".icons/material/x.svg").render() == "2"
