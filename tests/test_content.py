"""The shipped manual: complete, valid, and built into a site in every language."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from ctmanual.load import load_project
from ctmanual.model import Handout, HandoutKind
from ctmanual.outputs import plan_outputs
from ctmanual.pipeline import build

REPO = Path(__file__).resolve().parent.parent
MODULES = ["background", "attitudes", "identification", "consequences", "legislation",
           "care-protection", "investigation", "interviewing", "stakeholders", "trainers"]
AT_LEAST_THREE = {"identification", "interviewing", "legislation", "care-protection", "investigation"}


@pytest.fixture(scope="module")
def manual():
    project, problems = load_project(REPO)
    assert not problems, problems.report(REPO)
    return project


def test_ten_modules_in_course_order(manual):
    assert [m.meta.id for m in manual.modules] == MODULES


def test_session_and_handout_counts(manual):
    for module in manual.modules:
        minimum = 3 if module.meta.id in AT_LEAST_THREE else 2
        assert len(module.sessions) >= minimum, module.meta.id
        assert len(module.handouts) >= 1, module.meta.id


def test_session_plans_are_complete(manual):
    for module in manual.modules:
        for doc in module.sessions:
            plan = doc.meta
            assert len(plan.activities) >= 3, plan.id
            assert all(len(a.steps) >= 2 for a in plan.activities), plan.id
            assert "## Background for the trainer" in doc.body, plan.id


def test_case_studies_say_they_are_fictional(manual):
    for doc in manual.source.docs.values():
        if isinstance(doc.meta, Handout) and doc.meta.kind in (HandoutKind.CASE_STUDY, HandoutKind.ROLE_BRIEF):
            assert "fictional" in doc.body[:600].lower(), doc.rel


def test_principles_page_has_all_ten_anchors():
    text = (REPO / "modules/principles.md").read_text(encoding="utf-8")
    for number in range(1, 11):
        assert f"{{#principle-{number}}}" in text
    for code in ["fr", "ru", "ro"]:
        translated = (REPO / f"translations/{code}/principles.md").read_text(encoding="utf-8")
        assert all(f"{{#principle-{n}}}" in translated for n in range(1, 11)), code


def test_no_phone_numbers_in_content():
    phone = re.compile(r"(\+\d{1,3}[\s-]?)?\(?\d{2,4}\)?[\s-]\d{3}[\s-]\d{3,4}\b")
    for path in [*REPO.glob("modules/**/*.md"), *REPO.glob("translations/**/*.md"), *REPO.glob("referral/**/*.yml")]:
        text = path.read_text(encoding="utf-8")
        assert not phone.search(text), f"{path}: {phone.search(text).group(0)!r} looks like a telephone number"


def test_romanian_uses_comma_below():
    for path in (REPO / "translations/ro").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search("[şţŞŢ]", text), f"{path} uses cedilla ş/ţ instead of ș/ț"


def test_whole_manual_builds_in_every_language(manual, tmp_path):
    """The real manual, site and every download, from a cold cache (about a minute on two cores)."""
    result = build(REPO, site_dir=tmp_path / "site", cache_dir=tmp_path / "cache")
    site = result.site_dir
    assert result.downloads.warnings == []
    for code in ["en", "fr", "ru", "ro"]:
        for output in plan_outputs(manual, code):
            path = (site if code == "en" else site / code) / output.path
            assert path.is_file() and path.stat().st_size > 0, path
    for page in site.rglob("*.html"):
        text = re.sub(r"<(script|code|pre)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert "{: " not in text and "\n- <a" not in text, page.relative_to(site)
    for module in MODULES:
        assert (site / "modules" / module / "index.html").is_file()
    sessions = list((site / "modules").glob("*/sessions/*/index.html"))
    assert len(sessions) >= 23
    for code in ["fr", "ru", "ro"]:
        assert (site / code / "index.html").is_file()
        index = json.loads((site / code / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [code, "en"]  # lunr.multiLanguage: Latin words survive the trimmer
        assert {doc["location"].split("#")[0] for doc in index["docs"]} >= {"", "principles/"}
    ru_home = (site / "ru/index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in ru_home and "<div lang=\"en\">" not in ru_home
    for card in site.rglob("pocket-card-*.pdf"):  # A6 cards (their page count: tests/real/test_real_referral.py)
        info = subprocess.run(["pdfinfo", str(card)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+297\.6\d* x 419\.5\d* pts", info), card.name


def test_referral_guidance_covers_three_countries_and_a_transnational_pathway(manual):
    referral = manual.source.referral
    assert set(referral.countries) >= {"romania", "moldova", "bulgaria"}
    assert [c.id for c in referral.countries.values() if c.illustrative] == ["bulgaria"]
    situations = [s.id for s in referral.vocabulary.situations]
    bulgaria = {p.situation for p in referral.countries["bulgaria"].pathways}
    assert bulgaria == set(situations)  # the complete illustrative example
    crossing = referral.transnational["moldova-romania"]
    assert {(p.from_, p.to) for p in crossing.pathways} == {("romania", "moldova"), ("moldova", "romania")}
    for country in referral.countries.values():
        assert {p.situation for p in country.pathways} >= {"found-by-police", "disclosure", "border", "labour-inspection"}


def test_real_translated_pages_print_in_cyrillic_and_romanian(tmp_path):
    """The translated guiding principles and a contents page, per script, laid out and read back:
    no missing glyphs, text extractable, only DejaVu fonts."""
    from ctmanual.assemble import assemble
    from ctmanual.downloads.compose import Cover, TocEntry, front_html, part_html
    from ctmanual.downloads.fragments import FragmentStore
    from ctmanual.downloads.pdf import RenderJob, render_pdf
    from ctmanual.site.engine import markdown_settings

    project, _ = load_project(REPO)
    assemble(project, tmp_path / "staging", ["en", "ru", "ro"])
    extensions, configs = markdown_settings(project.settings)
    for code, needle in [("ru", "Руководящие принципы"), ("ro", "Principiile directoare")]:
        store = FragmentStore(tmp_path / "staging" / code, extensions, configs)
        principles = store.get("principles.md")
        labels = project.ui(code).labels
        documents = {
            "part": part_html(principles, code, False, principles.title).html,
            "front": front_html(code, Cover(labels["site-name"], labels["whole-course"], code, "1", "2026-01-01"),
                                [TocEntry(principles.title, principles.anchor, 1, 3, False),
                                 TocEntry("Spotting the signs", "p-x", 2, 4, True)], labels),
        }
        for name, html in documents.items():
            pdf = tmp_path / f"{code}-{name}.pdf"
            rendered = render_pdf(RenderJob(html, pdf, name))
            assert rendered.warnings == (), (code, name)
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
            assert needle in text if name == "part" else labels["untranslated-mark"] in text, (code, name)
            fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
            assert all("+DejaVu" in row for row in fonts.splitlines()[2:])


def test_the_right_option_is_not_given_away_by_its_length(manual):
    """With four options a test-wise guess of the longest is right in a quarter of questions; the
    right option may be strictly the longest in at most 30% of all questions (before the revision of
    2026-12: 18 of 54)."""
    from ctmanual.model_course import longest_answer_share

    questions = [q for assessment in manual.source.assessments.values() for q in assessment.questions]
    longest = [q.id for q in questions if q.answer_is_longest]
    assert longest_answer_share(questions) <= 0.30, f"right option longest in {len(longest)} of {len(questions)}: {longest}"


def test_every_module_has_an_assessment_and_the_courses_fit(manual):
    from ctmanual.agenda import plan_agenda
    from ctmanual.course_views import course_sessions

    for module in MODULES:
        assessment = manual.source.assessments[module]
        assert len(assessment.questions) >= 6 and assessment.rubrics, module
        answers = [q.answer for q in assessment.questions]
        assert len(set(answers)) >= 3, f"{module}: answers {answers} should not sit in one or two positions"
    assert set(manual.source.courses) >= {"pilot-multi-stakeholder", "police-academy", "social-work"}
    pilot = manual.source.courses["pilot-multi-stakeholder"]
    assert pilot.blocks == [2, 2]
    for course in manual.source.courses.values():
        agenda = plan_agenda(course, course_sessions(manual, course))
        assert agenda.problems == [] and all(day.slots for day in agenda.days), course.id
    assert all(c.criteria for c in manual.source.competencies.values())
