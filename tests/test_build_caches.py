"""What an edit build keeps from the last one: the staged folder and what parsing each file gave.

Both must give what a cold build gives: same pages, same problems, nothing stale."""

from __future__ import annotations

import fcntl

import pytest
from ctmanual import versions
from ctmanual.assemble import staged as staged_folder
from ctmanual.load import cache as parse_cache
from ctmanual.load import load_project
from ctmanual.pipeline import build

from helpers import SESSION, differences, staged


def test_an_edit_writes_only_the_staged_files_that_changed_and_equals_a_fresh_staging(project, tmp_path):
    kept = tmp_path / "kept"
    first = staged(project, kept)
    assert first.written == len(first.digests) > 0
    record = kept.with_name(kept.name + staged_folder.RECORD_SUFFIX)
    before = record.stat().st_ino
    assert staged(project, kept).written == 0
    assert record.stat().st_ino == before  # nothing changed: the record is not written again
    project.write(SESSION, project.read(SESSION) + "\nOne more paragraph for the trainer.\n")
    edit = staged(project, kept)
    # The session page in four languages (a fallback elsewhere) and nothing else it does not show on.
    assert 4 <= edit.written < len(edit.digests) / 4
    fresh = staged(project, tmp_path / "fresh")
    assert differences(kept, tmp_path / "fresh") == []
    assert edit.digests == fresh.digests


def test_what_a_build_no_longer_stages_leaves_the_staged_folder(project, tmp_path):
    kept = tmp_path / "kept"
    staged(project, kept)
    (project.root / "translations/ro/principles.md").unlink()  # Romanian now falls back to English
    (kept / "ro/orphan.md").write_text("left by an older build", encoding="utf-8")
    staged(project, kept)
    assert not (kept / "ro/orphan.md").exists()
    staged(project, tmp_path / "fresh")
    assert differences(kept, tmp_path / "fresh") == []
    staged(project, kept, ["en", "fr"])  # a build of two languages
    assert sorted(p.name for p in kept.iterdir()) == ["en", "fr"]


def test_an_interrupted_staging_leaves_no_record_and_the_next_writes_everything(project, tmp_path, monkeypatch):
    kept = tmp_path / "kept"
    staged(project, kept)
    record = kept.with_name(kept.name + staged_folder.RECORD_SUFFIX)
    assert record.is_file()
    calls = []

    def fail_half_way(self, rel: str, data: bytes, key: str = "") -> None:
        calls.append(rel)
        if len(calls) == 20:
            raise KeyboardInterrupt
        original(self, rel, b"half-written " + data, key)

    original = staged_folder.StagedFolder.write
    monkeypatch.setattr(staged_folder.StagedFolder, "write", fail_half_way)
    project.write(SESSION, project.read(SESSION) + "\nA change, so pages are made again.\n")
    with pytest.raises(KeyboardInterrupt):
        staged(project, kept)
    assert len(calls) == 20 and not record.exists()
    monkeypatch.undo()
    again = staged(project, kept)
    assert again.written == len(again.digests)
    staged(project, tmp_path / "fresh")
    assert differences(kept, tmp_path / "fresh") == []


def test_a_damaged_record_means_every_file_is_written_again(project, tmp_path):
    kept = tmp_path / "kept"
    staged(project, kept)
    kept.with_name(kept.name + staged_folder.RECORD_SUFFIX).write_text("{not json", encoding="utf-8")
    (kept / "en/index.md").write_text("changed behind the build's back", encoding="utf-8")
    again = staged(project, kept)
    assert again.written == len(again.digests)
    staged(project, tmp_path / "fresh")
    assert differences(kept, tmp_path / "fresh") == []


@pytest.mark.slow
def test_a_build_that_finds_the_staged_folder_in_use_stages_in_its_own_folder(project):
    cache = project.root / ".cache"
    cache.mkdir()
    with open(cache / "staged.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another build of this project is running
        result = build(project.root, downloads=False)
    assert result.pages > 0 and (project.root / "site/index.html").is_file()
    assert not (cache / "staged").exists()
    build(project.root, downloads=False)
    assert (cache / "staged/en/index.md").is_file()


def problems_and_titles(project) -> tuple[list[str], dict[str, str]]:
    loaded, problems = load_project(project.root)
    titles = {rel: doc.meta.title for rel, doc in loaded.source.docs.items()} if loaded else {}
    return [p.format(project.root) for p in problems.items], titles


def test_a_cached_load_reports_what_a_cold_load_reports(project):
    project.replace(SESSION, "title: Spotting the signs\n", "title: Spotting the signs\nsecret: 1\n")
    # Found when the file is parsed, so kept with the parse: a broken link, raw HTML, an unprintable glyph.
    handout = "modules/basics/handouts/indicator-list.md"
    project.write(handout, project.read(handout) + "\nSee [x](session:nowhere) and \U00013000.\n\n<script>x</script>\n")
    cold = problems_and_titles(project)
    for expected in ("'secret' is not a known field", "link 'session:nowhere' points to nothing", "raw HTML",
                     "U+13000"):
        assert any(expected in message for message in cold[0]), expected
    assert (project.root / ".cache/parsed.pickle").is_file()
    assert problems_and_titles(project) == cold
    project.replace(SESSION, "secret: 1\n", "")
    project.replace(SESSION, "title: Spotting the signs\n", "title: Spotting the early signs\n")
    fixed, titles = problems_and_titles(project)
    assert not any("'secret'" in message for message in fixed)
    assert titles[SESSION.removeprefix("modules/")] == "Spotting the early signs"


def test_the_parse_cache_answers_by_content_and_is_dropped_with_the_code(tmp_path, monkeypatch):
    source = tmp_path / "page.md"
    source.write_text("one", encoding="utf-8")
    made: list[str] = []

    def parse(cache: parse_cache.ParseCache) -> str:
        from ctmanual.problems import ProblemList

        def make(problems: ProblemList) -> str:
            made.append(source.read_text(encoding="utf-8"))
            problems.warn(source, 3, "a warning kept with the result")
            return made[-1].upper()

        found = ProblemList()
        value = cache.parse("kind", source, make, found)
        assert [p.message for p in found.items] == ["a warning kept with the result"]
        return value

    store = tmp_path / "parsed.pickle"
    first = parse_cache.ParseCache(store)
    assert parse(first) == "ONE"
    first.save()
    assert parse(parse_cache.ParseCache(store)) == "ONE" and made == ["one"]  # answered from the cache
    source.write_text("two", encoding="utf-8")
    assert parse(parse_cache.ParseCache(store)) == "TWO" and made == ["one", "two"]
    monkeypatch.setattr(versions, "code_version", lambda: "other code")
    source.write_text("one", encoding="utf-8")
    assert parse(parse_cache.ParseCache(store)) == "ONE" and made == ["one", "two", "one"]  # not from the old code
    store.write_bytes(b"damaged")
    assert parse(parse_cache.ParseCache(store)) == "ONE"


def test_a_cache_key_changes_with_the_code_the_libraries_and_each_input(monkeypatch):
    key = versions.cache_key(versions.DOCX, "ab", "c")
    assert key == versions.cache_key(versions.DOCX, "ab", "c")
    assert key != versions.cache_key(versions.DOCX, "a", "bc")  # inputs are kept apart
    assert key != versions.cache_key(versions.DOCX, "ab", b"c", "")
    assert key != versions.cache_key(versions.PDF_JOIN, "ab", "c")
    monkeypatch.setattr(versions, "library_version", lambda name: "other" if name == "python-docx" else "1")
    assert key != versions.cache_key(versions.DOCX, "ab", "c")
    monkeypatch.undo()
    monkeypatch.setattr(versions, "code_version", lambda: "other code")
    assert key != versions.cache_key(versions.DOCX, "ab", "c")
