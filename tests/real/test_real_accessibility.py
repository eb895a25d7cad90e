"""Accessibility of the real build: axe-core (every rule, every impact: WCAG A/AA and best practice) on every
page type of this repository's manual, at phone and desktop widths, in Debian's Chromium. Screenshots of
each page at both widths go to test-artefacts/real/ for a reader's look."""

from __future__ import annotations

import pytest

from browsing import AXE, DESKTOP, PHONE, REPO, without_search_entries

ARTEFACTS = REPO / "test-artefacts" / "real"
PAGE_TYPES = {
    "home": "",
    "module": "modules/identification/",
    "session-plan": "modules/identification/sessions/idn-first-contact/",
    "handout": "modules/identification/handouts/idn-indicator-checklist/",
    "assessment": "modules/identification/assessment/",
    "glossary": "glossary/",
    "downloads": "downloads/",
    "translation-status": "translation-status/",
    "referral-lookup": "referral/?country=moldova&situation=found-by-police",
    "referral-pathway": "referral/moldova/found-by-police/",
    "referral-indicators": "referral/indicators/",
    "course": "courses/police-academy/",
    "questionnaire": "courses/police-academy/questionnaire/",
    "competency-profile": "competencies/law-enforcement/",
    "competency-matrix": "competencies/matrix/",
    "guide": "guides/trainer-guide/",
    "french-fallback": "fr/modules/legislation/sessions/leg-international-framework/",
    "french-translated": "fr/modules/identification/sessions/idn-first-contact/",
    "french-status": "fr/translation-status/",
}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
# No runOnly: every rule axe has, best practice included (landmark-unique, empty-table-header ...).
RUN_AXE = """async () => (await axe.run(document)).violations
  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 4).join(', '))"""


@pytest.fixture(scope="module")
def axe_tab(browser):
    """One tab for every page checked here (a new tab costs Chromium about 1.5 s of CPU, a tenth of a check)."""
    assert AXE.is_file(), "axe-core is missing: run scripts/setup.sh"
    context = browser.new_context(bypass_csp=True)  # axe is injected inline; the site's own policy forbids that
    without_search_entries(context)  # no search is typed here
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_violation_of_any_impact(axe_tab, real_url, kind, width):
    """The page loaded at that width (loaded at one width and narrowed, a page is not the same: the site's
    scripts mark scrollable tables focusable as it loads)."""
    tab = axe_tab
    tab.set_viewport_size(WIDTHS[width])
    tab.goto(real_url + PAGE_TYPES[kind])
    tab.wait_for_load_state("load")
    if kind == "referral-lookup":  # the lookup shows the chosen country and situation
        tab.locator("section[data-country=moldova][data-situation=found-by-police]").wait_for(state="visible")
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate(RUN_AXE)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / f"{kind}-{width}.png"))
    assert not violations, f"{kind} at {width} width:\n" + "\n".join(violations)
