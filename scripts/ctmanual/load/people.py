"""The register of fictional people (modules/names.yml) and the documents that name them.

Case studies use invented first names. Every fictional person the manual names is listed once in the
register (id, first name, child or adult, a one-line description), and every document that names one
declares it: `people: [id, ...]` in the front matter of a module overview, session plan, handout or page,
and in each question or rubric of an assessment file. The checks, each with file and line:

- a declared id is in the register, and its name occurs in the document's text;
- a register name that occurs in a document's text (a whole word, capitalised as registered; ids and
  link targets do not count) is declared by that document, unless the register marks the name as an
  ordinary word (`word: true`);
- no module, and no course (its sessions, their handouts and the assessments of its modules), names two
  different people with the same first name: a trainer would be talking about two children called Lina.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctmanual.course_views import course_sessions
from ctmanual.frontmatter import Loc, line_at
from ctmanual.load.safety import string_values
from ctmanual.model import Handout, Person, SessionPlan
from ctmanual.problems import ProblemList
from ctmanual.project import Document, Project

NAMES_FILE = "names.yml"
# Front matter and assessment keys that hold ids, numbers or choices, not prose.
_NOT_TEXT = frozenset({"id", "module", "people", "handouts", "competencies", "audiences", "sources", "prerequisites",
                       "related", "principles", "order", "duration", "version", "last_reviewed", "method",
                       "minutes", "kind", "answer"})
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\{#[^}]*\}")


@dataclass(frozen=True)
class Naming:
    """Where a document names people: its declarations and its text, each with file and line."""

    path: Path
    rel: str  # shown in messages: modules/<...>
    declared: tuple[tuple[str, int], ...]  # (person id, line of the declaration)
    texts: tuple[tuple[str, int], ...]  # (text, line)
    line: int  # where to report a name used but not declared when no text line is known


def check_people(project: Project, courses: dict, problems: ProblemList) -> None:
    register: dict[str, Person] = project.source.people
    register_path = project.settings.content_dir / NAMES_FILE
    register_lines = project.source.data_lines.get(NAMES_FILE, {})
    by_name: dict[str, list[Person]] = {}
    for person in register.values():
        by_name.setdefault(person.name, []).append(person)
    patterns = {name: re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])") for name in by_name}

    namings = list(_namings(project))
    used: set[str] = set()
    for naming in namings:
        _check_naming(naming, register, by_name, patterns, problems)
        used.update(pid for pid, _ in naming.declared)
    for index, person in enumerate(register.values()):
        if person.id not in used:
            problems.warn(register_path, line_at(register_lines, (index, "id")),
                          f"person '{person.id}' ({person.name}) is declared by no document: declare it where the "
                          "name is used (`people: [...]`) or remove it from the register")

    by_rel = {n.rel: n for n in namings}
    for module in project.modules:
        rels = [d.rel for d in (module.overview, *module.sessions, *module.handouts)]
        rels += [r for r in by_rel if r.startswith(f"{module.meta.id}/assessment.yml#")]
        for pid, other, rel, line in _clashes([by_rel[r] for r in rels if r in by_rel], register):
            naming = by_rel[rel]
            problems.error(naming.path, line,
                           f"'{register[pid].name}' ({pid}) is another person than '{register[other[0]].name}' "
                           f"({other[0]}) in {_shown(other[1])}, in the same module '{module.meta.id}': give one "
                           f"of them another first name, one that appears nowhere else, and register it in "
                           f"modules/{NAMES_FILE}")
    for item in courses.values():
        for pid, other, rel, line in _clashes(list(_course_namings(project, item, by_rel)), register):
            problems.error(item.path, line,
                           f"this course names two different people '{register[pid].name}': {other[0]} in "
                           f"{_shown(other[1])} and {pid} in {_shown(rel)}; give one of them another first name, "
                           f"one that appears nowhere else, and register it in modules/{NAMES_FILE}")


def _shown(rel: str) -> str:
    return "modules/" + rel.replace("#", " (") + (")" if "#" in rel else "")


def _namings(project: Project) -> Iterator[Naming]:
    for rel, doc in project.source.docs.items():
        yield Naming(doc.path, rel, tuple((pid, doc.line_of("people", i)) for i, pid in
                                          enumerate(getattr(doc.meta, "people", []))),
                     tuple(_document_texts(doc)), doc.line_of("id"))
    for module, (path, assessment, lines) in project.source.assessment_files.items():
        for kind, items in (("questions", assessment.questions), ("rubrics", assessment.rubrics)):
            for index, item in enumerate(items):
                loc = (kind, index)
                texts = tuple((text, line_at(lines, (*loc, *sub))) for sub, text in _values(item.model_dump()))
                yield Naming(path, f"{module}/assessment.yml#{item.id}",
                             tuple((pid, line_at(lines, (*loc, "people", i))) for i, pid in enumerate(item.people)),
                             texts, line_at(lines, (*loc, "id")))


def _document_texts(doc: Document) -> Iterator[tuple[str, int]]:
    for loc, text in _values(doc.meta.model_dump(mode="json")):
        yield text, doc.line_of(*loc)
    for number, line in enumerate(doc.body.split("\n")):
        yield line, doc.body_line + number


def _values(data: Any) -> Iterator[tuple[Loc, str]]:
    for loc, text in string_values(data, ()):
        if not any(isinstance(part, str) and part in _NOT_TEXT for part in loc):
            yield loc, text


def _check_naming(naming: Naming, register: dict[str, Person], by_name: dict[str, list[Person]],
                  patterns: dict[str, re.Pattern], problems: ProblemList) -> None:
    texts = [(_LINK_TARGET.sub("]", text), line) for text, line in naming.texts]
    joined = "\n".join(text for text, _ in texts)  # a name not in it as a substring is in no text: no search
    declared_names = set()
    for pid, line in naming.declared:
        person = register.get(pid)
        if person is None:
            problems.error(naming.path, line, f"people: unknown person '{pid}': use an id listed in "
                                              f"modules/{NAMES_FILE} or add the person there")
            continue
        declared_names.add(person.name)
        if person.name not in joined or not any(patterns[person.name].search(text) for text, _ in texts):
            problems.error(naming.path, line, f"people: '{pid}' is declared but the name '{person.name}' does not "
                                              "occur in the text: remove the declaration or use the name")
    for name, pattern in patterns.items():
        if name in declared_names or name not in joined or all(p.word for p in by_name[name]):
            continue
        found = next((line for text, line in texts if pattern.search(text)), None)
        if found is not None:
            ids = ", ".join(p.id for p in by_name[name])
            problems.error(naming.path, found,
                           f"'{name}' is a fictional name in modules/{NAMES_FILE} ({ids}) but this "
                           f"{'item' if '#' in naming.rel else 'file'} does not declare it: add the person's id to "
                           "its `people:` list, or register a new person if this is someone else")


def _clashes(namings: list[Naming], register: dict[str, Person]) -> Iterator[tuple[str, tuple[str, str], str, int]]:
    """(person, (the other person, where the other is named), where this one is named, line) for each
    first name given to two different people among `namings` (each clash once)."""
    first: dict[str, tuple[str, str]] = {}  # name -> (person id, rel)
    reported: set[tuple[str, str]] = set()
    for naming in namings:
        for pid, line in naming.declared:
            person = register.get(pid)
            if person is None:
                continue
            seen = first.setdefault(person.name, (pid, naming.rel))
            if seen[0] != pid and (seen[0], pid) not in reported:
                reported.add((seen[0], pid))
                yield pid, seen, naming.rel, line


def _course_namings(project: Project, item, by_rel: dict[str, Naming]) -> Iterator[Naming]:
    """What a course shows: its sessions, their handouts and the assessments of its modules; each naming
    with the line of the course file that brings it in."""
    course, lines = item.course, item.lines
    plans, handouts = project.by_id(SessionPlan), project.by_id(Handout)
    modules: dict[str, int] = {}
    for plan in course_sessions(project, course):
        line = line_at(lines, ("sessions", course.sessions.index(plan.id))) if course.sessions != "all" \
            else line_at(lines, ("sessions",))
        modules.setdefault(plan.module, line)
        rels = [plans[plan.id].rel, *(handouts[h].rel for h in plan.handouts if h in handouts)]
        for rel in rels:
            if rel in by_rel:
                yield _at(by_rel[rel], line)
    for module, line in modules.items():
        for rel, naming in by_rel.items():
            if rel.startswith(f"{module}/assessment.yml#"):
                yield _at(naming, line)


def _at(naming: Naming, line: int) -> Naming:
    """The naming with its declarations reported at `line` (of the course file)."""
    return Naming(naming.path, naming.rel, tuple((pid, line) for pid, _ in naming.declared), naming.texts, line)
