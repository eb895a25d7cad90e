"""The benchmark runs end to end on the fixture (figures are for docs, not asserted as timings)."""

from __future__ import annotations

from ctmanual.bench.run import format_rows, run_benchmark


def test_benchmark_reports_every_run(project):
    rows = run_benchmark(project.root, reference=False)
    names = [row.name for row in rows]
    assert names[0].startswith("cold build") and names[1].startswith("warm build")
    assert names[2] == "after editing modules/basics/sessions/spotting-signs.md"
    cold, warm, edit, two, one = rows
    assert cold.pages > 0 and warm.pages == 0  # nothing is written again when nothing changed
    assert 0 < edit.pages < cold.pages  # only what holds the edited session
    assert two.pages == one.pages > 0
    table = format_rows(rows)
    assert "rebuild after a one-file edit" in table and "pages laid out" in table
    assert (project.root / "site").exists() is False  # works on a copy
