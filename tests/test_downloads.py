"""Stage 4: PDFs and DOCX files, their contents, fonts, outline, table of contents and cache."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from ctmanual.load import load_project
from ctmanual.outputs import Kind, plan_outputs
from ctmanual.pipeline import build, render_downloads

from helpers import LANGUAGES, pdf_text


def root_of(site: Path, code: str) -> Path:
    return site if code == "en" else site / code


def test_every_planned_output_exists_in_every_language(built):
    project, _ = load_project(built.site_dir.parent)
    for code in LANGUAGES:
        for output in plan_outputs(project, code):
            path = root_of(built.site_dir, code) / output.path
            assert path.is_file() and path.stat().st_size > 0, path
            if output.is_pdf:
                assert len(PdfReader(path).pages) > 0


def test_text_is_extractable_in_each_language(built_site):
    assert "Spotting the signs" in pdf_text(built_site / "downloads/manual-en.pdf", layout=True)
    assert "Основы выявления" in pdf_text(built_site / "ru/downloads/manual-ru.pdf", layout=True)
    ro = pdf_text(built_site / "ro/downloads/manual-ro.pdf", layout=True)
    assert "Protecția" in ro and "instituțiile" in ro  # comma-below ț survives


def test_toc_page_numbers_match_the_pages_of_the_headings(built_site):
    pdf = built_site / "downloads/manual-en.pdf"
    toc = pdf_text(pdf, 2, layout=True)
    entries = re.findall(r"^\s*(\S.*?)\s*(?:\. ?)+\s*(\d+)\s*$", toc, re.M)
    assert len(entries) >= 4, toc
    for title, page in entries:
        assert title.strip(". ") in pdf_text(pdf, int(page), layout=True), f"{title!r} is not on page {page}"


def test_outline_has_modules_and_sessions(built_site):
    outline = PdfReader(built_site / "downloads/manual-en.pdf").outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert "Basics of identification" in titles
    nested = [item for item in outline if isinstance(item, list)]
    assert any("Spotting the signs" in [child.title for child in group] for group in nested)


def test_fonts_are_embedded_subset_and_only_dejavu(built_site):
    for pdf in [built_site / "ru/downloads/manual-ru.pdf", built_site / "ro/downloads/manual-ro.pdf"]:
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows
        for row in rows:
            name, *_ = row.split()
            assert re.match(r"^[A-Z]{6}\+DejaVu", name), row  # subset, and no fallback font for a missing glyph
            assert " yes yes " in row  # embedded, subset


def test_no_renderer_warnings(built):
    assert built.downloads.warnings == []


def test_pdf_is_tagged_with_its_language(built_site):
    reader = PdfReader(built_site / "ru/downloads/manual-ru.pdf")
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "ru"


def test_trainer_notes_in_session_plans_not_in_handouts(built_site):
    session = pdf_text(built_site / "downloads/spotting-signs-en.pdf", layout=True)
    assert "Trainer notes" in session and "Watch for participants" in session
    handouts = pdf_text(built_site / "downloads/basics-handouts-en.pdf", layout=True)
    assert "The child has no documents" in handouts
    assert "Trainer notes" not in handouts and "Watch for participants" not in handouts


def test_session_pdf_starts_with_the_run_sheet(built_site):
    first = pdf_text(built_site / "downloads/spotting-signs-en.pdf", 1, layout=True)
    for expected in ["Spotting the signs", "45 min", "Law enforcement", "Name five indicators", "Flip chart",
                     "0:00–0:15", "Opening round"]:
        assert expected in first
    assert "Ask what participants have seen" not in first  # activities start on page 2


def test_untranslated_parts_are_marked_in_print(built_site):
    fr_session = pdf_text(built_site / "fr/downloads/spotting-signs-fr.pdf", layout=True)
    assert "pas encore été traduite" in fr_session or "not been translated" in fr_session


def test_docx_has_headings_run_sheet_and_timings(built_site):
    document = docx.Document(str(built_site / "downloads/spotting-signs-en.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Spotting the signs"
    assert "Run-sheet" in headings and "1. Opening round" in headings and "2. Indicator sorting" in headings
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["0:00–0:15", "Opening round", "Discussion", "15 min"] in cells
    assert ["0:15–0:45", "Indicator sorting", "Group work", "30 min"] in cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Watch for participants who treat indicators as proof." in text
    assert "The child has no documents." in text  # its handout comes along


def test_docx_steps_restart_per_activity_on_a4_without_wrapping_spaces(built_site):
    document = docx.Document(str(built_site / "downloads/spotting-signs-en.docx"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    steps: dict[str, set[int]] = {}
    heading = None
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            heading = paragraph.text if paragraph.style.name == "Heading 2" else None
        elif heading and paragraph.style.name == "List Number":
            steps.setdefault(heading, set()).add(paragraph._p.pPr.numPr.numId.val)
    assert len(steps) == 2 and all(len(ids) == 1 for ids in steps.values()), steps
    first, second = (ids.pop() for ids in steps.values())
    assert first != second
    numbering = document.part.numbering_part.element
    for num_id in (first, second):
        assert numbering.num_having_numId(num_id).xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
    assert not [r.text for p in document.paragraphs for r in p.runs if "   " in r.text]


def test_site_links_every_download_and_lists_sizes(built_site):
    session = (built_site / "modules/basics/sessions/spotting-signs/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a download(?:="[^"]*")? href="([^"]+)"', session)
    assert any(link.endswith("spotting-signs-en.pdf") for link in links)
    assert any(link.endswith("spotting-signs-en.docx") for link in links)
    here = built_site / "modules/basics/sessions/spotting-signs"
    for link in links:
        assert (here / link).resolve().is_file(), link
    for code in LANGUAGES:
        page = (root_of(built_site, code) / "downloads/index.html").read_text(encoding="utf-8")
        sizes = re.findall(r'class="ctm-file-size"[^>]* data-file="[^"]+">([^<]*)<', page)
        counts = re.findall(r'class="ctm-file-pages"[^>]* data-file="[^"]+">([^<]*)<', page)
        assert sizes and all(re.match(r"^\d+(\.\d)?\u00a0(kB|MB)$", s) for s in sizes), sizes
        assert counts and all(re.match(r"^[1-9]\d*\u00a0pages?$", c) for c in counts), counts
        for href in re.findall(r'href="([^"]+\.(?:pdf|docx))"', page):
            assert (root_of(built_site, code) / "downloads" / href).resolve().is_file(), (code, href)


@pytest.mark.slow
def test_cache_renders_nothing_twice_and_only_what_an_edit_touches(project, tmp_path):
    cache = tmp_path / "cache"
    first = build(project.root, cache_dir=cache)
    assert first.downloads.rendered
    second = build(project.root, cache_dir=cache)
    assert second.downloads.rendered == []
    project.replace("modules/basics/sessions/spotting-signs.md", "Note answers on the flip chart.", "Note every answer.")
    third = build(project.root, cache_dir=cache)
    loaded, _ = load_project(project.root)
    expected = set()
    for code in LANGUAGES:
        for output in plan_outputs(loaded, code):
            if "modules/basics/sessions/spotting-signs.md" in output.pages:
                expected.add(output.path if code == "en" else f"{code}/{output.path}")
    assert set(third.downloads.rendered) == expected
    # The edited session plan was laid out again, once for all four languages (the other three
    # print it in English); every other part came from the cache.
    assert [label for label in third.downloads.laid_out if label != "front matter"] == [
        "modules/basics/sessions/spotting-signs.md"]
    assert not any("handouts" in path for path in third.downloads.rendered)
    assert {o.kind for o in plan_outputs(loaded, "en") if o.path in third.downloads.rendered} >= {
        Kind.MANUAL, Kind.SESSION_PDF, Kind.SESSION_DOCX}


@pytest.mark.slow
def test_pdf_command_renders_into_a_folder(warm_project, tmp_path):
    out = tmp_path / "out"
    result = render_downloads(warm_project.root, out, languages=["fr"])
    assert (out / "downloads/manual-en.pdf").is_file()
    assert (out / "fr/downloads/manual-fr.pdf").is_file()
    assert not (out / "ru").exists()
    assert result.files


def test_audience_manual_has_its_own_cover_and_introduction(built_site):
    """Law enforcement is in every fixture session: its manual is the whole course's parts, with its own
    cover and, after the contents, an introduction saying what it holds and that nothing is left out."""
    whole = built_site / "downloads/manual-en.pdf"
    audience = built_site / "downloads/manual-law-enforcement-en.pdf"
    assert "Manual for: Law enforcement" in pdf_text(audience, 1, layout=True)
    assert "Manual for" not in pdf_text(whole, 1, layout=True)
    assert "About this manual" not in pdf_text(whole, layout=True)
    assert len(PdfReader(audience).pages) == len(PdfReader(whole).pages) + 1
    about = " ".join(pdf_text(audience, 3, layout=True).split())
    assert "About this manual" in about and "This manual is for one audience: Law enforcement." in about
    assert "It holds 1 of the 1 session plans" in about and "Spotting the signs (Basics of identification)" in about
    assert "Nothing is left out" in about
    entries = re.findall(r"^\s*(\S.*?)\s*(?:\. ?)+\s*(\d+)\s*$", pdf_text(audience, 2, layout=True), re.M)
    assert entries[0] == ("About this manual", "3")
    for title, page in entries:
        assert title.strip(". ") in pdf_text(audience, int(page), layout=True), f"{title!r} is not on page {page}"
    reader = PdfReader(audience)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["Contents", "About this manual"] and "Basics of identification" in titles


def test_stamped_page_numbers_are_the_physical_pages(built_site):
    pdf = built_site / "downloads/manual-en.pdf"
    count = len(PdfReader(pdf).pages)
    assert pdf_text(pdf, 1, layout=True).split()[-1] != "1"  # the cover carries no number
    for page in range(2, count + 1):
        lines = [line.strip() for line in pdf_text(pdf, page, layout=True).splitlines() if line.strip()]
        assert lines[-1].endswith(str(page)), (page, lines[-1])


def test_joined_pdf_keeps_one_consistent_tag_tree(built_site):
    """Parts' structure trees are merged: one Document, unique parent-tree keys, every page and
    link annotation pointing at an entry, and the English parts of the Russian manual marked `en`."""
    reader = PdfReader(built_site / "ru/downloads/manual-ru.pdf")
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document = root["/K"][0].get_object()
    assert document["/S"] == "/Document"
    nums = root["/ParentTree"]["/Nums"]
    keys = [nums[i] for i in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys)) and root["/ParentTreeNextKey"] == max(keys) + 1
    used = []
    for page in reader.pages:
        used.append(page["/StructParents"])
        used += [a.get_object()["/StructParent"] for a in page.get("/Annots", [])]
    assert len(used) == len(set(used)) and set(used) <= set(keys)
    languages = [kid.get_object().get("/Lang") for kid in document["/K"]]
    assert "en" in languages  # the untranslated session plan, handout, principles and glossary
    assert None in languages  # the translated module overview inherits the PDF's /Lang "ru"
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_links_between_parts_resolve_inside_the_pdf(built_site):
    """A module overview links to its session plan, laid out as another part: in the manual the link
    jumps to it; in the handout pack, which does not hold the session plan, it leads nowhere."""
    def links(pdf: Path) -> list[dict]:
        reader = PdfReader(pdf)
        return [a.get_object() for page in reader.pages for a in page.get("/Annots", [])
                if a.get_object()["/Subtype"] == "/Link"]

    manual = PdfReader(built_site / "downloads/manual-en.pdf")
    names = set(manual.named_destinations)
    internal = [link for link in links(built_site / "downloads/manual-en.pdf") if "/Dest" in link]
    assert internal and all(str(link["/Dest"]) in names for link in internal)
    assert "p-modules-basics-sessions-spotting-signs" in {str(link["/Dest"]) for link in internal}
    assert not any(str(link.get("/A", {}).get("/URI", "")).startswith("ctm:")
                   for link in links(built_site / "downloads/manual-en.pdf"))
    session = links(built_site / "downloads/spotting-signs-en.pdf")
    assert all("/A" not in link or not str(link["/A"].get("/URI", "")).startswith("ctm:") for link in session)
    session_names = set(PdfReader(built_site / "downloads/spotting-signs-en.pdf").named_destinations)
    assert all(str(link["/Dest"]) in session_names for link in session if "/Dest" in link)


def test_untranslated_parts_are_marked_in_the_contents(built_site):
    contents = pdf_text(built_site / "ru/downloads/manual-ru.pdf", 2, layout=True)
    assert "Spotting the signs (not yet translated)" in contents
    assert "Основы выявления (not yet translated)" not in contents  # the translated module overview


@pytest.mark.slow
def test_contents_numbers_right_when_its_length_was_guessed_wrong(project, tmp_path, monkeypatch):
    """The front matter is numbered for an assumed length; when the contents list comes out shorter,
    it is laid out again with the right numbers."""
    from ctmanual.downloads import make

    monkeypatch.setattr(make, "LINES_PER_CONTENTS_PAGE", 1)  # guesses far too many pages
    result = build(project.root, cache_dir=tmp_path / "cache")
    assert result.downloads.warnings == []
    assert result.downloads.laid_out.count("front matter") > len(LANGUAGES) * 2  # first guesses, then again
    pdf = result.site_dir / "downloads/manual-en.pdf"
    entries = re.findall(r"^\s*(\S.*?)\s*(?:\. ?)+\s*(\d+)\s*$", pdf_text(pdf, 2, layout=True), re.M)
    assert entries
    for title, page in entries:
        assert title.strip(". ") in pdf_text(pdf, int(page), layout=True), f"{title!r} is not on page {page}"


@pytest.mark.slow
def test_a_change_to_the_code_makes_the_docx_files_again(project, tmp_path, monkeypatch):
    """A DOCX is cached under a key that holds the code version (docx.py among it), so a change to the
    code that writes it is never answered with a file the old code wrote."""
    from ctmanual import versions
    from ctmanual.assemble import assemble
    from ctmanual.downloads import make_downloads
    from ctmanual.outputs import DOCX_KINDS
    from ctmanual.site import site_facts

    loaded, _ = load_project(project.root)
    assembly = assemble(loaded, tmp_path / "docs", ["en"])

    def made_docx() -> list[str]:
        result = make_downloads(loaded, assembly, site_facts(loaded.settings), tmp_path / "cache", workers=1,
                                select=lambda output: output.kind in DOCX_KINDS)
        assert all(path.endswith(".docx") for path in result.cached)
        return sorted(result.rendered)

    first = made_docx()
    assert first and made_docx() == []
    monkeypatch.setattr(versions, "code_version", lambda: "docx.py as changed")
    assert made_docx() == first
