"""Which downloads exist for a language, and which pages each one contains.

A pure function of the project. The assembler uses it to link downloads from
pages; the downloads stage uses it to render them. Paths are relative to the
language's root in the site (the site root for the default language).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ctmanual.course_views import audiences_taught, course_sessions
from ctmanual.model import Audience, Handout, SessionPlan, is_core
from ctmanual.project import Document, Project

DOWNLOADS = "downloads"
OFFLINE_NAME = "ctmanual-offline"


class Kind(str, Enum):
    MANUAL = "manual"
    AUDIENCE_MANUAL = "audience-manual"
    SESSION_PDF = "session-pdf"
    SESSION_DOCX = "session-docx"
    HANDOUTS = "handouts"
    POCKET_CARD = "pocket-card"
    COURSE_AGENDA = "course-agenda"
    COURSE_AGENDA_DOCX = "course-agenda-docx"
    QUESTIONNAIRE = "questionnaire"
    QUESTIONNAIRE_DOCX = "questionnaire-docx"
    FEEDBACK = "feedback"
    FEEDBACK_DOCX = "feedback-docx"
    PROFILE = "profile"
    COURSE_PACK = "course-pack"
    OFFLINE = "offline"  # the site itself, as a zip that works from disk


# Per course: (PDF kind, DOCX kind, page under courses/<id>/, file name part).
COURSE_DOCUMENTS = (
    (Kind.COURSE_AGENDA, Kind.COURSE_AGENDA_DOCX, "index", "agenda"),
    (Kind.QUESTIONNAIRE, Kind.QUESTIONNAIRE_DOCX, "questionnaire", "questionnaire"),
    (Kind.FEEDBACK, Kind.FEEDBACK_DOCX, "feedback", "feedback"),
)
# Documents made as Word files from structured data, not laid out from pages.
DOCX_KINDS = (Kind.SESSION_DOCX, Kind.COURSE_AGENDA_DOCX, Kind.QUESTIONNAIRE_DOCX, Kind.FEEDBACK_DOCX)


@dataclass(frozen=True)
class Output:
    language: str
    kind: Kind
    key: str  # audience, module, session or country id; "" for the whole manual
    path: str
    pages: tuple[str, ...]  # staged page paths, in reading order

    @property
    def is_pdf(self) -> bool:
        return self.path.endswith(".pdf")


def plan_outputs(project: Project, language: str) -> list[Output]:
    outputs = [_manual(project, language, None)]
    # A manual per audience that at least one session is written for.
    outputs += [_manual(project, language, audience) for audience in Audience
                if any(audience in s.meta.audiences for m in project.modules for s in m.sessions)]
    for module in project.modules:
        for session in module.sessions:
            pages = (_staged(session.rel), *(_staged(h) for h in _handout_rels(project, session.meta.handouts)))
            sid = session.meta.id
            outputs.append(Output(language, Kind.SESSION_PDF, sid, f"{DOWNLOADS}/{sid}-{language}.pdf", pages))
            outputs.append(Output(language, Kind.SESSION_DOCX, sid, f"{DOWNLOADS}/{sid}-{language}.docx", pages))
        mid = module.meta.id
        handouts = tuple(_staged(h.rel) for h in module.handouts)
        if mid in project.source.assessments:  # participants get the questions, not the answers
            handouts += (f"modules/{mid}/knowledge-check.md",)
        outputs.append(Output(language, Kind.HANDOUTS, mid, f"{DOWNLOADS}/{mid}-handouts-{language}.pdf", handouts))
    for course in project.source.courses:
        for pdf, docx, page, name in COURSE_DOCUMENTS:
            pages = (f"courses/{course}/{page}.md",)
            outputs.append(Output(language, pdf, course, f"{DOWNLOADS}/{course}-{name}-{language}.pdf", pages))
            outputs.append(Output(language, docx, course, f"{DOWNLOADS}/{course}-{name}-{language}.docx", pages))
        outputs.append(Output(language, Kind.COURSE_PACK, course, f"{DOWNLOADS}/{course}-trainer-pack-{language}.pdf",
                              _course_pack(project, course)))
    for audience in audiences_taught(project):
        outputs.append(Output(language, Kind.PROFILE, audience.value,
                              f"{DOWNLOADS}/competencies-{audience.value}-{language}.pdf",
                              (f"competencies/{audience.value}.md",)))
    referral = project.source.referral
    for country in (referral.countries if referral else {}):
        outputs.append(Output(language, Kind.POCKET_CARD, country, f"{DOWNLOADS}/pocket-card-{country}-{language}.pdf",
                              (f"referral/{country}/index.md",)))
    outputs.append(Output(language, Kind.OFFLINE, "", f"{DOWNLOADS}/{OFFLINE_NAME}-{language}.zip", ()))
    return outputs


def _manual(project: Project, language: str, audience: Audience | None) -> Output:
    pages: list[str] = ["principles.md"]
    for module in project.modules:
        if audience is not None and audience not in module.meta.audiences:
            continue
        sessions = [s for s in module.sessions if audience is None or audience in s.meta.audiences]
        if not sessions:
            continue
        used = {h for s in sessions for h in s.meta.handouts}
        pages.append(_staged(module.overview.rel))
        pages += [_staged(s.rel) for s in sessions]
        pages += [_staged(h.rel) for h in module.handouts if h.meta.id in used]
        if module.meta.id in project.source.assessments:  # the answer key: in the trainer's manual only
            pages.append(f"modules/{module.meta.id}/assessment.md")
    pages.append("glossary.md")
    if audience is None:
        return Output(language, Kind.MANUAL, "", f"{DOWNLOADS}/manual-{language}.pdf", tuple(pages))
    return Output(language, Kind.AUDIENCE_MANUAL, audience.value,
                  f"{DOWNLOADS}/manual-{audience.value}-{language}.pdf", tuple(pages))


@dataclass(frozen=True)
class Selection:
    """What the manual for one audience holds and leaves out, as source session plans in course order."""

    audience: Audience
    core: tuple[Document, ...]  # written for every audience (`audiences: [all]`)
    own: tuple[Document, ...]  # written for this audience among others
    left_out: tuple[Document, ...]  # written for other audiences only: in the whole-course manual

    @property
    def held(self) -> int:
        return len(self.core) + len(self.own)


def audience_selection(project: Project, audience: Audience) -> Selection:
    sessions = [s for m in project.modules for s in m.sessions]
    core = tuple(s for s in sessions if is_core(s.meta.audiences))
    own = tuple(s for s in sessions if audience in s.meta.audiences and not is_core(s.meta.audiences))
    return Selection(audience, core, own, tuple(s for s in sessions if audience not in s.meta.audiences))


def _course_pack(project: Project, course_id: str) -> tuple[str, ...]:
    """The trainer's pack of a course: agenda, the session plans with their handouts, the assessment
    (answer key and rubrics) of each module it draws on, the questionnaire and the feedback form."""
    sessions = course_sessions(project, project.source.courses[course_id])
    plans = project.by_id(SessionPlan)
    pages = [f"courses/{course_id}/index.md"]
    for session in sessions:
        pages.append(_staged(plans[session.id].rel))
        pages += [_staged(h) for h in _handout_rels(project, session.handouts) if _staged(h) not in pages]
    modules = dict.fromkeys(s.module for s in sessions)
    pages += [f"modules/{m}/assessment.md" for m in modules if m in project.source.assessments]
    pages += [f"courses/{course_id}/questionnaire.md", f"courses/{course_id}/feedback.md"]
    return tuple(pages)


def _handout_rels(project: Project, ids: list[str]) -> list[str]:
    handouts = project.by_id(Handout)
    return [handouts[h].rel for h in ids if h in handouts]


def _staged(rel: str) -> str:
    return f"modules/{rel}"
