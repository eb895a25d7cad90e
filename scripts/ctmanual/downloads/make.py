"""Making the planned downloads, and placing them into the built site.

Each PDF part, front matter and joined PDF is kept in the cache under a key of what it is
made from (versions.cache_key), so a one-file edit lays out one part again and re-joins
the PDFs that hold it. Parts are laid out (WeasyPrint) and joined with page numbers
stamped on (join.py) in worker processes, one per core; DOCX files are written in this
process meanwhile.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import markdown

from ctmanual.agenda import piece_text
from ctmanual.course_views import course_view
from ctmanual.downloads.compose import ABOUT_ANCHOR, TocEntry, front_html, notice_html, numbers_html
from ctmanual.downloads.docx import write_session_docx
from ctmanual.downloads.forms_docx import write_agenda_docx, write_feedback_docx, write_questionnaire_docx
from ctmanual.downloads.join import JoinJob, Piece, join_pdf
from ctmanual.downloads.offline import OfflineBundle, write_bundle
from ctmanual.downloads.pdf import RenderJob, pages_of, render_fitting, render_pdf
from ctmanual.downloads.plan import DownloadPlan, PdfPlan, session_source
from ctmanual.downloads.sizes import fill_download_sizes
from ctmanual.outputs import Kind, Output
from ctmanual.project import Project
from ctmanual.versions import DOCX, PDF_JOIN, PDF_LAYOUT, cache_key

MAX_FRONT_PAGES = 20  # cover and contents: far more than a contents list of every session needs
LINES_PER_CONTENTS_PAGE = 44  # first guess only: a wrong guess costs one more layout of the front matter


@dataclass
class DownloadsResult:
    files: dict[str, dict] = field(default_factory=dict)  # site path -> {bytes, pages}
    rendered: list[str] = field(default_factory=list)  # site paths made this time
    reused: list[str] = field(default_factory=list)  # site paths taken from the cache unchanged
    warnings: list[str] = field(default_factory=list)
    pages_laid_out: int = 0  # pages WeasyPrint laid out this time
    pages_written: int = 0  # pages of the PDFs joined this time
    laid_out: list[str] = field(default_factory=list)  # what WeasyPrint laid out this time (staged pages ...)
    cached: dict[str, Path] = field(default_factory=dict)  # site path -> the file in the cache
    offline: list[OfflineBundle] = field(default_factory=list)  # made by place_downloads, from the built site
    offline_seconds: float = 0.0


def make_planned(project: Project, plan: DownloadPlan, cache_dir: Path, markdown_extensions: list[Any],
                 extension_configs: dict[str, Any], workers: int | None = None) -> DownloadsResult:
    """Every planned file, made in or found in `cache_dir` (DOCX files are written with the site's
    Markdown extensions)."""
    result = DownloadsResult()

    def write_documents() -> None:
        md = markdown.Markdown(extensions=markdown_extensions, extension_configs=extension_configs)
        for output, site_path in plan.documents:
            write = _session_docx if output.kind is Kind.SESSION_DOCX else _course_docx
            result.cached[site_path] = write(project, output, cache_dir, md, result, site_path)

    with _pool(workers) as pool:
        _lay_out_parts(plan.pdfs, cache_dir, pool, result, meanwhile=write_documents)
        missing_cards = {job.target: job for _, job in plan.cards if not job.target.exists()}
        for rendered in pool.map(render_fitting, missing_cards.values()):
            _count(rendered, result)
            result.rendered.append(rendered.label)
        result.cached.update((site_path, job.target) for site_path, job in plan.cards)
        jobs = _join_jobs(plan.pdfs, cache_dir, pool, result)
        missing = {job.target: job for job in jobs if not job.target.exists()}
        for joined in pool.map(join_pdf, missing.values()):
            result.rendered.append(joined.label)
            result.pages_written += joined.pages
    result.cached.update((pdf.site_path, job.target) for job, pdf in zip(jobs, plan.pdfs))
    result.offline = plan.bundles
    return result


def place_downloads(result: DownloadsResult, site_dir: Path, default_language: str, languages: list[str],
                    offline: bool = True) -> None:
    """Link the made files into the site and write their sizes and page counts on the Downloads pages;
    then, unless `offline` is false, zip each language's part of the finished site as its offline copy."""
    for site_path, cached in result.cached.items():
        target = site_dir / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        _place(cached, target)
        result.files[site_path] = {"bytes": target.stat().st_size, "pages": pages_of(cached)}
        if site_path not in result.rendered:
            result.reused.append(site_path)
    fill_download_sizes(site_dir, default_language, languages, result.files)
    if offline and result.offline:
        started = time.perf_counter()
        _write_offline_bundles(result, site_dir)
        fill_download_sizes(site_dir, default_language, languages, result.files)
        result.offline_seconds = time.perf_counter() - started


def clear_download_sizes(site_dir: Path, default_language: str, languages: list[str]) -> None:
    """A build without downloads: every size and page count on the Downloads pages is a dash again
    (an edit build carries those pages over from a site built with its downloads)."""
    fill_download_sizes(site_dir, default_language, languages, {})


def _write_offline_bundles(result: DownloadsResult, site_dir: Path) -> None:
    """One zip per language, two at a time (compression runs outside the interpreter lock)."""
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        sizes = pool.map(lambda bundle: write_bundle(bundle, site_dir), result.offline)
        for bundle, size in zip(result.offline, sizes):
            result.files[bundle.site_path] = {"bytes": size, "pages": None}


def _lay_out_parts(plans: list[PdfPlan], cache_dir: Path, pool: Executor, result: DownloadsResult,
                   meanwhile) -> None:
    """Every part not in the cache, longest first so both cores stay busy to the end."""
    wanted = {part.key: part for plan in plans for part in plan.parts}
    jobs = [RenderJob(part.html, cache_dir / f"{key}.pdf", part.page) for key, part in wanted.items()
            if not (cache_dir / f"{key}.pdf").exists()]
    jobs.sort(key=lambda job: len(job.html), reverse=True)
    futures = [pool.submit(render_pdf, job) for job in jobs]
    meanwhile()
    for future in futures:
        _count(future.result(), result)


@dataclass(frozen=True)
class _Document:
    """A small print document laid out per PDF: front matter, page numbers, a notice."""

    html: str
    numbered_for: int = 0  # front matter: how many pages its contents list assumed it has

    def pdf(self, cache_dir: Path) -> Path:
        return cache_dir / f"{cache_key(PDF_LAYOUT, self.html)}.pdf"


def _join_jobs(plans: list[PdfPlan], cache_dir: Path, pool: Executor, result: DownloadsResult) -> list[JoinJob]:
    keys = {part.key for plan in plans for part in plan.parts}
    counts = {key: pages_of(cache_dir / f"{key}.pdf") or 0 for key in keys}
    longest = max((sum(counts[part.key] for part in plan.parts) for plan in plans), default=0)
    # Numbered pages for the longest PDF and its front matter; in steps of 50 so that the
    # same numbers PDF serves again after a small change.
    numbers = _Document(numbers_html(50 * ((longest + MAX_FRONT_PAGES) // 50 + 1)))
    notices = {(plan.output.language, part.notice): _Document(notice_html(plan.output.language,
                                                                          plan.notices[part.notice]))
               for plan in plans for part in plan.parts if part.notice}
    abouts = {id(plan): _Document(plan.about) for plan in plans if plan.about}
    _render_missing(list(abouts.values()), cache_dir, pool, result)  # their length moves the contents' numbers
    about_pages = {key: pages_of(doc.pdf(cache_dir)) or 0 for key, doc in abouts.items()}
    fronts = {id(plan): _front(plan, counts, _guess_front_pages(plan), about_pages.get(id(plan), 0))
              for plan in plans if plan.front}
    _render_missing([numbers, *notices.values(), *fronts.values()], cache_dir, pool, result)
    # A contents list longer or shorter than guessed moves every page number: lay it out again
    # (a second miss would need the new numbers themselves to change its length).
    for attempt in range(2):
        wrong = [plan for plan in plans if plan.front
                 and pages_of(fronts[id(plan)].pdf(cache_dir)) != fronts[id(plan)].numbered_for]
        if wrong and attempt:
            result.warnings += [f"{plan.site_path}: contents page numbers may be off by a page" for plan in wrong]
        elif wrong:
            for plan in wrong:
                fronts[id(plan)] = _front(plan, counts, pages_of(fronts[id(plan)].pdf(cache_dir)) or 1,
                                          about_pages.get(id(plan), 0))
            _render_missing([fronts[id(plan)] for plan in wrong], cache_dir, pool, result)
    return [_job(plan, fronts.get(id(plan)), abouts.get(id(plan)), numbers,
                 {kind: doc for (code, kind), doc in notices.items()
                  if code == plan.output.language and any(part.notice == kind for part in plan.parts)}, cache_dir)
            for plan in plans]


def _front(plan: PdfPlan, counts: dict[str, int], front_pages: int, about_pages: int = 0) -> _Document:
    """Cover and contents, numbered as if the front matter had `front_pages` pages; a manual for one
    audience has its introduction (`about_pages` long) between the contents and the first part."""
    cover, labels = plan.front
    entries, page = [], front_pages + 1
    if plan.about:
        entries.append(TocEntry(labels.get("about-manual", "about-manual"), ABOUT_ANCHOR, 1, page, False))
        page += about_pages
    for part in plan.parts:
        if part.role in ("module", "page", "session"):
            entries.append(TocEntry(part.title, part.anchor, 2 if part.role == "session" else 1, page, part.fallback,
                                    part.outdated, part.lang if part.lang != plan.output.language else ""))
        page += counts[part.key]
    return _Document(front_html(plan.output.language, cover, entries, labels), front_pages)


def _guess_front_pages(plan: PdfPlan) -> int:
    lines = sum(1 for part in plan.parts if part.role in ("module", "page", "session")) + 2 + bool(plan.about)
    return 1 + -(-lines // LINES_PER_CONTENTS_PAGE)


def _render_missing(documents: list[_Document], cache_dir: Path, pool: Executor, result: DownloadsResult) -> None:
    jobs = {document.pdf(cache_dir): RenderJob(document.html, document.pdf(cache_dir), "front matter")
            for document in documents if not document.pdf(cache_dir).exists()}
    for rendered in pool.map(render_pdf, jobs.values()):
        _count(rendered, result)


def _job(plan: PdfPlan, front: _Document | None, about: _Document | None, numbers: _Document,
         notices: dict[str, _Document], cache_dir: Path) -> JoinJob:
    lang = plan.output.language
    pieces = []
    if front:
        contents = plan.front[1].get("contents", "contents")
        pieces.append(Piece(front.pdf(cache_dir), lang, contents, 1, outline_page=1))
    if about:
        pieces.append(Piece(about.pdf(cache_dir), lang, plan.front[1].get("about-manual", "about-manual"), 1))
    for part in plan.parts:
        level = 2 if front and part.role in ("session", "handout") else 1
        pieces.append(Piece(cache_dir / f"{part.key}.pdf", part.lang, part.title, level, part.notice))
    first_numbered = 2 if front else 1
    numbers_pdf = numbers.pdf(cache_dir)
    notice_pdfs = tuple(sorted((kind, doc.pdf(cache_dir)) for kind, doc in notices.items()))
    recipe = json.dumps([lang, plan.title, first_numbered, numbers_pdf.name,
                         [(kind, pdf.name) for kind, pdf in notice_pdfs],
                         [(p.pdf.name, p.lang, p.title, p.level, p.notice, p.outline_page) for p in pieces]],
                        ensure_ascii=False)
    target = cache_dir / f"{cache_key(PDF_JOIN, recipe)}.pdf"
    return JoinJob(target, lang, plan.title, tuple(pieces), numbers_pdf, notice_pdfs, first_numbered,
                       plan.site_path)


def _count(rendered, result: DownloadsResult) -> None:
    result.pages_laid_out += rendered.pages
    result.laid_out.append(rendered.label)
    result.warnings += [f"{rendered.label}: {warning}" for warning in rendered.warnings]


def _pool(workers: int | None) -> ProcessPoolExecutor:
    count = max(1, workers or os.cpu_count() or 1)
    return ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn"))


def _session_docx(project: Project, output: Output, cache_dir: Path, md: markdown.Markdown,
          result: DownloadsResult, site_path: str) -> Path:
    source = session_source(project, output.language, output.key)
    key = cache_key(DOCX, json.dumps([source.language, source.plan.model_dump(mode="json"), source.module.title,
                                  source.body, [(h.model_dump(mode="json"), b) for h, b in source.handouts],
                                  source.ui.model_dump(mode="json"), source.competency_titles, source.fallback,
                                  source.safeguarding_lang],
                                 sort_keys=True, ensure_ascii=False))
    cached = cache_dir / f"{key}.docx"
    if not cached.exists():
        partial = cached.with_suffix(".part")
        write_session_docx(source, partial, md)
        partial.replace(cached)
        result.rendered.append(site_path)
    return cached


def _course_docx(project: Project, output: Output, cache_dir: Path, md: markdown.Markdown,
                 result: DownloadsResult, site_path: str) -> Path:
    """A course's agenda, questionnaire or feedback form as DOCX, cached under a hash of what it shows."""
    code = output.language
    view = course_view(project, code, output.key)
    labels = project.ui(code).labels
    titles = {m.meta.id: project.localised(code, m.overview.rel)[0].meta.title for m in project.modules}
    key = cache_key(DOCX, json.dumps([output.kind.value, code, _shown(output.kind, view), labels, titles],
                                 ensure_ascii=False))
    cached = cache_dir / f"{key}.docx"
    if not cached.exists():
        if output.kind is Kind.COURSE_AGENDA_DOCX:
            write_agenda_docx(view, labels, titles, code, cached)
        elif output.kind is Kind.QUESTIONNAIRE_DOCX:
            write_questionnaire_docx(view, labels, code, cached)
        else:
            write_feedback_docx(view, labels, code, cached)
        result.rendered.append(site_path)
    return cached


def _shown(kind: Kind, view) -> list:
    """What a course document shows: its cache key, so that an edit elsewhere in a session plan
    does not make it again."""
    if kind is Kind.COURSE_AGENDA_DOCX:
        return [view.course.title, view.course.summary, view.course.blocks,
                [[(s.start, s.end, s.kind, s.session.title if s.session else "", s.session.module if s.session else "",
                   s.continued, piece_text(s)) for s in day.slots] for day in view.agenda.days],
                sorted(view.untranslated)]
    if kind is Kind.QUESTIONNAIRE_DOCX:
        return [view.course.title, [(q.question, q.options) for q in view.questions],
                [c.title for c in view.competencies], sorted(view.untranslated_questions)]
    return [view.course.title, [s.title for s in view.sessions], sorted(view.untranslated)]


def _place(cached: Path, target: Path) -> None:
    """Hard-link from the cache when possible: no copy for unchanged outputs."""
    if target.exists():
        target.unlink()
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)
