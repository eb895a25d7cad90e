"""Hostile and bad input: each is refused with its file and line (or neutralised), and the last good
site survives. docs/bad-input.md lists these cases and what happens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import MODULE, SESSION, ctm_output


def test_script_in_a_front_matter_value_is_refused(project, capsys):
    project.replace(SESSION, "      - Note answers on the flip chart.", "      - Note answers <script>alert(1)</script>")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(SESSION, "<script>")
    assert code == 1 and f"{SESSION}:{line}: raw HTML is not allowed in content" in out


def test_javascript_and_data_links_are_refused(project, capsys):
    project.replace(MODULE, "principle [8](principle:8).", "principle [8](javascript:alert(1)) and [y](DATA:text/html,x).")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(MODULE, "javascript:")
    assert code == 1 and f"{MODULE}:{line}: a 'javascript:' link is not allowed" in out


def test_iframe_in_a_translation_is_refused(project, capsys):
    project.replace("translations/ru/basics/index.md", "Выявление начинается",
                    '<iframe src="https://example.org"></iframe> Выявление начинается')
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("translations/ru/basics/index.md", "<iframe")
    assert code == 1 and f"translations/ru/basics/index.md:{line}: raw HTML is not allowed in content" in out


def test_html_in_referral_and_course_data_is_refused(project, capsys):
    project.replace("referral/countries/alpha.yml", "stays with them.", "stays with them. <img src=x onerror=alert(1)>")
    project.replace("courses/basics-morning.yml", "A short course for police.", "A short course <b onclick=x>.")
    code, out = ctm_output(project.root, capsys, "validate")
    assert f"referral/countries/alpha.yml:{project.line_of('referral/countries/alpha.yml', 'onerror')}: raw HTML" in out
    assert f"courses/basics-morning.yml:{project.line_of('courses/basics-morning.yml', 'onclick')}: raw HTML" in out


def test_a_path_that_leaves_the_project_is_refused(project, capsys):
    project.replace(MODULE, "Zanzibarword marks", "![x](../../../../etc/passwd) Zanzibarword marks")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(MODULE, "etc/passwd")
    assert code == 1 and f"{MODULE}:{line}: the path '../../../../etc/passwd' leaves the project" in out


def test_a_huge_file_is_refused_without_reading_it_whole(project, capsys):
    project.write("modules/basics/handouts/huge.md", "---\nid: huge\n---\n" + "word " * 500_000)
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1 and "modules/basics/handouts/huge.md:1: file is" in out and "split it up" in out


@pytest.mark.slow
def test_a_build_killed_halfway_leaves_the_last_good_site(project, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "scripts")}
    command = [sys.executable, "-m", "ctmanual", "--root", str(project.root), "-q", "build", "--no-downloads"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    index = project.root / "site" / "index.html"
    before = index.read_bytes()
    project.replace(MODULE, "Zanzibarword marks", "Changed text marks")
    build = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(project.root.glob(".ctm-build-*/site/*")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # wait until the new site is being written (mkdocs is inside the build folder)
    assert build.poll() is None, "the build ended before it could be interrupted"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert index.read_bytes() == before
    assert (project.root / "site/modules/basics/index.html").read_text(encoding="utf-8").count("Zanzibarword") >= 1
    assert list(project.root.glob(".ctm-build-*"))  # what the killed build left behind ...
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert not list(project.root.glob(".ctm-build-*"))  # ... the next build clears away
    assert "Changed text" in (project.root / "site/modules/basics/index.html").read_text(encoding="utf-8")


def test_the_bad_input_table_names_tests_that_exist():
    import re

    repo = Path(__file__).resolve().parent.parent
    table = (repo / "docs/bad-input.md").read_text(encoding="utf-8")
    named = 0
    for cell in re.findall(r"\| (`test_[^|]+) \|$", table, re.M):
        module = None
        for ref in re.findall(r"`([^`]+)`", cell):
            file, _, name = ref.rpartition("::")
            module = file or module
            assert f"def {name}(" in (repo / "tests" / module).read_text(encoding="utf-8"), ref
            named += 1
    assert named >= 25


def test_a_character_the_print_fonts_lack_is_a_located_warning(project, capsys):
    project.replace(SESSION, "      - Note answers on the flip chart.", "      - Note answers 𓀀 on the flip chart.")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(SESSION, "𓀀")
    assert code == 0  # the site shows it; only print cannot
    assert f"{SESSION}:{line}: warning: '𓀀' (U+13000) cannot be printed in the PDF fonts (DejaVu)" in out


def test_the_symbols_the_templates_print_are_in_the_print_fonts():
    from ctmanual.load.glyphs import printable

    assert printable() is not None, "DejaVu fonts missing: run scripts/setup.sh"
    for symbol in "☐✔▪→·–—§’“”«»ășțĂȘȚжЁ":
        assert ord(symbol) in printable(), symbol
