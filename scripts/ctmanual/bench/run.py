"""`ctmanual bench`: how long the whole build takes, cold, warm and after a one-file edit,
and how our manual rendering compares per page with mkdocs-to-pdf on the same content.

Works on a copy of the project in a temporary folder, with its own cache, so the
repository, its site/ and its cache are not touched.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ctmanual.assemble import assemble
from ctmanual.staging import Assembly
from ctmanual.downloads import make_downloads
from ctmanual.load import load_project
from ctmanual.outputs import Kind
from ctmanual.pipeline import build, languages_to_build
from ctmanual.problems import ContentError, ProblemList
from ctmanual.settings import read_settings
from ctmanual.site import site_facts
from ctmanual.project import Project

COPIED = ("modules", "referral", "courses", "translations", "docs", "overrides", "mkdocs.yml")


@dataclass(frozen=True)
class Row:
    name: str
    seconds: float
    pages: int  # pages of the PDFs written
    peak_mb: float
    note: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def run_benchmark(root: Path, reference: bool = True, env_dir: Path | None = None,
                  languages: list[str] | None = None) -> list[Row]:
    """Cold, warm and one-edit builds of a copy of the project (`languages` only, default all, as
    `ctmanual build --lang`), then its English manual alone on two cores and on one. An unknown language is
    refused before anything is copied, naming the project's mkdocs.yml."""
    if languages:
        problems = ProblemList()
        settings = read_settings(root, problems)
        if settings is None:
            raise ContentError(problems)
        languages_to_build(settings, languages)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ctmanual-bench-") as tmp:
        work = Path(tmp)
        project = _copy_project(root, work / "project")
        cache = work / "cache"
        scope = "all downloads" if not languages else "downloads of " + ", ".join(languages)
        rows.append(_timed_build(f"cold build (site + {scope})", project, cache, languages))
        rows.append(_timed_build("warm build (nothing changed)", project, cache, languages))
        edited = _edit_one_session(project)
        rows.append(_timed_build(f"after editing {edited}", project, cache, languages))
        loaded, _ = load_project(project)
        assembly = assemble(loaded, work / "staging", [loaded.settings.default_language])
        rows.append(_our_manual(loaded, assembly, work / "manual-2", workers=2))
        rows.append(_our_manual(loaded, assembly, work / "manual-1", workers=1))
        if reference:
            rows.append(_reference(assembly.staging / loaded.settings.default_language, work, env_dir or root / ".cache" / "bench-mkdocs-to-pdf"))
    return rows


def format_rows(rows: list[Row]) -> str:
    lines = [f"{'run':<58} {'seconds':>8} {'pages':>7} {'pages/s':>8} {'peak MB':>8}"]
    for row in rows:
        lines.append(f"{row.name:<58} {row.seconds:>8.1f} {row.pages:>7} {row.pages_per_second:>8.1f} {row.peak_mb:>8.0f}"
                     + (f"  {row.note}" if row.note else ""))
    theirs = next((r for r in rows if r.name.startswith("mkdocs-to-pdf")), None)
    for ours in (r for r in rows if r.name.startswith("our manual")):
        if theirs and theirs.pages_per_second:
            lines.append(f"per page, {ours.name} is {ours.pages_per_second / theirs.pages_per_second:.1f}x "
                         "as fast as mkdocs-to-pdf")
    cold = next((r for r in rows if r.name.startswith("cold")), None)
    edit = next((r for r in rows if r.name.startswith("after editing")), None)
    if cold and edit:
        lines.append(f"rebuild after a one-file edit: {100 * edit.seconds / cold.seconds:.0f} % of the cold build")
    return "\n".join(lines)


def _copy_project(root: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy(source, target / name)
    return target


def _timed_build(name: str, project: Path, cache: Path, languages: list[str] | None) -> Row:
    started = time.perf_counter()
    result = build(project, languages=languages, cache_dir=cache)
    seconds = time.perf_counter() - started
    downloads = result.downloads
    stages = ", ".join(f"{stage} {value:.1f} s" for stage, value in result.stage_seconds.items())
    note = (f"{len(downloads.rendered)} of {len(downloads.files)} downloads made, "
            f"{downloads.pages_laid_out} pages laid out; {stages}")
    return Row(name, seconds, downloads.pages_written, _peak_mb(), note)


def _edit_one_session(project: Path) -> str:
    session = sorted((project / "modules").glob("*/sessions/*.md"))[0]
    with session.open("a", encoding="utf-8") as handle:
        handle.write("\nA sentence added by the benchmark.\n")
    return session.relative_to(project).as_posix()


def _our_manual(loaded: Project, assembly: Assembly, cache: Path, workers: int) -> Row:
    """The English whole-course manual alone, from an empty cache: every part laid out, then joined."""
    started = time.perf_counter()
    result = make_downloads(loaded, assembly, site_facts(loaded.settings), cache, workers,
                            select=lambda output: output.kind is Kind.MANUAL)
    seconds = time.perf_counter() - started
    cores = "one core" if workers == 1 else f"{workers} cores"
    return Row(f"our manual (English, whole course, {cores})", seconds, result.pages_written, _peak_mb(),
               f"{result.pages_laid_out} pages laid out")


def _reference(staging: Path, work: Path, env_dir: Path) -> Row:
    from ctmanual.bench.mkdocs_to_pdf import run_mkdocs_to_pdf

    run = run_mkdocs_to_pdf(staging, work / "reference", env_dir, "Manual")
    return Row("mkdocs-to-pdf manual (English, same pages, one core)", run.seconds, run.pages, _peak_mb(),
               "separate environment, installed for the benchmark only")


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024
