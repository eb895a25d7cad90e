"""Manuals per audience on the real build (issue 18, point 7): each is a real selection of the course.

The manual for an audience holds the core every profession needs (session plans with `audiences: [all]`)
and the sessions written for it, leaves out sessions written only for others, and says so in its
introduction. Read back from the PDFs: outline and page count (pikepdf) and text (pdftotext)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pikepdf
import pytest

from browsing import REPO
from helpers import pdf_words
from ctmanual.load import load_project
from ctmanual.model import Audience, SessionPlan
from ctmanual.outputs import audience_selection

# The four audiences the issue names, in English and one other language.
NAMED = ["law-enforcement", "social-work-care", "migration-border", "ngo-civil-society"]
LANGUAGES = ["en", "fr"]
ABOUT = {"en": "About this manual", "fr": "À propos de ce manuel"}
LEFT_OUT = {"en": "Left out", "fr": "Ce qui n'y figure pas"}


@pytest.fixture(scope="module")
def project():
    loaded, problems = load_project(REPO)
    assert not problems, problems.report(REPO)
    return loaded


def _pdf(site: Path, code: str, audience: str | None) -> Path:
    name = f"manual-{audience}-{code}.pdf" if audience else f"manual-{code}.pdf"
    return (site if code == "en" else site / code) / "downloads" / name


@cache
def _pages(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


@cache
def _text(pdf: Path, first: int, last: int) -> str:
    return pdf_words(pdf, first, last)


def _outline(pdf: Path) -> list[tuple[str, int, int]]:
    """(title, level, first page from 1) of every outline entry, in order."""
    return list(_read_outline(pdf))


@cache
def _read_outline(pdf: Path) -> tuple[tuple[str, int, int], ...]:
    with pikepdf.open(pdf) as doc:
        index = {page.obj.objgen: number for number, page in enumerate(doc.pages, 1)}
        entries: list[tuple[str, int, int]] = []

        def walk(items, level):
            for item in items:
                entries.append((str(item.title), level, index[item.destination[0].objgen]))
                walk(item.children, level + 1)

        with doc.open_outline() as outline:
            walk(outline.root, 1)
    return tuple(entries)


def _titles(project, code: str) -> dict[str, str]:
    """Session id -> its title as printed in `code`."""
    return {d.meta.id: project.localised(code, d.rel)[0].meta.title
            for d in project.source.docs.values() if isinstance(d.meta, SessionPlan)}


def _about_text(pdf: Path, code: str) -> str:
    """The text of the introduction: from its outline entry to the next one."""
    outline = _outline(pdf)
    [start] = [i for i, entry in enumerate(outline) if entry[0] == ABOUT[code]]
    first, last = outline[start][2], outline[start + 1][2] - 1
    return _text(pdf, first, max(first, last))


def test_core_is_marked_once_and_every_named_manual_is_a_real_selection(project):
    """The selection itself: a core shared by all, and for each named audience sessions left out."""
    for name in NAMED:
        selection = audience_selection(project, Audience(name))
        # The core: the practitioners' sessions for all (9) and the module for trainers (7), of 45.
        assert 5 <= len(selection.core) <= 16, len(selection.core)
        assert selection.own and len(selection.left_out) >= 8, (name, len(selection.left_out))
    held = {name: {d.meta.id for d in audience_selection(project, Audience(name)).own} for name in NAMED}
    for a in NAMED:
        for b in NAMED:
            if a < b:
                assert len(held[a] ^ held[b]) >= 6, (a, b, held[a] & held[b])


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_named_manual_differs_from_the_whole_course_and_from_the_others(real_site: Path, project, code: str):
    whole = _pdf(real_site, code, None)
    whole_pages = _pages(whole)
    sessions = set(_titles(project, code).values())
    whole_sessions = {t for t, level, _ in _outline(whole) if level == 2 and t in sessions}
    assert whole_sessions == sessions
    seen: dict[str, frozenset[str]] = {}
    for name in NAMED:
        pdf = _pdf(real_site, code, name)
        pages = _pages(pdf)
        assert pages <= 0.8 * whole_pages, f"{pdf.name}: {pages} pages of {whole_pages} for the whole course"
        held = frozenset(t for t, level, _ in _outline(pdf) if level == 2 and t in sessions)
        assert held < whole_sessions
        assert held not in seen.values(), f"{name} holds the same sessions as another audience"
        seen[name] = held


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_named_manual_holds_the_core_and_leaves_out_others_sessions(real_site: Path, project, code: str):
    titles = _titles(project, code)
    for name in NAMED:
        selection = audience_selection(project, Audience(name))
        pdf = _pdf(real_site, code, name)
        held = {t for t, level, _ in _outline(pdf) if level == 2}
        for doc in (*selection.core, *selection.own):
            assert titles[doc.meta.id] in held, f"{pdf.name}: {doc.meta.id} is missing"
        for doc in selection.left_out:
            assert titles[doc.meta.id] not in held, f"{pdf.name}: {doc.meta.id} should be left out"
        # At least one session written for another named audience and not for this one is left out.
        others = {d.meta.id for other in NAMED if other != name
                  for d in audience_selection(project, Audience(other)).own}
        assert others & {d.meta.id for d in selection.left_out}, name


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_named_manual_introduction_says_what_it_holds_and_leaves_out(real_site: Path, project, code: str):
    titles = _titles(project, code)
    names = project.ui(code).audiences
    for name in NAMED:
        selection = audience_selection(project, Audience(name))
        pdf = _pdf(real_site, code, name)
        outline = _outline(pdf)
        assert [t for t, level, _ in outline if level == 1][:3] == [project.ui(code).labels["contents"], ABOUT[code],
                                                                    outline[2][0]]
        about = _about_text(pdf, code)
        assert names[Audience(name)] in about
        total = len(selection.core) + len(selection.own) + len(selection.left_out)
        assert re.search(rf"\b{selection.held}\b.*\b{total}\b", about), about[:400]
        held_part, _, left_part = about.partition(LEFT_OUT[code])
        assert left_part, f"{pdf.name}: no '{LEFT_OUT[code]}' section"
        for doc in (*selection.core, *selection.own):
            assert titles[doc.meta.id] in held_part, f"{pdf.name}: introduction does not list {doc.meta.id}"
        for doc in selection.left_out:
            assert titles[doc.meta.id] in left_part, f"{pdf.name}: introduction does not list {doc.meta.id} as left out"
            for audience in doc.meta.audiences:  # and for whom it is written
                assert names[audience] in left_part
        assert (" whole-course manual" if code == "en" else "cours complet") in left_part


def test_whole_course_manual_has_no_audience_introduction(real_site: Path):
    for code in LANGUAGES:
        assert ABOUT[code] not in [t for t, _, _ in _outline(_pdf(real_site, code, None))]


@pytest.mark.parametrize("code", ["ru", "ro"])
def test_introduction_is_written_in_russian_and_romanian(real_site: Path, code: str):
    about = {"ru": ("Об этом пособии", "Что не вошло в пособие"), "ro": ("Despre acest manual", "Ce nu cuprinde")}[code]
    outline = _outline(_pdf(real_site, code, "law-enforcement"))
    [start] = [i for i, entry in enumerate(outline) if entry[0] == about[0]]
    text = _text(_pdf(real_site, code, "law-enforcement"), outline[start][2], outline[start + 1][2] - 1)
    assert about[1] in text
    if code == "ro":
        assert "ş" not in text and "ţ" not in text and "ț" in text
