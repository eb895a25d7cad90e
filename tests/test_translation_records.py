"""The record a translated file keeps of its source (translation_record.py, one comment line): read, written,
replaced; no project."""

from __future__ import annotations

from ctmanual.translation_record import NOTE, Record, read_record, source_hash, write_record

RECORD = Record(source="3f2a9c0d41b7e655", commit="9b1c2d3e4f50")
MARKDOWN = "---\nid: basics\ntitle: Основы\n---\nТекст.\n"
YAML = "labels:\n  materials: Материалы\n"


def test_the_record_is_one_comment_line_that_reads_back():
    line = RECORD.line()
    assert line == f"# ctm-translation: source=3f2a9c0d41b7e655 commit=9b1c2d3e4f50 {NOTE}"
    assert read_record(line) == RECORD
    draft = Record(RECORD.source, RECORD.commit, draft=True)
    assert draft.line().startswith("# ctm-translation: source=3f2a9c0d41b7e655 commit=9b1c2d3e4f50 draft ")
    assert read_record(draft.line()) == draft
    uncommitted = Record(RECORD.source, "")
    assert read_record(uncommitted.line()) == uncommitted


def test_in_markdown_it_is_the_first_line_of_the_front_matter():
    written = write_record(MARKDOWN, RECORD, markdown=True)
    assert written == f"---\n{RECORD.line()}\nid: basics\ntitle: Основы\n---\nТекст.\n"
    assert read_record(written) == RECORD


def test_in_yaml_it_is_the_first_line_of_the_file():
    written = write_record(YAML, RECORD, markdown=False)
    assert written == f"{RECORD.line()}\n{YAML}"
    assert read_record(written) == RECORD
    assert write_record(MARKDOWN, RECORD, markdown=False).startswith(RECORD.line() + "\n---\n")


def test_writing_again_replaces_the_record_in_place():
    newer = Record("0123456789abcdef", "aaaaaaaaaaaa", draft=True)
    once = write_record(MARKDOWN, RECORD, markdown=True)
    twice = write_record(once, newer, markdown=True)
    assert twice == once.replace(RECORD.line(), newer.line())
    assert twice.count("# ctm-translation:") == 1 and read_record(twice) == newer


def test_a_record_outside_the_head_is_not_a_record():
    assert read_record(MARKDOWN) is None and read_record(YAML) is None
    in_the_body = f"---\nid: basics\n---\n{RECORD.line()}\n"
    assert read_record(in_the_body) is None
    below_the_first_lines = f"a: 1\nb: 2\nc: 3\n{RECORD.line()}\n"
    assert read_record(below_the_first_lines) is None
    assert read_record("# ctm-translation: source=short commit=9b1c2d3e4f50\n") is None  # not a 16-digit hash


def test_the_source_hash_ignores_line_endings_and_a_byte_order_mark_and_nothing_else():
    text = "---\nid: basics\n---\nIdentification starts with a reasonable suspicion.\n"
    assert len(source_hash(text)) == 16 and int(source_hash(text), 16) >= 0
    assert source_hash(text) == source_hash(text.replace("\n", "\r\n")) == source_hash("\ufeff" + text)
    assert source_hash(text) != source_hash(text.replace("suspicion.", "suspicion!"))
    assert source_hash(text) != source_hash(text + "\n")


def test_a_file_with_windows_line_endings_gets_its_record_and_keeps_reading():
    written = write_record("\ufeff" + MARKDOWN.replace("\n", "\r\n"), RECORD, markdown=True)
    assert written.startswith(f"---\n{RECORD.line()}\n") and "\r" not in written
    assert read_record(written) == RECORD
    assert read_record(written.replace("\n", "\r\n")) == RECORD
