"""What the downloads stage makes, planned from the project and the staged pages; nothing is laid
out or written here (make.py does that).

Every download of every language (or those a selection picks) is planned: a PDF as its
parts, each staged page laid out once per language (an untranslated page is the default
language's part, shared by every language), and for a manual its cover, contents labels
and introduction; a pocket card as the layouts to fit on its faces; a DOCX as its output;
each language's offline copy as a bundle of the built site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ctmanual import clock
from ctmanual.downloads.compose import About, AboutItem, Cover, Part, about_html, part_html
from ctmanual.downloads.docx import SessionSource
from ctmanual.downloads.fragments import FragmentStore
from ctmanual.downloads.offline import OfflineBundle, plan_bundles
from ctmanual.downloads.pdf import FitJob
from ctmanual.downloads.pocket import pocket_pages, pocket_variants
from ctmanual.model import Audience, Handout, Module, SessionPlan
from ctmanual.outputs import DOCX_KINDS, OFFLINE_NAME, Kind, Output, audience_selection, plan_outputs
from ctmanual.project import Project, safeguarding_untranslated
from ctmanual.site_facts import OfflineRules
from ctmanual.staging import Assembly
from ctmanual.translation_state import State
from ctmanual.urls import language_prefix
from ctmanual.versions import PDF_LAYOUT, cache_key


@dataclass
class PdfPlan:
    output: Output
    site_path: str  # where it goes, relative to the site's root
    title: str
    parts: list[Part]
    front: tuple[Cover, dict[str, str]] | None = None  # cover and labels, for manuals
    notices: dict[str, str] = field(default_factory=dict)  # notice kind -> its text in the reader's language
    about: str = ""  # a manual for one audience: print HTML of its introduction (what it holds, leaves out)


@dataclass
class DownloadPlan:
    pdfs: list[PdfPlan] = field(default_factory=list)
    documents: list[tuple[Output, str]] = field(default_factory=list)  # DOCX files: output, site path
    cards: list[tuple[str, FitJob]] = field(default_factory=list)  # pocket cards: site path, layout
    bundles: list[OfflineBundle] = field(default_factory=list)  # offline copies, zipped from the built site


def plan_downloads(project: Project, assembly: Assembly, stores: dict[str, FragmentStore], offline: OfflineRules,
                   cache_dir: Path, select: Callable[[Output], bool] | None = None) -> DownloadPlan:
    """Every download of the assembled languages (or those `select` picks); `stores` hold each
    language's staged pages as print fragments, `offline` what the site engine's files need in an
    offline copy, `cache_dir` is where pocket cards are kept."""
    parts = _Parts(stores, project.settings.default_language)
    plan = DownloadPlan()
    bundles: dict[str, str] = {}
    for code in assembly.languages:
        prefix = language_prefix(code, project.settings.default_language)
        for output in plan_outputs(project, code):
            if select and not select(output):
                continue
            if output.kind in DOCX_KINDS:
                plan.documents.append((output, prefix + output.path))
            elif output.kind is Kind.POCKET_CARD:
                plan.cards.append(_pocket_card(project, output, prefix + output.path, cache_dir))
            elif output.kind is Kind.OFFLINE:
                bundles[code] = prefix + output.path
            else:
                plan.pdfs.append(_plan_pdf(project, output, parts, prefix + output.path))
    plan.bundles = plan_bundles(bundles, project.settings.default_language, project.settings.site_url,
                                lambda code: f"{OFFLINE_NAME}-{code}", offline,
                                {code: project.ui(code).labels["online-only"] for code in bundles})
    return plan


def _plan_pdf(project: Project, output: Output, made: "_Parts", site_path: str) -> PdfPlan:
    code = output.language
    labels = project.ui(code).labels
    parts = [made.get(page, code) for page in output.pages]
    if output.kind in (Kind.MANUAL, Kind.AUDIENCE_MANUAL):
        cover = _cover(project, output)
        about = about_html(code, cover.title, _about(project, output), labels) \
            if output.kind is Kind.AUDIENCE_MANUAL else ""
        return PdfPlan(output, site_path, f"{cover.title} · {cover.subtitle}", parts, (cover, labels),
                        _notices(labels), about)
    if output.kind is Kind.HANDOUTS:
        module = made.stores[code].get(f"modules/{output.key}/index.md").title
        title = f"{module} · {labels.get('handouts-pack', 'handouts-pack')}"
    else:
        title = parts[0].title
    return PdfPlan(output, site_path, title, parts, None, _notices(labels))


def _pocket_card(project: Project, output: Output, site_path: str, cache_dir: Path) -> tuple[str, FitJob]:
    referral = project.referral_for(output.language)
    record = f"referral/countries/{output.key}.yml"
    translated = (output.language == project.settings.default_language
                  or project.translation_state(output.language, record) is not State.MISSING)
    variants = pocket_variants(referral, referral.countries[output.key], project.ui(output.language).labels,
                               output.language, clock.today(),
                               None if translated else project.settings.default_language)
    key = cache_key(PDF_LAYOUT, *variants)
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


def session_source(project: Project, code: str, session_id: str) -> SessionSource:
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
