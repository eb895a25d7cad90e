"""The built site in Debian's Chromium (headless, on loopback): search per language, switcher, offline."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

from browsing import VIOLATIONS, search


def test_russian_search_finds_russian_pages_with_stemming(page: Page, site_url: str):
    page.goto(site_url + "ru/modules/basics/")
    # The page says "торговцами"; the query is another form of the word: the Russian stemmer matches them.
    results = search(page, "торговцы")
    assert results, "no results for a Russian word form on the Russian site"
    assert all(urlparse(url).path.startswith("/ru/") for url in results), results
    assert any(urlparse(url).path.startswith("/ru/modules/basics/") for url in results)


def test_romanian_diacritics_are_searchable(page: Page, site_url: str):
    page.goto(site_url + "ro/principles/")
    # The page says "Protecția" and "instituțiile" (comma-below ț); other forms of the words must match.
    for query in ["protecție", "instituții"]:
        results = search(page, query)
        assert any(urlparse(url).path.startswith("/ro/principles/") for url in results), (query, results)
        assert all(urlparse(url).path.startswith("/ro/") for url in results)


def test_other_languages_pages_are_not_found(page: Page, site_url: str):
    page.goto(site_url + "fr/")
    assert search(page, "Zanzibarword", expect_results=False) == []
    page.goto(site_url)
    english = search(page, "Zanzibarword")
    assert english and all(not urlparse(u).path.startswith(("/fr/", "/ru/", "/ro/")) for u in english)


def test_switcher_keeps_the_page(page: Page, site_url: str):
    page.goto(site_url + "ru/modules/basics/sessions/spotting-signs/")
    page.hover("div.md-select")
    page.click("a.md-select__link[hreflang='fr']")
    page.wait_for_url("**/fr/**")
    assert urlparse(page.url).path == "/fr/modules/basics/sessions/spotting-signs/"
    assert page.locator("html").get_attribute("lang") == "fr"


def test_only_the_local_server_is_contacted(page: Page, site_url: str):
    page.goto(site_url + "ru/modules/basics/")
    search(page, "выявление")
    page.goto(site_url + "modules/basics/sessions/spotting-signs/")
    assert set(page.hosts) == {"127.0.0.1"}


def test_every_page_type_passes_its_content_security_policy(browser, site_url):
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    tab = context.new_page()
    pages = ["", "modules/basics/", "modules/basics/sessions/spotting-signs/", "glossary/", "downloads/",
             "translation-status/", "referral/?country=alpha&situation=found-by-police", "referral/alpha/cross-border/",
             "courses/basics-morning/", "competencies/matrix/", "ru/modules/basics/", "fr/referral/"]
    for path in pages:
        tab.goto(site_url + path)
        assert "Content-Security-Policy" in tab.content(), path
        tab.wait_for_timeout(150)
        assert tab.evaluate("window.__csp") == [], path
    tab.goto(site_url + "referral/?country=alpha&situation=found-by-police")
    assert tab.locator("section[data-country=alpha][data-situation=found-by-police]").is_visible()  # scripts ran
    search(tab, "indicators")
    assert tab.evaluate("window.__csp") == []
    context.close()


def test_trainer_finds_a_session_plan_and_downloads_its_pdf_and_docx(page: Page, site_url: str, tmp_path: Path):
    from docx import Document as WordDocument
    from pypdf import PdfReader

    page.goto(site_url)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Basics of identification").first.click()
    page.locator("article").get_by_role("link", name="Spotting the signs").first.click()
    assert urlparse(page.url).path == "/modules/basics/sessions/spotting-signs/"
    files = {}
    for name, label in (("PDF", "PDF"), ("DOCX", "DOCX (editable)")):
        with page.expect_download() as download:
            page.locator("article").get_by_role("link", name=label, exact=True).first.click()
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        files[name] = target
    pdf = PdfReader(files["PDF"])
    assert "Spotting the signs" in pdf.pages[0].extract_text()
    assert WordDocument(str(files["DOCX"])).paragraphs[0].text == "Spotting the signs"
    assert set(page.hosts) == {"127.0.0.1"}


def test_translator_opens_the_status_page(page: Page, site_url: str):
    page.goto(site_url + "fr/")
    page.locator("nav.md-nav--primary").get_by_role("link", name="Translation status").first.click()
    page.wait_for_load_state("load")  # the click returns once the new page starts coming in
    assert urlparse(page.url).path == "/fr/translation-status/"
    text = page.locator("article").inner_text()
    for language in ("Français", "Русский", "Română"):
        assert language in text
    assert "▰" in text or "▱" in text


@pytest.mark.parametrize("lang, word, home", [("en", "Zanzibarword", ""), ("fr", "grenouillère", "fr/"),
                                              ("ru", "торговцами", "ru/"), ("ro", "titular", "ro/")])
def test_search_finds_only_its_own_language(page: Page, site_url: str, lang: str, word: str, home: str):
    page.goto(site_url + home)
    results = search(page, word)
    assert results, (lang, word)
    prefixes = ("/fr/", "/ru/", "/ro/")
    if lang == "en":
        assert all(not urlparse(u).path.startswith(prefixes) for u in results)
    else:
        assert all(urlparse(u).path.startswith(f"/{lang}/") for u in results)


@pytest.fixture(scope="module")
def offline_copies(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The offline zips of three languages, unpacked as a reader would."""
    import zipfile

    target = tmp_path_factory.mktemp("offline")
    copies = {}
    for lang, zip_path in (("en", "downloads"), ("fr", "fr/downloads"), ("ru", "ru/downloads")):
        with zipfile.ZipFile(built_site / zip_path / f"ctmanual-offline-{lang}.zip") as archive:
            archive.extractall(target)
        copies[lang] = target / f"ctmanual-offline-{lang}"
    return copies


@pytest.mark.parametrize("lang, word, found_in", [("en", "Zanzibarword", "modules/basics/"),
                                                   ("fr", "grenouillère", "fr/"),
                                                   ("ru", "торговцы", "ru/modules/basics/")])
def test_offline_copy_works_from_disk_with_search(browser: Browser, offline_copies: dict[str, Path],
                                                  lang: str, word: str, found_in: str):
    root = offline_copies[lang]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(VIOLATIONS)
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto((root / "index.html").as_uri())  # a translated copy's start page opens its home page
    tab.wait_for_load_state()
    home = root / ("index.html" if lang == "en" else f"{lang}/index.html")
    tab.wait_for_url(home.as_uri())
    assert tab.locator("html").get_attribute("lang") == lang
    results = search(tab, word)  # the worker runs in a frame; the stemmer is loaded from the copy
    assert results, (lang, word)
    files = [urlparse(url).path for url in results]
    assert all(path.startswith(str(root)) and path.endswith(".html") for path in files), results
    assert any(path.startswith(str(root / found_in)) for path in files), results
    tab.goto(results[0])
    assert tab.locator("article h1").count() == 1  # a page, not a folder listing
    # Through the navigation to a page two levels down, and on to the downloads.
    tab.goto(home.as_uri())
    tab.locator("nav.md-nav--primary a[href$='downloads/index.html']").first.click()
    assert tab.url.endswith("downloads/index.html")
    pdf = tab.locator("article a[href$='.pdf']").first.get_attribute("href")
    assert (Path(urlparse(tab.url).path).parent / pdf).resolve().is_file()
    assert tab.evaluate("window.__csp") == []
    assert {urlparse(url).scheme for url in requested} == {"file"}, sorted(set(requested))
    context.close()


def test_offline_referral_lookup_works_from_disk(browser: Browser, offline_copies: dict[str, Path]):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((offline_copies["en"] / "referral" / "index.html").as_uri())
    selects = tab.locator("form.ctm-lookup select")
    selects.nth(0).select_option("alpha")
    selects.nth(1).select_option("found-by-police")
    assert tab.url.endswith("referral/index.html?country=alpha&situation=found-by-police")
    assert tab.locator("section[data-country=alpha][data-situation=found-by-police]").is_visible()
    tab.reload()  # the shared view survives a reload from disk
    assert tab.locator("section[data-country=alpha][data-situation=found-by-police]").is_visible()
    context.close()
