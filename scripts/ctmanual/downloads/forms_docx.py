"""A course's agenda, pre/post questionnaire and session feedback form as editable Word documents,
from the same course view the site pages print (course_views.py)."""

from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ctmanual.agenda import clock, piece_text
from ctmanual.course_views import CourseView
from ctmanual.downloads.docx import new_document, save

BOX = "☐"


def write_agenda_docx(view: CourseView, labels: dict[str, str], module_titles: dict[str, str], lang: str,
                      target: Path) -> None:
    label = lambda key: labels.get(key, key)  # noqa: E731
    doc = _document(lang, view.course.title, view.course.summary)
    for day in view.agenda.days:
        block = f" · {label('block')} {day.block}" if view.course.blocks else ""
        doc.add_heading(f"{label('day')} {day.number}{block}", level=1)
        table = _table(doc, [label("time"), label("session-plan"), label("module")])
        for slot in day.slots:
            if slot.kind == "session":
                title = slot.session.title + (f" ({label('continued')})" if slot.continued else "") + piece_text(slot)
                module = module_titles.get(slot.session.module, slot.session.module)
            else:
                title, module = label(slot.kind), ""
            cells = _row(table, [f"{clock(slot.start)}–{clock(slot.end)}", title, module])
            if slot.session is not None and slot.session.id in view.untranslated:
                _in_english(cells[1], label("untranslated-mark"))
    save(doc, target, lang)


def write_questionnaire_docx(view: CourseView, labels: dict[str, str], lang: str, target: Path) -> None:
    label = lambda key: labels.get(key, key)  # noqa: E731
    doc = _document(lang, f"{label('questionnaire')}: {view.course.title}", label("questionnaire-intro"))
    # Tabs, not runs of spaces, between the fields to fill in.
    doc.add_paragraph(f"{label('name-or-code')}: ____________\t{label('date')}: ________\t"
                      f"{BOX} {label('before-course')}\t{BOX} {label('after-course')}")
    doc.add_heading(label("knowledge-questions"), level=1)
    for number, question in enumerate(view.questions, start=1):
        english = question.id in view.untranslated_questions
        heading = doc.add_paragraph()
        heading.add_run(f"{number}. ").bold = True
        _mark_language(heading.add_run(question.question), english)
        heading.runs[-1].bold = True
        if english:
            heading.add_run(f" ({label('untranslated-mark')})").italic = True
        for option in question.options:
            paragraph = doc.add_paragraph(f"{BOX} ")
            _mark_language(paragraph.add_run(option), english)
    doc.add_heading(label("self-rating"), level=1)
    doc.add_paragraph(label("self-rating-intro"))
    table = _table(doc, [label("competency"), "1", "2", "3", "4", "5"])
    for competency in view.competencies:
        _row(table, [competency.title, *[BOX] * 5])
    save(doc, target, lang)


def write_feedback_docx(view: CourseView, labels: dict[str, str], lang: str, target: Path) -> None:
    label = lambda key: labels.get(key, key)  # noqa: E731
    doc = _document(lang, f"{label('feedback-form')}: {view.course.title}", label("feedback-intro"))
    table = _table(doc, [label("session-plan"), f"{label('usefulness')} (1–5)", label("will-use"), label("unclear")])
    for session in view.sessions:
        cells = _row(table, [session.title, " ".join(f"{BOX}{n}" for n in range(1, 6)), "", ""])
        if session.id in view.untranslated:
            _in_english(cells[0], label("untranslated-mark"))
    doc.add_paragraph(f"{label('overall')}: " + " ".join(f"{BOX}{n}" for n in range(1, 6)))
    doc.add_paragraph(f"{label('comments')}:")
    save(doc, target, lang)


def _document(lang: str, title: str, intro: str):
    doc = new_document(lang)
    doc.core_properties.title = title
    doc.core_properties.language = lang
    doc.add_heading(title, level=0)
    doc.add_paragraph(intro)
    return doc


def _table(doc, headers: list[str]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    return table


def _row(table, cells: list[str]):
    row = table.add_row()
    for cell, text in zip(row.cells, cells):
        cell.text = text
    return row.cells


def _mark_language(run, english: bool, source_lang: str = "en") -> None:
    """A run shown in the source language is tagged as such (spell-checking, screen readers, typography)."""
    if english:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), source_lang)
        run._r.get_or_add_rPr().append(lang)


def _in_english(cell, mark: str, source_lang: str = "en") -> None:
    """A cell whose text has no translation: tagged as English, and marked in the reader's language."""
    for run in cell.paragraphs[0].runs:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), source_lang)
        run._r.get_or_add_rPr().append(lang)
    cell.paragraphs[0].add_run(f" ({mark})").italic = True
