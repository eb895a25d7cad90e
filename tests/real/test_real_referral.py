"""Referral guidance on the real build (issue 18, points 2 to 5): the indicators checklist links each sign to
its step and can be used and printed; a country-and-situation page shows the signs of that situation only; the
lookup's rights open by keyboard and touch, switching language keeps the choice, an untranslated record is
announced, dimmed steps keep their contrast, and the referral pages are axe-clean at phone and desktop widths;
pocket cards are A6 with body text of 8 pt or more, a card per situation."""

from __future__ import annotations

import math
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
import yaml

from browsing import AXE, DESKTOP, PHONE, REPO, without_search_entries
from helpers import pdf_words

LANGUAGES = ["en", "fr", "ru", "ro"]
COUNTRIES = ["bulgaria", "moldova", "romania"]
INDICATORS = yaml.safe_load((REPO / "referral/indicators.yml").read_text(encoding="utf-8"))
VOCABULARY = yaml.safe_load((REPO / "referral/vocabulary.yml").read_text(encoding="utf-8"))
SIGNS = [indicator for category in INDICATORS["categories"] for indicator in category["indicators"]]
KINDS = [kind["id"] for kind in VOCABULARY["step_kinds"]]
SITUATIONS = [situation["id"] for situation in VOCABULARY["situations"]]
RUN_AXE = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
  .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""


def folder(site: Path, lang: str) -> Path:
    return site if lang == "en" else site / lang


def html(site: Path, lang: str, page: str) -> str:
    return (folder(site, lang) / page / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    return text[text.index("<article"):text.index("</article>")]


# --- point 2: the indicators checklist ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_checklist_signs_are_live_checkboxes_linked_to_their_step_and_its_pathways(real_site: Path, lang: str):
    page = article(html(real_site, lang, "referral/indicators"))
    assert "disabled" not in page
    boxes = re.findall(r'<li><label><input type="checkbox" name="sign" value="([a-z0-9-]+)" data-kind="([a-z-]+)">'
                       r'.*?</label>.*?<a href="#kind-([a-z-]+)">', page)
    assert [(b[0], b[1]) for b in boxes] == [(s["id"], s["triggers"]) for s in SIGNS]
    assert all(kind == linked for _, kind, linked in boxes)
    for kind in KINDS:  # each kind explained, and linked to that step on the pathway pages that have it
        section = re.search(rf'<h3 id="kind-{kind}">.*?(?=<h3 id="kind-|<h2 |$)', page, re.S)
        assert section, kind
        assert len(re.findall(r"<p>", section.group(0))) >= 1
        targets = re.findall(rf'href="\.\./([a-z]+)/([a-z-]+)/#step-{kind}"', section.group(0))
        assert targets, kind
        for country, situation in targets:
            assert f'id="step-{kind}"' in html(real_site, lang, f"referral/{country}/{situation}"), (kind, country)
    for kind in {s["triggers"] for s in SIGNS}:  # what a sign links to is there
        assert f'id="kind-{kind}"' in page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_ticking_signs_lists_the_steps_they_call_for_and_the_ticks_print(browser, real_url, viewport):
    context = browser.new_context(viewport=viewport)
    without_search_entries(context)  # no search is typed here
    tab = context.new_page()
    tab.goto(real_url + "fr/referral/indicators/")
    summary = tab.locator("[data-ctm-ticked]")
    assert summary.is_visible() and tab.locator(".ctm-ticked-steps li:visible").count() == 0
    boxes = tab.locator(".ctm-checklist input[type=checkbox]")
    assert boxes.count() == len(SIGNS)
    first = next(i for i, s in enumerate(SIGNS) if s["triggers"] == "safety")
    others = [i for i, s in enumerate(SIGNS) if s["triggers"] == "report"][:2]
    boxes.nth(first).focus()
    tab.keyboard.press("Space")  # by keyboard
    for index in others:
        boxes.nth(index).click()
    listed = {item.get_attribute("data-kind"): item.locator(".ctm-tick-count").inner_text()
              for item in tab.locator(".ctm-ticked-steps li:visible").all()}
    assert listed == {"safety": "1", "report": "2"}
    link = tab.locator(".ctm-ticked-steps li[data-kind=safety] a")
    assert link.get_attribute("href") == "#kind-safety"
    assert tab.locator("[data-ctm-print]").is_visible()
    tab.emulate_media(media="print")
    assert boxes.nth(first).is_visible() and boxes.nth(first).is_checked()
    assert not tab.locator("[data-ctm-print]").is_visible()
    tab.emulate_media(media="screen")
    tab.locator("[data-ctm-clear]").click()
    assert not boxes.nth(first).is_checked() and tab.locator(".ctm-ticked-steps li:visible").count() == 0
    context.close()


# --- point 3: the signs of a situation ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_country_and_situation_page_lists_the_signs_of_that_situation_only(real_site: Path, lang: str):
    translated = {s["id"]: s["text"] for s in _signs(lang)}
    counts = set()
    for country in COUNTRIES:
        for situation in SITUATIONS:
            page = article(html(real_site, lang, f"referral/{country}/{situation}"))
            if 'id="signs"' not in page:
                continue
            section = page[page.index('id="signs"'):]
            section = section[:section.index("</ul>")]
            assert 'href="../../indicators/"' in section  # the full checklist
            shown = [unescape(re.sub(r"<[^>]+>", "", item)).split(" → ")[0].strip()
                     for item in re.findall(r"<li>(.*?)</li>", section, re.S)]
            wanted = [translated[s["id"]] for s in SIGNS if situation in s["situations"]]
            assert shown == wanted, (country, situation)
            counts.add(len(shown))
    assert max(counts) < len(SIGNS) / 2


def test_online_sextortion_is_not_a_sign_at_a_border_crossing(real_site: Path):
    border = article(html(real_site, "en", "referral/moldova/border"))
    disclosure = article(html(real_site, "en", "referral/moldova/disclosure"))
    sextortion = "The child is threatened with the publication of images"
    assert sextortion not in border and sextortion in disclosure


def _signs(lang: str) -> list[dict]:
    if lang == "en":
        return SIGNS
    data = yaml.safe_load((REPO / f"translations/{lang}/referral/indicators.yml").read_text(encoding="utf-8"))
    return [indicator for category in data["categories"] for indicator in category["indicators"]]


# --- point 4: the lookup -----------------------------------------------------------------------------------

def test_no_referral_page_explains_by_hover_only(real_site: Path):
    for lang in LANGUAGES:
        for page in (folder(real_site, lang) / "referral").rglob("index.html"):
            assert "<abbr title" not in article(page.read_text(encoding="utf-8")), page


@pytest.mark.parametrize("how", ["keyboard", "touch"])
def test_the_childs_rights_open_by_keyboard_and_by_touch(browser, real_url, how):
    context = browser.new_context(viewport=PHONE, has_touch=how == "touch", is_mobile=how == "touch")
    without_search_entries(context)  # no search is typed here
    tab = context.new_page()
    tab.goto(real_url + "referral/?country=romania&situation=border")
    section = tab.locator("section[data-country=romania][data-situation=border]")
    right = section.locator("details.ctm-right").first
    text = right.locator("p")
    assert not text.is_visible()
    summary = right.locator("summary")
    if how == "keyboard":
        summary.focus()
        tab.keyboard.press("Enter")
    else:
        summary.tap()
    assert text.is_visible() and len(text.inner_text()) > 40
    context.close()


@pytest.mark.parametrize("target", ["fr", "ru"])
def test_switching_language_keeps_country_situation_and_role(browser, real_url, target):
    context = browser.new_context(viewport=DESKTOP)
    without_search_entries(context)  # no search is typed here
    tab = context.new_page()
    tab.goto(real_url + "referral/")
    tab.select_option("select[name=country]", "moldova")
    tab.select_option("select[name=situation]", "border")
    tab.select_option("select[name=role]", "border-police")
    tab.locator(".md-header .md-select").hover()
    tab.locator(f".md-header a.md-select__link[hreflang={target}]").click()
    tab.wait_for_url(f"**/{target}/referral/?*")
    assert tab.url.endswith(f"/{target}/referral/?country=moldova&situation=border&role=border-police")
    assert [tab.locator(f"select[name={n}]").input_value() for n in ("country", "situation", "role")] == \
        ["moldova", "border", "border-police"]
    assert tab.locator("section[data-country=moldova][data-situation=border]").is_visible()
    context.close()


def test_the_lookup_says_when_a_record_is_untranslated(real_site: Path):
    notices = {"fr": "La fiche de ce pays n'a pas encore été traduite", "ru": "Данные по этой стране ещё не переведены",
               "ro": "Fișa acestei țări nu a fost încă tradusă"}
    for lang, notice in notices.items():
        page = unescape(html(real_site, lang, "referral"))
        for country in COUNTRIES:
            translated = (REPO / f"translations/{lang}/referral/countries/{country}.yml").is_file()
            section = re.search(rf'<section class="ctm-combination" data-country="{country}" data-situation="border".*?</section>',
                                page, re.S).group(0)
            assert (notice in section) is not translated, (lang, country)
            if not translated:
                assert '<p lang="en">' in section  # the English steps are marked as English
    assert "ctm-record-fallback" not in html(real_site, "en", "referral")


CONTRAST = """(selector) => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  return [...document.querySelectorAll(selector)].filter(e => e.offsetParent !== null).map(e => {
    let [r, g, b, a = 1] = parse(getComputedStyle(e).color);
    for (let n = e; n; n = n.parentElement) a *= Number(getComputedStyle(n).opacity);
    const fg = [r, g, b].map(v => v * a + 255 * (1 - a));  // on the white page
    const l = lum(fg);
    return (1.05) / (l + 0.05);
  });
}"""


def test_steps_of_other_roles_keep_a_contrast_of_4_5(browser, real_url):
    context = browser.new_context(viewport=DESKTOP)
    without_search_entries(context)  # no search is typed here
    tab = context.new_page()
    tab.goto(real_url + "referral/?country=romania&situation=found-by-police&role=police")
    selector = "section[data-country=romania][data-situation=found-by-police] li.ctm-other-step"
    assert tab.locator(selector).count() >= 3
    ratios = tab.evaluate(CONTRAST, f"{selector} a, {selector} p, {selector} summary")
    assert ratios and min(ratios) >= 4.5, min(ratios)
    context.close()


REFERRAL_PAGES = ["referral/?country=romania&situation=found-by-police&role=police", "fr/referral/indicators/",
                  "ru/referral/moldova/border/", "ro/referral/romania/"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_referral_pages_have_no_serious_axe_violation(browser, real_url, viewport):
    assert AXE.is_file(), "axe-core is missing: run scripts/setup.sh"
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    without_search_entries(context)  # no search is typed here
    tab = context.new_page()
    for path in REFERRAL_PAGES:
        tab.goto(real_url + path)
        tab.evaluate("document.querySelectorAll('details.ctm-right').forEach(d => { d.open = true; })")
        tab.add_script_tag(path=str(AXE))
        assert tab.evaluate(RUN_AXE) == [], path
    context.close()


# --- point 5: pocket cards ---------------------------------------------------------------------------------

def _font_sizes(pdf: Path) -> list[tuple[float, str]]:
    """(effective size in pt, text) of every piece of text: the font size scaled by the text and page matrices."""
    from pypdf import PdfReader

    found: list[tuple[float, str]] = []
    for page in PdfReader(pdf).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                found.append((round(size * scale, 2), text))
        page.extract_text(visitor_text=visit)
    return found


def test_pocket_cards_are_a6_with_body_text_of_8pt_or_more(real_site: Path):
    cards = sorted(real_site.rglob("pocket-card-*.pdf"))
    assert len(cards) == len(COUNTRIES) * len(LANGUAGES)
    for card in cards:
        info = subprocess.run(["pdfinfo", str(card)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+297\.6\d* x 419\.5\d* pts", info), card.name  # A6
        sizes = _font_sizes(card)
        assert len(sizes) > 100
        smallest = min(size for size, _ in sizes)
        assert smallest >= 7.95, (card.name, [s for s in sizes if s[0] < 7.95][:3])


def test_a_pocket_card_is_a_cover_and_a_card_per_situation_with_its_signs(real_site: Path):
    from ctmanual.downloads.pocket import pocket_pages
    from ctmanual.load import load_project

    loaded, _ = load_project(REPO)
    referral = loaded.referral_for("en")
    titles = {s["id"]: s["title"] for s in VOCABULARY["situations"]}
    import datetime as dt

    for country in COUNTRIES:
        card = real_site / f"downloads/pocket-card-{country}-en.pdf"
        pages = _pages(card)
        assert len(pages) <= pocket_pages(referral, referral.countries[country], dt.date(2026, 11, 24)), country
        assert pages[0].startswith(f"{referral.countries[country].country}: Referral guidance")
        for situation in (p.situation for p in referral.countries[country].pathways):
            front = next(i for i, text in enumerate(pages) if text.startswith(titles[situation]))
            back = next(i for i in range(front + 1, len(pages)) if pages[i].startswith("Signs to look for"))
            signs = " ".join(pages[back].split())
            for sign in SIGNS:
                assert (sign["text"][:40] in signs) is (situation in sign["situations"]), (country, situation, sign["id"])


def _pages(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                            check=True).stdout).group(1))
    return [pdf_words(pdf, n) for n in range(1, count + 1)]


def test_the_offline_copy_carries_the_choice_to_the_other_languages(browser, real_site: Path, tmp_path: Path):
    import zipfile

    with zipfile.ZipFile(real_site / "downloads/ctmanual-offline-en.zip") as archive:
        archive.extractall(tmp_path)
    lookup = next(tmp_path.glob("*/referral/index.html"))
    context = browser.new_context(viewport=DESKTOP)
    without_search_entries(context)  # no search is typed here
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(lookup.as_uri() + "?country=moldova&situation=border")
    assert tab.locator("section[data-country=moldova][data-situation=border]").is_visible()
    tab.select_option("select[name=role]", "police")
    assert tab.url.endswith("?country=moldova&situation=border&role=police")
    for lang in ("fr", "ru", "ro"):  # other languages are not in this copy: they need the online site
        entry = tab.locator(f".md-header a.md-select__link[hreflang={lang}]")
        href = entry.get_attribute("href")
        if href is None:  # no published address configured: the entry says so, and is no link
            assert entry.get_attribute("data-ctm-online-only") is not None, lang
        else:  # a published address: the link leaves the copy with the choice
            assert href.endswith(f"/{lang}/referral/?country=moldova&situation=border&role=police"), href
    assert errors == []  # the lookup's script runs on with entries that are no links
    context.close()
