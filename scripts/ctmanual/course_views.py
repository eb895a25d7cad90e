"""What the trainer tools show of a course in a language: its agenda, the modules and sessions it
runs, the pre/post questionnaire (knowledge questions without answers, competency self-rating)
and the session feedback form; and what an audience's assessment plan certifies with. Pure, shared
by the site pages and the downloads, like outputs.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctmanual.agenda import Agenda, plan_agenda
from ctmanual.model import Audience, Competency, SessionPlan
from ctmanual.model_course import AssessmentPlan, Course, Question, Rubric
from ctmanual.project import Project

COURSES = "courses/index.md"


def agenda_page(course: str) -> str:
    return f"courses/{course}/index.md"


def questionnaire_page(course: str) -> str:
    return f"courses/{course}/questionnaire.md"


def feedback_page(course: str) -> str:
    return f"courses/{course}/feedback.md"


def profile_page(audience: Audience) -> str:
    return f"competencies/{audience.value}.md"


MATRIX = "competencies/matrix.md"


@dataclass(frozen=True)
class CourseView:
    course: Course
    agenda: Agenda
    sessions: tuple[SessionPlan, ...]  # in the reader's language, in course order
    modules: tuple[str, ...]  # module ids the course draws on, in course order
    questions: tuple[Question, ...]  # the knowledge check of those modules, in the reader's language
    competencies: tuple[Competency, ...]  # what the course's sessions teach, in framework order
    # Shown in the source language (English) to a reader of another: the ids of sessions with no
    # translation, and whether the course file's title and summary have none.
    untranslated: frozenset[str] = frozenset()
    course_untranslated: bool = False
    # The ids of questions shown in the source language: their module's assessment has no translation.
    untranslated_questions: frozenset[str] = frozenset()


def course_view(project: Project, language: str, course_id: str) -> CourseView:
    course = project.course_for(language, course_id)
    source_sessions = course_sessions(project, course)
    plans = project.by_id(SessionPlan)
    localised = [project.localised(language, plans[s.id].rel) for s in source_sessions]
    sessions = tuple(doc.meta for doc, _ in localised)
    untranslated = frozenset(plan.id for plan, (_, fallback) in zip(sessions, localised) if fallback)
    corpus = project.translations.get(language)
    course_untranslated = language != project.settings.default_language and (
        corpus is None or course_id not in corpus.courses)
    modules = tuple(dict.fromkeys(s.module for s in source_sessions))
    assessments = [project.assessment_for(language, m) for m in modules]
    questions = tuple(q for assessment, _ in assessments if assessment for q in assessment.questions)
    untranslated_questions = frozenset(q.id for assessment, fallback in assessments if assessment and fallback
                                       for q in assessment.questions)
    taught = {c for s in source_sessions for c in s.competencies}
    competencies = tuple(c for key, c in project.data(language, "competencies").items() if key in taught)
    return CourseView(course, plan_agenda(course, list(sessions)), sessions, modules, questions, competencies,
                      untranslated, course_untranslated, untranslated_questions)


def course_sessions(project: Project, course: Course) -> list[SessionPlan]:
    """The sessions a course runs, in its order: listed ids, or all sessions for its audiences."""
    plans = project.by_id(SessionPlan)
    if course.sessions != "all":
        return [plans[s].meta for s in course.sessions if s in plans]
    return [s.meta for m in project.modules if not course.modules or m.meta.id in course.modules
            for s in m.sessions if set(s.meta.audiences) & set(course.audiences)]


def audiences_taught(project: Project) -> list[Audience]:
    """The audiences at least one session plan is written for, in the fixed order."""
    return [a for a in Audience if any(a in s.meta.audiences for m in project.modules for s in m.sessions)]


def taught_for(project: Project, audience: Audience) -> dict[str, list[SessionPlan]]:
    """Competency id -> the sessions for `audience` that teach it (a practitioner's competencies: a trainer's,
    taught in the module for trainers, is in no audience's profile)."""
    found: dict[str, list[SessionPlan]] = {}
    competencies = project.source.competencies
    for module in project.modules:
        for session in module.sessions:
            if audience in session.meta.audiences:
                for competency in session.meta.competencies:
                    if competency in competencies and competencies[competency].trainers:
                        continue
                    found.setdefault(competency, []).append(session.meta)
    return found


def assessment_page(module: str) -> str:
    """A module's answer key and rubrics (for trainers); questions and rubrics have their id as anchor."""
    return f"modules/{module}/assessment.md"


@dataclass(frozen=True)
class PlannedQuestion:
    module: str
    number: int  # its number in the module's knowledge check
    question: Question  # in the reader's language

    @property
    def target(self) -> str:
        return f"{assessment_page(self.module)}#{self.question.id}"


@dataclass(frozen=True)
class PlannedRubric:
    module: str
    rubric: Rubric  # in the reader's language
    english: bool = False  # its module's assessment has no translation: shown in the source language

    @property
    def target(self) -> str:
        return f"{assessment_page(self.module)}#{self.rubric.id}"


@dataclass(frozen=True)
class PlanView:
    """An audience's assessment plan as a reader of a language sees it."""

    plan: AssessmentPlan
    question_sets: tuple[tuple[str, int], ...]  # module id and the number of its questions, in plan order
    questions: tuple[PlannedQuestion, ...]  # single questions from other modules
    rubrics: tuple[PlannedRubric, ...]
    count: int  # the knowledge questions in all
    # Competency id -> the rubrics, then the questions (by module, in module order), that assess it.
    assessed_by: dict[str, tuple[tuple[PlannedRubric, ...], tuple[tuple[str, tuple[PlannedQuestion, ...]], ...]]]
    fallback: bool = False  # the plan's wording is the source's: no translation

    @property
    def needed(self) -> int:
        """The right answers a pass needs: the pass mark of the questions, rounded up."""
        return -(-self.count * self.plan.pass_mark // 100)


def plan_view(project: Project, language: str, audience: Audience) -> PlanView | None:
    plan, fallback = project.assessment_plan_for(language, audience.value)
    if plan is None:
        return None
    localised = {m: project.assessment_for(language, m) for m in project.source.assessments}
    assessments = {m: assessment for m, (assessment, _) in localised.items()}
    order = {m.meta.id: index for index, m in enumerate(project.modules)}
    numbered = {q.id: PlannedQuestion(m, n, q) for m, a in assessments.items() if a
                for n, q in enumerate(a.questions, start=1)}
    rubric_of = {r.id: PlannedRubric(m, r, english) for m, (a, english) in localised.items() if a for r in a.rubrics}
    sets = tuple((m, len(assessments[m].questions)) for m in plan.question_sets if assessments.get(m))
    singles = tuple(numbered[q] for q in plan.questions if q in numbered)
    rubrics = tuple(rubric_of[r] for r in plan.rubrics if r in rubric_of)
    every = [numbered[q.id] for m, _ in sets for q in assessments[m].questions] + list(singles)
    every.sort(key=lambda p: (order.get(p.module, len(order)), p.number))
    assessed_by = {}
    for competency in project.source.competencies:
        by_rubric = tuple(r for r in rubrics if competency in r.rubric.competencies)
        by_module: dict[str, list[PlannedQuestion]] = {}
        for planned in every:
            if competency in planned.question.competencies:
                by_module.setdefault(planned.module, []).append(planned)
        if by_rubric or by_module:
            assessed_by[competency] = (by_rubric, tuple((m, tuple(qs)) for m, qs in by_module.items()))
    return PlanView(plan, sets, singles, rubrics, len(every), assessed_by, fallback)
