"""Incremental site builds: only changed pages are rendered again, and the result is the full build's."""

from __future__ import annotations

import pytest
from ctmanual.pipeline import build
from ctmanual.site import incremental

from helpers import REPO, SESSION, differences

pytestmark = pytest.mark.slow  # every test here builds the site, most of them several times


def test_an_edit_renders_only_its_pages_and_equals_a_full_build(project, tmp_path):
    first = build(project.root, downloads=False)
    assert first.rendered is None  # no previous site: a full build
    project.write(SESSION, project.read(SESSION) + "\nA sentence added to the body, with Quokkaword in it.\n")
    second = build(project.root, downloads=False)
    assert second.rendered is not None and 1 <= second.rendered <= 4  # the session (and its outdated translations)
    assert 1 <= second.made <= 8 < second.reused  # the session page per language, the translation status pages
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
    full = build(project.root, site_dir=tmp_path / "full", downloads=False)
    assert differences(project.root / "site", tmp_path / "full") == []
    assert result.search_entries == full.search_entries and result.search_entries["fr"] > 0  # fr, ru carried over


def test_an_edit_seen_in_one_language_builds_only_that_one(tmp_path):
    """The i18n plugin then builds a single language, and sets no language switcher of its own:
    the pages must still equal a full build's, switcher included."""
    from ctmanual.bench.synthetic import make_synthetic

    root = make_synthetic(REPO, tmp_path / "synthetic", modules=2, languages=3)
    build(root, downloads=False)
    session = sorted((root / "modules").glob("*/sessions/*.md"))[0]
    session.write_text(session.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = build(root, downloads=False)
    assert result.rendered == 1 and result.built_languages == ("en",)
    rel = session.relative_to(root / "modules").with_suffix("").as_posix()  # <module>/sessions/<id>
    page = (root / "site/modules" / rel / "index.html").read_text(encoding="utf-8")
    assert "One more sentence." in page
    for code in ("fr", "de"):  # not built, and the plugin's own switcher is off in a one-language build
        assert f'href="../../../../{code}/modules/{rel}/" hreflang="{code}"' in page
    full = build(root, site_dir=tmp_path / "full", downloads=False)
    assert differences(root / "site", tmp_path / "full") == []
    assert result.search_entries == full.search_entries


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


def test_only_unchanged_pages_are_shared_with_the_last_good_site(project, tmp_path):
    """The new build starts from the last good site: its unchanged pages are hard links (the engine
    renders only missing pages, so never writes them); everything else is a real copy (the downloads'
    placeholders of a build without downloads too)."""
    build(project.root, downloads=False)
    previous = project.root / "site"
    staging = tmp_path / "docs"
    (staging / "en").mkdir(parents=True)
    (staging / "en/principles.md").write_text("unchanged", encoding="utf-8")
    (staging / "en/index.md").write_text("changed", encoding="utf-8")
    output_of = {"en/principles.md": "principles/index.html", "en/index.md": "index.html"}.__getitem__
    incremental.prepare(previous, tmp_path / "new", staging, ["en/index.md"], {"en"}, output_of, tmp_path / "view")
    copied = {path.relative_to(tmp_path / "new").as_posix(): path for path in (tmp_path / "new").rglob("*") if path.is_file()}
    shared = sorted(rel for rel, path in copied.items() if path.stat().st_ino == (previous / rel).stat().st_ino)
    assert shared == ["principles/index.html"]
    assert "index.html" not in copied and incremental.MANIFEST not in copied and "404.html" not in copied
    assert "assets/stylesheets/ctmanual.css" in copied and "fr/principles/index.html" in copied  # other languages' pages
    assert (staging / "en/principles.md").stat().st_mtime == 0 and (staging / "en/index.md").stat().st_mtime > 0


def test_without_hard_links_pages_are_copied(project, tmp_path, monkeypatch):
    """A file system without hard links (or a site on another device): the same build, by copying."""
    build(project.root, downloads=False)

    def no_links(*args, **kwargs):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("ctmanual.site.incremental.os.link", no_links)
    project.write(SESSION, project.read(SESSION) + "\nA sentence added on a file system without hard links.\n")
    result = build(project.root, downloads=False)
    assert result.rendered is not None
    full = build(project.root, site_dir=tmp_path / "full", downloads=False)
    assert full.rendered is None and differences(project.root / "site", tmp_path / "full") == []


@pytest.mark.parametrize("builds_before", [1, 2])
def test_a_failed_incremental_build_leaves_the_last_good_site_intact(project, monkeypatch, builds_before):
    """With 2, the failed build starts from the spare, where the session page is a hard link to the
    page online (the build before changed another page): it must be replaced, not rendered over."""
    romanian = "translations/ro/principles.md"
    for number in range(builds_before):
        project.write(romanian, project.read(romanian) + f"\nParagraful {number}.\n")
        build(project.root, downloads=False)
    previous = project.root / "site"
    before = {path: path.read_bytes() for path in previous.rglob("*") if path.is_file()}

    def fail(*args, **kwargs):
        raise RuntimeError("stopped after the engine wrote its files")

    monkeypatch.setattr("ctmanual.site.split_search_index", fail)
    project.write(SESSION, project.read(SESSION) + "\nA sentence that will not be published.\n")
    with pytest.raises(RuntimeError):
        build(project.root, downloads=False)
    assert {path: path.read_bytes() for path in previous.rglob("*") if path.is_file()} == before


def test_a_preview_build_keeps_no_downloads_of_older_content(warm_project, tmp_path):
    project = warm_project
    build(project.root)
    assert (project.root / "site/downloads/spotting-signs-en.pdf").stat().st_size > 0
    project.write(SESSION, project.read(SESSION) + "\nA new paragraph.\n")
    result = build(project.root, downloads=False)
    assert result.rendered is not None
    assert (project.root / "site/downloads/spotting-signs-en.pdf").stat().st_size == 0
    build(project.root, site_dir=tmp_path / "full", downloads=False)
    assert differences(project.root / "site", tmp_path / "full") == []  # sizes on the Downloads pages too


def test_a_damaged_build_record_means_a_full_build(project):
    build(project.root, downloads=False)
    (project.root / "site" / incremental.MANIFEST).write_text("{not json", encoding="utf-8")
    assert build(project.root, downloads=False).rendered is None
    assert build(project.root, downloads=False).rendered == 0  # and the record is whole again


def test_download_sizes_are_filled_into_a_new_file_not_through_a_hard_link(tmp_path):
    """In an incremental build the Downloads page may be a hard link to the page online: filling in
    the sizes must leave that page as it was."""
    from ctmanual.downloads.sizes import fill_download_sizes

    online, building = tmp_path / "online.html", tmp_path / "site/downloads/index.html"
    online.write_text('<span class="ctm-file-size" data-file="a.pdf">–</span>', encoding="utf-8")
    building.parent.mkdir(parents=True)
    building.hardlink_to(online)
    fill_download_sizes(tmp_path / "site", "en", ["en"], {"a.pdf": {"bytes": 4096, "pages": 2}})
    assert "4\u00a0kB" in building.read_text(encoding="utf-8")
    assert online.read_text(encoding="utf-8") == '<span class="ctm-file-size" data-file="a.pdf">–</span>'


def test_edit_builds_start_from_the_site_before_the_last_and_equal_a_full_build(project, tmp_path):
    """From the third build on, the site set aside by the last swap is the starting point: pages that
    differ from it or from the site online are rendered. Reverting the last edit while another
    edit builds the same language is the case that needs both (else its index keeps the reverted text)."""
    session, romanian = project.read(SESSION), project.read("translations/ro/principles.md")
    build(project.root, downloads=False)
    steps = [
        {SESSION: session + "\nA first edit with Quokkaone.\n"},
        {"translations/ro/principles.md": romanian + "\nO frază cu Quokkacuvânt.\n"},
        {"translations/ro/principles.md": romanian, SESSION: session + "\nA second edit with Quokkatwo.\n"},
    ]
    for number, edits in enumerate(steps):
        for rel, text in edits.items():
            project.write(rel, text)
        result = build(project.root, downloads=False)
        assert result.rendered is not None and result.from_spare == (number > 0)
        full = build(project.root, site_dir=tmp_path / f"full-{number}", downloads=False)
        assert differences(project.root / "site", tmp_path / f"full-{number}") == [], f"after step {number}"
        assert result.search_entries == full.search_entries
    assert "Quokkacuvânt" not in (project.root / "site/ro/search/search_index.json").read_text(encoding="utf-8")


def test_a_preview_from_a_spare_with_downloads_resets_them_and_leaves_the_download_cache_alone(warm_project):
    """The spare's downloads are hard links into the download cache: a preview build empties them by
    replacing them, never by writing through the link."""
    project = warm_project
    build(project.root)
    project.write(SESSION, project.read(SESSION) + "\nA first paragraph.\n")
    build(project.root)
    cached = {path: path.read_bytes() for path in (project.root / ".cache/downloads").rglob("*") if path.is_file()}
    project.write(SESSION, project.read(SESSION) + "\nA second paragraph.\n")
    result = build(project.root, downloads=False)
    assert result.from_spare
    assert (project.root / "site/downloads/spotting-signs-en.pdf").stat().st_size == 0
    assert {path: path.read_bytes() for path in cached} == cached
