"""Stage 2: the per-language staging tree."""

from __future__ import annotations

import yaml

from ctmanual.assemble import assemble
from ctmanual.load import load_project


def staged(project, tmp_path):
    loaded, problems = load_project(project.root)
    assert not problems, problems.report(project.root)
    out = tmp_path / "staging"
    return assemble(loaded, out, ["en", "fr", "ru", "ro"]), out


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_every_page_exists_in_every_language(project, tmp_path):
    assembly, out = staged(project, tmp_path)
    expected = {
        "index.md", "principles.md", "glossary.md", "competencies.md", "sources.md", "modules/index.md",
        "modules/basics/index.md", "modules/basics/sessions/spotting-signs.md",
        "modules/basics/handouts/indicator-list.md", "guides/index.md", "downloads.md", "translation-status.md",
        "referral/index.md", "referral/indicators.md",
        *(f"referral/{c}/{page}.md" for c in ("alpha", "beta")
          for page in ("index", "found-by-police", "disclosure", "cross-border")),
        "modules/basics/assessment.md", "modules/basics/knowledge-check.md",
        "courses/index.md", "courses/basics-morning/index.md", "courses/basics-morning/questionnaire.md",
        "courses/basics-morning/feedback.md", "competencies/matrix.md", "competencies/law-enforcement.md",
    }
    for code in ["en", "fr", "ru", "ro"]:
        assert set(assembly.languages[code].pages) == expected
        assert all((out / code / page).is_file() for page in expected)


def test_translation_used_and_fallback_marked(project, tmp_path):
    _, out = staged(project, tmp_path)
    ru_module = (out / "ru/modules/basics/index.md").read_text(encoding="utf-8")
    assert front_matter(ru_module)["ctm"] == {"lang": "ru", "content_lang": "ru", "fallback": False, "outdated": False}
    assert "# Основы выявления" in ru_module
    ru_session = (out / "ru/modules/basics/sessions/spotting-signs.md").read_text(encoding="utf-8")
    meta = front_matter(ru_session)
    assert meta["ctm"] == {"lang": "ru", "content_lang": "en", "fallback": True, "outdated": False}
    assert "search" not in meta  # the site stage keeps a fallback page out of its language's search
    assert "/// info | This page has not been translated yet" in ru_session
    # Structural data always comes from the source, labels from the language.
    assert "[Основы выявления](../index.md)" in ru_session


def test_session_page_has_header_and_timed_run_sheet(project, tmp_path):
    _, out = staged(project, tmp_path)
    page = (out / "en/modules/basics/sessions/spotting-signs.md").read_text(encoding="utf-8")
    assert "| **Duration** | 45 min |" in page
    assert "| **Audiences** | Law enforcement |" in page
    assert "| 0:00–0:15 | [Opening round](#activity-1) | Discussion | 15 min |" in page
    assert "| 0:15–0:45 | [Indicator sorting](#activity-2) | Group work | 30 min |" in page
    assert "| | **Total** | | **45 min** |" in page
    assert "/// note | Trainer notes\n    attrs: {class: trainer-notes}\nWatch for participants" in page
    assert "1. Hand out the [checklist](../handouts/indicator-list.md)." in page


def test_id_links_become_relative_paths(project, tmp_path):
    _, out = staged(project, tmp_path)
    module = (out / "en/modules/basics/index.md").read_text(encoding="utf-8")
    assert "[guardian](../../glossary.md#guardian)" in module
    assert "principle [8](../../principles.md#principle-8)" in module
    home = (out / "fr/index.md").read_text(encoding="utf-8")
    assert "[catalogue](modules/index.md)" in home and "[premier module](modules/basics/index.md)" in home


def test_generated_catalogue_lists_modules_and_sessions(project, tmp_path):
    _, out = staged(project, tmp_path)
    catalogue = (out / "en/modules/index.md").read_text(encoding="utf-8")
    assert "| 1 | [Basics of identification](basics/index.md) | 45 min | 1 |" in catalogue
    assert "- [Spotting the signs](basics/sessions/spotting-signs.md) (45 min)" in catalogue
    module = (out / "en/modules/basics/index.md").read_text(encoding="utf-8")
    assert "| 1 | [Spotting the signs](sessions/spotting-signs.md) | 45 min | Law enforcement |" in module


def test_glossary_page_has_anchors(project, tmp_path):
    _, out = staged(project, tmp_path)
    glossary = (out / "en/glossary.md").read_text(encoding="utf-8")
    assert "## Barnahus {#barnahus}" in glossary
    assert glossary.index("{#barnahus}") < glossary.index("{#guardian}")
    assert "→ [Guardian](#guardian)" in glossary


def test_nav_per_language_uses_translated_titles(project, tmp_path):
    assembly, _ = staged(project, tmp_path)
    modules_section = dict(assembly.languages["ru"].nav)
    titles = [title for title, _ in modules_section[[k for k in modules_section if k and k != "Glossary" and k != "Guides"][0]]]
    assert "Основы выявления" in titles


def test_sessions_follow_their_order(project, tmp_path):
    text = project.read("modules/basics/sessions/spotting-signs.md")
    project.write("modules/basics/sessions/a-first-look.md",
                  text.replace("id: spotting-signs", "id: a-first-look").replace("title: Spotting the signs", "title: A first look\norder: 2"))
    project.replace("modules/basics/sessions/spotting-signs.md", "title: Spotting the signs", "title: Spotting the signs\norder: 1")
    project.replace("modules/basics/index.md", "duration: 45", "duration: 90")
    _, out = staged(project, tmp_path)
    module = (out / "en/modules/basics/index.md").read_text(encoding="utf-8")
    assert module.index("[Spotting the signs]") < module.index("[A first look]")


def test_labels_missing_from_a_translation_fall_back_to_the_source(project, tmp_path):
    project.write("translations/fr/ui.yml", "labels:\n  downloads: Téléchargements\naudiences: {}\nmethods: {}\n"
                  "competency_areas: {}\nhandout_kinds: {}\n")
    _, out = staged(project, tmp_path)
    downloads = (out / "fr/downloads.md").read_text(encoding="utf-8")
    assert "# Téléchargements" in downloads
    assert "Train-the-trainer manual" in downloads  # untranslated label: English, not the key
    assert "manual-for" not in downloads


def test_guide_in_its_translation_else_english_marked_as_fallback(project, tmp_path):
    """docs/index.md: Romanian readers get the fixture's translation (title in the navigation too); French
    readers the English, marked as a fallback (so kept out of the French search); once the English changes,
    the Romanian page says its translation is outdated and links to the English."""
    assembly, out = staged(project, tmp_path)
    ro = (out / "ro/guides/index.md").read_text(encoding="utf-8")
    assert front_matter(ro)["ctm"] == {"lang": "ro", "content_lang": "ro", "fallback": False, "outdated": False}
    assert "# Ghiduri\n" in ro and "Ghiduri pentru formatori." in ro and "Guides for trainers" not in ro
    assert assembly.languages["ro"].titles["guides/index.md"] == "Ghiduri"
    fr = (out / "fr/guides/index.md").read_text(encoding="utf-8")
    assert front_matter(fr)["ctm"] == {"lang": "fr", "content_lang": "en", "fallback": True, "outdated": False}
    assert "/// info | This page has not been translated yet" in fr and "Guides for trainers." in fr
    project.replace("docs/index.md", "Guides for trainers.", "Guides for trainers and practitioners.")
    _, out = staged(project, tmp_path)
    ro = (out / "ro/guides/index.md").read_text(encoding="utf-8")
    assert front_matter(ro)["ctm"]["outdated"] is True and "Ghiduri pentru formatori." in ro
    assert "/// warning |" in ro and '<a href="../../guides/" hreflang="en">' in ro  # from ro/guides/ to guides/


def test_listed_items_stay_one_per_line(project, tmp_path):
    """A list the templates write item by item (a module's sources, a session's handouts, a questionnaire's
    options) keeps one item per line: an `{% endif %}` ending an item's line once ate its line break, so the
    items ran together into one, on the site and in print."""
    project.write("modules/sources.yml", project.read("modules/sources.yml") + (
        "\n- id: uncrc\n  title: Convention on the Rights of the Child\n  publisher: United Nations\n"
        "  year: 1989\n  kind: instrument\n"))
    project.replace("modules/basics/index.md", "sources: [palermo-protocol]", "sources: [palermo-protocol, uncrc]")
    project.write("modules/basics/handouts/second-list.md", project.read("modules/basics/handouts/indicator-list.md")
                  .replace("id: indicator-list", "id: second-list"))
    project.replace("modules/basics/sessions/spotting-signs.md", "handouts: [indicator-list]",
                    "handouts: [indicator-list, second-list]")
    _, out = staged(project, tmp_path)
    english = out / "en"
    module = (english / "modules/basics/index.md").read_text(encoding="utf-8")
    assert "\n- [Palermo Protocol](../../sources.md#palermo-protocol), United Nations, 2000\n- [Convention" in module
    session = (english / "modules/basics/sessions/spotting-signs.md").read_text(encoding="utf-8")
    assert len([line for line in session.split("\n") if line.startswith("- [") and "/handouts/" in line]) == 2
    questionnaire = (english / "courses/basics-morning/questionnaire.md").read_text(encoding="utf-8")
    options = [line for line in questionnaire.split("\n") if line.startswith("- ☐ ")]
    assert len(options) >= 6 and not any("- ☐" in line[4:] for line in options)
