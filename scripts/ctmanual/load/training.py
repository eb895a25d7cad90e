"""Stage 1 for the trainer tools: course files (courses/<id>.yml) and module assessments
(modules/<module>/assessment.yml), checked against the content they name; and the competency
framework's coverage (every competency taught by a session). Every problem has file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ctmanual.agenda import plan_agenda
from ctmanual.course_views import audiences_taught, course_sessions, taught_for
from ctmanual.load.files import read_data, read_yaml
from ctmanual.frontmatter import Loc, line_at
from ctmanual.model import SessionPlan
from ctmanual.model_course import PLANS_FILE, Assessment, Course, longest_answer_share
from ctmanual.problems import ProblemList
from ctmanual.project import Project
from ctmanual.translation_merge import merge_translation_data


@dataclass(frozen=True)
class CourseFile:
    path: Path
    course: Course
    lines: dict[Loc, int]


def read_courses(folder: Path | None, problems: ProblemList) -> dict[str, CourseFile]:
    found: dict[str, CourseFile] = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yml")):
        item = read_course_file(path, problems)
        if item is None:
            continue
        if path.stem != item.course.id:
            problems.error(path, item.lines.get(("id",), 1), f"id '{item.course.id}' does not match the file name: "
                                                              f"rename the file {item.course.id}.yml")
        found[item.course.id] = item
    return found


def read_course_file(path: Path, problems: ProblemList) -> CourseFile | None:
    if not path.is_file():
        problems.error(path, 1, "no such course file: give a course id (courses/<id>.yml) or a path")
        return None
    result = read_data(path, Course, problems)
    if result is None or result[0] is None:
        return None
    return CourseFile(path, result[0], result[1])


def translate_course(course: Course, translated_path: Path, problems: ProblemList) -> Course:
    """The course with the translation's title and summary (everything else from the source)."""
    parsed = read_yaml(translated_path, problems)
    if parsed is None:
        return course
    data, _ = parsed
    merged = merge_translation_data(Course, course.model_dump(mode="json", by_alias=True), data)
    return Course.model_validate(merged)


def check_courses(project: Project, courses: dict[str, CourseFile], problems: ProblemList) -> None:
    plans = project.by_id(SessionPlan)
    modules = {m.meta.id for m in project.modules}
    for item in courses.values():
        course, line = item.course, lambda *loc: line_at(item.lines, loc)  # noqa: E731
        if course.sessions != "all":
            for index, session in enumerate(course.sessions):
                if session not in plans:
                    problems.error(item.path, line("sessions", index), f"unknown session '{session}': use a session "
                                                                       "plan id (see the module catalogue)")
        for index, module in enumerate(course.modules):
            if module not in modules:
                problems.error(item.path, line("modules", index), f"unknown module '{module}'")
        agenda = plan_agenda(course, course_sessions(project, course))
        for problem in agenda.problems:
            problems.error(item.path, line("sessions"), problem)


# A module's knowledge check warns when the right option is strictly the longest in more than this share
# of its questions (with six questions: four or more). The whole manual is held to 30% by a test.
LONGEST_ANSWER_WARNING = 0.5


def check_assessments(project: Project, assessments: dict[str, tuple[Path, Assessment, dict]], problems: ProblemList) -> None:
    competencies = set(project.source.competencies)
    for module, (path, assessment, lines) in assessments.items():
        share = longest_answer_share(assessment.questions)
        if share > LONGEST_ANSWER_WARNING:
            longest = [q.id for q in assessment.questions if q.answer_is_longest]
            problems.warn(path, line_at(lines, ("questions",)),
                          f"the right option is the longest in {len(longest)} of {len(assessment.questions)} "
                          f"questions ({', '.join(longest)}): shorten it or lengthen a distractor, so that length "
                          "gives nothing away")
        for index, rubric in enumerate(assessment.rubrics):
            _check_rubric(rubric, index, path, lines, problems)
        for kind, items in (("questions", assessment.questions), ("rubrics", assessment.rubrics)):
            for index, item in enumerate(items):
                for number, competency in enumerate(item.competencies):
                    if competency not in competencies:
                        problems.error(path, line_at(lines, (kind, index, "competencies", number)),
                                       f"unknown competency '{competency}': use an id from modules/competencies.yml")


# "criterion 2", "criteria 1 and 3", "criteria 1, 2 or 4": the numbers a pass standard names.
_CRITERIA_NAMED = re.compile(r"\bcriteri(?:on|a)\s+(\d+(?:\s*(?:,|and|or|to)\s*\d+)*)")


def _check_rubric(rubric, index: int, path: Path, lines: dict, problems: ProblemList) -> None:
    """A rubric that can certify: it says what passes and how assessors judge, record and reassess.
    Required in the source; a translation without them shows the source's."""
    line = line_at(lines, ("rubrics", index, "id"))
    if rubric.pass_standard is None:
        problems.error(path, line, f"rubric '{rubric.id}' has no pass_standard: say what a candidate must show to "
                                   "pass, in terms of its criteria and levels (see docs/content-model.md)")
    else:
        for group in _CRITERIA_NAMED.findall(rubric.pass_standard):
            for number in (int(n) for n in re.findall(r"\d+", group)):
                if not 1 <= number <= len(rubric.criteria):
                    problems.error(path, line_at(lines, ("rubrics", index, "pass_standard")),
                                   f"pass_standard names criterion {number}, but rubric '{rubric.id}' has "
                                   f"{len(rubric.criteria)} criteria")
    if rubric.assessor_guidance is None:
        problems.error(path, line, f"rubric '{rubric.id}' has no assessor_guidance: add evidence, recording and "
                                   "reassessment (see docs/content-model.md)")


def check_plans(project: Project, path: Path, problems: ProblemList) -> None:
    """Each assessment plan names questions, question sets and rubrics that exist, and assesses every
    competency of its audience's profile (what the sessions for that audience teach)."""
    plans = project.source.assessment_plans
    if not plans:
        return
    lines = project.source.data_lines.get(PLANS_FILE, {})
    assessments = project.source.assessments
    question_module = {q.id: m for m, a in assessments.items() for q in a.questions}
    questions = {q.id: q for a in assessments.values() for q in a.questions}
    rubrics = {r.id: r for a in assessments.values() for r in a.rubrics}
    for index, plan in enumerate(plans.values()):
        line = lambda *loc: line_at(lines, (index, *loc))  # noqa: E731
        assessed: set[str] = set()
        for number, module in enumerate(plan.question_sets):
            if module not in assessments:
                problems.error(path, line("question_sets", number), f"unknown question set '{module}': use the id of "
                                                                     "a module that has an assessment.yml")
                continue
            assessed.update(c for q in assessments[module].questions for c in q.competencies)
        for number, question in enumerate(plan.questions):
            if question not in questions:
                problems.error(path, line("questions", number), f"unknown question '{question}': use a question id "
                                                                 "from a module's assessment.yml")
            elif question_module[question] in plan.question_sets:
                problems.error(path, line("questions", number),
                               f"question '{question}' is already in question set '{question_module[question]}': "
                               "list it once")
            else:
                assessed.update(questions[question].competencies)
        for number, rubric in enumerate(plan.rubrics):
            if rubric not in rubrics:
                problems.error(path, line("rubrics", number), f"unknown rubric '{rubric}': use a rubric id from a "
                                                               "module's assessment.yml")
            else:
                assessed.update(rubrics[rubric].competencies)
        profile = taught_for(project, plan.audience)
        missing = [c for c in project.source.competencies if c in profile and c not in assessed]
        if missing:
            problems.error(path, line("audience"),
                           f"the plan for '{plan.audience.value}' assesses no rubric or question on "
                           f"{', '.join(missing)}, which its competency profile lists: add a rubric or questions "
                           "that assess them")
    for audience in audiences_taught(project):
        if audience.value not in plans:
            problems.warn(path, 1, f"no assessment plan for '{audience.value}': its competency profile shows none")


def check_coverage(project: Project, path: Path, lines: dict[Loc, int], problems: ProblemList) -> None:
    """Every competency is taught by at least one session plan."""
    taught = {c for m in project.modules for s in m.sessions for c in s.meta.competencies}
    for index, competency in enumerate(project.source.competencies):
        if competency not in taught:
            problems.error(path, line_at(lines, (index, "id")),
                           f"competency '{competency}' is taught by no session plan: add it to a session's "
                           "`competencies:` or remove it")

