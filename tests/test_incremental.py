"""Incremental site builds: only changed pages are rendered again, and the result is the full build's."""

from __future__ import annotations

import filecmp
from pathlib import Path

from ctmanual.pipeline import build
from ctmanual.site import incremental

SESSION = "modules/basics/sessions/spotting-signs.md"


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, compared byte for byte."""
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, "")]
    while stack:
        node, prefix = stack.pop()
        found += [prefix + name for name in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [prefix + name for name in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def test_an_edit_renders_only_its_pages_and_equals_a_full_build(project, tmp_path):
    first = build(project.root, downloads=False)
    assert first.rendered is None  # no previous site: a full build
    project.write(SESSION, project.read(SESSION) + "\nA sentence added to the body, with Quokkaword in it.\n")
    second = build(project.root, downloads=False)
    assert second.rendered is not None and 1 <= second.rendered <= 4  # the session (and its outdated translations)
    full = build(project.root, site_dir=tmp_path / "full", downloads=False)
    assert full.rendered is None
    assert differences(project.root / "site", tmp_path / "full") == []
    english = (project.root / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "Quokkaword" in english  # the edited page's entry replaced
    assert english.count('"location":"modules/basics/sessions/spotting-signs/"') == 1


def test_a_translation_edit_builds_its_language_only_and_equals_a_full_build(project, tmp_path):
    build(project.root, downloads=False)
    project.write("translations/ro/principles.md", project.read("translations/ro/principles.md") + "\nO frază cu Quokkacuvânt.\n")
    result = build(project.root, downloads=False)
    assert result.rendered == 1 and result.built_languages == ("en", "ro")  # the default language is always built
    page = (project.root / "site/ro/principles/index.html").read_text(encoding="utf-8")
    assert "Quokkacuvânt" in page
    for code in ("fr", "ru"):  # languages not built: the switcher still leads to this page in them
        assert f'href="../../{code}/principles/" hreflang="{code}"' in page
    build(project.root, site_dir=tmp_path / "full", downloads=False)
    assert differences(project.root / "site", tmp_path / "full") == []


def test_a_title_change_builds_everything(project):
    build(project.root, downloads=False)
    project.replace(SESSION, "title: Spotting the signs", "title: Spotting the early signs")
    result = build(project.root, downloads=False)
    assert result.rendered is None  # every page's navigation shows the title
    module = (project.root / "site/modules/basics/index.html").read_text(encoding="utf-8")
    assert "Spotting the early signs" in module


def test_a_theme_change_builds_everything(project):
    build(project.root, downloads=False)
    css = project.root / "overrides/assets/stylesheets/ctmanual.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert build(project.root, downloads=False).rendered is None


def test_nothing_changed_renders_nothing(project):
    build(project.root, downloads=False)
    assert build(project.root, downloads=False).rendered == 0


def test_the_previous_site_shares_no_file_with_the_new_build(project, tmp_path):
    """The new build starts from a copy of the last good site, which must stay intact whatever
    the engine writes into the copy."""
    build(project.root)
    previous = project.root / "site"
    before = {path: path.read_bytes() for path in previous.rglob("*") if path.is_file()}
    staging = tmp_path / "docs"
    (staging / "en").mkdir(parents=True)
    incremental.prepare(previous, tmp_path / "new", staging, [], {"en"}, lambda rel: rel)
    copied = [path for path in (tmp_path / "new").rglob("*") if path.is_file()]
    assert len(copied) == len(before) - 1  # all but the manifest
    for path in copied:
        path.write_bytes(b"written in place")
    assert {path: path.read_bytes() for path in previous.rglob("*") if path.is_file()} == before


def test_a_preview_build_keeps_no_downloads_of_older_content(project):
    build(project.root)
    assert (project.root / "site/downloads/spotting-signs-en.pdf").stat().st_size > 0
    project.write(SESSION, project.read(SESSION) + "\nA new paragraph.\n")
    result = build(project.root, downloads=False)
    assert result.rendered is not None
    assert (project.root / "site/downloads/spotting-signs-en.pdf").stat().st_size == 0  # as in a full preview build


def test_a_damaged_build_record_means_a_full_build(project):
    build(project.root, downloads=False)
    (project.root / "site" / incremental.MANIFEST).write_text("{not json", encoding="utf-8")
    assert build(project.root, downloads=False).rendered is None
    assert build(project.root, downloads=False).rendered == 0  # and the record is whole again
