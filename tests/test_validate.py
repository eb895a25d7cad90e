"""Stage 1: every bad input gives `path:line: message`, and all problems come together."""

from __future__ import annotations

from ctmanual.load import load_project

from helpers import MODULE, SESSION, staged, validation_errors


def test_fixture_is_valid(project):
    loaded, problems = load_project(project.root)
    assert not problems, problems.report(project.root)
    assert [m.meta.id for m in loaded.modules] == ["basics"]
    assert set(loaded.translations) == {"fr", "ru", "ro"}


def test_missing_field_names_the_field(project):
    project.replace(SESSION, "title: Spotting the signs\n", "")
    assert f"{SESSION}:2: 'title' is required: add it (see docs/content-model.md)" in validation_errors(project.root)


def test_unknown_audience_points_at_its_line(project):
    project.replace(SESSION, "audiences: [law-enforcement]", "audiences: [police]")
    line = project.line_of(SESSION, "audiences:")
    [message] = [m for m in validation_errors(project.root) if "audiences.0" in m]
    assert message.startswith(f"{SESSION}:{line}: 'audiences.0': Input should be 'law-enforcement'")


def test_all_stands_for_every_audience_and_only_alone(project):
    """`audiences: [all]` marks the core every profession needs: the session is in every audience's
    manual; mixed with audience ids it is an error at its line."""
    from ctmanual.model import Audience
    from ctmanual.outputs import Kind, audience_selection, plan_outputs

    project.replace(MODULE, "audiences: [law-enforcement, social-work-care]", "audiences: [all]")
    project.replace(SESSION, "audiences: [law-enforcement]", "audiences: [all]")
    loaded, problems = load_project(project.root)
    assert not problems, problems.report(project.root)
    manuals = {o.key for o in plan_outputs(loaded, "en") if o.kind is Kind.AUDIENCE_MANUAL}
    assert manuals == {a.value for a in Audience}
    assert [s.meta.id for s in audience_selection(loaded, Audience.HEALTH).core] == ["spotting-signs"]
    project.replace(SESSION, "audiences: [all]", "audiences: [all, health]")
    line = project.line_of(SESSION, "audiences: [all, health]")
    assert any(m.startswith(f"{SESSION}:{line}: ") and "'all' means every audience" in m for m in validation_errors(project.root))


def test_session_audience_missing_from_its_module_is_an_error(project):
    """Otherwise the manual for that audience would silently leave the session out."""
    project.replace(SESSION, "audiences: [law-enforcement]", "audiences: [law-enforcement, health]")
    line = project.line_of(SESSION, "audiences: [law-enforcement, health]")
    assert (f"{SESSION}:{line}: audiences: health not among the audiences of module 'basics': "
            f"add it to basics/index.md or remove it here") in validation_errors(project.root)


def test_activity_minutes_must_add_up(project):
    project.replace(SESSION, "minutes: 30", "minutes: 35")
    line = project.line_of(SESSION, "duration: 45")
    assert (
        f"{SESSION}:{line}: duration is 45 min but the activities add up to 50 min: "
        "change the duration or the activity minutes"
    ) in validation_errors(project.root)


def test_module_duration_must_match_its_sessions(project):
    project.replace(MODULE, "duration: 45", "duration: 60")
    line = project.line_of(MODULE, "duration: 60")
    assert f"{MODULE}:{line}: module duration is 60 min but its session plans add up to 45 min" in validation_errors(project.root)


def test_a_repeated_key_is_an_error_not_a_silent_override(project):
    project.replace("modules/ui.yml", "  modules: Modules\n", "  modules: Modules\n  duration: Length\n")
    first = project.line_of("modules/ui.yml", "  duration: Duration")
    second = project.line_of("modules/ui.yml", "  duration: Length")
    low, high = sorted((first, second))
    assert f"modules/ui.yml:{high}: 'duration' appears twice (also on line {low}): keep one" in validation_errors(project.root)


def test_yaml_syntax_error_gives_the_line(project):
    project.replace(SESSION, "  - Flip chart", "  - Flip chart: [unclosed")
    line = project.line_of(SESSION, "Flip chart: [unclosed")
    [message] = validation_errors(project.root)
    assert message.startswith(f"{SESSION}:")
    reported = int(message.split(":")[1])
    assert line <= reported <= line + 1
    assert "YAML syntax error" in message


def test_unknown_key_is_an_error(project):
    project.replace(SESSION, "duration: 45\n", "duration: 45\nduraton: 45\n")
    line = project.line_of(SESSION, "duraton:")
    assert any(m.startswith(f"{SESSION}:{line}: 'duraton' is not a known field") for m in validation_errors(project.root))


def test_unknown_competency_and_handout(project):
    project.replace(SESSION, "competencies: [s-identify, k-definition]", "competencies: [s-juggling, k-definition]")
    project.replace(SESSION, "handouts: [indicator-list]", "handouts: [indicator-list, missing-sheet]")
    messages = validation_errors(project.root)
    assert f"{SESSION}:{project.line_of(SESSION, 'competencies:')}: competencies: unknown competency id 's-juggling': use an id listed in modules/competencies.yml" in messages
    assert any(m.startswith(f"{SESSION}:{project.line_of(SESSION, 'handouts:')}: handouts: unknown handout id 'missing-sheet'") for m in messages)


def test_broken_id_link_in_body(project):
    project.replace(MODULE, "principle [8](principle:8)", "principle [8](principle:11) and [x](module:nowhere)")
    line = project.line_of(MODULE, "principle:11")
    messages = validation_errors(project.root)
    assert f"{MODULE}:{line}: link 'principle:11' points to nothing: check the id" in messages
    assert f"{MODULE}:{line}: link 'module:nowhere' points to nothing: check the id" in messages


def test_broken_link_inside_a_step(project):
    project.replace(SESSION, "(handout:indicator-list)", "(handout:gone)")
    line = project.line_of(SESSION, "(handout:gone)")
    assert f"{SESSION}:{line}: link 'handout:gone' points to nothing: check the id" in validation_errors(project.root)


def test_duplicate_ids(project):
    text = project.read(SESSION)
    copy = "modules/basics/sessions/spotting-signs-copy.md"
    project.write(copy, text)
    messages = validation_errors(project.root)
    assert any("duplicate id 'spotting-signs'" in m for m in messages)
    assert any(m.startswith(f"{copy}:2: id 'spotting-signs' must match the file name") for m in messages)


def test_raw_html_is_rejected(project):
    project.replace(SESSION, "Children rarely say", "<script>alert(1)</script> Children rarely say")
    line = project.line_of(SESSION, "<script>")
    assert f"{SESSION}:{line}: raw HTML is not allowed in content: use Markdown instead" in validation_errors(project.root)


def test_invalid_utf8(project):
    path = project.root / SESSION
    path.write_bytes(path.read_bytes().replace(b"Flip chart", b"Flip \xff chart"))
    line = project.line_of(MODULE, "id: basics")  # any line: just computes the expected one below
    assert line
    expected_line = path.read_bytes().split(b"\xff")[0].count(b"\n") + 1
    assert f"{SESSION}:{expected_line}: not valid UTF-8: save the file as UTF-8" in validation_errors(project.root)


def test_missing_front_matter(project):
    project.write(SESSION, "# Just a heading\n")
    assert f"{SESSION}:1: no front matter: the file must start with a line '---', then YAML, then '---'" in validation_errors(project.root)


def test_translation_must_mirror_a_source_file(project):
    project.write("translations/fr/basics/sessions/unknown.md", "---\nid: unknown\n---\n")
    messages = validation_errors(project.root)
    assert any(m.startswith("translations/fr/basics/sessions/unknown.md:1: no source file") for m in messages)


def test_translation_keeps_the_id(project):
    project.replace("translations/ru/basics/index.md", "id: basics", "id: osnovy")
    assert "translations/ru/basics/index.md:2: id must stay 'basics' as in the source (translate values, not ids)" in validation_errors(project.root)


def test_unconfigured_language_folder(project):
    project.write("translations/de/index.md", "---\nid: home\ntitle: Handbuch\n---\n")
    assert any(m.startswith("translations/de:1: 'de' is not a translation language") for m in validation_errors(project.root))


def test_all_problems_are_reported_together(project):
    project.replace(SESSION, "minutes: 30", "minutes: 35")
    project.replace(MODULE, "order: 1", "order: first")
    project.write("modules/basics/handouts/stray.md", "---\nid: stray\nmodule: basics\ntitle: Stray\nkind: poster\n---\n")
    messages = validation_errors(project.root)
    files = {m.split(":")[0] for m in messages}
    assert {SESSION, MODULE, "modules/basics/handouts/stray.md"} <= files
    assert len(messages) >= 3


def test_sessions_of_a_module_have_distinct_positions(project):
    text = project.read(SESSION).replace("id: spotting-signs", "id: second-look").replace("title: Spotting the signs", "title: A second look\norder: 1")
    project.write("modules/basics/sessions/second-look.md", text)
    project.replace(SESSION, "title: Spotting the signs", "title: Spotting the signs\norder: 1")
    project.replace(MODULE, "duration: 45", "duration: 90")
    messages = validation_errors(project.root)
    assert len([m for m in messages if "order 1 is also used by" in m]) == 1


def test_guide_front_matter_checked_with_file_and_line(project):
    """docs/*.md: an unknown field and a wrong `readers` or `order` value are reported together, each at its line."""
    project.write("docs/notes.md", "---\ntitle: Notes\nreaders: no-thanks\norder: first\naudience: trainers\n---\n\n# Notes\n")
    problems = validation_errors(project.root)
    assert "docs/notes.md:3: 'readers' must be true or false, not 'no-thanks'" in problems
    assert "docs/notes.md:4: 'order' must be a whole number, not 'first'" in problems
    assert "docs/notes.md:5: 'audience' is not a known field of a guide: use title, order, readers" in problems


def test_contributor_guide_is_not_published(project):
    """A guide marked `readers: false` stays out of the staged pages and the navigation of every language."""
    from ctmanual.assemble import assemble

    project.write("docs/internals.md", "---\ntitle: Internals\nreaders: false\n---\n\n# Internals\n")
    project.write("docs/howto.md", "---\ntitle: How to\norder: 1\n---\n\n# How to\n")
    loaded, problems = load_project(project.root)
    assert not problems, problems.report(project.root)
    result = assemble(loaded, project.root / "staged", ["en", "fr"])
    for code, pages in result.languages.items():
        assert "guides/howto.md" in pages.pages and "guides/internals.md" not in pages.pages, code
        assert "guides/internals.md" not in repr(pages.nav), code


ASSESSMENT = "modules/basics/assessment.yml"


def test_a_rubric_needs_a_pass_standard_and_assessor_guidance(project):
    text = project.read(ASSESSMENT)
    head, _, guidance = text.partition("    pass_standard:")
    project.write(ASSESSMENT, head)
    line = project.line_of(ASSESSMENT, "- id: bas-r1")
    found = validation_errors(project.root)
    assert f"{ASSESSMENT}:{line}: rubric 'bas-r1' has no pass_standard: say what a candidate must show to pass, " \
           "in terms of its criteria and levels (see docs/content-model.md)" in found
    assert f"{ASSESSMENT}:{line}: rubric 'bas-r1' has no assessor_guidance: add evidence, recording and " \
           "reassessment (see docs/content-model.md)" in found


def test_assessor_guidance_has_three_parts_and_the_pass_standard_names_real_criteria(project):
    project.replace(ASSESSMENT, "      recording: Level per criterion on the form, with the sentence that decided it.\n", "")
    project.replace(ASSESSMENT, "proficient on criterion 2 and", "proficient on criteria 2 and 3 and")
    guidance = project.line_of(ASSESSMENT, "assessor_guidance:")
    standard = project.line_of(ASSESSMENT, "pass_standard:")
    found = validation_errors(project.root)
    assert f"{ASSESSMENT}:{guidance}: 'rubrics.0.assessor_guidance.recording' is required: add it " \
           "(see docs/content-model.md)" in found
    project.replace(ASSESSMENT, "      evidence:", "      recording: On the form.\n      evidence:")
    assert validation_errors(project.root) == [f"{ASSESSMENT}:{standard}: pass_standard names criterion 3, but rubric 'bas-r1' "
                                    "has 2 criteria"]


def test_translated_guide_keeps_order_and_readers_with_file_and_line(project):
    """A guide's translation translates its title and text; `order` and `readers` stay as in docs/, and a
    field no guide has is reported as in docs/."""
    guide = "translations/ro/guides/index.md"
    project.replace(guide, "title: Ghiduri", "title: Ghiduri\norder: 3\nreaders: nu\naudience: formatori")
    problems = validation_errors(project.root)
    assert (f"{guide}:4: 'order' stays as in the source guide: remove it (docs/index.md has none); "
            "only the title and the text are translated") in problems
    assert f"{guide}:5: 'readers' must be true or false, not 'nu'" in problems
    assert f"{guide}:6: 'audience' is not a known field of a guide: use title, order, readers" in problems


def test_guide_id_links_checked_and_rewritten_in_every_language(project, tmp_path):
    """A guide links to the content by id as content does (`session:...`): a link to nothing is an error at its
    line, in a guide and in its translation; a good one becomes a link to the page, from every language's guide."""
    link = "[the session](session:spotting-signs)"
    project.replace("docs/index.md", "Guides for trainers.", f"Guides for trainers: {link}.")
    project.replace("translations/ro/guides/index.md", "Ghiduri pentru formatori.", f"Ghiduri pentru formatori: {link}.")
    result = staged(project, tmp_path / "staged")
    for code in ("en", "fr", "ro"):
        assert "](../modules/basics/sessions/spotting-signs.md)" in (result.staging / code / "guides/index.md").read_text(encoding="utf-8")
    project.replace("docs/index.md", "session:spotting-signs", "session:no-such-session")
    project.replace("translations/ro/guides/index.md", "session:spotting-signs", "session:no-such-session")
    problems = validation_errors(project.root)
    assert "docs/index.md:6: link 'session:no-such-session' points to nothing: check the id" in problems
    assert "translations/ro/guides/index.md:7: link 'session:no-such-session' points to nothing: check the id" in problems
