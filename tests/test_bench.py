"""The benchmark runs end to end on the fixture (figures are for docs, not asserted as timings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctmanual.bench.run import format_rows, run_benchmark

pytestmark = pytest.mark.slow  # every test here runs the benchmark's builds


def test_benchmark_reports_every_run(project):
    rows = run_benchmark(project.root, reference=False, languages=["en"])
    names = [row.name for row in rows]
    assert names[0] == "cold build (site + downloads of en)" and names[1].startswith("warm build")
    assert names[2] == "after editing modules/basics/sessions/spotting-signs.md"
    cold, warm, edit, two, one = rows
    assert cold.pages > 0 and warm.pages == 0  # nothing is written again when nothing changed
    assert 0 < edit.pages < cold.pages  # only what holds the edited session
    assert two.pages == one.pages > 0
    table = format_rows(rows)
    assert "rebuild after a one-file edit" in table and "pages laid out" in table
    assert (project.root / "site").exists() is False  # works on a copy


def test_the_synthetic_corpus_is_valid_and_the_scale_run_reports_it(tmp_path):
    from ctmanual.bench.scale import format_scale, run_scale
    from ctmanual.bench.synthetic import make_synthetic
    from ctmanual.load import load_project

    repo = Path(__file__).resolve().parent.parent
    project, problems = load_project(make_synthetic(repo, tmp_path / "synthetic", modules=3, languages=3))
    assert not problems.errors, problems.report(tmp_path)
    assert len(project.modules) == 3 and set(project.translations) == {"fr", "de"}
    rows = run_scale(repo, base_modules=1, languages=2, scales=(1, 2))
    assert [row.modules for row in rows] == [1, 2] and rows[1].pages > rows[0].pages > 0
    assert all(row.cold_seconds > 0 and row.cold_peak_mb > 0 for row in rows)
    assert "| 2x | 2 x 2 |" in format_scale(rows)
    # The edit build is incremental: the session and its translations, not every page.
    assert all(row.edit_rendered.split(" ", 1)[0] in ("1", "2") for row in rows), [r.edit_rendered for r in rows]
    assert all("site before the last" in row.next_edit_rendered for row in rows), [r.next_edit_rendered for r in rows]
    # What an edit makes again does not grow with the corpus: the same pages at both sizes.
    made = {row.next_edit_rendered.rsplit("; ", 1)[1] for row in rows}
    assert len(made) == 1 and next(iter(made)).endswith("made again from their templates"), made
