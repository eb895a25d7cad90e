"""The command line: exit codes and messages a user sees (in a process of its own where the exit code of the
process is what is checked, in this process otherwise)."""

from __future__ import annotations

import json

import pytest

from helpers import ctm, ctm_process


def test_validate_ok(project, capsys):
    code, out, _ = ctm(project.root, capsys, "validate")
    assert code == 0
    assert out.startswith("ok: 1 modules, 1 session plans, 1 handouts")


def test_validate_reports_every_problem_and_exits_1(project, capsys):
    project.replace("modules/basics/sessions/spotting-signs.md", "minutes: 30", "minutes: 31")
    project.replace("modules/basics/index.md", "version: 1.0.0", "version: one")
    code, _, err = ctm(project.root, capsys, "validate")
    assert code == 1
    assert "modules/basics/sessions/spotting-signs.md:" in err
    assert "modules/basics/index.md:" in err
    assert "2 problems found." in err


@pytest.mark.slow
def test_build_writes_site_and_exits_0(warm_project):
    """With the download cache of the shared build: every download is taken from it (a cold build's
    rendering is what the shared build checks)."""
    project = warm_project
    result = ctm_process(project.root, "build")
    assert result.returncode == 0, result.stderr
    assert "built 120 pages in 4 languages" in result.stdout
    # 20 + pocket cards, course documents and packs, profiles; then one offline zip per language
    assert "downloads: 64 files, 0 made (0 pages laid out, 0 pages written), 60 unchanged from the cache" in result.stdout
    assert "4 offline copies" in result.stdout
    assert (project.root / "site/ru/index.html").is_file()
    assert (project.root / "site/ru/downloads/manual-ru.pdf").is_file()


@pytest.mark.slow
def test_build_with_zensical_writes_each_language_from_its_own_run(project):
    result = ctm_process(project.root, "build", "--engine", "zensical", "--no-downloads")
    assert result.returncode == 0, result.stderr
    for code in ("en", "fr", "ru", "ro"):
        folder = project.root / "site" / ("" if code == "en" else code)
        assert f'<html lang="{code}"' in (folder / "index.html").read_text(encoding="utf-8"), code
        index = json.loads((folder / "search.json").read_text(encoding="utf-8"))
        assert index["items"] and index["config"]["lang"] == [code], code
    page = (project.root / "site/ru/modules/basics/sessions/spotting-signs/index.html").read_text(encoding="utf-8")
    assert 'href="../../../../../fr/modules/basics/sessions/spotting-signs/" hreflang="fr"' in page
    assert "Content-Security-Policy" in page and '<link rel="alternate"' not in page
    assert ctm_process(project.root, "build", "--engine", "hugo").returncode == 2


@pytest.mark.slow
def test_pdf_command_writes_downloads_only(warm_project, tmp_path):
    result = ctm_process(warm_project.root, "pdf", "--lang", "ro", "--out", str(tmp_path / "print"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "print/ro/downloads/manual-ro.pdf").is_file()
    assert not (tmp_path / "print/index.html").exists()


@pytest.mark.slow
def test_bad_front_matter_fails_build_and_keeps_site(project):
    assert ctm_process(project.root, "build", "--no-downloads").returncode == 0
    before = (project.root / "site/index.html").read_bytes()
    project.replace("modules/basics/index.md", "order: 1", "order: [")
    result = ctm_process(project.root, "build", "--no-downloads")
    assert result.returncode == 1
    assert "modules/basics/index.md:" in result.stderr
    assert "The previous site was left untouched." in result.stderr
    assert (project.root / "site/index.html").read_bytes() == before


def test_unknown_language_is_refused(project, capsys):
    code, _, err = ctm(project.root, capsys, "build", "--lang", "xx")
    assert code == 1
    assert "unknown language xx" in err


def test_the_benchmark_refuses_an_unknown_language_before_copying_anything(project, capsys):
    code, _, err = ctm(project.root, capsys, "bench", "--lang", "xx", "--no-reference")
    assert code == 1
    assert err.startswith("mkdocs.yml:1: unknown language xx: configured are en, fr, ru, ro"), err


def test_usage_error_exits_2(project, capsys):
    code, _, err = ctm(project.root, capsys, "frobnicate")
    assert code == 2 and "invalid choice: 'frobnicate'" in err


def test_bad_flag_values_are_usage_errors(project, capsys):
    code, _, err = ctm(project.root, capsys, "build", "--workers", "0")
    assert code == 2 and "'0' is not a whole number of 1 or more" in err
    code, _, err = ctm(project.root, capsys, "serve", "--addr", "localhost")
    assert code == 2 and "is not host:port" in err


def test_pdf_out_must_be_a_folder(project, tmp_path, capsys):
    target = tmp_path / "a-file.pdf"
    target.write_text("x")
    code, _, err = ctm(project.root, capsys, "pdf", "--out", str(target))
    assert code == 2 and "is a file, not a folder" in err
