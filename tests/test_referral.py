"""Referral guidance on the fixture project: schema and cross-reference errors with file and line,
every country x situation page, notices for illustrative and stale records, translations laid
over the source, pocket cards, and the lookup in headless Chromium (with and without JavaScript)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, ctm_output, pdf_words

SITUATIONS = ["found-by-police", "disclosure", "cross-border"]
COUNTRIES = ["alpha", "beta"]


def test_bad_referral_data_is_reported_with_file_and_line_all_at_once(project, capsys):
    text = project.read("referral/countries/alpha.yml")
    text = text.replace("  - role: education\n", "  - role: teacher\n")  # unknown role
    text = text.replace("        actor: child-protection\n", "        actor: guardian\n")  # not an actor here
    text = text.replace("        modules: [basics]\n", "        modules: [no-such-module]\n")
    text = text.replace("    source: alpha-act\n  - role: consular", "    source: unknown-act\n  - role: consular")
    text = text.replace("        time_source: alpha-act\n", "")  # a time frame with no source
    project.write("referral/countries/alpha.yml", text)
    agreement = project.read("referral/transnational/alpha-beta.yml").replace("beta:child-protection", "beta:consular")
    project.write("referral/transnational/alpha-beta.yml", agreement)
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1
    path = "referral/countries/alpha.yml"
    expected = [
        (path, "role: teacher", "unknown role 'teacher'"),
        (path, "actor: guardian", "step refers to actor 'guardian', which is not among this record's actors"),
        (path, "no-such-module", "'no-such-module' is neither a module nor a session plan id"),
        (path, "source: unknown-act", "unknown source 'unknown-act'"),
        (path, "time: within 24 hours", "a time frame needs `time_source`"),
        ("referral/transnational/alpha-beta.yml", "beta:consular",
         "'beta:consular': 'consular' is not among the actors of referral/countries/beta.yml"),
    ]
    for rel, needle, message in expected:
        assert f"{rel}:{project.line_of(rel, needle)}: {message}" in out, (message, out)


def test_an_indicators_unknown_or_repeated_situation_is_reported_with_its_line(project, capsys):
    project.replace("referral/indicators.yml", "situations: [found-by-police, cross-border]",
                    "situations: [found-by-police, at-sea, found-by-police]")
    code, out = ctm_output(project.root, capsys, "validate")
    rel = "referral/indicators.yml"
    line = project.line_of(rel, "at-sea")
    assert code == 1
    assert f"{rel}:{line}: unknown situation 'at-sea': use one of cross-border, disclosure, found-by-police" in out
    assert f"{rel}:{line}: situation 'found-by-police' is listed twice" in out
    project.replace(rel, "situations: [disclosure]", "situations: []")  # every sign belongs somewhere
    code, out = ctm_output(project.root, capsys, "validate")
    empty = project.line_of(rel, "situations: []")
    assert code == 1 and f"{rel}:{empty}: 'categories.1.indicators.0.situations': List should have at least 1 item" in out


def test_a_situation_page_shows_the_signs_of_that_situation_only(built_site):
    police = read(built_site, "referral/alpha/found-by-police")
    assert "Someone else holds the child" in police and "The child has an untreated injury." not in police
    assert 'href="../../indicators/">All identification indicators</a>' in police
    disclosure = read(built_site, "referral/beta/disclosure")  # no safety step here: the sign links to its explanation
    assert re.search(r'The child has an untreated injury\. → <a href="\.\./\.\./indicators/#kind-safety">Make the child safe</a>',
                     disclosure)
    assert "Someone else holds the child" not in disclosure


def test_a_missing_source_field_names_its_line(project, capsys):
    text = project.read("referral/countries/alpha.yml").replace(
        "        rights: [information]\n        modules: [basics]\n        source: alpha-act\n",
        "        rights: [information]\n        modules: [basics]\n")
    project.write("referral/countries/alpha.yml", text)
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("referral/countries/alpha.yml", "- kind: safety")
    assert code == 1 and f"referral/countries/alpha.yml:{line}: 'pathways.0.steps.0.source' is required" in out


@pytest.mark.slow
def test_stale_records_are_flagged_in_the_build_output_and_on_the_page(project, capsys, tmp_path):
    from ctmanual.pipeline import build

    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 0 and "warning" not in out
    project.replace("referral/countries/beta.yml", "last_verified: 2026-06-01", "last_verified: 2025-11-23")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("referral/countries/beta.yml", "last_verified")
    assert code == 0  # a warning: the build goes on
    assert f"referral/countries/beta.yml:{line}: warning: last verified on 2025-11-23, over 12 months ago" in out
    site = build(project.root, cache_dir=tmp_path / "cache", downloads=False).site_dir
    stale = read(site, "referral/beta/disclosure")
    assert "ctm-stale" in stale and "more than 12 months ago" in stale
    assert "ctm-stale" not in read(site, "referral/alpha/found-by-police")


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_country_and_situation_has_a_static_page(built_site):
    for lang in ["", "fr/", "ru/", "ro/"]:
        for country in COUNTRIES:
            for situation in SITUATIONS:
                assert (built_site / f"{lang}referral/{country}/{situation}/index.html").is_file()
    steps = read(built_site, "referral/alpha/found-by-police")
    assert re.search(r'<li id="step-safety" data-role="police">.*The officer takes the child out of danger', steps, re.S)
    assert "within 24 hours" in steps and 'href="../../../modules/basics/"' in steps
    assert "No pathway is recorded for this situation" in read(built_site, "referral/alpha/disclosure")
    crossing = read(built_site, "referral/beta/cross-border")  # the agreement shows on both countries' pages
    assert "Alphaland → Betaland" in crossing and "Betaland social services meet the child at the border." in crossing
    lookup = read(built_site, "referral")
    for country in COUNTRIES:
        for situation in SITUATIONS:
            assert f'href="{country}/{situation}/"' in lookup  # the table that works without JavaScript


def test_illustrative_records_say_so(built_site):
    beta = read(built_site, "referral/beta/disclosure")
    assert "ctm-illustrative" in beta and "not verified national data" in beta
    assert "ctm-stale" not in beta
    alpha = read(built_site, "referral/alpha/found-by-police")
    assert "ctm-illustrative" not in alpha and "ctm-stale" not in alpha
    assert "Last verified:</strong> 2026-11-01" in alpha


def test_indicators_link_to_the_step_they_trigger(built_site):
    steps = read(built_site, "referral/alpha/found-by-police")
    assert re.search(r"Someone else holds the child(&#x27;|')s documents\. → <a href=\"#step-refer\">2\. Refer</a>", steps)
    checklist = read(built_site, "referral/indicators")
    assert "The child has an untreated injury." in checklist and "Make the child safe" in checklist


def test_referral_pages_are_in_the_search_index(built_site):
    index = (built_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Quokkaword" in index  # a step's text, found by site search


@pytest.mark.slow
def test_a_translated_record_shows_in_its_language_and_keeps_the_source_structure(project, tmp_path):
    from ctmanual.pipeline import build

    project.write("translations/fr/referral/countries/alpha.yml", project.read("referral/countries/alpha.yml")
                  .replace("country: Alphaland", "country: Alphalande")
                  .replace("The officer takes the child out of danger and stays with them.",
                           "L'agent met l'enfant hors de danger et reste avec lui.")
                  .replace("actor: police", "actor: consular"))  # who acts comes from the source whatever the file says
    result = build(project.root, cache_dir=tmp_path / "cache", downloads=False)
    page = read(result.site_dir, "fr/referral/alpha/found-by-police")
    assert "Alphalande" in page and "L&#39;agent met l&#39;enfant hors de danger" in page
    assert '<li id="step-safety" data-role="police">' in page and "ctm-fallback" not in page
    assert "ctm-fallback" in read(result.site_dir, "fr/referral/beta/disclosure")  # no French record: English, marked


def test_pocket_card_has_the_steps(built_site):
    flat = pdf_words(built_site / "downloads/pocket-card-alpha-en.pdf", layout=True)
    assert "Alphaland: Referral guidance" in flat
    assert "1. Make the child safe · Police: The officer takes the child out of danger and stays with them." in flat
    assert "Quokkaword the duty social worker takes over the case the same day." in flat
    assert "Alphaland → Betaland" in flat
    info = subprocess.run(["pdfinfo", str(built_site / "downloads/pocket-card-beta-en.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+297\.6\d* x 419\.5\d* pts", info)  # A6
    beta = pdf_words(built_site / "downloads/pocket-card-beta-en.pdf")
    assert "not verified national data" in beta
    assert "pocket-card-alpha-en.pdf" in read(built_site, "downloads")


def test_lookup_shows_steps_and_keeps_the_choice_in_the_url(page, site_url):  # noqa: F811
    page.goto(site_url + "referral/")
    form = page.locator("form[data-ctm-lookup]")
    assert form.is_visible()
    page.select_option("select[name=country]", "alpha")
    page.select_option("select[name=situation]", "found-by-police")
    section = page.locator("section[data-country=alpha][data-situation=found-by-police]")
    assert section.is_visible()
    assert "The officer takes the child out of danger" in section.inner_text()
    assert not page.locator("section[data-country=beta][data-situation=disclosure]").is_visible()
    assert page.url.endswith("referral/?country=alpha&situation=found-by-police")
    page.select_option("select[name=role]", "police")
    assert "ctm-my-step" in section.locator("li[data-role=police]").get_attribute("class")
    assert "ctm-other-step" in section.locator("li[data-role=child-protection]").get_attribute("class")
    page.goto(site_url + "referral/?country=beta&situation=cross-border")  # a shared link
    shared = page.locator("section[data-country=beta][data-situation=cross-border]")
    assert shared.is_visible() and "Betaland social services meet the child" in shared.inner_text()
    page.locator("select[name=country]").focus()  # keyboard: arrow keys change the choice
    page.keyboard.press("ArrowUp")
    assert page.url.endswith("country=alpha&situation=cross-border")
    assert set(page.hosts) == {"127.0.0.1"}


def test_without_javascript_the_table_leads_to_every_pathway(browser, site_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "referral/")
    assert not tab.locator("form[data-ctm-lookup]").is_visible()
    tab.get_by_role("link", name="Steps").nth(0).click()  # first row (police find a child), first country
    assert tab.url.endswith("referral/alpha/found-by-police/")
    assert "The officer takes the child out of danger" in tab.locator("article").inner_text()
    context.close()


def test_from_the_home_page_to_the_steps_in_two_clicks(page, site_url):  # noqa: F811
    page.goto(site_url + "ru/")
    page.locator("nav.md-nav--primary").get_by_role("link", name="Referral guidance").first.click()
    assert page.url.endswith("/ru/referral/")
    page.get_by_role("link", name="Steps").nth(0).click()
    assert page.url.endswith("/ru/referral/alpha/found-by-police/")
    assert "The officer takes the child out of danger" in page.locator("article").inner_text()


def test_an_untranslated_record_on_a_translated_card_is_marked_english(built_site, project):
    russian = pdf_words(built_site / "ru/downloads/pocket-card-alpha-ru.pdf")
    assert "This page has not been translated yet" in russian  # the fixture's ui.yml labels are English
    english = pdf_words(built_site / "downloads/pocket-card-alpha-en.pdf")
    assert "This page has not been translated yet" not in english
    import datetime as dt

    from ctmanual.downloads.pocket import pocket_html
    from ctmanual.load import load_project

    loaded, _ = load_project(project.root)
    referral = loaded.referral_for("ru")
    html = pocket_html(referral, referral.countries["alpha"], loaded.ui("ru").labels, "ru", dt.date(2026, 11, 24), "en")
    assert '<html lang="ru">' in html and '<span lang="en">The officer takes the child out of danger' in html


# --- a child brought home from abroad (issue "Referral: the commonest real case") ----------------------------

RETURN_SITUATION = """  - id: return-from-abroad
    title: A child brought home
    summary: A child of this country is found abroad and brought home.
    counterpart: cross-border
    required_steps: [notice, best-interests]
    required_rights: [guardian]
"""
BETA_RETURN = """  - situation: return-from-abroad
    steps:
      - kind: notice
        actor: child-protection
        action: Betaland social services hear that a Betaland child was found abroad.
        rights: [guardian]
        source: palermo-protocol
      - kind: best-interests
        actor: child-protection
        action: Zebraword social services assess the family before any return.
        source: palermo-protocol
"""


def with_return_situation(project) -> None:
    project.replace("referral/vocabulary.yml", "    transnational: true\n", "    transnational: true\n" + RETURN_SITUATION)
    project.replace("referral/countries/beta.yml", "pathways:\n", "pathways:\n" + BETA_RETURN)


@pytest.fixture(scope="module")
def real_referral():
    from ctmanual.load import load_project

    loaded, _ = load_project(REPO, cached=False)
    return loaded.referral_for("en")


@pytest.mark.parametrize("country, partner", [("romania", "Republic of Moldova → Romania"),
                                              ("moldova", "Romania → Republic of Moldova")])
def test_the_lookup_gives_the_home_steps_of_a_return_then_the_partner_country_pathway(real_referral, country, partner):
    import datetime as dt

    from ctmanual.referral_views import combination

    situation = real_referral.term("situation", "return-from-abroad")
    assert situation is not None and not situation.transnational and situation.counterpart == "cross-border"
    view = combination(real_referral, real_referral.countries[country], situation, dt.date(2026, 12, 7))
    home, *abroad = view.pathways
    assert home.agreement is None and home.title == situation.title
    kinds = [step.kind for step in home.steps]
    assert set(situation.required_steps) <= set(kinds)
    assert (kinds.index("notified") < kinds.index("return-assessment") < kinds.index("best-interests")
            < kinds.index("receive") < kinds.index("follow-up"))
    assert all(step.institution for step in home.steps)  # every step says who acts
    rights = {right.id for step in home.steps for right in step.rights}
    assert set(situation.required_rights) <= rights
    # the counterpart: only the cross-border pathway that brings a child to this country, with the home steps
    assert [pathway.title for pathway in abroad] == [partner]
    assert {"return-assessment", "receive", "follow-up"} <= {step.kind for step in abroad[0].steps}
    assert {step.country for step in abroad[0].steps if step.kind in ("receive", "follow-up")} == {
        real_referral.countries[country].country}
    crossing = combination(real_referral, real_referral.countries[country],
                           real_referral.term("situation", "cross-border"), dt.date(2026, 12, 7))
    assert len(crossing.pathways) == 2  # the cross-border page keeps both directions


def test_the_validator_accepts_a_return_pathway_and_rejects_one_missing_what_it_needs(project, capsys):
    with_return_situation(project)
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 0 and "error" not in out, out
    rel = "referral/countries/beta.yml"
    project.replace(rel, """      - kind: best-interests
        actor: child-protection
        action: Zebraword social services assess the family before any return.
        source: palermo-protocol
""", "")
    project.replace(rel, "        rights: [guardian]\n        source: palermo-protocol\n", "        source: palermo-protocol\n")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(rel, "situation: return-from-abroad")
    assert code == 1
    assert (f"{rel}:{line}: a pathway for 'return-from-abroad' needs a step of each of these kinds: notice, "
            "best-interests; missing: best-interests") in out
    assert f"{rel}:{line}: a pathway for 'return-from-abroad' must name these rights of the child" in out
    assert "missing: guardian" in out


def test_the_validator_checks_what_a_situation_asks_for(project, capsys):
    with_return_situation(project)
    rel = "referral/vocabulary.yml"
    project.replace(rel, "    counterpart: cross-border\n", "    counterpart: disclosure\n")
    project.replace(rel, "    required_steps: [notice, best-interests]\n", "    required_steps: [notice, welcome]\n")
    project.replace(rel, "    required_rights: [guardian]\n", "    required_rights: [guardian, wifi]\n")
    agreement = "referral/transnational/alpha-beta.yml"
    project.replace(agreement, "  - situation: cross-border\n", "  - situation: found-by-police\n")
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1
    assert (f"{rel}:{project.line_of(rel, 'counterpart: disclosure')}: counterpart 'disclosure' must be another "
            "situation marked `transnational: true`: use one of cross-border") in out
    assert f"{rel}:{project.line_of(rel, 'welcome')}: unknown step kind 'welcome'" in out
    assert f"{rel}:{project.line_of(rel, 'wifi')}: unknown right 'wifi'" in out
    assert (f"{agreement}:{project.line_of(agreement, 'situation: found-by-police')}: 'found-by-police' is not a "
            "transnational situation") in out


@pytest.mark.slow
def test_a_return_page_shows_the_home_steps_then_the_pathway_that_brings_the_child_home(project, tmp_path):
    import datetime as dt

    from ctmanual.downloads.pocket import pocket_html, pocket_pages
    from ctmanual.load import load_project
    from ctmanual.pipeline import build

    with_return_situation(project)
    site = build(project.root, cache_dir=tmp_path / "cache", downloads=False).site_dir
    beta = read(site, "referral/beta/return-from-abroad")
    beta = beta[beta.index("<article"):]  # the page, not its table of contents
    assert beta.index("Zebraword social services assess") < beta.index("Alphaland → Betaland")
    assert "Betaland social services meet the child at the border." in beta
    alpha = read(site, "referral/alpha/return-from-abroad")  # the pathway goes to Betaland, not to Alphaland
    assert "Alphaland → Betaland" not in alpha and "No pathway is recorded for this situation" in alpha
    assert "Alphaland → Betaland" in read(site, "referral/alpha/cross-border")
    lookup = read(site, "referral")
    section = lookup[lookup.index('data-situation="return-from-abroad"', lookup.index('data-country="beta"')):]
    assert section.index("Zebraword") < section.index("Alphaland → Betaland")
    loaded, _ = load_project(project.root)
    referral = loaded.referral_for("en")
    html = pocket_html(referral, referral.countries["beta"], loaded.ui("en").labels, "en", dt.date(2026, 11, 24))
    # The return's card holds the home steps; the pathway home is on the cross-border card, not twice.
    start = html.index('id="card-return-from-abroad"')
    card = html[start:html.index("</section>", start)]
    assert "Zebraword" in card and "Alphaland → Betaland" not in card
    start = html.index('id="card-cross-border"')
    assert "Alphaland → Betaland" in html[start:html.index("</section>", start)]
    # cover; disclosure: steps and signs; cross-border: steps and signs; return: the home steps
    assert pocket_pages(referral, referral.countries["beta"], dt.date(2026, 11, 24)) == 1 + 2 + 2 + 1
