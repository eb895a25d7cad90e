"""The offline copy: a zip per language that works when opened from disk (browser tests in test_browser.py)."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path
from posixpath import dirname, join, normpath
from urllib.parse import urlsplit

import pytest

from ctmanual.downloads.offline import OfflineBundle, plan_bundles, rewrite_page, write_bundle
from ctmanual.site.offline import OFFLINE_RULES, offline_file, rewrite_search_index

ONLINE = "https://example.org/manual/"
ZIPS = {"en": "downloads/ctmanual-offline-en.zip", "fr": "fr/downloads/ctmanual-offline-fr.zip",
        "ru": "ru/downloads/ctmanual-offline-ru.zip", "ro": "ro/downloads/ctmanual-offline-ro.zip"}


def bundles() -> dict[str, OfflineBundle]:
    planned = plan_bundles(ZIPS, "en", ONLINE, lambda code: f"ctmanual-offline-{code}", OFFLINE_RULES)
    return {bundle.language: bundle for bundle in planned}


@pytest.mark.parametrize("page, href, expected", [
    ("fr/modules/x/index.html", "../y/", "../y/index.html"),
    ("fr/modules/x/index.html", "../y/#steps", "../y/index.html#steps"),
    ("fr/modules/x/index.html", "./", "./index.html"),
    ("fr/modules/x/index.html", "..", "../index.html"),
    ("fr/modules/x/index.html", "../../", "../../index.html"),
    ("fr/modules/x/index.html", "?country=md", "?country=md"),
    ("fr/modules/x/index.html", "#top", "#top"),
    ("fr/modules/x/index.html", "../../downloads/a-fr.pdf", "../../downloads/a-fr.pdf"),
    ("fr/modules/x/index.html", "../../../assets/stylesheets/main.css", "../../../assets/stylesheets/main.css"),
    ("fr/modules/x/index.html", "https://www.coe.int/greta", "https://www.coe.int/greta"),
    # Pages of another language are not in the French copy: the published site has them.
    ("fr/modules/x/index.html", "../../../modules/x/", ONLINE + "modules/x/"),
    ("fr/modules/x/index.html", "../../../ru/modules/x/#a", ONLINE + "ru/modules/x/#a"),
    ("fr/modules/x/index.html", "../../../", ONLINE),
    ("modules/x/index.html", "../../fr/modules/x/", ONLINE + "fr/modules/x/"),
    ("modules/x/index.html", "../y/?a=1&amp;b=2", "../y/index.html?a=1&amp;b=2"),
])
def test_links_work_from_disk(page: str, href: str, expected: str):
    bundle = bundles()["en" if not page.startswith("fr/") else "fr"]
    assert rewrite_page(f'<a href="{href}">x</a>', page, bundle) == f'<a href="{expected}">x</a>'


def test_without_a_published_site_links_out_of_the_copy_are_text_saying_they_need_it():
    """No site_url: a link to another language (or to the zip itself) cannot be followed from disk, and there is
    no address to send it to. It stays as text, no longer a link, with the copy's words for why."""
    planned = plan_bundles(ZIPS, "en", "", lambda code: f"ctmanual-offline-{code}", OFFLINE_RULES,
                           {"fr": "nécessite le site en ligne"})
    bundle = {b.language: b for b in planned}["fr"]
    page = ('<a href="../../../modules/x/" hreflang="en" class="md-select__link">\n  English\n</a>\n'
            '<a href="../y/">y</a>\n<a download href="../../downloads/ctmanual-offline-fr.zip">Zip</a>')
    result = rewrite_page(page, "fr/modules/x/index.html", bundle)
    note = '<span class="ctm-online-only">(nécessite le site en ligne)</span>'
    assert result.split("\n<a href")[0] == (f'<a hreflang="en" class="md-select__link" aria-disabled="true" '
                                             f'data-ctm-online-only>\n  English {note}</a>')
    assert '<a href="../y/index.html">y</a>' in result
    assert f'<a aria-disabled="true" data-ctm-online-only>Zip {note}</a>' in result
    assert "example" not in result


def test_alternate_links_are_dropped_and_the_rest_of_the_head_kept():
    head = ('<link rel="canonical" href="https://example.org/manual/fr/x/">\n'
            '    <link rel="alternate" href="../../x/" hreflang="en">\n'
            '    <link rel="stylesheet" href="../../assets/main.css">\n')
    [(path, data)] = offline_file("fr/x/index.html", head.encode("utf-8"))
    result = rewrite_page(data.decode("utf-8"), path, bundles()["fr"])
    assert "alternate" not in result
    assert 'rel="canonical"' in result and 'href="../../assets/main.css"' in result


def test_search_locations_point_at_files():
    index = '{"config": {}, "docs": [{"location": ""}, {"location": "x/"}, {"location": "x/#a"}, {"location": "a.pdf"}]}'
    assert [d for d in re.findall(r'"location":"([^"]*)"', rewrite_search_index(index))] == [
        "index.html", "x/index.html", "x/index.html#a", "a.pdf"]


def _unpack(site: Path, language: str, target: Path) -> Path:
    with zipfile.ZipFile(site / ZIPS[language]) as archive:
        archive.extractall(target)
    return target / f"ctmanual-offline-{language}"


def test_each_language_has_a_zip_listed_with_its_size(built_site: Path):
    for language, path in ZIPS.items():
        assert zipfile.is_zipfile(built_site / path), path
        root = built_site if language == "en" else built_site / language
        page = (root / "downloads" / "index.html").read_text(encoding="utf-8")
        size = re.search(r'data-file="downloads/ctmanual-offline-%s.zip">([^<]*)<' % language, page)
        assert size and size.group(1).endswith(("kB", "MB")), language


def test_a_copy_holds_its_language_only(built_site: Path):
    with zipfile.ZipFile(built_site / ZIPS["fr"]) as archive:
        names = archive.namelist()
    top = {name.split("/")[1] for name in names}
    assert top == {"index.html", "fr", "assets"}
    assert "ctmanual-offline-fr/fr/search/search_index.js" in names
    assert "ctmanual-offline-fr/fr/downloads/basics-handouts-fr.pdf" in names
    assert not any(name.endswith((".zip", ".map", ".part")) or "/." in name for name in names)
    with zipfile.ZipFile(built_site / ZIPS["en"]) as archive:
        english = archive.namelist()
    assert not any(name.split("/")[1] in ("fr", "ru", "ro") for name in english)
    assert not any(name.endswith((".zip", ".part")) or "/." in name for name in english)
    assert "ctmanual-offline-en/index.html" in english and "ctmanual-offline-en/search/search_index.js" in english


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_link_in_a_copy_resolves_inside_it(built_site: Path, tmp_path: Path, language: str):
    root = _unpack(built_site, language, tmp_path)
    files = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
    broken = []
    for page in sorted(p for p in files if p.endswith(".html")):
        text = (root / page).read_text(encoding="utf-8")
        for url in re.findall(r'\s(?:href|src)="([^"]*)"', text):
            parts = urlsplit(url.replace("&amp;", "&"))
            if parts.scheme or not parts.path:
                assert parts.scheme in ("", "https", "http", "mailto"), (page, url)
                continue
            target = normpath(join(dirname(page), parts.path))
            if target not in files:
                broken.append(f"{page}: {url}")
    assert broken == []


def test_the_same_site_gives_the_same_zip(built_site: Path, tmp_path: Path):
    digests = []
    for attempt in ("first", "second"):
        copy = tmp_path / attempt
        shutil.copytree(built_site, copy)
        write_bundle(bundles()["fr"], copy)
        digests.append(hashlib.sha256((copy / ZIPS["fr"]).read_bytes()).hexdigest())
    assert digests[0] == digests[1]
