"""The PO/XLIFF bridge on fixture projects: byte-identical round trips, fuzzy segments after a
source edit, an edit written back in place, a new file translated in Poedit, misfits refused."""

from __future__ import annotations

import difflib
from pathlib import Path

import polib
import pytest

from ctmanual.i18n.segments import rewrite, segments_of
from helpers import RECORDED, ctm, git, translation_states

SESSION = "basics/sessions/spotting-signs.md"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "translations").rglob("*")) if p.is_file()}


def export(root: Path, capsys, lang: str, fmt: str = "po", *target: str) -> Path:
    out = root / f"{lang}.{'po' if fmt == 'po' else 'xlf'}"
    code, text, err = ctm(root, capsys, "i18n", "export", lang, *target, "--format", fmt, "-o", str(out))
    assert code == 0, err
    return out


def entry(po: polib.POFile, rel: str, key: str) -> polib.POEntry:
    return next(e for e in po if e.msgctxt == f"{rel}#{key}")


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_round_trip_with_no_edits_changes_nothing(tracked, capsys, fmt):
    tracked.replace("modules/basics/index.md", "reasonable suspicion.", "reasonable suspicion: an adult's 'uncle'.")
    git(tracked.root, "commit", "-qam", "source edit")  # the Russian file is now outdated: fuzzy units too
    before = snapshot(tracked.root)
    for lang in ("fr", "ru", "ro"):
        exported = export(tracked.root, capsys, lang, fmt)
        code, out, err = ctm(tracked.root, capsys, "i18n", "import", str(exported))
        assert code == 0, err
        assert "0 files written" in out
    assert snapshot(tracked.root) == before


def test_export_marks_changed_source_segments_fuzzy_with_previous_english(tracked, capsys):
    tracked.replace("modules/basics/index.md", "Identification starts with a reasonable suspicion.",
                    "Identification starts with a reasonable suspicion and ends with a referral.")
    git(tracked.root, "commit", "-qam", "source edit")
    po = polib.pofile(str(export(tracked.root, capsys, "ru")))
    changed = entry(po, RECORDED, "body.1.1")
    assert changed.fuzzy and changed.previous_msgid.startswith("Identification starts with a reasonable suspicion. See")
    assert changed.msgstr.startswith("Выявление начинается")
    assert not entry(po, RECORDED, "title").fuzzy and entry(po, RECORDED, "title").msgstr == "Основы выявления"
    assert [e.msgctxt for e in po if e.fuzzy] == [f"{RECORDED}#body.1.1"]
    assert entry(po, SESSION, "activities[2].trainer_notes").msgstr == ""  # missing file: to translate
    assert ("modules/" + RECORDED, str(tracked.line_of("modules/basics/index.md", "ends with a referral"))) in changed.occurrences


def test_import_writes_the_edited_segment_in_place_and_records_the_file_current(tracked, capsys):
    tracked.replace("modules/basics/index.md", "Identification starts with a reasonable suspicion.",
                    "Identification starts with a reasonable suspicion and ends with a referral.")
    git(tracked.root, "commit", "-qam", "source edit")
    before = tracked.read("translations/ru/" + RECORDED)
    po = polib.pofile(str(export(tracked.root, capsys, "ru")))
    changed = entry(po, RECORDED, "body.1.1")
    changed.msgstr = changed.msgstr.replace("обоснованного подозрения.", "обоснованного подозрения и заканчивается направлением.")
    changed.flags.remove("fuzzy")
    po.save(str(tracked.root / "ru.po"))
    code, out, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "ru.po"))
    assert code == 0, err
    assert f"translations/ru/{RECORDED}: translated from the current source" in out
    after = tracked.read("translations/ru/" + RECORDED)
    removed = [line[2:] for line in difflib.ndiff(before.split("\n"), after.split("\n")) if line.startswith("- ")]
    added = [line[2:] for line in difflib.ndiff(before.split("\n"), after.split("\n")) if line.startswith("+ ")]
    assert removed[0].startswith("# ctm-translation:") and added[0].startswith("# ctm-translation:")
    assert removed[1:] == ["Выявление начинается с обоснованного подозрения. Слово торговцами встречается только здесь."]
    assert " ".join(added[1:]).startswith("Выявление начинается с обоснованного подозрения и заканчивается направлением.")
    assert translation_states(tracked.root, capsys, "ru")[RECORDED] == "current"


def test_a_file_translated_in_poedit_is_created_draft_until_complete(tracked, capsys):
    po = polib.pofile(str(export(tracked.root, capsys, "ru", "po", SESSION)))
    assert {e.msgctxt.partition("#")[0] for e in po} == {SESSION}
    entry(po, SESSION, "title").msgstr = "Как заметить признаки"
    po.save(str(tracked.root / "ru.po"))
    ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "ru.po"))
    assert "title: Как заметить признаки" in tracked.read("translations/ru/" + SESSION)
    assert translation_states(tracked.root, capsys, "ru")[SESSION] == "draft"
    for e in po:
        e.msgstr = e.msgstr or f"[ru] {e.msgid}"
    entry(po, SESSION, "activities[2].trainer_notes").msgstr = "Следите за участниками:\nпризнаки не доказательство."
    po.save(str(tracked.root / "ru.po"))
    code, out, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "ru.po"))
    assert code == 0, err
    assert translation_states(tracked.root, capsys, "ru")[SESSION] == "current"
    text = tracked.read("translations/ru/" + SESSION)
    assert "    trainer_notes: |\n      Следите за участниками:\n      признаки не доказательство.\n" in text
    assert "      - '[ru] Ask what participants have seen.'" in text  # YAML-quoted where it must be


def test_a_translation_that_would_change_the_structure_is_refused(tracked, capsys):
    po = polib.pofile(str(export(tracked.root, capsys, "ru", "po", RECORDED)))
    entry(po, RECORDED, "body.1.1").msgstr = "- теперь это список"
    po.save(str(tracked.root / "ru.po"))
    before = snapshot(tracked.root)
    code, _, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "ru.po"))
    assert code == 1
    assert f"{RECORDED}: the translation of body.1.1 does not fit its place" in err
    assert snapshot(tracked.root) == before


def test_import_names_a_broken_file_and_an_unknown_language(tracked, capsys):
    (tracked.root / "bad.xlf").write_text("<xliff><file>", encoding="utf-8")
    code, _, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "bad.xlf"))
    assert code == 2 and "bad.xlf:1: not well-formed XLIFF" in err
    po = polib.POFile()
    po.metadata = {"Language": "de"}
    po.save(str(tracked.root / "de.po"))
    code, _, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "de.po"))
    assert code == 2 and "'de' is not a translation language" in err


@pytest.mark.parametrize("value", [
    "Deux-points : ici, # dièse et 'apostrophe' et \"guillemets\"",
    "- commence comme une liste",
    "ligne une\nligne deux",
    "{accolades} et [crochets] & *étoile",
    "yes",
])
def test_every_yaml_style_takes_any_text(value):
    text = ("---\ntitle: Plain\nsummary: 'Single'\nobjectives:\n  - \"Double\"\nmaterials:\n  - >-\n    Folded\n    text\n"
            "activities:\n  - title: A\n    steps:\n      - |\n        Literal\n        text\n---\n## Heading {#keep}\n\nBody.\n")
    segments = segments_of("m/s.md", text)
    keys = [s.key for s in segments if not s.key.startswith("body.")]
    assert keys == ["title", "summary", "objectives[1]", "materials[1]", "activities[1].title", "activities[1].steps[1]"]
    from ctmanual.i18n.bridge import _rewrite_checked

    written, misfits = _rewrite_checked("m/s.md", text, segments, {key: value for key in keys})
    assert misfits == []
    assert {s.key: s.text for s in segments_of("m/s.md", written) if s.key in keys} == {key: value for key in keys}
    assert written.endswith("---\n## Heading {#keep}\n\nBody.\n")


def test_body_blocks_are_rewritten_with_their_markup():
    text = "## Title {#anchor}\n\n- item one\n  continues\n\n> quoted\n> text\n\n| a | b |\n|---|---|\n| c | d |\n"
    segments = segments_of("m/x.md", text)
    assert [(s.key, s.text) for s in segments] == [
        ("body.1", "Title"), ("body.1.1", "item one continues"), ("body.1.2", "quoted text"),
        ("body.1.3", "| a | b |"), ("body.1.4", "| c | d |")]
    new = rewrite(text, segments, {"body.1": "Titre", "body.1.1": "élément", "body.1.2": "cité", "body.1.4": "| e | f |"})
    assert new == "## Titre {#anchor}\n\n- élément\n\n> cité\n\n| a | b |\n|---|---|\n| e | f |\n"


def test_a_paragraph_added_to_the_source_is_translated_without_rewrapping_the_rest(tracked, capsys):
    tracked.replace("translations/ru/" + RECORDED, "обоснованного подозрения. Слово", "обоснованного\nподозрения. Слово")
    ctm(tracked.root, capsys, "i18n", "done", "ru", RECORDED)  # a translator's own short lines, to be kept
    tracked.replace("modules/basics/index.md", "## Key messages\n\n",
                    "## Key messages\n\nEvery professional who meets a child can notice the signs.\n\n")
    git(tracked.root, "commit", "-qam", "source: a paragraph added")
    before = tracked.read("translations/ru/" + RECORDED)
    po = polib.pofile(str(export(tracked.root, capsys, "ru")))
    first, second = entry(po, RECORDED, "body.1.1"), entry(po, RECORDED, "body.1.2")
    assert first.fuzzy and first.msgstr.startswith("Выявление") and second.msgstr == "" and not second.fuzzy
    second.msgstr = first.msgstr
    first.msgstr = "Любой специалист, который встречает ребёнка, может заметить признаки."
    first.flags.remove("fuzzy")
    po.save(str(tracked.root / "ru.po"))
    code, out, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "ru.po"))
    assert code == 0, err
    after = tracked.read("translations/ru/" + RECORDED)
    added = [line[2:] for line in difflib.ndiff(before.split("\n"), after.split("\n")) if line.startswith("+ ")]
    removed = [line[2:] for line in difflib.ndiff(before.split("\n"), after.split("\n")) if line.startswith("- ")]
    assert [line for line in removed if not line.startswith("# ctm-translation")] == []
    assert [line for line in added if not line.startswith("# ctm-translation")] == [
        "Любой специалист, который встречает ребёнка, может заметить признаки.", ""]
    assert translation_states(tracked.root, capsys, "ru")[RECORDED] == "current"


def test_referral_data_goes_through_the_same_workflow(tracked, capsys):
    code, out, err = ctm(tracked.root, capsys, "i18n", "start", "ro", "referral/vocabulary.yml")
    assert code == 0 and "translations/ro/referral/vocabulary.yml: started from referral/vocabulary.yml" in out
    assert translation_states(tracked.root, capsys, "ro")["referral/vocabulary.yml"] == "draft"
    po = polib.pofile(str(export(tracked.root, capsys, "ro", "po", "referral")))
    police = entry(po, "referral/vocabulary.yml", "roles[police].title")
    assert police.msgid == "Police" and police.msgstr == "" and ("referral/vocabulary.yml", "3") in police.occurrences
    assert entry(po, "referral/countries/alpha.yml", "pathways[found-by-police].steps[safety].action").msgid.startswith("The officer")
    assert not any(e.msgctxt.endswith(("].id", ".role", ".kind", ".source")) for e in po)  # ids are not for translation
    police.msgstr = "Poliția"
    po.save(str(tracked.root / "ro.po"))
    code, out, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "ro.po"))
    assert code == 0, err
    assert "    title: Poliția\n" in tracked.read("translations/ro/referral/vocabulary.yml")


def test_rubric_guidance_and_assessment_plans_go_through_po(tracked, capsys):
    """Nested fields (a rubric's assessor_guidance) and the plans (entries named by audience) are
    segments like any other: exported, translated in Poedit, imported and shown."""
    from ctmanual.load import load_project

    assessment, plans = "basics/assessment.yml", "assessment-plans.yml"
    po = polib.pofile(str(export(tracked.root, capsys, "ru")))
    keys = {e.msgctxt.partition("#")[2] for e in po if e.msgctxt.startswith(assessment)}
    assert {"rubrics[bas-r1].pass_standard", "rubrics[bas-r1].assessor_guidance.evidence",
            "rubrics[bas-r1].assessor_guidance.recording", "rubrics[bas-r1].assessor_guidance.reassessment"} <= keys
    assert {e.msgctxt for e in po if e.msgctxt.startswith(plans)} == {
        f"{plans}#[law-enforcement].summary", f"{plans}#[law-enforcement].resit"}
    for e in po:
        if e.msgctxt.startswith((assessment, plans)):
            e.msgstr = f"[ru] {e.msgid}"
    entry(po, assessment, "rubrics[bas-r1].assessor_guidance.evidence").msgstr = "Письменный ответ по делу."
    entry(po, plans, "[law-enforcement].summary").msgstr = "Для сотрудников полиции."
    po.save(str(tracked.root / "ru.po"))
    code, out, err = ctm(tracked.root, capsys, "i18n", "import", str(tracked.root / "ru.po"))
    assert code == 0, err
    assert translation_states(tracked.root, capsys, "ru")[assessment] == "current"
    assert translation_states(tracked.root, capsys, "ru")[plans] == "current"
    loaded, problems = load_project(tracked.root)
    assert not problems, problems.report(tracked.root)
    rubric = loaded.assessment_for("ru", "basics")[0].rubrics[0]
    assert rubric.assessor_guidance.evidence == "Письменный ответ по делу."
    assert rubric.pass_standard.startswith("[ru] Passwordkoala")
    assert loaded.assessment_plan_for("ru", "law-enforcement")[0].summary == "Для сотрудников полиции."
