"""The build, in one direction: load + validate → assemble → site → (downloads).

Each stage is one entry function in its own package; none calls another. The
downloads are made from the staged pages while the site is built (they only
meet when the finished files are linked into the site). The
whole build happens in a temporary folder next to the output and is swapped in
only when every stage succeeded, so a failed build leaves the last good site.
The site replaced by a build is kept aside (`.<site>.spare`): the next edit build
starts from it instead of copying the whole site (site/incremental.py).
The staged pages are kept between builds (`.cache/staged`, see assemble/staged.py)
by whichever build holds its lock; a build that finds it taken stages afresh in
its temporary folder.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ctmanual.assemble import assemble
from ctmanual.downloads import (DownloadsResult, build_downloads, clear_download_sizes, make_downloads,
                                place_downloads)
from ctmanual.load import load_project
from ctmanual.outputs import Kind, Output
from ctmanual.problems import ContentError, ProblemList
from ctmanual.engines import DEFAULT_ENGINE
from ctmanual.settings import Settings, read_settings
from ctmanual.site import SiteEngineError, build_site, site_facts
from ctmanual.site.serve import engine_sources, serve_site

log = logging.getLogger(__name__)

__all__ = ["build", "serve", "BuildResult", "SiteEngineError", "ContentError"]


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    languages: tuple[str, ...]
    pages: int
    search_entries: dict[str, int]
    seconds: float
    downloads: DownloadsResult | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)  # site and downloads overlap
    rendered: int | None = None  # pages the engine rendered again (an incremental build); None: all
    built_languages: tuple[str, ...] = ()  # the languages an incremental build ran the engine for
    from_spare: bool = False  # the incremental build started from the site before the last one
    made: int = 0  # pages made from their templates by this build
    reused: int = 0  # pages not made again: their inputs had not changed since the last build


def build(root: Path, languages: list[str] | None = None, site_dir: Path | None = None,
          downloads: bool = True, cache_dir: Path | None = None, workers: int | None = None,
          engine: str = DEFAULT_ENGINE, printable: bool = True) -> BuildResult:
    """The whole build: the site (with the site `engine`) and, unless `downloads` is false, the
    downloads: every PDF and DOCX (unless `printable` is false) and the offline copies."""
    started = time.perf_counter()
    project = _load(root)
    codes = languages_to_build(project.settings, languages)
    target = (site_dir or project.settings.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(target.parent)
    with tempfile.TemporaryDirectory(prefix=BUILD_PREFIX, dir=target.parent) as tmp, _staging(root, Path(tmp)) as staging:
        work = Path(tmp)
        (work / OWNER).write_text(str(os.getpid()), encoding="utf-8")
        assembly = assemble(project, staging, codes)
        stages = {"load + assemble": time.perf_counter() - started}
        with ThreadPoolExecutor(max_workers=1) as background:
            # Downloads need only the staged pages: they are made (in worker processes) while the
            # site is built, then linked into it.
            made = background.submit(_timed, stages, "downloads", make_downloads, project, assembly,
                                     site_facts(project.settings, engine), cache_dir or _cache(root), workers,
                                     None if printable else _offline_copy) if downloads else None
            previous = target if target.is_dir() else None  # only changed pages are rendered again
            site = _timed(stages, "site", build_site, project.settings, assembly, work / "site", work, previous,
                          _take_spare(target, work), engine)
            files = made.result() if made else None
        if files:
            place_downloads(files, work / "site", project.settings.default_language, codes)
        else:
            clear_download_sizes(work / "site", project.settings.default_language, codes)
        _swap(work / "site", target)
    return BuildResult(target, tuple(codes), assembly.page_count, site.search_entries,
                       time.perf_counter() - started, files, stages, site.rendered, site.built, site.from_spare,
                       assembly.made, assembly.reused)


BUILD_PREFIX, OWNER = ".ctm-build-", "owner.pid"


def _offline_copy(output: Output) -> bool:
    return output.kind is Kind.OFFLINE


@contextmanager
def _staging(root: Path, work: Path) -> Iterator[Path]:
    """The kept staging folder while this build holds its lock, else a fresh one in `work`
    (another build of the same project is running: e.g. `serve` while `build` runs)."""
    cache = root / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "staged.lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            log.info("another build is using %s: staging afresh", cache / "staged")
            yield work / "docs"
            return
        try:
            yield cache / "staged"
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_abandoned(folder: Path) -> None:
    """Build folders left by a build that was killed (its process is gone): never the site itself."""
    for work in folder.glob(BUILD_PREFIX + "*"):
        try:
            pid = int((work / OWNER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not _alive(pid):
            shutil.rmtree(work, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _timed(seconds: dict[str, float], name: str, function, *args):
    started = time.perf_counter()
    try:
        return function(*args)
    finally:
        seconds[name] = time.perf_counter() - started


def render_downloads(root: Path, out_dir: Path, languages: list[str] | None = None,
                     cache_dir: Path | None = None, workers: int | None = None) -> DownloadsResult:
    """Only the printable downloads, into `out_dir` (one folder per non-default language)."""
    project = _load(root)
    codes = languages_to_build(project.settings, languages)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ctm-pdf-") as tmp:
        assembly = assemble(project, Path(tmp) / "docs", codes)
        return build_downloads(project, assembly, site_facts(project.settings), out_dir, cache_dir or _cache(root),
                               workers)


def _load(root: Path):
    project, problems = load_project(root)
    for warning in problems.warnings:
        log.warning(warning.format(root))
    if problems or project is None:
        raise ContentError(problems)
    return project


def _cache(root: Path) -> Path:
    return root / ".cache" / "downloads"


def languages_to_build(settings: Settings, requested: list[str] | None) -> list[str]:
    """The languages a build of `requested` makes (default: all), or a ContentError naming mkdocs.yml for an
    unknown one. The default language is always built: it owns the site root."""
    if not requested:
        return list(settings.codes)
    unknown = [code for code in requested if code not in settings.codes]
    if unknown:
        problems = ProblemList()
        problems.error(settings.config_file, 1, f"unknown language {', '.join(unknown)}: configured are {', '.join(settings.codes)}")
        raise ContentError(problems)
    return [code for code in settings.codes if code == settings.default_language or code in requested]


def _swap(new: Path, target: Path) -> None:
    """Put the new site in place of the old one; keep the old one as the spare."""
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        spare = _spare(target)
        shutil.rmtree(spare, ignore_errors=True)  # left by a concurrent build, if any
        try:
            old.rename(spare)
        except OSError:
            shutil.rmtree(old, ignore_errors=True)


def _spare(target: Path) -> Path:
    return target.with_name(f".{target.name}.spare")


def _take_spare(target: Path, work: Path) -> Path | None:
    """The spare, moved into this build's folder (so no other build takes it), or None.
    Unused, it goes with the build folder."""
    try:
        _spare(target).rename(work / "spare")
    except OSError:
        return None
    return work / "spare"


def serve(root: Path, host: str, port: int, languages: list[str] | None = None) -> None:
    """`ctmanual serve`: build the site (no downloads: they take minutes) into a temporary folder,
    serve it on `host:port` and build again when a source changes. A failed build is reported and
    the last good site kept being served."""
    watched = watched_paths(root)
    with tempfile.TemporaryDirectory(prefix="ctmanual-serve-") as tmp:
        site_dir = Path(tmp) / "site"

        def rebuild() -> None:
            try:
                result = build(root, languages=languages, site_dir=site_dir, downloads=False)
                rendered = "all" if result.rendered is None else f"{result.rendered} changed"
                log.info("rebuilt %d pages (%s rendered) in %.1f s", result.pages, rendered, result.seconds)
            except ContentError as err:
                log.error("content problems; still serving the last good build:\n%s", err.problems.report(root))
            except SiteEngineError as err:
                log.error("site build failed; still serving the last good build: %s", err)

        rebuild()
        serve_site(site_dir, rebuild, watched, host, port)


def watched_paths(root: Path) -> list[Path]:
    """What `serve` watches: every source the settings name and the engine's own (theme overrides),
    never the generated staging tree."""
    problems = ProblemList()
    settings = read_settings(root, problems)
    if settings is None:
        raise ContentError(problems)
    return [path for path in [*settings.sources, *engine_sources(settings)] if path.exists()]
