"""Stage 4, downloads: printable manuals, session plans (PDF and DOCX) and handout packs.

Entry point: `build_downloads(project, assembly, site_dir, cache_dir)`. Each
output is cached under a hash of everything it is made from (its print HTML,
which holds the content, translation and stylesheet, plus the renderer's
version), so an unchanged output is copied, not rendered again, and a one-file
edit re-renders only the outputs that contain that file. PDFs render in
parallel, one process per core.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import markdown

from ctmanual.assemble import Assembly
from ctmanual.downloads.compose import Cover, compose
from ctmanual.downloads.docx import SessionSource, write_session_docx
from ctmanual.downloads.fragments import FragmentStore, markdown_settings
from ctmanual.downloads.pdf import CoverVariant, RenderJob, Rendered, render_pdf
from ctmanual.downloads.sizes import fill_download_sizes
from ctmanual.model import Handout, Module, SessionPlan
from ctmanual.outputs import Kind, Output, plan_outputs
from ctmanual.project import Project

# Bump when the way outputs are made changes without their inputs changing.
RENDERER_VERSION = "1"


@dataclass
class DownloadsResult:
    files: dict[str, dict] = field(default_factory=dict)  # site path -> {bytes, pages}
    rendered: list[str] = field(default_factory=list)  # site paths rendered this time
    reused: list[str] = field(default_factory=list)  # site paths copied from the cache
    warnings: list[str] = field(default_factory=list)
    pages_rendered: int = 0


def build_downloads(project: Project, assembly: Assembly, site_dir: Path, cache_dir: Path,
                    workers: int | None = None) -> DownloadsResult:
    cache_dir.mkdir(parents=True, exist_ok=True)
    settings = project.settings
    extensions, configs = markdown_settings(settings.config_file)
    result = DownloadsResult()
    jobs: list[RenderJob] = []
    placed: list[tuple[Output, Path, Path]] = []  # output, cached file, where it goes
    pending: set[Path] = set()
    documents: list[tuple[str, Output, Path]] = []  # DOCX: language, output, its place in the site
    for code in assembly.languages:
        store = FragmentStore(assembly.staging / code, extensions, configs)
        root = site_dir if code == settings.default_language else site_dir / code
        cover_for = _covers(project, code)
        same_pages: dict[tuple[str, ...], list[Output]] = {}
        for output in plan_outputs(project, code):
            if output.kind is Kind.SESSION_DOCX:
                documents.append((code, output, root))
            elif output.kind in (Kind.MANUAL, Kind.AUDIENCE_MANUAL):
                same_pages.setdefault(output.pages, []).append(output)
            else:
                same_pages.setdefault((output.kind.value, *output.pages), []).append(output)
        for group in same_pages.values():
            jobs += _group_job(group, store, project.ui(code), cover_for, cache_dir, root, site_dir, pending, placed)

    def write_documents() -> None:
        """DOCX files are written here while the worker processes render PDFs."""
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        for code, output, root in documents:
            cached = _docx(project, code, output, cache_dir, md, result, root, site_dir)
            placed.append((output, cached, root / output.path))

    for rendered in _render_all(jobs, workers, meanwhile=write_documents):
        _remember_pages(rendered)
        result.rendered.append(rendered.label)
        result.pages_rendered += rendered.pages
        result.warnings += [f"{rendered.label}: {w}" for w in rendered.warnings]
    for output, cached, target in placed:
        target.parent.mkdir(parents=True, exist_ok=True)
        _place(cached, target)
        site_path = _site_path(target, site_dir)
        result.files[site_path] = {"bytes": target.stat().st_size, "pages": _pages_of(cached)}
        if site_path not in result.rendered:
            result.reused.append(site_path)
    fill_download_sizes(site_dir, settings.default_language, list(assembly.languages), result.files)
    return result


def _group_job(group: list[Output], store: FragmentStore, ui, cover_for, cache_dir: Path, root: Path,
               site_dir: Path, pending: set[Path], placed: list) -> list[RenderJob]:
    """One render for outputs that hold the same pages: the first is laid out, the others
    only get their own cover (audience manuals that include every session, for instance)."""
    primary, *others = group
    html = compose(primary, store, ui, cover_for(primary))
    cached = cache_dir / f"{_hash(html)}.pdf"
    placed.append((primary, cached, root / primary.path))
    variants = []
    for other in others:
        other_cached = cache_dir / f"{_hash(compose(other, store, ui, cover_for(other)))}.pdf"
        placed.append((other, other_cached, root / other.path))
        if not other_cached.exists() and other_cached not in pending:
            pending.add(other_cached)
            cover = compose(other, store, ui, cover_for(other), cover_only=True)
            variants.append(CoverVariant(cover, other_cached, _site_path(root / other.path, site_dir)))
    write_main = not cached.exists() and cached not in pending
    pending.add(cached)
    if not write_main and not variants:
        return []
    return [RenderJob(html, cached, _site_path(root / primary.path, site_dir), write_main, tuple(variants))]


def _render_all(jobs: list[RenderJob], workers: int | None, meanwhile) -> list[Rendered]:
    """Render in worker processes, longest job first so both cores stay busy to the end;
    `meanwhile` runs in this process while they work."""
    if not jobs:
        meanwhile()
        return []
    jobs = sorted(jobs, key=lambda job: len(job.html) * (1 + len(job.variants) / 2), reverse=True)
    count = min(workers or os.cpu_count() or 1, len(jobs))
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(render_pdf, job) for job in jobs]
        meanwhile()
        return [r for future in futures for r in future.result()]


def _docx(project: Project, code: str, output: Output, cache_dir: Path, md: markdown.Markdown,
          result: DownloadsResult, root: Path, site_dir: Path) -> Path:
    source = _session_source(project, code, output.key)
    key = _hash(json.dumps([source.language, source.plan.model_dump(mode="json"), source.module.title, source.body,
                            [(h.model_dump(mode="json"), b) for h, b in source.handouts],
                            source.ui.model_dump(mode="json"), source.competency_titles, source.fallback],
                           sort_keys=True, ensure_ascii=False))
    cached = cache_dir / f"{key}.docx"
    if not cached.exists():
        partial = cached.with_suffix(".part")
        write_session_docx(source, partial, md)
        partial.replace(cached)
        result.rendered.append(_site_path(root / output.path, site_dir))
    return cached


def _session_source(project: Project, code: str, session_id: str) -> SessionSource:
    plan_doc, fallback = project.localised(code, project.by_id(SessionPlan)[session_id].rel)
    plan = plan_doc.meta
    module = project.localised(code, project.by_id(Module)[plan.module].rel)[0].meta
    all_handouts = project.by_id(Handout)
    handouts = []
    for handout_id in plan.handouts:
        doc = project.localised(code, all_handouts[handout_id].rel)[0]
        handouts.append((doc.meta, doc.body))
    titles = {key: c.title for key, c in project.data(code, "competencies").items()}
    return SessionSource(code, plan, module, plan_doc.body, tuple(handouts), project.ui(code), titles, fallback)


def _covers(project: Project, code: str):
    ui = project.ui(code)
    label = lambda key: ui.labels.get(key, key)  # noqa: E731
    modules = project.modules
    edition = max((m.meta.version for m in modules), default="1.0")
    date = max((m.meta.last_reviewed for m in modules)).isoformat() if modules else ""
    title = label("site-name")
    language_name = project.settings.language(code).name

    def cover(output: Output) -> Cover:
        if output.kind is Kind.MANUAL:
            subtitle = label("whole-course")
        elif output.kind is Kind.AUDIENCE_MANUAL:
            subtitle = f"{label('manual-for')}: {ui.audiences.get(output.key, output.key)}"
        elif output.kind is Kind.HANDOUTS:
            subtitle = label("handouts-pack")
        else:
            subtitle = label("session-plan")
        return Cover(title, subtitle, language_name, edition, date)

    return cover


def _hash(text: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{RENDERER_VERSION}|{_weasyprint_version()}|".encode())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:32]


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def _remember_pages(rendered: Rendered) -> None:
    rendered.target.with_suffix(".json").write_text(json.dumps({"pages": rendered.pages}), encoding="utf-8")


def _pages_of(cached: Path) -> int | None:
    info = cached.with_suffix(".json")
    if info.exists():
        return json.loads(info.read_text(encoding="utf-8"))["pages"]
    return None


def _place(cached: Path, target: Path) -> None:
    """Hard-link from the cache when possible: no copy for unchanged outputs."""
    if target.exists():
        target.unlink()
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def _site_path(target: Path, site_dir: Path) -> str:
    return target.relative_to(site_dir).as_posix()
