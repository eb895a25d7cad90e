"""The command line: exit codes and messages a user sees."""

from __future__ import annotations

import json
import subprocess
import sys

from ctmanual.cli import main


def run(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ctmanual", "--root", str(project.root), "-q", *args],
        capture_output=True, text=True, timeout=300,
    )


def test_validate_ok(project, capsys):
    assert main(["--root", str(project.root), "validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 modules, 1 session plans, 1 handouts")


def test_validate_reports_every_problem_and_exits_1(project):
    project.replace("modules/basics/sessions/spotting-signs.md", "minutes: 30", "minutes: 31")
    project.replace("modules/basics/index.md", "version: 1.0.0", "version: one")
    result = run(project, "validate")
    assert result.returncode == 1
    assert "modules/basics/sessions/spotting-signs.md:" in result.stderr
    assert "modules/basics/index.md:" in result.stderr
    assert "2 problems found." in result.stderr


def test_build_writes_site_and_exits_0(project):
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    assert "built 120 pages in 4 languages" in result.stdout
    # 20 + pocket cards, course documents and packs, profiles; then one offline zip per language
    assert "downloads: 64 files, 60 made" in result.stdout
    assert "4 offline copies" in result.stdout
    assert (project.root / "site/ru/index.html").is_file()
    assert (project.root / "site/ru/downloads/manual-ru.pdf").is_file()


def test_build_with_zensical_writes_each_language_from_its_own_run(project):
    result = run(project, "build", "--engine", "zensical", "--no-downloads")
    assert result.returncode == 0, result.stderr
    for code in ("en", "fr", "ru", "ro"):
        folder = project.root / "site" / ("" if code == "en" else code)
        assert f'<html lang="{code}"' in (folder / "index.html").read_text(encoding="utf-8"), code
        index = json.loads((folder / "search.json").read_text(encoding="utf-8"))
        assert index["items"] and index["config"]["lang"] == [code], code
    page = (project.root / "site/ru/modules/basics/sessions/spotting-signs/index.html").read_text(encoding="utf-8")
    assert 'href="../../../../../fr/modules/basics/sessions/spotting-signs/" hreflang="fr"' in page
    assert "Content-Security-Policy" in page and '<link rel="alternate"' not in page
    assert run(project, "build", "--engine", "hugo").returncode == 2


def test_pdf_command_writes_downloads_only(project, tmp_path):
    result = run(project, "pdf", "--lang", "ro", "--out", str(tmp_path / "print"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "print/ro/downloads/manual-ro.pdf").is_file()
    assert not (tmp_path / "print/index.html").exists()


def test_bad_front_matter_fails_build_and_keeps_site(project):
    assert run(project, "build").returncode == 0
    before = (project.root / "site/index.html").read_bytes()
    project.replace("modules/basics/index.md", "order: 1", "order: [")
    result = run(project, "build")
    assert result.returncode == 1
    assert "modules/basics/index.md:" in result.stderr
    assert "The previous site was left untouched." in result.stderr
    assert (project.root / "site/index.html").read_bytes() == before


def test_unknown_language_is_refused(project):
    result = run(project, "build", "--lang", "xx")
    assert result.returncode == 1
    assert "unknown language xx" in result.stderr


def test_usage_error_exits_2(project):
    result = run(project, "frobnicate")
    assert result.returncode == 2


def test_bad_flag_values_are_usage_errors(project):
    workers = run(project, "build", "--workers", "0")
    assert workers.returncode == 2 and "'0' is not a whole number of 1 or more" in workers.stderr
    address = run(project, "serve", "--addr", "localhost")
    assert address.returncode == 2 and "is not host:port" in address.stderr


def test_pdf_out_must_be_a_folder(project, tmp_path):
    target = tmp_path / "a-file.pdf"
    target.write_text("x")
    result = run(project, "pdf", "--out", str(target))
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr
