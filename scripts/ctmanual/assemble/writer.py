"""The writer of one language's staged pages: each page made from its template, or kept from the
last build when made from the same inputs (fingerprinted: fingerprint.py; staged.py keeps the files).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from ctmanual.assemble.download_marks import translation_marks
from ctmanual.assemble.guides import Guide, read_guide
from ctmanual.assemble.paths import (CATALOGUE, COMPETENCIES, DOWNLOADS, GLOSSARY, HOME, PRINCIPLES, SOURCES, STATUS,
                                     SiteMap)
from ctmanual.assemble.referral import referral_nav, write_referral
from ctmanual.assemble.render import render
from ctmanual.assemble.staged import StagedFolder
from ctmanual.assemble.training import knowledge_check_page, training_nav, write_training
from ctmanual.course_views import agenda_page, assessment_page, audiences_taught, course_view, profile_page
from ctmanual.fingerprint import Fingerprint, Unfingerprintable
from ctmanual.model import Audience, CompetencyArea, Handout, Module, SessionPlan
from ctmanual.model_course import PLANS_FILE
from ctmanual.outputs import Kind, plan_outputs
from ctmanual.project import Document, ModuleContent, Project, safeguarding_untranslated
from ctmanual.referral_views import INDICATORS, LOOKUP, country_page
from ctmanual.settings import GUIDES_PREFIX
from ctmanual.staging import NavItem
from ctmanual.translation_state import GroupSummary, State, summarise
from ctmanual.urls import default_language_url, href, to_site_root
from ctmanual.versions import STAGED_PAGES, cache_key

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml: the same text, faster
    """A value used twice is written twice: the readers of the staged pages refuse anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True
# Set to 1 (the tests do): every page reused from the last build is also made again and compared, and a
# difference stops the build (StalePage). A safety net for the page keys; it costs what reuse saves.
CHECK_REUSE = "CTMANUAL_CHECK_REUSE"


class PageWriter:
    """Writes the staged pages of one language; the page writers of assemble/ (referral.py,
    training.py, download_marks.py) write theirs through `generate` and read what it holds."""

    def __init__(self, project: Project, sitemap: SiteMap, code: str, folder: StagedFolder,
                 fingerprint: Fingerprint, summaries: dict[str, list[GroupSummary]]):
        """`fingerprint` and `summaries` (translation states by language) are shared by the writers
        of one build: each is the same for every reader's language."""
        self.project, self.sitemap, self.code, self.folder = project, sitemap, code, folder
        self.fingerprint, self.summaries = fingerprint, summaries
        self.ui = project.ui(code)
        self.pages: dict[str, bool] = {}
        self.titles: dict[str, str] = {}
        self._shared: dict | None = None
        self._shared_key: bytes | None = None
        self._docs: dict[str, tuple[Document, bool]] = {}
        self.made = 0
        self.check_reuse = os.environ.get(CHECK_REUSE) == "1"
        self.outputs = plan_outputs(project, code)
        self.files = {(o.kind, o.key): o.path for o in self.outputs}

    def write_all(self, guides: list[Guide]) -> None:
        for module in self.project.modules:
            self._module(module)
        for rel in self.project.pages:
            self._page(rel)
        for guide in guides:  # before the status page, which lists the guides by their titles
            self._guide(guide)
        self._generated()
        self._copy_guide_images()

    def _copy_guide_images(self) -> None:
        """Screenshots the guides show (docs/images/), beside the guides of every language."""
        images = self.project.settings.guides_dir / "images"
        if images.is_dir():
            for image in sorted(p for p in images.rglob("*") if p.is_file()):
                self.folder.write(f"{self.code}/guides/images/{image.relative_to(images).as_posix()}", image.read_bytes())
        self._download_placeholders()

    def _download_placeholders(self) -> None:
        """Empty files where the downloads will be, so links to them are checked like any other link.

        The downloads stage writes the real files over them in the built site."""
        for output in self.outputs:
            self.folder.write(f"{self.code}/{output.path}", b"")

    def nav(self, guides: list[Guide]) -> list[NavItem]:
        label = self.ui.labels.get
        modules: list[NavItem] = [(None, CATALOGUE)]
        for module in self.project.modules:
            title = self._doc(module.overview.rel)[0].meta.title
            sessions = [(None, self.sitemap.staged(d.rel)) for d in module.sessions]
            handouts = [(None, self.sitemap.staged(d.rel)) for d in module.handouts]
            assessed = module.meta.id in self.project.source.assessments
            checks = [(None, assessment_page(module.meta.id)), (None, knowledge_check_page(module.meta.id))]
            modules.append((title, [
                (None, self.sitemap.staged(module.overview.rel)),
                (label("session-plans", "Session plans"), sessions),
                (label("handouts", "Handouts"), handouts),
                *([(label("assessment", "Assessment"), checks)] if assessed else []),
            ]))
        return [
            (None, HOME),
            (label("modules", "Modules"), modules),
            (None, PRINCIPLES),
            (None, DOWNLOADS),
            (label("glossary", "Glossary"), [(None, GLOSSARY), (None, COMPETENCIES), (None, SOURCES)]),
            *training_nav(self.project, self.ui.labels),
            *referral_nav(self.project.referral_for(self.code), self.ui.labels),
            (label("guides", "Guides"), [*[(None, f"guides/{g.name}") for g in guides], (None, STATUS)]),
        ]

    def _doc(self, rel: str) -> tuple[Document, bool]:
        """The document as this language's reader sees it (made once: a translation is merged)."""
        if rel not in self._docs:
            doc, fallback = self._docs[rel] = self.project.localised(self.code, rel)
            if doc.meta_token:
                self.fingerprint.know(doc.meta, doc.meta_token)
        return self._docs[rel]

    def _module(self, module: ModuleContent) -> None:
        overview, fallback = self._doc(module.overview.rel)
        sessions = [self._doc(d.rel)[0].meta for d in module.sessions]
        handouts = [self._doc(d.rel)[0].meta for d in module.handouts]
        self._render("module.md.j2", overview, fallback, module=overview.meta, sessions=sessions, module_handouts=handouts)
        for doc in module.sessions:
            plan, fb = self._doc(doc.rel)
            corpus = self.project.translations.get(self.code)
            english = not fb and self.code != self.project.settings.default_language and corpus is not None \
                and safeguarding_untranslated(doc, corpus.docs.get(doc.rel))
            self._render("session.md.j2", plan, fb, plan=plan.meta, module=overview.meta,
                         safeguarding_untranslated=english)
        for doc in module.handouts:
            handout, fb = self._doc(doc.rel)
            users = [s for s in sessions if handout.meta.id in s.handouts]
            self._render("handout.md.j2", handout, fb, handout=handout.meta, module=overview.meta, used_in=users)

    def _page(self, rel: str) -> None:
        doc, fallback = self._doc(rel)
        self._render("page.md.j2", doc, fallback, title=doc.meta.title)

    def _generated(self) -> None:
        entries = [
            ModuleView(self._doc(m.overview.rel)[0].meta, [self._doc(s.rel)[0].meta for s in m.sessions])
            for m in self.project.modules
        ]
        competencies = self.project.data(self.code, "competencies")
        glossary = self.project.data(self.code, "glossary")
        sources = self.project.data(self.code, "sources")
        taught = {c: [s for e in entries for s in e.sessions if c in s.competencies] for c in competencies}
        areas = [(area, [c for c in competencies.values() if c.area == area]) for area in CompetencyArea]
        label = self.ui.labels.get
        catalogue_translated = any(not self._doc(m.overview.rel)[1] for m in self.project.modules)
        self.generate(CATALOGUE, label("module-catalogue"), "catalogue.md.j2", not catalogue_translated,
                       entries=entries)
        self.generate(GLOSSARY, label("glossary"), "glossary.md.j2", self._untranslated("glossary"),
                       entries=sorted(glossary.values(), key=lambda e: e.term.casefold()), glossary=glossary)
        self.generate(COMPETENCIES, label("competency-framework"), "competencies.md.j2",
                       self._untranslated("competencies"), areas=areas, taught_in=taught)
        self.generate(SOURCES, label("sources"), "sources.md.j2", self._untranslated("sources"),
                       entries=list(sources.values()))
        referral = self.project.referral_for(self.code)
        pockets = [(c, self.files[Kind.POCKET_CARD, c.id]) for c in referral.countries.values()] if referral else []
        courses = [course_view(self.project, self.code, c) for c in self.project.source.courses]
        self.generate(DOWNLOADS, label("downloads"), "downloads.md.j2", False, entries=entries,
                       audiences=list(Audience), outputs=self.outputs, pockets=pockets,
                       country_pages={c.id: country_page(c.id) for c, _ in pockets},
                       courses=courses, course_pages={v.course.id: agenda_page(v.course.id) for v in courses},
                       profiles=[(a, profile_page(a)) for a in audiences_taught(self.project)],
                       marks=translation_marks(self, self.outputs),
                       untranslated_modules=frozenset(m.meta.id for m in self.project.modules
                                                      if self.fallback_of(m.overview.rel)))
        if referral is not None:
            write_referral(self, referral)
        write_training(self, entries)
        self.generate(STATUS, label("translation-status"), "status.md.j2", False, languages=self._status())

    def fallback_of(self, rel: str) -> bool:
        if self.code == self.project.settings.default_language:
            return False
        return self.project.translation_state(self.code, rel) is State.MISSING

    def _status(self) -> list[tuple]:
        """Per translation language: its name; per group of files (pages, each module, courses,
        referral, data) the summary of translation states, titled in the reader's language; and the
        files still to do, per state (outdated, in progress, missing) and group, each with its title,
        a link to its page in the default language and its path for `ctmanual i18n`."""
        settings = self.project.settings
        titles = {m.meta.id: self._doc(m.overview.rel)[0].meta.title for m in self.project.modules}
        order = {module_id: index for index, module_id in enumerate(titles)}
        label = self.ui.labels.get
        names = {**titles, "pages": label("group-pages", "pages"), "data": label("group-data", "data"),
                 "referral": label("referral", "referral"), "courses": label("courses", "courses"),
                 "guides": label("guides", "guides")}
        result = []
        for code in (c for c in settings.codes if c != settings.default_language):
            if code not in self.summaries:
                self.summaries[code] = summarise(self.project.translation_states(code))
            groups = list(self.summaries[code])
            groups.sort(key=lambda g: (g.group == "data", g.group == "guides", g.group == "referral", g.group == "courses",
                                       g.group != "pages", order.get(g.group, 0)))
            rank = {g.group: index for index, g in enumerate(groups)}
            todo: dict[str, dict[str, list[StatusFile]]] = {"outdated": {}, "draft": {}, "missing": {}}
            for item in sorted(self.project.translation_states(code), key=lambda i: (rank[i.group], i.rel)):
                state = _TODO.get(item.state)
                if state is not None:
                    todo[state].setdefault(names.get(item.group, item.group), []).append(self._status_file(item.rel))
            result.append((settings.language(code), [(names.get(g.group, g.group), g) for g in groups],
                           [(state, list(by_group.items())) for state, by_group in todo.items() if by_group]))
        return result

    def _status_file(self, rel: str) -> StatusFile:
        """A translatable file on the status page: its title in the reader's language, the link (from
        the status page) to the page that shows it in the default language, and its project path."""
        settings, label = self.project.settings, self.ui.labels.get
        referral = self.project.referral_for(self.code)
        countries = referral.countries if referral else {}
        modules = {m.meta.id: m for m in self.project.modules}
        page, title, foreign = None, rel, False
        parts = rel.removesuffix(".md").removesuffix(".yml").split("/")
        if rel.startswith(GUIDES_PREFIX):
            page, title, foreign = rel, self.titles[rel], self.fallback_of(rel)
        elif rel.endswith(".md"):
            (doc, foreign), page = self._doc(rel), self.sitemap.staged(rel)
            title = doc.meta.title
        elif rel.startswith("referral/countries/") and parts[-1] in countries:
            page, title, foreign = country_page(parts[-1]), countries[parts[-1]].country, self.fallback_of(rel)
        elif rel.startswith("referral/transnational/") and referral and parts[-1] in referral.transnational:
            pair = referral.transnational[parts[-1]].countries
            page = country_page(pair[0])
            title = " – ".join(countries[c].country if c in countries else c for c in pair)
            foreign = any(self.fallback_of(f"referral/countries/{c}.yml") for c in pair
                          if f"referral/countries/{c}.yml" in self.project.source.files)
        elif rel == "referral/vocabulary.yml":
            page, title = LOOKUP, label("referral")
        elif rel == "referral/indicators.yml":
            page, title = INDICATORS, label("indicators")
        elif rel.startswith("courses/") and parts[-1] in self.project.source.courses:
            page, title = agenda_page(parts[-1]), self.project.course_for(self.code, parts[-1]).title
            foreign = self.fallback_of(rel)
        elif rel.endswith("/assessment.yml") and parts[0] in modules:
            (overview, foreign) = self._doc(modules[parts[0]].overview.rel)
            module = overview.meta.title
            page, title = assessment_page(parts[0]), f"{module}: {label('assessment')}"
        elif rel == PLANS_FILE and audiences_taught(self.project):
            page, title = profile_page(audiences_taught(self.project)[0]), label("assessment-plan")
        elif rel in _DATA_PAGES:
            page, title = _DATA_PAGES[rel][0], label(_DATA_PAGES[rel][1])
        elif rel == "ui.yml":
            title = label("interface-labels")
        source, root = settings.source_path(rel), settings.config_file.parent
        path = source.relative_to(root).as_posix() if source.is_relative_to(root) else rel
        up = to_site_root(self.code, settings.default_language)
        return StatusFile(title, up + href(STATUS, page) if page else "", path,
                          settings.default_language if foreign else "")

    def _untranslated(self, table: str) -> bool:
        """A generated page falls back when the language has none of its records translated."""
        if self.code == self.project.settings.default_language:
            return False
        corpus = self.project.translations.get(self.code)
        return not (corpus and getattr(corpus, table))

    def _context(self) -> dict:
        """Lookup tables every template may use, localised once per language."""
        if self._shared is None:
            self._shared = self._lookups()
        return self._shared

    def _lookups(self) -> dict:
        return {
            "competencies": self.project.data(self.code, "competencies"),
            "sources": self.project.data(self.code, "sources"),
            "modules": {m.meta.id: self._doc(m.overview.rel)[0].meta for m in self.project.modules},
            "handouts": {d.meta.id: self._doc(d.rel)[0].meta
                         for d in self.project.source.docs.values() if isinstance(d.meta, Handout)},
            "files": self.files,
            "Kind": Kind,
            "teach_targets": {**self.sitemap.modules, **self.sitemap.sessions},
            "teach_titles": {**{m.meta.id: self._doc(m.overview.rel)[0].meta.title for m in self.project.modules},
                             **{d.meta.id: self._doc(d.rel)[0].meta.title
                                for d in self.project.source.docs.values() if isinstance(d.meta, SessionPlan)}},
        }

    def _render(self, template: str, doc: Document, fallback: bool, **context) -> None:
        page = self.sitemap.staged(doc.rel)
        self._make(page, template, doc.meta.title, fallback, getattr(doc.meta, "summary", None),
                   self._outdated(doc.rel, fallback), dict(body=doc.body, source_url=default_language_url(page),
                                                           **context))

    def _outdated(self, rel: str, fallback: bool) -> bool:
        """A translation made from an older source text (or still a draft): readers are told."""
        if fallback or self.code == self.project.settings.default_language:
            return False
        return self.project.translation_state(self.code, rel) in (State.OUTDATED, State.DRAFT)

    def generate(self, page: str, title: str, template: str, fallback: bool, rel: str | None = None,
                  **context) -> None:
        """A page made from data; `rel` is the translatable file it shows, for the outdated notice."""
        outdated = rel is not None and self._outdated(rel, fallback)
        self._make(page, template, title, fallback, None, outdated,
                   dict(source_url=default_language_url(page) if outdated else "", **context))

    def _make(self, page: str, template: str, title: str, fallback: bool, summary: str | None, outdated: bool,
              context: dict) -> None:
        """Render the page, unless the staged folder holds it made from the same inputs."""
        key = self._key(page, template, title, fallback, summary, outdated, context)
        reused = self.folder.reuse(f"{self.code}/{page}", key)
        self.pages[page], self.titles[page] = fallback, title
        if reused and not self.check_reuse:
            return
        body = render(template, page, self.sitemap, self.ui, fallback=fallback, reader_lang=self.code,
                      outdated=outdated, default_lang=self.project.settings.default_language,
                      **{**self._context(), **context})
        data = self._page_bytes(title, body, fallback, summary, outdated)
        if reused:
            self._check_reused(page, data)
        else:
            self.made += 1
            self.folder.write(f"{self.code}/{page}", data, key)

    def _check_reused(self, page: str, data: bytes) -> None:
        """Checking mode (CHECK_REUSE): a reused page must be what making it again gives."""
        if (self.folder.root / self.code / page).read_bytes() != data:
            raise StalePage(f"{self.code}/{page}: reused from the last build, but making it again gives other text; "
                            "an input of this page is missing from its key (assemble.writer.PageWriter._key)")

    def _key(self, *inputs) -> str:
        """A digest of everything the page is made from: these arguments, the lookup tables, the
        site map, the language's labels and the code and templates; "" (made every time) when
        some input cannot be fingerprinted."""
        if self._shared_key is None:
            self._shared_key = self._fingerprint(cache_key(STAGED_PAGES), self.code, self.project.settings.default_language,
                                                 self.sitemap, self.ui, self._context())
        return self._fingerprint(self._shared_key, *inputs).hex() if self._shared_key else ""

    def _fingerprint(self, *values) -> bytes:
        try:
            return self.fingerprint.of(values)
        except Unfingerprintable:
            return b""

    def _guide(self, guide: Guide) -> None:
        """A guide in its translation when the language has one (current, outdated or a draft, as a
        module page), else in the source language; the notice that the page is not translated (or is
        outdated) goes under its first heading."""
        page = rel = GUIDES_PREFIX + guide.name
        fallback = self.fallback_of(rel)
        if self.code != self.project.settings.default_language and not fallback:
            guide = read_guide(self.project.settings.translations_dir / self.code / rel)
        heading, rest = "", guide.body
        first, _, after = guide.body.partition("\n")
        if first.startswith("# "):
            heading, rest = first, after
        outdated = self._outdated(rel, fallback)
        self._make(page, "guide.md.j2", guide.title, fallback, None, outdated,
                   dict(heading=heading, rest=rest, source_url=default_language_url(page) if outdated else ""))

    def _page_bytes(self, title: str, body: str, fallback: bool, summary: str | None, outdated: bool) -> bytes:
        default = self.project.settings.default_language
        meta: dict = {"title": title, "ctm": {"lang": self.code, "content_lang": default if fallback else self.code,
                                               "fallback": fallback, "outdated": outdated}}
        if summary:
            meta["description"] = summary
        front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{body}".encode("utf-8")


@dataclass(frozen=True)
class StatusFile:
    """A file still to translate or update, as the translation status page lists it."""

    title: str
    href: str  # to its page in the default language ("" when no page shows it: interface labels)
    path: str  # its path in the project, for `ctmanual i18n diff|start <lang> <path>`
    lang: str = ""  # the title's language when it is not the reader's (an untranslated title)


_TODO = {State.OUTDATED: "outdated", State.DRAFT: "draft", State.UNTRACKED: "draft", State.MISSING: "missing"}
# A data file and the page that shows it, with that page's label.
_DATA_PAGES = {"glossary.yml": (GLOSSARY, "glossary"), "competencies.yml": (COMPETENCIES, "competency-framework"),
               "sources.yml": (SOURCES, "sources")}


class StalePage(RuntimeError):
    """A page reused from the last build differs from making it again (checking mode only)."""


@dataclass(frozen=True)
class ModuleView:
    meta: Module
    sessions: list[SessionPlan]
