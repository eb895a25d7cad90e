"""Shared test helpers (no browser: those are in `browsing.py`; fixtures are in `conftest.py`).

Test modules import from here, never from each other: the command line run in-process or in a
process of its own, the text of a PDF, git in a fixture project, validation problems, a staged
folder, and the comparison of two folders."""

from __future__ import annotations

import fcntl
import filecmp
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from ctmanual.assemble import assemble
from ctmanual.cli import main
from ctmanual.load import load_project

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "fr", "ru", "ro"]  # the fixture manual's languages, the default first
SESSION = "modules/basics/sessions/spotting-signs.md"  # the fixture's one session plan
MODULE = "modules/basics/index.md"  # the fixture's one module overview
RECORDED = "basics/index.md"  # the translation the `tracked` fixture records as current (Russian)


# --- the command line --------------------------------------------------------------------------------

def ctm(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`ctmanual --root root ARGS` in this process: exit code (also of a usage error, which exits through
    argparse), standard output, standard error."""
    capsys.readouterr()
    try:
        code = main(["--root", str(root), *args])
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def ctm_output(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`ctmanual --root root ARGS` in this process: exit code and everything it printed."""
    code, out, err = ctm(root, capsys, *args)
    return code, out + err


def ctm_process(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python -m ctmanual --root root -q ARGS` in a process of its own, as a user runs it (usage
    errors exit through argparse; an interrupted build is a killed process)."""
    return subprocess.run([sys.executable, "-m", "ctmanual", "--root", str(root), "-q", *args],
                          capture_output=True, text=True, timeout=timeout)


def validation_errors(root: Path) -> list[str]:
    """Every error validation finds, as `path:line: message`."""
    _, problems = load_project(root)
    return [p.format(root) for p in problems.errors]


# --- PDFs ----------------------------------------------------------------------------------------------

def pdf_text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    """The text of a PDF (pages `first` to `last`, from 1) as pdftotext gives it; `layout` keeps columns."""
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_words(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    """The text of a PDF with every run of white space made one space (lines joined)."""
    return " ".join(pdf_text(pdf, first, last, layout).split())


# --- git and translation states ------------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                          capture_output=True, text=True, check=True).stdout


def translation_states(root: Path, capsys: pytest.CaptureFixture[str], lang: str) -> dict[str, str]:
    """`ctmanual i18n status LANG --json`: the state of each file (current, outdated, missing, ...)."""
    code, out, _ = ctm(root, capsys, "i18n", "status", lang, "--json")
    return {f["path"]: f["state"] for f in json.loads(out)[lang]["files"]}


# --- staging and folders -------------------------------------------------------------------------------

def staged(project, folder: Path, languages: list[str] = LANGUAGES):
    """The fixture project loaded and assembled into `folder` (stage 2 only, no engine)."""
    loaded, problems = load_project(project.root)
    assert not problems.errors, problems.report(project.root)
    return assemble(loaded, folder, languages)


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


# --- one build for every worker ------------------------------------------------------------------------

def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` once per test run, however many pytest-xdist workers ask: the first makes it (in
    a folder all workers of the run share) holding a file lock; the others wait for the lock and read its
    result back (pickled). When it failed, they fail at once with its error instead of making it again."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # popen-gw0 -> the run's folder
    result, failure = shared / f"{name}.pickle", shared / f"{name}.failed"
    with open(shared / f"{name}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failure.exists():
            pytest.fail(f"{name} failed in another worker: {failure.read_text(encoding='utf-8')}", pytrace=False)
        if result.exists():
            return pickle.loads(result.read_bytes())
        try:
            made = make(shared / name)
        except BaseException as error:
            failure.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
            raise
        result.write_bytes(pickle.dumps(made))
        return made
