"""Accessibility in Debian's Chromium: axe-core (npm, tests/axe) on every page type, no violation of any
impact (WCAG 2.1 A/AA and best practice); the referral lookup and the language switcher by keyboard only;
PDFs tagged with their language. Screenshots at phone and desktop widths go to test-artefacts/."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from browsing import AXE, REPO

ARTEFACTS = REPO / "test-artefacts" / "screenshots"
PAGE_TYPES = {
    "home": "",
    "module": "modules/basics/",
    "session-plan": "modules/basics/sessions/spotting-signs/",
    "handout": "modules/basics/handouts/indicator-list/",
    "assessment": "modules/basics/assessment/",
    "glossary": "glossary/",
    "downloads": "downloads/",
    "translation-status": "translation-status/",
    "referral-lookup": "referral/?country=alpha&situation=found-by-police",
    "referral-pathway": "referral/alpha/found-by-police/",
    "referral-indicators": "referral/indicators/",
    "course": "courses/basics-morning/",
    "questionnaire": "courses/basics-morning/questionnaire/",
    "competency-profile": "competencies/law-enforcement/",
    "competency-matrix": "competencies/matrix/",
    "russian-fallback": "ru/modules/basics/sessions/spotting-signs/",
}
# Every rule (WCAG A/AA and best practice) and every impact.
RUN_AXE = """async () => (await axe.run(document)).violations
  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""


@pytest.fixture(scope="module")
def axe_context(browser):  # noqa: F811
    assert AXE.is_file(), "axe-core is missing: run scripts/setup.sh"
    context = browser.new_context(bypass_csp=True)  # axe is injected inline; the site's own policy forbids that
    yield context
    context.close()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_violations(axe_context, site_url, kind):  # noqa: F811
    tab = axe_context.new_page()
    tab.goto(site_url + PAGE_TYPES[kind])
    tab.add_script_tag(path=str(AXE))
    assert tab.evaluate(RUN_AXE) == [], kind
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for width, name in ((390, "phone"), (1280, "desktop")):
        tab.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
        tab.screenshot(path=str(ARTEFACTS / f"{kind}-{name}.png"), full_page=False)
    tab.close()


def test_the_lookup_by_keyboard_only(browser, site_url):  # noqa: F811
    tab = browser.new_page()
    tab.goto(site_url + "referral/")
    tab.locator("select[name=country]").focus()
    tab.keyboard.press("ArrowDown")  # "Choose…" -> the first country
    tab.keyboard.press("Tab")
    tab.keyboard.press("ArrowDown")  # the first situation
    # The script updates the address on the change event: wait for it (a loaded machine is slower than a key press).
    tab.wait_for_url(lambda url: url.endswith("referral/?country=alpha&situation=found-by-police"), timeout=5000)
    assert tab.locator("section[data-country=alpha][data-situation=found-by-police]").is_visible()
    tab.keyboard.press("Tab")
    tab.keyboard.press("ArrowDown")  # the first role: police
    tab.wait_for_url(lambda url: "role=police" in url, timeout=5000)
    assert "ctm-my-step" in tab.locator("section[data-country=alpha] li[data-role=police]").first.get_attribute("class")
    tab.close()


def test_the_language_switcher_by_keyboard_only(browser, site_url):  # noqa: F811
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(site_url + "modules/basics/sessions/spotting-signs/")
    for _ in range(40):  # Tab through the header until a French language link has the focus
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.getAttribute('hreflang')") == "fr":
            break
    else:
        pytest.fail("no language link reachable with Tab")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/fr/modules/basics/sessions/spotting-signs/")
    tab.close()


def test_pdfs_are_tagged_with_their_language(built_site):
    for path, lang in (("downloads/manual-en.pdf", "en"), ("ru/downloads/manual-ru.pdf", "ru"),
                       ("fr/downloads/pocket-card-alpha-fr.pdf", "fr"),
                       ("ro/downloads/basics-morning-questionnaire-ro.pdf", "ro")):
        reader = PdfReader(built_site / path)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang, path
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path
