"""Addresses on the real build (issue 18, points 10 and 11): nothing points at a domain the project does not
own, each language has a working 404 page at any depth, and no request of any page fails.

The repository's mkdocs.yml sets no public address (`site_url`), so every link is relative, no page has a
canonical link, the sitemaps list no page, and the offline copies mark their links to other languages as
needing the online site. (With an address, tests/test_site.py and tests/test_offline.py check it is used.)"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import pytest

from browsing import DESKTOP, PHONE, REPO, VIOLATIONS, BuiltSite, watch, without_search_entries

LANGUAGES = ["en", "fr", "ru", "ro"]
# An address in an attribute or a sitemap naming a placeholder domain, or the path of the old placeholder
# address (the guides' prose may name example.org: it is not an address of the site).
PLACEHOLDERS = re.compile(r'(?:href|src|content|action)="[^"]*(?:example\.(?:org|com|net)|/ctmanual/)|<loc>|xhtml:link', re.I)
NOT_FOUND = {"en": "Page not found", "fr": "Page introuvable", "ru": "Страница не найдена", "ro": "Pagina nu a fost găsită"}
ONLINE_ONLY = {"en": "online site only", "fr": "site en ligne uniquement", "ru": "только в онлайн-версии",
               "ro": "doar pe site-ul online"}
SHOTS = REPO / "test-artefacts" / "screenshots"


def _folder(site: Path, lang: str) -> Path:
    return site if lang == "en" else site / lang


def test_no_file_of_the_site_names_a_placeholder_domain(real_site: Path):
    for path in real_site.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert not PLACEHOLDERS.search(text), f"{path.relative_to(real_site)}: {PLACEHOLDERS.search(text).group(0)}"
            if path.suffix == ".html":
                assert 'rel="canonical"' not in text, f"{path.relative_to(real_site)}: a canonical link without site_url"
                assert '<link rel="alternate"' not in text, path.relative_to(real_site)


def test_offline_copies_name_no_placeholder_and_mark_links_needing_the_online_site(real_site: Path):
    for lang in LANGUAGES:
        with zipfile.ZipFile(_folder(real_site, lang) / "downloads" / f"ctmanual-offline-{lang}.zip") as archive:
            pages = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".html")}
        for name, text in pages.items():
            assert not PLACEHOLDERS.search(text), f"{lang}: {name}"
        module = pages[f"ctmanual-offline-{lang}/{'' if lang == 'en' else lang + '/'}modules/identification/index.html"]
        entries = {re.search(r'hreflang="([a-z]+)"', tag).group(1): tag
                   for tag in re.findall(r'<a\b[^>]*class="md-select__link"[^>]*>', module)}
        assert set(entries) == set(LANGUAGES), (lang, entries)
        for code, attributes in entries.items():
            if code == lang:
                assert "href=" in attributes, (lang, attributes)
            else:  # not in this copy, and no published site to send the reader to
                assert "href=" not in attributes and 'aria-disabled="true"' in attributes, (lang, code, attributes)
        # Each other language in the switcher is marked (an outdated page's link to the English text is too).
        marked = re.findall(r'class="md-select__link"[^>]*data-ctm-online-only>\s*[^<]*<span class="ctm-online-only">'
                            + re.escape(f"({ONLINE_ONLY[lang]})") + "</span>", module)
        assert len(marked) == len(LANGUAGES) - 1, lang


def test_every_language_has_its_own_404_page_linking_from_the_root(engine_site: BuiltSite):
    """With each site engine (Zensical's search needs no search base: each language is its own run)."""
    real_site = engine_site.path
    for lang in LANGUAGES:
        page = (_folder(real_site, lang) / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page, lang
        assert NOT_FOUND[lang] in page, lang
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
        assert stylesheets and all(href.startswith("/assets/") for href in stylesheets), (lang, stylesheets)
        assert "Content-Security-Policy" in page, lang
        home = "/" if lang == "en" else f"/{lang}/"
        assert f'href="{home}"' in page, lang
        if lang != "en" and engine_site.engine == "mkdocs":
            assert f'<meta name="ctm-search-base" content="/{lang}/">' in page


def test_sitemaps_beside_every_language_home_list_nothing_without_an_address(real_site: Path):
    for lang in LANGUAGES:
        tree = ElementTree.parse(_folder(real_site, lang) / "sitemap.xml")
        assert tree.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
        assert list(tree.getroot()) == [], lang
    assert not (real_site / "sitemap.xml.gz").exists()


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """A static server mapping each language folder to its 404 page, as a server is told to (contributor guide)."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = root / first / "404.html" if first in LANGUAGES[1:] and (root / first / "404.html").is_file() else root / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def _serve_with_404(directory: Path) -> Iterator[str]:
    handler = functools.partial(_NotFoundHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def url_with_404(real_site: Path) -> Iterator[str]:
    with _serve_with_404(real_site) as url:
        yield url


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_address_at_any_depth_shows_the_styled_404_page_of_its_language(browser, url_with_404: str,
                                                                                  lang: str, viewport):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(VIOLATIONS)
    tab = context.new_page()
    missing = url_with_404 + ("" if lang == "en" else f"{lang}/") + "modules/no-such-module/sessions/nothing/"
    problems = watch(tab, expected_404=missing)
    response = tab.goto(missing)
    tab.wait_for_load_state("networkidle")
    assert response.status == 404
    assert tab.locator("html").get_attribute("lang") == lang
    assert NOT_FOUND[lang] in tab.locator("article").inner_text()
    header = tab.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), f"{lang}: the theme's styles did not load ({header})"
    logo = tab.evaluate("document.querySelector('.md-header__button.md-logo').getBoundingClientRect().height")
    assert logo < 60, f"{lang}: the logo is {logo}px high"
    home = tab.evaluate("document.querySelector('.md-header__button.md-logo').href")
    assert home == url_with_404 + ("" if lang == "en" else f"{lang}/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"real-404-{lang}-{'phone' if viewport == PHONE else 'desktop'}.png"))
    assert tab.evaluate("window.__csp") == []
    assert problems == []
    context.close()


# One page of each kind, in every language, and the 404 page; on a phone, the kinds whose layout differs most.
PAGES = ["", "modules/", "modules/identification/", "modules/identification/sessions/idn-first-contact/",
         "principles/", "glossary/", "referral/", "downloads/", "guides/", "translation-status/"]
PHONE_PAGES = ["", "modules/identification/sessions/idn-first-contact/", "referral/"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_request_fails_and_nothing_is_logged_on_any_kind_of_page(browser, engine_url: str, engine_site: BuiltSite,
                                                                     lang: str):
    """With each site engine (`engine_site`): no request leaves the site (no font, script or style from a CDN),
    on a desktop screen and on a phone's (the same tab, made narrow: what a page requests does not depend on it,
    what its scripts log may)."""
    real_url, real_site = engine_url, engine_site.path
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(VIOLATIONS)
    tab = context.new_page()
    problems = watch(tab)
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    prefix = "" if lang == "en" else f"{lang}/"
    visited = 0
    for viewport, pages in ((DESKTOP, PAGES), (PHONE, PHONE_PAGES)):
        tab.set_viewport_size(viewport)
        for page in pages:
            if not (real_site / prefix / page / "index.html").is_file():
                continue
            tab.goto(real_url + prefix + page)
            tab.wait_for_load_state("networkidle")
            if not visited:  # the first page indexes the whole language; the others request the index alike
                without_search_entries(tab)
            visited += 1
    assert visited >= 8 + len(PHONE_PAGES), lang
    assert [url for url in requested if not url.startswith(real_url)] == []
    assert not [url for url in requested if url.endswith("sitemap.xml") and "404" in url]
    assert tab.evaluate("window.__csp") == []
    assert problems == []
    context.close()
