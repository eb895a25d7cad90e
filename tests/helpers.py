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
import shutil
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

def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every pytest-xdist worker of this run shares (the run's temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # popen-gw0 -> the run's folder


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` once per test run, however many pytest-xdist workers ask: the first makes it (in
    a folder all workers of the run share) holding a file lock; the others wait for the lock and read its
    result back (pickled). When it failed, they fail at once with its error instead of making it again.
    A build started in the background (`start_in_background`) holds the same lock: they wait for it."""
    shared = shared_folder(tmp_path_factory)
    with open(shared / f"{name}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (shared / f"{name}.failed").exists():
            pytest.fail(f"{name} failed: {(shared / f'{name}.failed').read_text(encoding='utf-8')}", pytrace=False)
        return _made(shared, name, make)


def _made(shared: Path, name: str, make: Callable[[Path], T]) -> T:
    """What `make` gave, read back, or made now and kept (or its failure kept); the caller holds the lock."""
    result, failure = shared / f"{name}.pickle", shared / f"{name}.failed"
    if result.exists():
        return pickle.loads(result.read_bytes())
    try:
        made = make(shared / name)
    except BaseException as error:
        failure.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
        raise
    partial = result.with_suffix(".part")
    partial.write_bytes(pickle.dumps(made))
    partial.rename(result)
    return made


def start_in_background(tmp_path_factory: pytest.TempPathFactory, name: str) -> bool:
    """Start making `name` (one of BUILDS) in a process of its own that holds the run's lock for it, unless
    another worker did or it is made; True when this call started it. Tests that need it wait for the lock
    (`once_per_run`), so the build overlaps with the tests that need none. Its output: `<name>.log`."""
    shared = shared_folder(tmp_path_factory)
    lock = open(shared / f"{name}.lock", "a+b")
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # being made
        if (shared / f"{name}.pickle").exists() or (shared / f"{name}.failed").exists():
            return False
        with open(shared / f"{name}.log", "wb") as log:
            # the child inherits the locked file: the lock is held until it exits
            subprocess.Popen([sys.executable, __file__, name, str(shared)],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                             pass_fds=(lock.fileno(),), start_new_session=True)
        return True
    finally:
        lock.close()  # this process's copy; the child's keeps the lock


# --- the builds tests share ------------------------------------------------------------------------------

TODAY = "2026-11-24"  # referral records go stale after 12 months: the tests build as if today were fixed
MINI = REPO / "tests" / "fixtures" / "mini"
# What a build of the real manual reads; everything else in the repository (caches, the built site, tests)
# stays out of its copy.
CONTENT = ["mkdocs.yml", "modules", "translations", "referral", "courses", "docs", "overrides", "overrides-zensical"]


class FixtureProject:
    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> Path:
        text = self.read(rel)
        assert old in text, f"fixture text not found in {rel}: {old!r}"
        return self.write(rel, text.replace(old, new, 1))

    def line_of(self, rel: str, needle: str) -> int:
        for number, line in enumerate(self.read(rel).split("\n"), start=1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {rel}")


def make_project(destination: Path) -> FixtureProject:
    """The fixture manual (tests/fixtures/mini) with this repository's site configuration and themes."""
    shutil.copytree(MINI, destination)
    shutil.copy(REPO / "modules" / "ui.yml", destination / "modules" / "ui.yml")
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", destination / "overrides")
    shutil.copytree(REPO / "overrides-zensical", destination / "overrides-zensical")
    return FixtureProject(destination)


def copy_of_the_project(folder: Path) -> Path:
    """What a build of the real manual reads, copied into `folder/project`."""
    root = folder / "project"
    root.mkdir(parents=True)
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def _build(root: Path, **options):
    from ctmanual.pipeline import build

    return build(root, **options)


# name -> how it is made in a folder of its own: the fixture manual (site and downloads), the real manual
# (all languages, site, every download and offline copy), the real manual with the second site engine.
BUILDS: dict[str, Callable[[Path], object]] = {
    "built": lambda folder: _build(make_project(folder / "project").root),
    "real": lambda folder: _build(copy_of_the_project(folder)),
    "real-zensical": lambda folder: _build(copy_of_the_project(folder), engine="zensical", printable=False),
}


def _make_in_background(name: str, shared: Path) -> None:
    """The process `start_in_background` starts: the build, kept (or its failure) as `once_per_run` keeps it,
    with the environment the session's fixtures set for builds in the tests (conftest.py)."""
    from ctmanual.assemble.writer import CHECK_REUSE
    from ctmanual.clock import ENV

    os.environ[ENV] = TODAY
    os.environ[CHECK_REUSE] = "1"
    _made(shared, name, BUILDS[name])


if __name__ == "__main__":
    _make_in_background(sys.argv[1], Path(sys.argv[2]))
