"""Session plans as editable Word documents (python-docx).

Built from the structured session data, not from the print HTML, so that a
trainer gets real headings, lists and a run-sheet table to edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ctmanual.links import replace_links
from ctmanual.model import Handout, Module, SessionPlan, UiStrings
from ctmanual.typography import SPACES, typeset_text


@dataclass(frozen=True)
class SessionSource:
    """Everything a session DOCX shows, already in the reader's language."""

    language: str
    plan: SessionPlan
    module: Module
    body: str
    handouts: tuple[tuple[Handout, str], ...]
    ui: UiStrings
    competency_titles: dict[str, str]
    fallback: bool
    safeguarding_lang: str = ""  # the block's language when its translation is missing (the source's)


def write_session_docx(source: SessionSource, target: Path, md: markdown.Markdown) -> None:
    """`md` is a Markdown converter with the site's extensions (admonition blocks, tables ...)."""
    html = lambda text: _markdown(md, text)  # noqa: E731
    ui, plan = source.ui, source.plan
    label = lambda key: ui.labels.get(key, key)  # noqa: E731
    doc = new_document(source.language)
    doc.add_heading(plan.title, level=0)
    if source.fallback:
        _note(doc, label("not-translated"), "")
    _facts(doc, [
        (label("module"), source.module.title),
        (label("duration"), f"{plan.duration} {label('minutes')}"),
        (label("audiences"), ", ".join(ui.audiences.get(a, a.value) for a in plan.audiences)),
        (label("competencies"), ", ".join(source.competency_titles.get(c, c) for c in plan.competencies)),
    ])
    _list_section(doc, label("objectives"), plan.objectives, html)
    _safeguarding(doc, source)
    _list_section(doc, label("materials"), plan.materials, html)
    if plan.preparation:
        _list_section(doc, label("preparation"), plan.preparation, html)
    _run_sheet(doc, source)
    doc.add_heading(label("activities"), level=1)
    clock = 0
    for number, activity in enumerate(plan.activities, start=1):
        doc.add_heading(f"{number}. {_plain(activity.title)}", level=2)
        meta = doc.add_paragraph()
        meta.paragraph_format.keep_with_next = True  # the heading and this line go with the first step
        meta.add_run(f"{ui.methods.get(activity.method, activity.method.value)} · {activity.minutes} {label('minutes')}"
                     f" · {_clock(clock)}–{_clock(clock + activity.minutes)}").italic = True
        clock += activity.minutes
        steps = numbered_list(doc)  # each activity's steps count from 1
        for step in activity.steps:
            _html_into(doc, html(step), list_style="List Number", num_id=steps)
        if activity.trainer_notes:
            _note(doc, label("trainer-notes"), html(activity.trainer_notes))
    if source.body.strip():
        _html_into(doc, html(source.body))
    _list_section(doc, label("evaluation"), plan.evaluation, html)
    for handout, body in source.handouts:
        doc.add_page_break()
        doc.add_heading(handout.title, level=1)
        doc.add_paragraph(f"{ui.handout_kinds.get(handout.kind, handout.kind.value)} · {label('for-participants')}").italic = True
        _html_into(doc, html(body))
    save(doc, target, source.language)


SAFEGUARDING_FIELDS = (("content_note", "content-note"), ("stepping_out", "stepping-out"),
                       ("support", "support-contact"), ("disclosure", "disclosure"))


def _safeguarding(doc, source: SessionSource) -> None:
    """The safeguarding block as its own section: each field a paragraph led by its label, on the
    shading of the trainer notes; text without a translation tagged with its language and marked."""
    block = source.plan.safeguarding
    if block is None:
        return
    label = lambda key: source.ui.labels.get(key, key)  # noqa: E731
    heading = doc.add_heading(label("safeguarding"), level=1)
    if source.safeguarding_lang:
        heading.add_run(f" ({label('untranslated-mark')})")
    for name, key in SAFEGUARDING_FIELDS:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{label(key)}: ").bold = True
        run = paragraph.add_run(_SPACES.sub(" ", _LINK_TEXT.sub(r"\1", _plain(getattr(block, name)))).strip())
        if source.safeguarding_lang:
            mark = OxmlElement("w:lang")
            mark.set(qn("w:val"), source.safeguarding_lang)
            run._r.get_or_add_rPr().append(mark)


def _run_sheet(doc, source: SessionSource) -> None:
    ui, label = source.ui, (lambda key: source.ui.labels.get(key, key))
    doc.add_heading(label("run-sheet"), level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [label("time"), label("activity"), label("method"), label("duration")]):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    clock = 0
    for activity in source.plan.activities:
        row = table.add_row().cells
        row[0].text = f"{_clock(clock)}–{_clock(clock + activity.minutes)}"
        row[1].text = _plain(activity.title)
        row[2].text = ui.methods.get(activity.method, activity.method.value)
        row[3].text = f"{activity.minutes} {label('minutes')}"
        clock += activity.minutes
    total = table.add_row().cells
    total[1].text = label("total")
    total[3].text = f"{source.plan.duration} {label('minutes')}"
    for cell in (total[1], total[3]):
        cell.paragraphs[0].runs[0].bold = True


def _facts(doc, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in rows:
        cells = table.add_row().cells
        cells[0].text = key
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = _plain(value)


def _list_section(doc, title: str, items: list[str], html) -> None:
    doc.add_heading(title, level=1)
    for item in items:
        _html_into(doc, html(item), list_style="List Bullet")


def _note(doc, title: str, html: str) -> None:
    heading = doc.add_paragraph()
    run = heading.add_run(title)
    run.bold = True
    run.font.color.rgb = RGBColor(0x6A, 0x1B, 0x9A)
    _shade(heading)
    start = len(doc.paragraphs)
    if html:
        _html_into(doc, html)
    for paragraph in doc.paragraphs[start:]:
        _shade(paragraph)


def _shade(paragraph) -> None:
    properties = paragraph._p.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "F3EAF7")
    properties.append(shading)


# A4 with 2 cm margins, as every PDF of the manual (python-docx's template is US Letter).
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
_SPACES = re.compile(r"\s+")
_LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # a Markdown link: its text only


def new_document(language: str):
    """An empty Word document on A4, in `language`, with the manual's body font."""
    doc = WordDocument()
    set_language(doc, language)
    for section in doc.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    return doc


def save(doc, target: Path, language: str) -> None:
    """Write the document (through a partial file), with the typography of its language: French
    spaces before : ; ? ! in every run, a sign at a run's start spaced by the text of the run before."""
    if language in SPACES:
        for paragraph in doc.element.body.iter(qn("w:p")):
            before = ""
            for node in paragraph.iter(qn("w:t")):
                if node.text and _run_language(node.getparent()) in (None, language):
                    node.text = typeset_text(node.text, language, before)
                before = node.text or before
    partial = target.with_suffix(".part")
    doc.save(str(partial))
    partial.replace(target)


def _run_language(run) -> str | None:
    """The language a run is marked with (w:rPr/w:lang), if any: an untranslated part is left alone."""
    mark = run.find(qn("w:rPr") + "/" + qn("w:lang")) if run is not None else None
    return mark.get(qn("w:val")) if mark is not None else None


def numbered_list(doc, style: str = "List Number") -> int:
    """A new numbering instance of `style`'s list that starts again at 1; its w:numId.

    Paragraphs of a numbering style all share one w:num, so every numbered list of a document would
    continue the one before (activity 2's steps starting at "6."); a w:num of its own with a
    startOverride makes a list count from 1 in Word and LibreOffice alike."""
    numbering = doc.part.numbering_part.element
    style_num = doc.styles[style].element.pPr.numPr.numId.val
    num = numbering.add_num(numbering.num_having_numId(style_num).abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def _number(paragraph, num_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def set_language(doc, language: str) -> None:
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _markdown(md: markdown.Markdown, text: str) -> str:
    """HTML for Word; id links become plain text (a Word file has no site to link to)."""
    md.reset()
    return md.convert(replace_links(text, lambda link: "#"))


def _plain(text: str) -> str:
    return replace_links(text, lambda link: "#").replace("**", "").replace("`", "")


def _html_into(doc, html: str, list_style: str | None = None, num_id: int | None = None) -> None:
    """`num_id`: the numbering instance top-level paragraphs of `list_style` belong to."""
    _DocxWriter(doc, list_style, num_id).feed(html)


class _DocxWriter(HTMLParser):
    """Just enough HTML to Word: headings, paragraphs, lists, bold, italic, tables."""

    HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}

    def __init__(self, doc, list_style: str | None, num_id: int | None = None):
        super().__init__(convert_charrefs=True)
        self.doc, self.list_style, self.num_id = doc, list_style, num_id
        self.paragraph = None
        self.lists: list[tuple[str, int | None]] = []  # style, and the numbering of a numbered list
        self.bold = self.italic = 0
        self.table = None
        self.cell_text: list[str] | None = None
        self.row: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HEADINGS:
            self.paragraph = self.doc.add_heading("", level=self.HEADINGS[tag])
        elif tag == "p" and self.cell_text is None:
            style = self.list_style if not self.lists and self.list_style else None
            self.paragraph = self.doc.add_paragraph(style=style) if style else self.doc.add_paragraph()
            if style and self.num_id is not None:
                _number(self.paragraph, self.num_id)
        elif tag == "ul":
            self.lists.append(("List Bullet", None))
        elif tag == "ol":  # every numbered list counts from 1
            self.lists.append(("List Number", numbered_list(self.doc)))
        elif tag == "li":
            style, num_id = self.lists[-1] if self.lists else ("List Bullet", None)
            self.paragraph = self.doc.add_paragraph(style=style)
            if num_id is not None:
                _number(self.paragraph, num_id)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "table":
            self.table = []
        elif tag in ("td", "th"):
            self.cell_text = []
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag == "input":
            self._text("\u2610 ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag in ("td", "th") and self.cell_text is not None:
            self.row.append(_SPACES.sub(" ", "".join(self.cell_text)).strip())
            self.cell_text = None
        elif tag == "tr" and self.table is not None:
            self.table.append(self.row)
            self.row = []
        elif tag == "table" and self.table is not None:
            self._write_table(self.table)
            self.table = None
        elif tag in ("p", "li", *self.HEADINGS):
            self.paragraph = None

    def handle_data(self, data: str) -> None:
        if self.cell_text is not None:
            self.cell_text.append(data)
        elif data.strip() or self.paragraph is not None:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.paragraph is None:
            if not data.strip():
                return
            self.paragraph = self.doc.add_paragraph()
        # Source line wrapping (a newline and the next line's indent) is one space, as in HTML.
        text = _SPACES.sub(" ", data)
        if not self.paragraph.runs:
            text = text.lstrip()
            if not text:
                return
        run = self.paragraph.add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None

    def _write_table(self, rows: list[list[str]]) -> None:
        width = max((len(r) for r in rows), default=0)
        if not width:
            return
        table = self.doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for index, values in enumerate(rows):
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                cell.text = value
                if index == 0 and cell.paragraphs[0].runs:
                    cell.paragraphs[0].runs[0].bold = True
        self.doc.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.LEFT
