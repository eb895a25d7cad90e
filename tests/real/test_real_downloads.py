"""Downloads of the real build (issue 18, points 6, 8, 9 and 15 in part): DOCX session plans and course
forms as a trainer opens them, the Downloads page listing every file with its size in the reader's units,
course agendas whose pieces say what is done in each, translated course pages, and print that keeps
headings with what follows."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from browsing import DESKTOP, PHONE, without_search_entries
from helpers import pdf_text

LANGUAGES = ["en", "fr", "ru", "ro"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NBSP = "\u00a0"


def root_of(site: Path, code: str) -> Path:
    return site if code == "en" else site / code


def downloads_page(site: Path, code: str) -> str:
    return (root_of(site, code) / "downloads/index.html").read_text(encoding="utf-8")


def docx_files(site: Path, code: str) -> list[Path]:
    return sorted((root_of(site, code) / "downloads").glob("*.docx"))


def document_xml(path: Path):
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")), etree.fromstring(archive.read("word/numbering.xml"))


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def pdf_pages(path: Path) -> list[str]:
    return pdf_text(path, layout=True).split("\f")


# --- point 6: DOCX session plans ------------------------------------------------------------------


def test_docx_steps_of_every_activity_count_from_one(real_site: Path):
    """Each activity's numbered steps are one list of their own (a w:num that restarts at 1)."""
    checked = 0
    for code in LANGUAGES:
        for path in docx_files(real_site, code):
            if not re.search(r"-(en|fr|ru|ro)\.docx$", path.name) or "-agenda-" in path.name:
                continue
            body, numbering = document_xml(path)
            restarts = {num.get(f"{W}numId") for num in numbering.iter(f"{W}num")
                        if any(s.get(f"{W}val") == "1" for s in num.iter(f"{W}startOverride"))}
            lists: dict[str, list[str]] = {}  # activity heading -> numIds of its steps (the first numbered list)
            heading = None
            for p in body.iter(f"{W}p"):
                style = p.find(f"{W}pPr/{W}pStyle")
                style = style.get(f"{W}val") if style is not None else ""
                if style.startswith("Heading"):
                    text = paragraph_text(p)
                    heading = text if style == "Heading2" and re.match(r"^\d+\. ", text) else None
                elif heading and style == "ListNumber":
                    num = p.find(f"{W}pPr/{W}numPr/{W}numId")
                    lists.setdefault(heading, []).append(num.get(f"{W}val") if num is not None else "style")
                elif heading in lists:  # the steps have ended (trainer notes may hold lists of their own)
                    heading = None
            if not lists:
                continue
            checked += 1
            for activity, ids in lists.items():
                assert len(set(ids)) == 1 and ids[0] in restarts, (path.name, activity, ids)
            firsts = [ids[0] for ids in lists.values()]
            assert len(set(firsts)) == len(firsts), (path.name, "two activities share a numbered list")
    assert checked > 100, checked


def test_no_docx_holds_runs_of_spaces_and_every_page_is_a4(real_site: Path):
    for code in LANGUAGES:
        files = docx_files(real_site, code)
        assert files, code
        for path in files:
            body, _ = document_xml(path)
            spaced = [t.text for t in body.iter(f"{W}t") if t.text and "   " in t.text]
            assert not spaced, (path.name, spaced[:3])
            for size in body.iter(f"{W}pgSz"):  # twentieths of a point: 21.0 x 29.7 cm
                width, height = int(size.get(f"{W}w")), int(size.get(f"{W}h"))
                assert abs(width - 11906) <= 2 and abs(height - 16838) <= 2, (path.name, width, height)
            margins = body.find(f".//{W}pgMar")
            assert all(1000 <= int(margins.get(f"{W}{side}")) <= 1600 for side in ("top", "bottom", "left", "right"))


# --- point 8 and 15: the Downloads page ----------------------------------------------------------

UNITS = {"en": ("kB", "MB", "."), "fr": ("Ko", "Mo", ","), "ru": ("КБ", "МБ", ","), "ro": ("KB", "MB", ",")}
PAGE_WORDS = {"en": ("page", "pages"), "fr": ("page", "pages"), "ru": ("стр.",), "ro": ("pag.",)}


def test_downloads_page_lists_every_file_with_its_own_size(real_site: Path):
    for code in LANGUAGES:
        page = downloads_page(real_site, code)
        folder = root_of(real_site, code) / "downloads"
        linked = {Path(href).name for href in re.findall(r'href="([^"]+\.(?:pdf|docx|zip))"', page)}
        on_disk = {p.name for p in folder.iterdir() if p.suffix in (".pdf", ".docx", ".zip")}
        assert on_disk and on_disk <= linked, (code, sorted(on_disk - linked))
        sizes = dict(re.findall(r'class="ctm-file-size"[^>]* data-file="downloads/([^"]+)">([^<]*)<', page))
        pages = dict(re.findall(r'class="ctm-file-pages"[^>]* data-file="downloads/([^"]+)">([^<]*)<', page))
        assert set(sizes) >= on_disk, (code, sorted(on_disk - set(sizes)))
        assert {name for name in on_disk if name.endswith(".pdf")} <= set(pages), code
        kilo, mega, decimal = UNITS[code]
        unit = re.compile(rf"^\d+{NBSP}{kilo}$|^\d+{re.escape(decimal)}\d{NBSP}{mega}$")
        for name, size in sizes.items():
            assert unit.match(size), (code, name, size)
        words = "|".join(re.escape(w) for w in PAGE_WORDS[code])
        for name, count in pages.items():
            assert re.match(rf"^\d+{NBSP}({words})$", count), (code, name, count)
        # A row offering a PDF and a DOCX gives a size for each.
        session_row = re.search(r"<tr>(?:(?!</tr>).)*idn-recognising-indicators-%s\.docx(?:(?!</tr>).)*</tr>" % code, page, re.S)
        assert session_row and session_row.group(0).count("ctm-file-size") == 2, code


def test_downloads_page_marks_what_is_in_english(real_site: Path):
    page = downloads_page(real_site, "fr")  # French: the language with parts still to translate
    rows = {m.group(1): m.group(0) for m in re.finditer(
        r"<tr>(?:(?!</tr>).)*?downloads/([a-z0-9-]+-fr\.pdf)(?:(?!</tr>).)*</tr>", page, re.S)}
    untranslated = rows["leg-non-punishment-fr.pdf"]
    assert 'lang="en"' in untranslated and "pas encore traduit" in untranslated
    translated = rows["idn-recognising-indicators-fr.pdf"]
    assert 'lang="en"' not in translated and "ctm-untranslated" not in translated
    assert "en partie en anglais" in rows["manual-fr.pdf"]
    russian = downloads_page(real_site, "ru")  # complete: nothing marked
    assert "ctm-untranslated" not in russian and "частично на английском" not in russian
    english = downloads_page(real_site, "en")
    assert "ctm-untranslated" not in english


@pytest.mark.parametrize("code", LANGUAGES)
def test_downloads_page_fits_a_phone(browser, real_url: str, code: str):
    context = browser.new_context(viewport=PHONE)
    without_search_entries(context)  # no search is typed here
    tab = context.new_page()
    try:
        tab.goto(real_url + ("" if code == "en" else f"{code}/") + "downloads/")
        overflow = tab.evaluate("""() => [...document.querySelectorAll('article table')].filter(t => {
            const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
            return t.getBoundingClientRect().right > window.innerWidth + 1 || wrap.scrollWidth > wrap.clientWidth + 1;
        }).map(t => t.querySelector('th').textContent)""")
        assert overflow == [], (code, overflow)
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], code
    finally:
        context.close()


# --- point 9: agendas ----------------------------------------------------------------------------


def agenda_rows(site: Path, code: str, course: str) -> list[str]:
    html = (root_of(site, code) / f"courses/{course}/index.html").read_text(encoding="utf-8")
    return re.findall(r"<tr>(?:(?!</tr>).)*</tr>", html, re.S)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_piece_of_a_session_cut_by_a_break_names_its_activities(real_site: Path, code: str):
    cut = 0
    for course in ("police-academy", "pilot-multi-stakeholder", "social-work"):
        rows = agenda_rows(real_site, code, course)
        sessions = [re.search(r'href="([^"#]+/sessions/[^"#]+/)"', row) for row in rows]
        targets = [s.group(1) for s in sessions if s]
        for row, session in zip(rows, sessions):
            if session and targets.count(session.group(1)) > 1:
                cut += 1
                assert re.search(r'href="[^"]+#activity-\d+"', row), (code, course, row)
    assert cut >= 2, code


def test_agenda_pdf_leaves_out_the_pages_download_line(real_site: Path):
    for code in LANGUAGES:
        for course in ("police-academy", "pilot-multi-stakeholder", "social-work"):
            text = "".join(pdf_pages(root_of(real_site, code) / f"downloads/{course}-agenda-{code}.pdf"))
            assert "DOCX" not in text, (code, course)


def test_the_russian_police_course_is_in_russian_or_marked(real_site: Path):
    html = (real_site / "ru/courses/police-academy/index.html").read_text(encoding="utf-8")
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Курс" in title and "Police" not in title
    assert "сотрудников полиции" in html
    for row in agenda_rows(real_site, "ru", "police-academy"):
        link = re.search(r'<a href="[^"]+/sessions/[^"]+/">([^<]+)</a>', row)
        if link is None:
            continue
        if not re.search("[а-яё]", link.group(1), re.I):  # an English title: tagged and marked
            assert re.search(r'<span lang="en"><a href="[^"]+/sessions/', row), row
            assert "ещё не переведено" in row, row


# --- point 15: headings kept with what follows, in print -------------------------------------------


def stranded(pages: list[str], headings: set[str]) -> list[tuple[int, str]]:
    """(page, line) for each page that ends with a heading, or with an activity's timing line (which
    belongs with the steps under it)."""
    found = []
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        while lines and re.fullmatch(r"\d+|\d+ / \d+|.*(not been translated|English|anglais|английском|engleză).*",
                                     lines[-1]):
            lines.pop()  # stamped page number, untranslated footer
        if lines and (lines[-1] in headings or TIMING.search(lines[-1])):
            found.append((number, lines[-1]))
    return found


TIMING = re.compile(r"· \d+ \S+ · \d{1,2}:\d\d–\d{1,2}:\d\d$")  # "Reflection · 5 min · 1:25–1:30"


def session_headings(session_html: Path) -> set[str]:
    page = session_html.read_text(encoding="utf-8")
    return {html.unescape(re.sub(r"<[^>]+>", "", h)).replace("¶", "").strip()
            for h in re.findall(r"<h[234][^>]*>(.*?)</h[234]>", page, re.S)}


def set_as_heading(pdf: Path, page: int, line: str) -> bool:
    """Whether `line` on that page (1-based) is set larger than the page's body text: a heading, not a table
    cell or paragraph that happens to read like one ("Evaluation" is a heading and a budget line)."""
    from pypdf import PdfReader

    sizes: dict[str, float] = {}
    def visit(text, cm, tm, font, size):
        if text.strip():
            key = " ".join(text.split())
            sizes[key] = max(sizes.get(key, 0.0), size * abs(tm[3]) * abs(cm[3] or 1))
    PdfReader(pdf).pages[page - 1].extract_text(visitor_text=visit)
    body = sorted(sizes.values())[len(sizes) // 2]
    return sizes.get(" ".join(line.split()), body) > body * 1.1


def test_session_plan_pdfs_keep_headings_with_what_follows(real_site: Path):
    problems, checked = [], 0
    for code in LANGUAGES:
        root = root_of(real_site, code)
        for session in sorted(root.glob("modules/*/sessions/*/index.html")):
            pdf = root / f"downloads/{session.parent.name}-{code}.pdf"
            checked += 1
            problems += [(pdf.name, number, line) for number, line in stranded(pdf_pages(pdf), session_headings(session))
                         if TIMING.search(line) or set_as_heading(pdf, number, line)]
    assert checked > 100 and problems == []


@pytest.mark.parametrize("code", ["en", "ru"])
def test_printed_session_pages_keep_headings_with_what_follows(browser, real_site: Path, real_url: str,
                                                               tmp_path: Path, code: str):
    """The site page printed from the browser (Chromium's print media), as a trainer might: the longest
    session pages of each module (the most page breaks, so the most places for a heading to be left alone;
    the PDFs of every session are checked by the test above)."""
    context = browser.new_context(viewport=DESKTOP)
    without_search_entries(context)
    tab = context.new_page()
    problems, printed = [], 0
    root = root_of(real_site, code)
    longest = {}
    for session in root.glob("modules/*/sessions/*/index.html"):
        module = session.parents[2].name
        if module not in longest or session.stat().st_size > longest[module].stat().st_size:
            longest[module] = session
    try:
        for session in sorted(longest.values()):
            rel = session.parent.relative_to(real_site).as_posix()
            tab.goto(f"{real_url}{rel}/")
            tab.emulate_media(media="print")
            out = tmp_path / f"{session.parent.name}.pdf"
            tab.pdf(path=str(out), format="A4")
            printed += 1
            problems += [(rel, *s) for s in stranded(pdf_pages(out), session_headings(session))]
            out.unlink()
    finally:
        context.close()
    assert printed == len(longest) >= 10 and problems == []
