"""The safeguarding block of a session plan: required and checked (no contact details), shown on the
session page, in its PDF and DOCX, and translated like the activities (segments, PO files, merge)."""

from __future__ import annotations

import re
import subprocess

import docx
import markdown
import polib
import pytest

from ctmanual.load import load_project
from ctmanual.model import contact_in
from test_i18n import ctm, git, states, tracked  # noqa: F401  (tracked is a fixture)
from test_validate import problems_of

SESSION = "modules/basics/sessions/spotting-signs.md"
RU_SESSION = "translations/ru/basics/sessions/spotting-signs.md"
BLOCK_TEXT = "The co-trainer, who stays near the door during group work."


def without_block(text: str) -> str:
    return re.sub(r"safeguarding:\n(  .*\n)+", "", text)


def ru_translation(project, with_block: bool) -> None:
    """A Russian translation of the fixture session plan, with or without a translated block."""
    text = project.read(SESSION).replace("title: Spotting the signs", "title: Как заметить признаки")
    if with_block:
        text = text.replace(BLOCK_TEXT, "Второй тренер, который во время групповой работы сидит у двери.")
    else:
        text = without_block(text)
    project.write(RU_SESSION, text)


# --- validation --------------------------------------------------------------------------------------

def test_a_session_plan_without_the_block_is_refused_saying_what_to_write(project):
    project.write(SESSION, without_block(project.read(SESSION)))
    [message] = [m for m in problems_of(project) if "safeguarding" in m]
    assert message.startswith(f"{SESSION}:2: 'safeguarding' is required: add a block saying what may distress")
    assert "content_note" in message and "stepping_out" in message and "support" in message and "disclosure" in message


def test_a_missing_field_of_the_block_names_the_field_and_what_to_write(project):
    project.replace(SESSION, f"  support: {BLOCK_TEXT}\n", "")
    line = project.line_of(SESSION, "safeguarding:")
    assert (f"{SESSION}:{line}: 'safeguarding.support' is required: write who in the room is the support contact: "
            "a role such as 'the co-trainer', never a name or a number (see docs/content-model.md)") in problems_of(project)


@pytest.mark.parametrize("contact, found", [
    ("call +373 22 123 456", "a phone number"),
    ("the helpline 116 111", "a phone number"),
    ("(022) 555-0199", "a phone number"),
    ("write to support@example.org", "an e-mail address"),
])
def test_a_phone_number_or_email_in_support_is_refused_at_its_line(project, contact, found):
    project.replace(SESSION, BLOCK_TEXT, f"The co-trainer; {contact}.")
    line = project.line_of(SESSION, "  support:")
    messages = [m for m in problems_of(project) if "safeguarding" in m]
    assert messages == [f"{SESSION}:{line}: 'safeguarding.support': {found} is not allowed in a safeguarding block: "
                        "name a role in the room (e.g. 'the co-trainer') or a kind of service ('the national child "
                        "helpline'); the trainer adds local contact details when preparing, not in the plan"]


def test_numbers_that_are_no_contact_details_pass():
    for text in ["Directive 2011/36/EU, Article 16", "15 to 20 minutes", "last verified 2026-12-07",
                 "children aged 14-17", "the 2005 Convention (CETS No. 197)", "one of the 10 principles"]:
        assert contact_in(text) is None, text


def test_a_translation_may_lack_the_block_until_it_is_updated(project):
    ru_translation(project, with_block=False)
    loaded, problems = load_project(project.root)
    assert not problems, problems.report(project.root)
    merged, fallback = loaded.localised("ru", SESSION.removeprefix("modules/"))
    assert not fallback and merged.meta.title == "Как заметить признаки"
    assert merged.meta.safeguarding.support == BLOCK_TEXT  # the source's, until translated


# --- shown on the page, in the PDF and the DOCX ------------------------------------------------------

def test_the_session_page_shows_the_block_before_the_run_sheet(built_site):
    page = (built_site / "modules/basics/sessions/spotting-signs/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="safeguarding">Safeguarding participants', page)
    section = page[page.index('id="safeguarding"'):page.index('id="run-sheet"')]
    for label, text in [("Content note", "The indicators describe children who are controlled"),
                        ("Stepping out", "Anyone may leave the room for a while"),
                        ("Support in the room", BLOCK_TEXT),
                        ("If someone discloses", "Thank the participant, speak with them privately")]:
        assert re.search(rf"<li><strong>{label}:</strong> {re.escape(text)}", section), label
    assert page.index('id="safeguarding"') < page.index('id="run-sheet"')


def test_the_session_pdf_and_docx_show_the_block(built_site):
    pdf = subprocess.run(["pdftotext", "-layout", str(built_site / "downloads/spotting-signs-en.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "Safeguarding participants" in pdf and "Support in the room: The co-trainer" in pdf
    assert pdf.index("Safeguarding participants") < pdf.index("Run-sheet")
    manual = subprocess.run(["pdftotext", "-layout", str(built_site / "downloads/manual-en.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert "Safeguarding participants" in manual  # the manuals are made from the same staged pages
    document = docx.Document(str(built_site / "downloads/spotting-signs-en.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Safeguarding participants") < headings.index("Run-sheet")
    text = [p.text for p in document.paragraphs]
    assert f"Support in the room: {BLOCK_TEXT}" in text
    assert "If someone discloses: Thank the participant, speak with them privately at the break and agree what " \
           "support they want." in text


def test_a_translation_without_the_block_shows_the_english_one_marked(project, tmp_path):
    from ctmanual.assemble import assemble
    from ctmanual.downloads import _session_source
    from ctmanual.downloads.docx import write_session_docx
    from ctmanual.site.engine import markdown_settings

    ru_translation(project, with_block=False)
    project.write("translations/ru/ui.yml", "labels:\n  safeguarding: Защита участников\n"
                  "  support-contact: Поддержка на занятии\naudiences: {}\nmethods: {}\ncompetency_areas: {}\n"
                  "handout_kinds: {}\n")
    loaded, _ = load_project(project.root)
    assemble(loaded, tmp_path / "staging", ["en", "ru"])
    page = (tmp_path / "staging/ru/modules/basics/sessions/spotting-signs.md").read_text(encoding="utf-8")
    section = page[page.index("## Защита участников"):page.index("## ", page.index("## Защита участников") + 3)]
    assert '<span class="ctm-untranslated">' in section and '<div lang="en" markdown="1">' in section
    assert "**Поддержка на занятии:** " + BLOCK_TEXT in section  # labels in Russian, text in English
    source = _session_source(loaded, "ru", "spotting-signs")
    assert source.safeguarding_lang == "en"
    extensions, configs = markdown_settings(loaded.settings)
    write_session_docx(source, tmp_path / "ru.docx", markdown.Markdown(extensions=extensions, extension_configs=configs))
    document = docx.Document(str(tmp_path / "ru.docx"))
    [paragraph] = [p for p in document.paragraphs if BLOCK_TEXT in p.text]
    marked = [r for r in paragraph.runs if r._r.xpath("./w:rPr/w:lang/@w:val") == ["en"]]
    assert [r.text for r in marked] == [BLOCK_TEXT]

    ru_translation(project, with_block=True)
    loaded, _ = load_project(project.root)
    assemble(loaded, tmp_path / "staging2", ["en", "ru"])
    page = (tmp_path / "staging2/ru/modules/basics/sessions/spotting-signs.md").read_text(encoding="utf-8")
    assert "Второй тренер, который во время групповой работы сидит у двери." in page
    assert '<div lang="en"' not in page and BLOCK_TEXT not in page
    assert "Anyone may leave the room for a while" in page  # the untouched fields: as the translator copied them


# --- translation tools ---------------------------------------------------------------------------------

def test_the_block_is_segmented_exported_imported_and_checked(tracked, capsys):
    from ctmanual.i18n.segments import segments_of

    rel = SESSION.removeprefix("modules/")
    keys = {s.key: s.text for s in segments_of(rel, tracked.read(SESSION))}
    assert keys["safeguarding.support"] == BLOCK_TEXT
    assert {"safeguarding.content_note", "safeguarding.stepping_out", "safeguarding.disclosure"} <= set(keys)

    out = tracked.root / "ru.po"
    code, _, err = ctm(tracked.root, capsys, "i18n", "export", "ru", rel, "-o", str(out))
    assert code == 0, err
    po = polib.pofile(str(out))
    for entry in po:
        entry.msgstr = f"[ru] {entry.msgid}"
    [support] = [e for e in po if e.msgctxt == f"{rel}#safeguarding.support"]
    support.msgstr = "Второй тренер: он сидит у двери."
    po.save(str(out))
    code, _, err = ctm(tracked.root, capsys, "i18n", "import", str(out))
    assert code == 0, err
    text = tracked.read(RU_SESSION)
    assert "safeguarding:\n  content_note: '[ru] The indicators" in text
    assert "  support: 'Второй тренер: он сидит у двери.'\n" in text or "  support: \"Второй тренер: он сидит у двери.\"\n" in text
    assert states(tracked.root, capsys, "ru")[rel] == "current"
    loaded, problems = load_project(tracked.root)
    assert not problems, problems.report(tracked.root)
    merged, _ = loaded.localised("ru", rel)
    assert merged.meta.safeguarding.support == "Второй тренер: он сидит у двери."
    assert merged.meta.safeguarding.content_note.startswith("[ru] The indicators")

    tracked.write(RU_SESSION, without_block(text))  # a translation made before the block existed
    code, _, err = ctm(tracked.root, capsys, "i18n", "check", "ru")
    assert code == 1 and f"{RU_SESSION}:2: front matter key 'safeguarding' of the source is missing" in err
