"""Translator workflow on fixture projects: records, status, diff, check, new/start/done, and
what readers see of an outdated translation (site notice, status page, PDF)."""

from __future__ import annotations

import json
import re

import pytest

from ctmanual.cli import main
from ctmanual.pipeline import build

from helpers import RECORDED, ctm, ctm_output, git, pdf_text, translation_states


def edit_source(project) -> None:
    project.replace("modules/basics/index.md", "Identification starts with a reasonable suspicion.",
                    "Identification starts with a reasonable suspicion and ends with a referral.")
    git(project.root, "commit", "-qam", "source edit")


def test_record_is_written_by_the_tool_and_status_is_current(tracked, capsys):
    head = tracked.read("translations/ru/basics/index.md").split("\n")[1]
    assert re.match(r"^# ctm-translation: source=[0-9a-f]{16} commit=[0-9a-f]{12} ", head)
    found = translation_states(tracked.root, capsys, "ru")
    assert found[RECORDED] == "current"
    assert found["basics/sessions/spotting-signs.md"] == "missing"
    assert translation_states(tracked.root, capsys, "ro")["principles.md"] == "untracked"  # a translation with no record yet


def test_source_edit_makes_translation_outdated_and_status_fails(tracked, capsys):
    code, _, _ = ctm(tracked.root, capsys, "i18n", "status", "ru")
    assert code == 0  # current and missing files only
    edit_source(tracked)
    assert translation_states(tracked.root, capsys, "ru")[RECORDED] == "outdated"
    code, out, _ = ctm(tracked.root, capsys, "i18n", "status", "ru")
    assert code == 1 and "outdated: translations/ru/basics/index.md" in out
    code, _, _ = ctm(tracked.root, capsys, "i18n", "status", "ru", "--fail-on-missing")
    assert code == 1


def test_diff_shows_exactly_the_changed_paragraph(tracked, capsys):
    edit_source(tracked)
    code, out, _ = ctm(tracked.root, capsys, "i18n", "diff", "ru", RECORDED)
    assert code == 0
    line = tracked.line_of("modules/basics/index.md", "ends with a referral")
    assert f"modules/basics/index.md:{line}: changed" in out
    assert "  - Identification starts with a reasonable suspicion." in out.replace(" See the", "\n See the")
    assert "+ Identification starts with a reasonable suspicion and ends with a referral." in out
    assert "What identification means" not in out  # unchanged blocks are not shown
    # Once the translator has updated the text and marked it done, it is current again.
    assert main(["--root", str(tracked.root), "i18n", "done", "ru", RECORDED]) == 0
    assert translation_states(tracked.root, capsys, "ru")[RECORDED] == "current"


def test_check_catches_dropped_link_changed_anchor_and_script(project, capsys):
    project.write("translations/ro/principles.md", project.read("modules/principles.md"))
    code, out, _ = ctm(project.root, capsys, "i18n", "check", "ro")
    assert code == 0, out
    text = project.read("modules/principles.md")
    anchor = re.search(r"\{#([^}]+)\}", text).group(1)
    broken = text.replace("{#" + anchor + "}", "{#renamed}", 1)
    link = re.search(r"\]\(([^)]+)\)", text)
    if link:
        broken = broken.replace(link.group(0), "]", 1)
    broken += "\n<script>alert(1)</script>\n"
    project.write("translations/ro/principles.md", broken)
    code, _, err = ctm(project.root, capsys, "i18n", "check", "ro")
    assert code == 1
    assert re.search(r"translations/ro/principles\.md:\d+: heading anchors: 'renamed' where the source has", err)
    assert re.search(r"translations/ro/principles\.md:\d+: raw HTML '<script>'", err)
    if link:
        assert re.search(r"translations/ro/principles\.md:\d+: links: ", err)


def test_check_uses_the_term_base(project, capsys):
    project.write("translations/ro/principles.md", project.read("modules/principles.md"))
    project.write("translations/ro/termbase.yml", "terms:\n  - source: rights\n    use: [drepturi*]\n"
                                                  "    avoid: [holder]\n")
    code, _, err = ctm(project.root, capsys, "i18n", "check", "ro")
    assert code == 1
    assert "'holder' is to be avoided: write 'drepturi*' (term base)" in err
    assert "warning: term 'rights' is usually rendered as 'drepturi*'" in err
    wrapped = project.read("modules/principles.md").replace("The child is a holder of rights.",
                                                              "Copilul este titular de\ndrepturi.")
    project.write("translations/ro/principles.md", wrapped)
    project.write("translations/ro/termbase.yml", "terms:\n  - source: rights\n    use: [titular* de drepturi]\n")
    code, out, err = ctm(project.root, capsys, "i18n", "check", "ro")
    warnings = [line for line in (out + err).split("\n") if "warning" in line]
    assert code == 0 and [w.split(": warning")[0] for w in warnings] == ["translations/ro/principles.md:5"]  # the heading
    # the paragraph renders the term over a line break: a wrapped term is still the term


@pytest.mark.slow
def test_new_language_then_start_done_and_build_with_no_code_change(project, capsys):
    code, out, _ = ctm(project.root, capsys, "i18n", "new", "de", "Deutsch")
    assert code == 0 and "- code: de" in project.read("mkdocs.yml")
    code, out, _ = ctm(project.root, capsys, "i18n", "start", "de", "basics")
    assert code == 0 and "translations/de/basics/index.md: started" in out
    assert translation_states(project.root, capsys, "de")[RECORDED] == "draft"
    project.replace("translations/de/basics/index.md", "What identification means.", "Was Identifizierung bedeutet.")
    code, out, _ = ctm(project.root, capsys, "i18n", "start", "de", RECORDED)
    assert "already a draft; left as it is" in out
    assert "Was Identifizierung bedeutet." in project.read("translations/de/basics/index.md")  # never overwritten
    assert main(["--root", str(project.root), "i18n", "done", "de", RECORDED]) == 0
    assert translation_states(project.root, capsys, "de")[RECORDED] == "current"
    result = build(project.root, downloads=False)
    page = (result.site_dir / "de/modules/basics/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page and "Was Identifizierung bedeutet." in page
    assert (result.site_dir / "de/search/search_index.json").is_file()


def test_unknown_language_is_a_usage_error(project, capsys):
    code, _, err = ctm(project.root, capsys, "i18n", "status", "xx")
    assert code == 2 and "'xx' is not a translation language" in err and "i18n new xx" in err


@pytest.mark.slow
def test_readers_see_outdated_translations_on_site_status_page_and_in_print(tracked, capsys, download_cache):
    edit_source(tracked)
    result = build(tracked.root, cache_dir=download_cache)
    site = result.site_dir
    page = (site / "ru/modules/basics/index.html").read_text(encoding="utf-8")
    assert "ctm-outdated" in page and "The English text of this page has changed" in page
    link = re.search(r'class="admonition warning ctm-outdated".*?<a href="([^"]+)"', page, re.S).group(1)
    assert (site / "ru/modules/basics" / link / "index.html").resolve() == (site / "modules/basics/index.html")
    assert "ctm-outdated" not in (site / "fr/modules/basics/index.html").read_text(encoding="utf-8")
    status = (site / "translation-status/index.html").read_text(encoding="utf-8")
    for code in ["fr", "ru", "ro"]:
        assert f'id="{code}"' in status
    assert re.search(r"[▰▱]{10}</code> \d+(&nbsp;|\u00a0)%", status)
    # The outdated file is listed under Russian, linked to its English page, with the command showing what changed.
    assert "<code>ctmanual i18n diff ru modules/basics/index.md</code>" in status
    assert re.search(r'<a href="\.\./modules/basics/" hreflang="en">', status)
    manual = pdf_text(site / "ru/downloads/manual-ru.pdf", layout=True)
    assert "The English text of this page has changed since it was translated" in manual


def test_a_broken_term_base_names_file_and_line(project, capsys):
    project.write("translations/ro/principles.md", project.read("modules/principles.md"))
    project.write("translations/ro/termbase.yml", "terms:\n  - source: rights\n    use: [drepturi]\n  - source: child\n")
    code, _, err = ctm(project.root, capsys, "i18n", "check", "ro")
    assert code == 1 and "translations/ro/termbase.yml:4: term 2: needs `source` and `use`" in err
    project.write("translations/ro/termbase.yml", "terms: [\n")
    code, _, err = ctm(project.root, capsys, "i18n", "check", "ro")
    assert code == 1 and re.search(r"translations/ro/termbase\.yml:\d+: ", err)


def test_ids_a_translation_keeps_in_its_front_matter_are_not_terms(tmp_path):
    """`sources: [gdpr]` stays as it is in every language: the term GDPR in it is an id, not prose; the same
    term in a paragraph is still held to the term base."""
    from ctmanual.i18n.check import Term, check_translation
    from ctmanual.problems import ProblemList

    terms = [Term("GDPR", ("RGPD",), ())]
    source = "---\ntitle: Data\nsources: [gdpr, crc]\n---\n\nThe GDPR applies.\n"
    kept = "---\ntitle: Date\nsources: [gdpr, crc]\n---\n\nSe aplică RGPD.\n"
    problems = ProblemList()
    check_translation(source, kept, tmp_path / "ro.md", terms, problems)
    assert not problems.warnings, [p.message for p in problems.warnings]
    untranslated = kept.replace("RGPD", "regulamentul")
    check_translation(source, untranslated, tmp_path / "ro.md", terms, problems)
    assert [(p.line, "GDPR" in p.message) for p in problems.warnings] == [(6, True)]


GUIDE = "guides/index.md"  # the fixture's guide for readers, docs/index.md, as a translatable path


def test_reader_guide_translated_through_start_done_status_and_diff(tracked, capsys):
    """A guide for readers (docs/index.md) is translated at translations/<lang>/guides/ like a module page:
    a draft from `start`, its own group in `status`, current after `done`, outdated when the English changes."""
    code, out, _ = ctm(tracked.root, capsys, "i18n", "start", "fr", "docs/index.md")
    assert code == 0 and "translations/fr/guides/index.md: started from docs/index.md" in out
    assert tracked.read("translations/fr/guides/index.md").split("\n")[1].startswith("# ctm-translation: ")
    code, out, _ = ctm(tracked.root, capsys, "i18n", "status", "fr", "--json")
    assert {"path": GUIDE, "state": "draft", "words": 5, "group": "guides"} in json.loads(out)["fr"]["files"]
    tracked.replace("translations/fr/guides/index.md", "title: Guides", "title: Guides de lecture")
    tracked.replace("translations/fr/guides/index.md", "Guides for trainers.", "Guides pour les formateurs.")
    assert ctm(tracked.root, capsys, "i18n", "check", "fr")[0] == 0
    assert ctm(tracked.root, capsys, "i18n", "done", "fr", GUIDE)[0] == 0
    assert translation_states(tracked.root, capsys, "fr")[GUIDE] == "current"
    code, out, _ = ctm(tracked.root, capsys, "i18n", "status", "fr")
    assert re.search(r"^  guides +1 +0 +0 +0 +0 +0 +100%$", out, re.M), out
    git(tracked.root, "add", "-A")
    git(tracked.root, "commit", "-qm", "fr guide")
    tracked.replace("docs/index.md", "Guides for trainers.", "Guides for trainers and practitioners.")
    git(tracked.root, "commit", "-qam", "guide edit")
    assert translation_states(tracked.root, capsys, "fr")[GUIDE] == "outdated"
    code, out, _ = ctm(tracked.root, capsys, "i18n", "diff", "fr", GUIDE)
    assert code == 0 and "+ Guides for trainers and practitioners." in out and "docs/index.md" in out


def test_contributor_document_is_not_translatable(project, capsys):
    """A `readers: false` document of docs/ has no translation path: `start` refuses it by name, a folder
    start leaves it out, status does not list it, and a translation of it is a validation error."""
    project.write("docs/internals.md", "---\ntitle: Internals\nreaders: false\n---\n\n# Internals\n")
    code, _, err = ctm(project.root, capsys, "i18n", "start", "fr", "guides/internals.md")
    assert code == 2 and "docs/internals.md is not a guide for readers" in err and "stay in English" in err
    assert not (project.root / "translations/fr/guides/internals.md").exists()
    assert ctm(project.root, capsys, "i18n", "start", "fr", "guides")[0] == 0
    assert sorted(p.name for p in (project.root / "translations/fr/guides").iterdir()) == ["index.md"]
    assert "guides/internals.md" not in translation_states(project.root, capsys, "fr")
    project.write("translations/fr/guides/internals.md", project.read("docs/internals.md"))
    code, out = ctm_output(project.root, capsys, "validate")
    assert code != 0
    assert ("translations/fr/guides/internals.md:1: docs/internals.md is a contributor document (`readers: false`): "
            "contributor documents stay in English and are not translated: remove this file") in out
