"""Trainer-tool pages of one language: course agendas with their questionnaire and feedback form,
each module's assessment (answer key, for trainers) and knowledge check (for participants), the
competency matrix and a competency profile per audience."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctmanual.course_views import (COURSES, MATRIX, CourseView, agenda_page, assessment_page, audiences_taught,
                                   course_view, feedback_page, plan_view, profile_page, questionnaire_page, taught_for)
from ctmanual.agenda import clock, named_activities
from ctmanual.model import CompetencyArea, SessionPlan

if TYPE_CHECKING:
    from ctmanual.assemble.writer import PageWriter


def knowledge_check_page(module: str) -> str:
    return f"modules/{module}/knowledge-check.md"


def write_training(writer: PageWriter, entries: list) -> None:
    """`writer` is the assemble stage's page writer of one language; `entries` the module views."""
    project, code, label = writer.project, writer.code, writer.ui.labels.get
    modules = {m.meta.id: m.meta for m in entries}
    for module_id in project.source.assessments:
        assessment, fallback = project.assessment_for(code, module_id)
        rel = f"{module_id}/assessment.yml"
        common = dict(rel=rel, module=modules[module_id], assessment=assessment,
                      competencies=project.data(code, "competencies"))
        writer.generate(assessment_page(module_id), f"{modules[module_id].title}: {label('assessment')}",
                        "assessment.md.j2", fallback, **common)
        writer.generate(knowledge_check_page(module_id), f"{modules[module_id].title}: {label('knowledge-check')}",
                        "knowledge-check.md.j2", fallback, **common)
    views = [course_view(project, code, course) for course in project.source.courses]
    if views:
        _courses(writer, views, modules)
    _competencies(writer, entries)


def _courses(writer: PageWriter, views: list[CourseView], modules: dict) -> None:
    label = writer.ui.labels.get
    plans = {d.meta.id: d.rel for d in writer.project.source.docs.values() if isinstance(d.meta, SessionPlan)}

    def untranslated(view: CourseView, rels: list[str]) -> bool:
        """A course page falls back (English text, English print part) only when nothing it shows is
        translated: its own file and the session plans or assessments it lists. Otherwise it is the
        reader's language, with any untranslated title or summary in English."""
        return writer.fallback_of(f"courses/{view.course.id}.yml") and all(writer.fallback_of(rel) for rel in rels)
    writer.generate(COURSES, label("courses"), "courses.md.j2", False, views=views,
                    agenda_pages={v.course.id: agenda_page(v.course.id) for v in views})
    assessed = set(writer.project.source.assessments)
    # Modules whose title a reader of this language sees in English (marked on the agenda).
    untranslated_modules = frozenset(m.meta.id for m in writer.project.modules if writer.fallback_of(m.overview.rel))
    for view in views:
        course = view.course.id
        fallback = untranslated(view, [plans[s.id] for s in view.sessions])
        questions_fallback = untranslated(view, [f"{m}/assessment.yml" for m in view.modules if m in assessed])
        common = dict(rel=f"courses/{course}.yml", view=view, clock=clock, modules=modules, named=named_activities)
        writer.generate(agenda_page(course), view.course.title, "course-agenda.md.j2", fallback,
                        questionnaire=questionnaire_page(course), feedback=feedback_page(course), assessed=assessed,
                        assessment_pages={m: assessment_page(m) for m in sorted(assessed)},
                        untranslated_modules=untranslated_modules, **common)
        writer.generate(questionnaire_page(course), f"{label('questionnaire')}: {view.course.title}",
                        "course-questionnaire.md.j2", questions_fallback, **common)
        writer.generate(feedback_page(course), f"{label('feedback-form')}: {view.course.title}",
                        "course-feedback.md.j2", fallback, **common)


def _competencies(writer: PageWriter, entries: list) -> None:
    project, label = writer.project, writer.ui.labels.get
    competencies = list(project.data(writer.code, "competencies").values())
    audiences = audiences_taught(project)
    by_module = {c.id: {e.meta.id: sum(c.id in s.competencies for s in e.sessions) for e in entries} for c in competencies}
    by_audience = {c.id: {a: any(c.id in s.competencies and a in s.audiences for e in entries for s in e.sessions)
                          for a in audiences} for c in competencies if not c.trainers}
    profiles = {a: profile_page(a) for a in audiences}
    fallback = writer.fallback_of("competencies.yml")
    writer.generate(MATRIX, label("competency-matrix"), "competency-matrix.md.j2", fallback, entries=entries,
                    competencies=competencies, audiences=audiences, by_module=by_module, by_audience=by_audience,
                    profiles=profiles)
    sessions = {s.id: s for e in entries for s in e.sessions}
    for audience in audiences:
        taught = {key: [sessions[s.id] for s in plans] for key, plans in taught_for(project, audience).items()}
        areas = [(area, [c for c in competencies if c.area == area and c.id in taught]) for area in CompetencyArea]
        writer.generate(profile_page(audience), f"{label('competency-profile')}: "
                        f"{writer.ui.audiences.get(audience, audience.value)}", "competency-profile.md.j2", fallback,
                        audience=audience, areas=areas, taught=taught, plan=plan_view(project, writer.code, audience),
                        assessment_pages={m: assessment_page(m) for m in project.source.assessments})


def training_nav(project, labels: dict[str, str]) -> list:
    """Courses, and the competency matrix and profiles, in the navigation."""
    nav: list = []
    if project.source.courses:
        courses = [(None, COURSES)]
        for course in project.source.courses:
            courses += [(None, agenda_page(course)), (None, questionnaire_page(course)),
                        (None, feedback_page(course))]
        nav.append((labels.get("courses", "Courses"), courses))
    profiles = [(None, profile_page(a)) for a in audiences_taught(project)]
    nav.append((labels.get("competency-framework", "Competency framework"), [(None, MATRIX), *profiles]))
    return nav
