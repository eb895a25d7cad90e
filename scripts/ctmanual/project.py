"""The loaded project: documents and data per language, and how a translation is applied.

Pure data and pure functions: the loader fills these, the assembler reads them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ctmanual.model import (
    Competency,
    GlossaryEntry,
    Handout,
    Module,
    Page,
    Person,
    SessionPlan,
    Source,
    UiStrings,
)
from ctmanual.model_course import PLANS_FILE, Assessment, AssessmentPlan, Course
from ctmanual.model_referral import Country, Indicators, Referral, Transnational, Vocabulary
from ctmanual.reader_guides import TRANSLATED_FIELDS as GUIDE_FIELDS
from ctmanual.settings import COURSES_PREFIX, GUIDES_PREFIX, REFERRAL_PREFIX, Settings
from ctmanual.translation_merge import merge_translation, translatable_names
from ctmanual.translation_state import FileFacts, FileState, State, file_states, state_of

TRANSLATED_SUFFIXES = (".md", ".yml")


def translatable_fields(rel: str) -> frozenset[str]:
    """The YAML keys whose string values a translator translates in the file at `rel` (declared on the
    models: translation_merge.py)."""
    if rel.startswith(REFERRAL_PREFIX):
        return translatable_names(Vocabulary, Indicators, Country, Transnational)
    if rel.startswith(COURSES_PREFIX):
        return translatable_names(Course)
    if rel.startswith(GUIDES_PREFIX):
        return GUIDE_FIELDS
    if rel.endswith("/assessment.yml"):
        return translatable_names(Assessment)
    if rel == PLANS_FILE:
        return translatable_names(AssessmentPlan)
    return translatable_names(Module, SessionPlan, Handout, Page, Competency, Source, GlossaryEntry)


@dataclass(frozen=True)
class Document:
    """One Markdown file with front matter."""

    path: Path
    rel: str
    meta: BaseModel
    body: str
    body_line: int
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict, compare=False, repr=False)
    # Every id link in the file, front matter and body: (scheme, target, line). Found when the file is
    # parsed (and so cached with it); the loader checks the targets exist.
    links: tuple[tuple[str, str, int], ...] = field(default=(), compare=False, repr=False)
    # The fingerprint token of `meta` (fingerprint.py), made when the file was parsed or derived from the
    # source's and the translation's when merged; b"" when unknown. Saves digesting every model per build.
    meta_token: bytes = field(default=b"", compare=False, repr=False)

    def line_of(self, *loc: Any) -> int:
        """Line of a front matter field, falling back to the nearest enclosing one."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


@dataclass
class Corpus:
    """The content of one language: the source language is complete, a translation partial."""

    language: str
    docs: dict[str, Document] = field(default_factory=dict)
    ui: UiStrings | None = None
    competencies: dict[str, Competency] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # files present but unreadable
    files: dict[str, FileFacts] = field(default_factory=dict)  # every file read: hash, words, translation record
    referral: Referral | None = None  # referral guidance; in a translation, its text laid over the source
    assessments: dict[str, Assessment] = field(default_factory=dict)  # by module id
    assessment_files: dict[str, tuple] = field(default_factory=dict)  # module id -> (path, assessment, lines)
    data_lines: dict[str, dict] = field(default_factory=dict)  # data file -> line of each key path
    courses: dict[str, Course] = field(default_factory=dict)  # by id; in a translation, title and summary laid over
    people: dict[str, Person] = field(default_factory=dict)  # the register of fictional people (source only)
    # Assessment plans by audience id (modules/assessment-plans.yml); in a translation, its own wording.
    assessment_plans: dict[str, AssessmentPlan] = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleContent:
    overview: Document
    sessions: tuple[Document, ...]
    handouts: tuple[Document, ...]

    @property
    def meta(self) -> Module:
        assert isinstance(self.overview.meta, Module)
        return self.overview.meta


@dataclass
class Project:
    settings: Settings
    source: Corpus
    translations: dict[str, Corpus]

    @property
    def modules(self) -> list[ModuleContent]:
        """The modules in catalogue order. Read everywhere, so made once per set of documents (the
        loader adds documents; nothing replaces one after loading)."""
        return list(self._memo("modules", self._modules))

    def _modules(self) -> list[ModuleContent]:
        overviews = [d for d in self.source.docs.values() if isinstance(d.meta, Module)]
        folders: dict[str, list[Document]] = {}
        for rel, doc in self.source.docs.items():
            parts = rel.split("/")
            for depth in range(1, len(parts)):
                folders.setdefault("/".join(parts[:depth]) + "/", []).append(doc)
        result = []
        for overview in sorted(overviews, key=lambda d: (d.meta.order, d.meta.id)):
            folder = overview.rel.rsplit("/", 1)[0] + "/"
            sessions = tuple(sorted(_of_kind(folders.get(folder + "sessions/", []), SessionPlan), key=_session_key))
            handouts = _in_order_of_use(_of_kind(folders.get(folder + "handouts/", []), Handout), sessions)
            result.append(ModuleContent(overview, sessions, handouts))
        return result

    def by_id(self, kind: type) -> dict[str, Document]:
        """Source documents of one kind (Module, SessionPlan, Handout) by id."""
        return dict(self._memo(f"by_id:{kind.__qualname__}",
                               lambda: {d.meta.id: d for d in self.source.docs.values() if isinstance(d.meta, kind)}))

    def _memo(self, name: str, make):
        """`make()`, made again only when the set of source documents changed (the loader adds
        documents; nothing replaces one after loading)."""
        key = (id(self.source.docs), len(self.source.docs))
        memo = self.__dict__.setdefault("_memo_by_docs", {})
        if name not in memo or memo[name][0] != key:
            memo[name] = (key, make())
        return memo[name][1]

    @property
    def pages(self) -> dict[str, Document]:
        return {rel: d for rel, d in self.source.docs.items() if isinstance(d.meta, Page)}

    def localised(self, language: str, rel: str) -> tuple[Document, bool]:
        """The document as a reader of `language` sees it, and whether it fell back to the source."""
        source = self.source.docs[rel]
        if language == self.settings.default_language:
            return source, False
        translated = self.translations.get(language, Corpus(language)).docs.get(rel)
        if translated is None:
            return source, True
        return apply_translation(source, translated), False

    def translation_state(self, language: str, rel: str) -> State:
        """How the `language` translation of the source file `rel` stands (see translation_state.py)."""
        corpus = self.translations.get(language)
        return state_of(self.source.files[rel], corpus.files.get(rel) if corpus else None)

    def referral_for(self, language: str) -> Referral | None:
        """The referral guidance as a reader of `language` sees it."""
        corpus = self.translations.get(language)
        return (corpus.referral if corpus is not None and corpus.referral is not None else None) or self.source.referral

    def assessment_for(self, language: str, module: str) -> tuple[Assessment | None, bool]:
        """A module's assessment as a reader of `language` sees it, and whether it fell back."""
        source = self.source.assessments.get(module)
        corpus = self.translations.get(language)
        if source is None or language == self.settings.default_language:
            return source, False
        theirs = corpus.assessments.get(module) if corpus else None
        return (merge_translation(source, theirs), False) if theirs else (source, True)

    def assessment_plan_for(self, language: str, audience: str) -> tuple[AssessmentPlan | None, bool]:
        """An audience's assessment plan as a reader of `language` sees it (ids, pass mark and lists from
        the source, summary and re-sit rule translated), and whether it fell back."""
        source = self.source.assessment_plans.get(audience)
        if source is None or language == self.settings.default_language:
            return source, False
        corpus = self.translations.get(language)
        theirs = corpus.assessment_plans.get(audience) if corpus else None
        if theirs is None:
            return source, True
        return merge_translation(source, theirs), False

    def course_for(self, language: str, course: str) -> Course:
        corpus = self.translations.get(language)
        return corpus.courses.get(course, self.source.courses[course]) if corpus else self.source.courses[course]

    def translation_states(self, language: str) -> list[FileState]:
        corpus = self.translations.get(language, Corpus(language))
        translatable = {rel: facts for rel, facts in self.source.files.items() if rel.endswith(TRANSLATED_SUFFIXES)}
        return file_states(translatable, corpus.files)

    def data(self, language: str, name: str) -> dict[str, Any]:
        """A data table (competencies, sources, glossary) with translated records merged in."""
        table: dict[str, Any] = getattr(self.source, name)
        corpus = self.translations.get(language)
        if corpus is None or language == self.settings.default_language:
            return table
        theirs: dict[str, Any] = getattr(corpus, name)
        return {key: merge_translation(value, theirs.get(key)) for key, value in table.items()}

    def ui(self, language: str) -> UiStrings:
        """The language's labels; any label it has not translated yet comes from the source."""
        source = self.source.ui
        assert source is not None
        corpus = self.translations.get(language)
        theirs = corpus.ui if corpus is not None else None
        if theirs is None or language == self.settings.default_language:
            return source
        return UiStrings(
            labels={**source.labels, **theirs.labels},
            audiences={**source.audiences, **theirs.audiences},
            methods={**source.methods, **theirs.methods},
            competency_areas={**source.competency_areas, **theirs.competency_areas},
            handout_kinds={**source.handout_kinds, **theirs.handout_kinds},
        )


def _of_kind(docs: list[Document], kind: type) -> tuple[Document, ...]:
    return tuple(sorted((d for d in docs if isinstance(d.meta, kind)), key=lambda d: d.rel))


def _session_key(doc: Document) -> tuple:
    order = doc.meta.order
    return (order is None, order or 0, doc.meta.id)


def _in_order_of_use(handouts: tuple[Document, ...], sessions: tuple[Document, ...]) -> tuple[Document, ...]:
    """Handouts in the order the module's sessions first use them."""
    used = [h for s in sessions for h in s.meta.handouts]
    position = {h: used.index(h) for h in set(used)}
    return tuple(sorted(handouts, key=lambda d: (position.get(d.meta.id, len(used)), d.meta.id)))


def apply_translation(source: Document, translated: Document) -> Document:
    """Keep the source's structure and take the translator's words."""
    meta = merge_translation(source.meta, translated.meta)
    token = b"m" + hashlib.blake2b(source.meta_token + translated.meta_token, digest_size=16).digest() \
        if source.meta_token and translated.meta_token else b""
    return Document(translated.path, source.rel, meta, translated.body, translated.body_line, translated.lines,
                    translated.links, token)


def safeguarding_untranslated(source: Document, translated: Document | None) -> bool:
    """The source plan has a safeguarding block that its translation lacks (made before the block was
    added): the reader sees the source's block, in the source language."""
    return (translated is not None and getattr(source.meta, "safeguarding", None) is not None
            and getattr(translated.meta, "safeguarding", "") is None)
