"""Stage 4, downloads: printable manuals, session plans (PDF and DOCX) and handout packs.

Entry points: `make_downloads(project, assembly, site, cache_dir)` makes every file in the cache;
`place_downloads(result, site_dir, ...)` links them into the built site. `build_downloads` does both.

Every staged page is laid out once per language as its own PDF (a "part"); an
untranslated page is the default language's part, shared by every language. A
manual is its front matter (cover and contents, laid out once its page numbers
are known) plus parts, joined by `assembly.py` with page numbers stamped on. Each
part, front matter and joined PDF is cached under a hash of what it is made from,
so a one-file edit lays out one part again and re-joins the PDFs that hold it.
Layout and joining run in worker processes, one per core; DOCX files are written
in this process meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

import markdown

from ctmanual import clock
from ctmanual.staging import Assembly
from ctmanual.downloads.assembly import AssemblyJob, Piece, assemble_pdf
from ctmanual.downloads.compose import (ABOUT_ANCHOR, About, AboutItem, Cover, Part, TocEntry, about_html, content_key,
                                       front_html, notice_html, numbers_html, part_html)
from ctmanual.course_views import course_view
from ctmanual.agenda import piece_text
from ctmanual.downloads.docx import DOCX_FORMAT, SessionSource, write_session_docx
from ctmanual.downloads.forms_docx import write_agenda_docx, write_feedback_docx, write_questionnaire_docx
from ctmanual.downloads.fragments import FragmentStore
from ctmanual.downloads.offline import OfflineBundle, plan_bundles, write_bundle
from ctmanual.downloads.pdf import FitJob, RenderJob, pages_of, render_fitting, render_pdf
from ctmanual.downloads.pocket import pocket_pages, pocket_variants
from ctmanual.downloads.sizes import fill_download_sizes
from ctmanual.model import Handout, Module, SessionPlan
from ctmanual.model import Audience
from ctmanual.outputs import DOCX_KINDS, OFFLINE_NAME, Kind, Output, audience_selection, plan_outputs
from ctmanual.project import Project, safeguarding_untranslated
from ctmanual.site_facts import SiteFacts
from ctmanual.translation_state import State

ASSEMBLER_VERSION = "2"
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


@dataclass
class _PdfPlan:
    output: Output
    site_path: str  # where it goes, relative to the site's root
    title: str
    parts: list[Part]
    front: tuple[Cover, dict[str, str]] | None = None  # cover and labels, for manuals
    notices: dict[str, str] = field(default_factory=dict)  # notice kind -> its text in the reader's language
    about: str = ""  # a manual for one audience: print HTML of its introduction (what it holds, leaves out)


def build_downloads(project: Project, assembly: Assembly, site: SiteFacts, site_dir: Path, cache_dir: Path,
                    workers: int | None = None) -> DownloadsResult:
    """Make every download (or take it from the cache) and put it into the built site."""
    result = make_downloads(project, assembly, site, cache_dir, workers)
    place_downloads(result, site_dir, project.settings.default_language, list(assembly.languages), offline=False)
    return result


def make_downloads(project: Project, assembly: Assembly, site: SiteFacts, cache_dir: Path, workers: int | None = None,
                   select: Callable[[Output], bool] | None = None) -> DownloadsResult:
    """Every download (or those `select` picks), made in or found in `cache_dir`; needs the staged
    pages, not the site, so it can run while the site is being built (`site`: what the site stage
    says of how it reads Markdown and how it is copied for disk)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    extensions, configs = site.markdown_extensions, site.markdown_configs
    stores = {code: FragmentStore(assembly.staging / code, extensions, configs, cache_dir / "fragments")
              for code in assembly.languages}
    made = _Parts(stores, project.settings.default_language)
    result = DownloadsResult()
    plans: list[_PdfPlan] = []
    documents: list[tuple[Output, str]] = []
    cards: list[tuple[str, FitJob]] = []
    bundles: dict[str, str] = {}
    for code in assembly.languages:
        prefix = "" if code == project.settings.default_language else f"{code}/"
        for output in plan_outputs(project, code):
            if select and not select(output):
                continue
            if output.kind in DOCX_KINDS:
                documents.append((output, prefix + output.path))
            elif output.kind is Kind.POCKET_CARD:
                cards.append(_pocket_card(project, output, prefix + output.path, cache_dir))
            elif output.kind is Kind.OFFLINE:
                bundles[code] = prefix + output.path
            else:
                plans.append(_plan_pdf(project, output, made, prefix + output.path))

    def write_documents() -> None:
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        for output, site_path in documents:
            make = _docx if output.kind is Kind.SESSION_DOCX else _course_docx
            result.cached[site_path] = make(project, output, cache_dir, md, result, site_path)

    with _pool(workers) as pool:
        _lay_out_parts(plans, cache_dir, pool, result, meanwhile=write_documents)
        missing_cards = {job.target: job for _, job in cards if not job.target.exists()}
        for rendered in pool.map(render_fitting, missing_cards.values()):
            _count(rendered, result)
            result.rendered.append(rendered.label)
        result.cached.update((site_path, job.target) for site_path, job in cards)
        jobs = _assembly_jobs(plans, cache_dir, pool, result)
        missing = {job.target: job for job in jobs if not job.target.exists()}
        for joined in pool.map(assemble_pdf, missing.values()):
            result.rendered.append(joined.label)
            result.pages_written += joined.pages
    result.cached.update((plan.site_path, job.target) for job, plan in zip(jobs, plans))
    result.offline = plan_bundles(bundles, project.settings.default_language, project.settings.site_url,
                                  lambda code: f"{OFFLINE_NAME}-{code}", site.offline,
                                  {code: project.ui(code).labels["online-only"] for code in bundles})
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


def _plan_pdf(project: Project, output: Output, made: "_Parts", site_path: str) -> _PdfPlan:
    code = output.language
    labels = project.ui(code).labels
    parts = [made.get(page, code) for page in output.pages]
    if output.kind in (Kind.MANUAL, Kind.AUDIENCE_MANUAL):
        cover = _cover(project, output)
        about = about_html(code, cover.title, _about(project, output), labels) \
            if output.kind is Kind.AUDIENCE_MANUAL else ""
        return _PdfPlan(output, site_path, f"{cover.title} · {cover.subtitle}", parts, (cover, labels),
                        _notices(labels), about)
    if output.kind is Kind.HANDOUTS:
        module = made.stores[code].get(f"modules/{output.key}/index.md").title
        title = f"{module} · {labels.get('handouts-pack', 'handouts-pack')}"
    else:
        title = parts[0].title
    return _PdfPlan(output, site_path, title, parts, None, _notices(labels))


def _pocket_card(project: Project, output: Output, site_path: str, cache_dir: Path) -> tuple[str, FitJob]:
    referral = project.referral_for(output.language)
    record = f"referral/countries/{output.key}.yml"
    translated = (output.language == project.settings.default_language
                  or project.translation_state(output.language, record) is not State.MISSING)
    variants = pocket_variants(referral, referral.countries[output.key], project.ui(output.language).labels,
                               output.language, clock.today(),
                               None if translated else project.settings.default_language)
    key = content_key("\n".join(variants))
    pages = pocket_pages(referral, referral.countries[output.key], clock.today())
    return site_path, FitJob(variants, cache_dir / f"{key}.pdf", site_path, pages)


def _notices(labels: dict[str, str]) -> dict[str, str]:
    return {"fallback": labels.get("not-translated", ""), "outdated": labels.get("outdated-translation", "")}


class _Parts:
    """Staged pages as laid out for a language, each made once: the default language's part
    stands in for an untranslated page, so every language shares it."""

    def __init__(self, stores: dict[str, FragmentStore], default: str):
        self.stores = stores
        self.default = default
        self._made: dict[tuple[str, str], Part] = {}

    def get(self, page: str, code: str) -> Part:
        if (page, code) not in self._made:
            self._made[page, code] = self._make(page, code)
        return self._made[page, code]

    def _make(self, page: str, code: str) -> Part:
        fragment = self.stores[code].get(page)
        fallback = fragment.fallback and code != self.default
        lang = self.default if fallback else code
        if fallback:
            fragment = self.stores[lang].get(page)
        pieces = page.split("/")
        in_module = pieces[0] == "modules" and len(pieces) > 2
        chapter = self.stores[lang].get(f"modules/{pieces[1]}/index.md").title if in_module else fragment.title
        return part_html(fragment, lang, fallback, chapter)


def _lay_out_parts(plans: list[_PdfPlan], cache_dir: Path, pool: Executor, result: DownloadsResult,
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
        return cache_dir / f"{content_key(self.html)}.pdf"


def _assembly_jobs(plans: list[_PdfPlan], cache_dir: Path, pool: Executor, result: DownloadsResult) -> list[AssemblyJob]:
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


def _front(plan: _PdfPlan, counts: dict[str, int], front_pages: int, about_pages: int = 0) -> _Document:
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


def _guess_front_pages(plan: _PdfPlan) -> int:
    lines = sum(1 for part in plan.parts if part.role in ("module", "page", "session")) + 2 + bool(plan.about)
    return 1 + -(-lines // LINES_PER_CONTENTS_PAGE)


def _render_missing(documents: list[_Document], cache_dir: Path, pool: Executor, result: DownloadsResult) -> None:
    jobs = {document.pdf(cache_dir): RenderJob(document.html, document.pdf(cache_dir), "front matter")
            for document in documents if not document.pdf(cache_dir).exists()}
    for rendered in pool.map(render_pdf, jobs.values()):
        _count(rendered, result)


def _job(plan: _PdfPlan, front: _Document | None, about: _Document | None, numbers: _Document,
         notices: dict[str, _Document], cache_dir: Path) -> AssemblyJob:
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
    recipe = json.dumps([ASSEMBLER_VERSION, lang, plan.title, first_numbered, numbers_pdf.name,
                         [(kind, pdf.name) for kind, pdf in notice_pdfs],
                         [(p.pdf.name, p.lang, p.title, p.level, p.notice, p.outline_page) for p in pieces]],
                        ensure_ascii=False)
    target = cache_dir / f"{hashlib.sha256(recipe.encode()).hexdigest()[:32]}.pdf"
    return AssemblyJob(target, lang, plan.title, tuple(pieces), numbers_pdf, notice_pdfs, first_numbered,
                       plan.site_path)


def _count(rendered, result: DownloadsResult) -> None:
    result.pages_laid_out += rendered.pages
    result.laid_out.append(rendered.label)
    result.warnings += [f"{rendered.label}: {warning}" for warning in rendered.warnings]


def _pool(workers: int | None) -> ProcessPoolExecutor:
    count = max(1, workers or os.cpu_count() or 1)
    return ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn"))


def _docx(project: Project, output: Output, cache_dir: Path, md: markdown.Markdown,
          result: DownloadsResult, site_path: str) -> Path:
    source = _session_source(project, output.language, output.key)
    key = content_key(json.dumps([DOCX_FORMAT, source.language, source.plan.model_dump(mode="json"), source.module.title,
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
    key = content_key(json.dumps([DOCX_FORMAT, output.kind.value, code, _shown(output.kind, view), labels, titles],
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


def _session_source(project: Project, code: str, session_id: str) -> SessionSource:
    rel = project.by_id(SessionPlan)[session_id].rel
    plan_doc, fallback = project.localised(code, rel)
    plan = plan_doc.meta
    corpus = project.translations.get(code)
    english = not fallback and code != project.settings.default_language and corpus is not None and \
        safeguarding_untranslated(project.source.docs[rel], corpus.docs.get(rel))
    module = project.localised(code, project.by_id(Module)[plan.module].rel)[0].meta
    all_handouts = project.by_id(Handout)
    handouts = []
    for handout_id in plan.handouts:
        doc = project.localised(code, all_handouts[handout_id].rel)[0]
        handouts.append((doc.meta, doc.body))
    titles = {key: c.title for key, c in project.data(code, "competencies").items()}
    return SessionSource(code, plan, module, plan_doc.body, tuple(handouts), project.ui(code), titles, fallback,
                         project.settings.default_language if english else "")


def _cover(project: Project, output: Output) -> Cover:
    labels = project.ui(output.language).labels
    label = lambda key: labels.get(key, key)  # noqa: E731
    modules = project.modules
    edition = max((m.meta.version for m in modules), default="1.0")
    date = max((m.meta.last_reviewed for m in modules)).isoformat() if modules else ""
    if output.kind is Kind.MANUAL:
        subtitle = label("whole-course")
    else:
        subtitle = f"{label('manual-for')}: {project.ui(output.language).audiences.get(output.key, output.key)}"
    return Cover(label("site-name"), subtitle, project.settings.language(output.language).name, edition, date)


def _about(project: Project, output: Output) -> About:
    """What the manual for `output.key` holds and leaves out, in the reader's language."""
    code = output.language
    names = project.ui(code).audiences
    source = project.settings.default_language
    modules = {m.meta.id: project.localised(code, m.overview.rel) for m in project.modules}
    selection = audience_selection(project, Audience(output.key))

    def item(doc, left_out: bool = False) -> AboutItem:
        localised, fallback = project.localised(code, doc.rel)
        plan = localised.meta
        module, module_fallback = modules[plan.module]
        return AboutItem(plan.title, module.meta.title,
                         tuple(names.get(a, a.value) for a in plan.audiences) if left_out else (),
                         source if fallback else "", source if module_fallback else "")

    return About(names.get(selection.audience, output.key),
                 len(selection.core) + len(selection.own) + len(selection.left_out),
                 tuple(map(item, selection.core)), tuple(map(item, selection.own)),
                 tuple(item(doc, True) for doc in selection.left_out))


def _place(cached: Path, target: Path) -> None:
    """Hard-link from the cache when possible: no copy for unchanged outputs."""
    if target.exists():
        target.unlink()
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)
