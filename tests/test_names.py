"""The register of fictional names (modules/names.yml): declared people must be named, named people
declared, and no module or course may give one first name to two different people."""

from __future__ import annotations

from ctmanual.load import load_project
from helpers import SESSION, validation_errors

HANDOUT = "modules/basics/handouts/indicator-list.md"
REGISTER = "modules/names.yml"

PEOPLE = """\
- id: mira-12-market
  name: Mira
  kind: child
  description: Girl of 12 made to sell flowers in a market (fixture).
- id: mira-15-bar
  name: Mira
  kind: child
  description: Girl of 15 recruited for a bar job (fixture, second module).
- id: hope-word
  name: Hope
  kind: child
  description: A name that is also an ordinary word.
  word: true
"""


def named_handout(project, person: str = "mira-12-market") -> None:
    project.write(REGISTER, PEOPLE)
    project.replace(HANDOUT, "kind: checklist\n", f"kind: checklist\npeople: [{person}]\n")
    project.replace(HANDOUT, "- [ ] The child has no documents.", "- [ ] The child has no documents, like Mira.")


def second_module(project, name_line: str) -> None:
    """A module `extra` with one session plan (for law enforcement, so the fixture course runs it too)."""
    overview = project.read("modules/basics/index.md").replace("id: basics", "id: extra").replace("order: 1", "order: 2")
    project.write("modules/extra/index.md", overview)
    session = project.read(SESSION).replace("id: spotting-signs", "id: second-look").replace(
        "module: basics", "module: extra").replace("handouts: [indicator-list]\n", "").replace(
        "Hand out the [checklist](handout:indicator-list).", name_line)
    project.write("modules/extra/sessions/second-look.md", session)


def test_declared_and_named_people_pass(project):
    named_handout(project)
    loaded, problems = load_project(project.root)
    assert not problems, problems.report(project.root)
    assert loaded.source.people["mira-12-market"].name == "Mira"
    assert [w.message for w in problems.warnings if "declared by no document" in w.message and "Mira" in w.message] == [
        "person 'mira-15-bar' (Mira) is declared by no document: declare it where the name is used "
        "(`people: [...]`) or remove it from the register"]


def test_a_register_name_in_a_text_must_be_declared(project):
    named_handout(project)
    project.replace(HANDOUT, "people: [mira-12-market]\n", "")
    line = project.line_of(HANDOUT, "like Mira")
    assert (f"{HANDOUT}:{line}: 'Mira' is a fictional name in modules/names.yml (mira-12-market, mira-15-bar) but "
            "this file does not declare it: add the person's id to its `people:` list, or register a new person if "
            "this is someone else") in validation_errors(project.root)


def test_a_declared_person_must_be_named_in_the_text(project):
    named_handout(project)
    project.replace(HANDOUT, "like Mira", "like her")
    line = project.line_of(HANDOUT, "people:")
    assert (f"{HANDOUT}:{line}: people: 'mira-12-market' is declared but the name 'Mira' does not occur in the "
            "text: remove the declaration or use the name") in validation_errors(project.root)


def test_an_unknown_person_and_link_targets_are_not_names(project):
    named_handout(project, "mira-99")
    messages = validation_errors(project.root)
    assert any("people: unknown person 'mira-99': use an id listed in modules/names.yml" in m for m in messages)
    # a name in a link target (or an id, which is lower case) is not the name
    project.replace(HANDOUT, "people: [mira-99]\n", "")
    project.replace(HANDOUT, "like Mira.", "like [the report](https://example.org/Mira/).")
    assert not [m for m in validation_errors(project.root) if "Mira" in m and "names.yml" not in m.split(":")[0]]


def test_a_name_that_is_an_ordinary_word_need_not_be_declared(project):
    named_handout(project)
    project.replace(HANDOUT, "like Mira.", "like Mira. Hope is not a plan.")
    assert not validation_errors(project.root)


def test_two_people_with_one_name_in_a_module_is_an_error(project):
    named_handout(project)
    project.replace(SESSION, "title: Spotting the signs\n", "title: Spotting the signs\npeople: [mira-15-bar]\n")
    project.replace(SESSION, "Groups sort the indicators.", "Groups sort the indicators Mira showed.")
    messages = validation_errors(project.root)
    clash = [m for m in messages if "in the same module" in m]
    assert len(clash) == 1
    assert "'Mira' (mira-12-market) is another person than 'Mira' (mira-15-bar)" in clash[0] \
        or "'Mira' (mira-15-bar) is another person than 'Mira' (mira-12-market)" in clash[0]


def test_a_course_with_two_children_of_one_name_is_an_error_naming_both_documents(project):
    named_handout(project)
    second_module(project, "Ask about Mira's job offer.")
    project.replace("modules/extra/sessions/second-look.md", "title: Spotting the signs\n",
                    "title: A second look\npeople: [mira-15-bar]\n")
    messages = validation_errors(project.root)
    course = [m for m in messages if m.startswith("courses/basics-morning.yml:")]
    assert course == [
        f"courses/basics-morning.yml:{project.line_of('courses/basics-morning.yml', 'sessions:')}: this course names "
        "two different people 'Mira': mira-12-market in modules/basics/handouts/indicator-list.md and mira-15-bar in "
        "modules/extra/sessions/second-look.md; give one of them another first name, one that appears nowhere else, "
        "and register it in modules/names.yml"]
    assert not [m for m in messages if "in the same module" in m]  # different modules: only the course clashes


def test_a_translated_register_is_refused(project):
    project.write(REGISTER, PEOPLE)
    project.write("translations/fr/names.yml", PEOPLE)
    assert ("translations/fr/names.yml:1: the register of fictional names is not translated (names stay as they "
            "are): remove this file") in validation_errors(project.root)
