"""Stage 1 for referral guidance: read referral/ and its translations, check every cross-reference.

Files: `vocabulary.yml` (roles, rights, step kinds, situations), `indicators.yml`,
`countries/<id>.yml`, `transnational/<a>-<b>.yml`. Every problem names its file and line.
A translation is the same files under translations/<lang>/referral/; only the translatable
fields (declared on the models) are taken from it, laid over the source's YAML before validation so
that problems keep their lines (translation_merge.py); ids, steps and sources always come from the
source and a translation cannot change who does what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctmanual.load.facts import file_facts
from ctmanual.load.files import read_yaml, validate
from ctmanual.frontmatter import Loc, line_at
from ctmanual.model_referral import Country, Indicators, Referral, Transnational, Vocabulary
from ctmanual.problems import ProblemList
from ctmanual.settings import REFERRAL_PREFIX
from ctmanual.translation_merge import merge_translation_data
from ctmanual.translation_state import FileFacts

STALE_AFTER_DAYS = 365
_FIXED = {"vocabulary.yml": Vocabulary, "indicators.yml": Indicators}
_FOLDERS = {"countries": Country, "transnational": Transnational}


@dataclass
class RawFile:
    path: Path
    data: Any
    lines: dict[Loc, int]


@dataclass
class ReferralFiles:
    """What was read from one language's referral folder."""

    folder: Path
    raw: dict[str, RawFile] = field(default_factory=dict)  # by path relative to the referral folder
    facts: dict[str, FileFacts] = field(default_factory=dict)  # by translatable path (referral/...)
    models: dict[str, Any] = field(default_factory=dict)  # what build_referral made of each file


def read_referral_files(folder: Path, problems: ProblemList, source: ReferralFiles | None = None) -> ReferralFiles:
    files = ReferralFiles(folder)
    if not folder.is_dir():
        return files
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(folder).as_posix()
        if _schema(rel) is None:
            problems.warn(path, 1, "not a referral file: use vocabulary.yml, indicators.yml, countries/<id>.yml "
                                   "or transnational/<a>-<b>.yml")
            continue
        if source is not None and rel not in source.raw:
            problems.error(path, 1, f"no source file referral/{rel}: translations mirror it path for path")
            continue
        raw = _read(path, problems)
        if raw is not None:
            files.raw[rel] = raw
        facts = file_facts(path, REFERRAL_PREFIX + rel)
        if facts is not None:
            files.facts[REFERRAL_PREFIX + rel] = facts
    return files


def _schema(rel: str) -> Any:
    if rel in _FIXED:
        return _FIXED[rel]
    folder, _, name = rel.partition("/")
    return _FOLDERS.get(folder) if name.endswith(".yml") and "/" not in name else None


def _read(path: Path, problems: ProblemList) -> RawFile | None:
    parsed = read_yaml(path, problems)
    return RawFile(path, *parsed) if parsed is not None else None


def build_referral(files: ReferralFiles, problems: ProblemList, translation: ReferralFiles | None = None) -> Referral | None:
    """The referral data as models; with `translation`, its translatable text laid over the source."""
    models: dict[str, Any] = {}
    for rel, raw in files.raw.items():
        data = raw.data
        if translation is not None and rel in translation.raw:
            data = merge_translation_data(_schema(rel), data, translation.raw[rel].data)
        model = validate(_schema(rel), data, raw.lines, raw.path, problems)
        if model is not None:
            models[rel] = model
    if translation is None:
        files.models = models
    if "vocabulary.yml" not in models or "indicators.yml" not in models:
        if translation is None and files.raw:
            for name in ("vocabulary.yml", "indicators.yml"):
                if name not in files.raw:
                    problems.error(files.folder / name, 1, f"referral/{name} is missing: create it")
        return None
    referral = Referral(models["vocabulary.yml"], models["indicators.yml"])
    for rel, model in models.items():
        if isinstance(model, Country):
            referral.countries[model.id] = model
        elif isinstance(model, Transnational):
            referral.transnational[model.id] = model
    return referral


# --- cross-references ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Known:
    """Ids defined outside referral/ that referral data may name."""

    modules: frozenset[str]
    sessions: frozenset[str]
    sources: frozenset[str]
    complete: bool = True  # every content file loaded: a missing module id is then a real problem


def check_referral(referral: Referral, files: ReferralFiles, known: Known, today: dt.date, problems: ProblemList) -> None:
    vocab = referral.vocabulary
    roles, rights = {r.id for r in vocab.roles}, {r.id for r in vocab.rights}
    kinds, situations = {k.id for k in vocab.step_kinds}, {s.id: s for s in vocab.situations}
    _check_vocabulary(vocab, files.raw["vocabulary.yml"], kinds, rights, problems)
    _check_indicators(referral, files.raw["indicators.yml"], kinds, set(situations), problems)
    for rel, raw in files.raw.items():
        model = files.models.get(rel)
        if not isinstance(model, (Country, Transnational)):
            continue
        at = _Locator(raw, problems)
        own_sources = frozenset({s.id for s in model.sources} | known.sources)
        if isinstance(model, Country):
            if rel != f"countries/{model.id}.yml":
                at.error(("id",), f"id '{model.id}' does not match the file name: rename the file countries/{model.id}.yml")
            _check_country(model, at, roles, own_sources)
            actors = {model.id: {a.role for a in model.actors}}
        else:
            actors = _check_agreement(model, referral, at, own_sources)
        for index, pathway in enumerate(model.pathways):
            _check_pathway(pathway, ("pathways", index), at, actors, model, situations, kinds, rights, known, own_sources)
        age = (today - model.last_verified).days
        if age > STALE_AFTER_DAYS:
            at.warn(("last_verified",), f"last verified on {model.last_verified.isoformat()}, over 12 months ago: "
                                        "check the facts against the sources and update last_verified")


class _Locator:
    def __init__(self, raw: RawFile, problems: ProblemList):
        self.raw, self.problems = raw, problems

    def line(self, loc: Loc) -> int:
        return line_at(self.raw.lines, loc)

    def error(self, loc: Loc, message: str) -> None:
        self.problems.error(self.raw.path, self.line(loc), message)

    def warn(self, loc: Loc, message: str) -> None:
        self.problems.warn(self.raw.path, self.line(loc), message)


def _check_source(source: str, loc: Loc, at: _Locator, sources: set[str] | frozenset[str]) -> None:
    if source not in sources:
        at.error(loc, f"unknown source '{source}': add it to this file's `sources:` or use an id from modules/sources.yml")


def _check_country(country: Country, at: _Locator, roles: set[str], sources: frozenset[str]) -> None:
    _check_source(country.nrm.source, ("nrm", "source"), at, sources)
    _check_source(country.lead.source, ("lead", "source"), at, sources)
    seen: set[str] = set()
    for index, actor in enumerate(country.actors):
        if actor.role not in roles:
            at.error(("actors", index, "role"), f"unknown role '{actor.role}': use one of {', '.join(sorted(roles))} "
                                                "(referral/vocabulary.yml)")
        if actor.role in seen:
            at.error(("actors", index, "role"), f"role '{actor.role}' is listed twice: one entry per role")
        seen.add(actor.role)
        _check_source(actor.source, ("actors", index, "source"), at, sources)
    situations = [p.situation for p in country.pathways]
    for index, situation in enumerate(situations):
        if situations.index(situation) != index:
            at.error(("pathways", index, "situation"), f"a second pathway for '{situation}': one per situation")


def _check_agreement(agreement: Transnational, referral: Referral, at: _Locator, sources: frozenset[str]) -> dict[str, set[str]]:
    _check_source(agreement.source, ("source",), at, sources)
    actors: dict[str, set[str]] = {}
    for index, country in enumerate(agreement.countries):
        if country not in referral.countries:
            at.error(("countries", index), f"unknown country '{country}': there is no referral/countries/{country}.yml")
        else:
            actors[country] = {a.role for a in referral.countries[country].actors}
    for index, pathway in enumerate(agreement.pathways):
        for end in ("from", "to"):
            value = pathway.from_ if end == "from" else pathway.to
            if value not in agreement.countries:
                at.error(("pathways", index, end), f"'{end}: {value}' is not one of this agreement's countries "
                                                   f"({', '.join(agreement.countries)})")
    return actors


def _check_pathway(pathway, loc: Loc, at: _Locator, actors: dict[str, set[str]], model, situations, kinds: set[str],
                   rights: set[str], known: Known, sources: frozenset[str]) -> None:
    situation = situations.get(pathway.situation)
    if situation is None:
        at.error((*loc, "situation"), f"unknown situation '{pathway.situation}': use one of "
                                      f"{', '.join(situations)} (referral/vocabulary.yml)")
    elif isinstance(model, Transnational) and not situation.transnational:
        at.error((*loc, "situation"), f"'{pathway.situation}' is not a transnational situation: write its pathway in "
                                      "each country's record (referral/countries/), or use a situation marked "
                                      "`transnational: true`")
    seen: set[str] = set()
    for index, step in enumerate(pathway.steps):
        here = (*loc, "steps", index)
        if step.kind not in kinds:
            at.error((*here, "kind"), f"unknown step kind '{step.kind}': use one of {', '.join(sorted(kinds))}")
        elif step.kind in seen:
            at.error((*here, "kind"), f"step kind '{step.kind}' appears twice in this pathway: merge the steps")
        seen.add(step.kind)
        _check_actor(step.actor, (*here, "actor"), at, actors, model)
        for number, right in enumerate(step.rights):
            if right not in rights:
                at.error((*here, "rights", number), f"unknown right '{right}': use one of {', '.join(sorted(rights))}")
        for number, target in enumerate(step.modules):
            if known.complete and target not in known.modules and target not in known.sessions:
                at.error((*here, "modules", number), f"'{target}' is neither a module nor a session plan id")
        _check_source(step.source, (*here, "source"), at, sources)
        if step.time and not step.time_source:
            at.error((*here, "time"), "a time frame needs `time_source`: the source of the law or procedure that sets it")
        if step.time_source:
            _check_source(step.time_source, (*here, "time_source"), at, sources)
    if situation is not None:
        _check_required(pathway, situation, (*loc, "situation"), at)


def _check_required(pathway, situation, loc: Loc, at: _Locator) -> None:
    """A situation may say what each of its pathways needs (referral/vocabulary.yml): report what is missing."""
    kinds = {step.kind for step in pathway.steps}
    rights = {right for step in pathway.steps for right in step.rights}
    missing = [kind for kind in situation.required_steps if kind not in kinds]
    if missing:
        at.error(loc, f"a pathway for '{situation.id}' needs a step of each of these kinds: "
                      f"{', '.join(situation.required_steps)}; missing: {', '.join(missing)}")
    missing = [right for right in situation.required_rights if right not in rights]
    if missing:
        at.error(loc, f"a pathway for '{situation.id}' must name these rights of the child at the steps where they "
                      f"apply: {', '.join(situation.required_rights)}; missing: {', '.join(missing)}")


def _check_actor(actor: str, loc: Loc, at: _Locator, actors: dict[str, set[str]], model) -> None:
    country, _, role = actor.rpartition(":")
    if isinstance(model, Country):
        if country:
            at.error(loc, f"'{actor}': in a country record name the actor by role only ('{role}')")
        elif role not in actors[model.id]:
            at.error(loc, f"step refers to actor '{role}', which is not among this record's actors: add it to `actors:`")
        return
    if not country:
        at.error(loc, f"'{actor}': in a transnational pathway write <country>:<role>, e.g. '{model.countries[0]}:{role}'")
    elif country in actors and role not in actors[country]:
        at.error(loc, f"'{actor}': '{role}' is not among the actors of referral/countries/{country}.yml")
    elif country not in model.countries:
        at.error(loc, f"'{actor}': '{country}' is not one of this agreement's countries")


def _check_vocabulary(vocab, raw: RawFile, kinds: set[str], rights: set[str], problems: ProblemList) -> None:
    at = _Locator(raw, problems)
    situations = {s.id: s for s in vocab.situations}
    for index, situation in enumerate(vocab.situations):
        loc = ("situations", index)
        if situation.counterpart is not None:
            other = situations.get(situation.counterpart)
            if other is None or other.id == situation.id or not other.transnational:
                at.error((*loc, "counterpart"), f"counterpart '{situation.counterpart}' must be another situation "
                                                "marked `transnational: true`: use one of "
                                                f"{', '.join(s.id for s in vocab.situations if s.transnational) or '(none)'}")
        for number, kind in enumerate(situation.required_steps):
            if kind not in kinds:
                at.error((*loc, "required_steps", number), f"unknown step kind '{kind}': use one of {', '.join(sorted(kinds))}")
        for number, right in enumerate(situation.required_rights):
            if right not in rights:
                at.error((*loc, "required_rights", number), f"unknown right '{right}': use one of {', '.join(sorted(rights))}")


def _check_indicators(referral: Referral, raw: RawFile, kinds: set[str], situations: set[str],
                      problems: ProblemList) -> None:
    at = _Locator(raw, problems)
    seen: set[str] = set()
    for c, category in enumerate(referral.indicators.categories):
        for i, indicator in enumerate(category.indicators):
            loc = ("categories", c, "indicators", i)
            if indicator.triggers not in kinds:
                at.error((*loc, "triggers"), f"unknown step kind '{indicator.triggers}': use one of {', '.join(sorted(kinds))}")
            for number, situation in enumerate(indicator.situations):
                if situation not in situations:
                    at.error((*loc, "situations", number), f"unknown situation '{situation}': use one of "
                                                           f"{', '.join(sorted(situations))} (referral/vocabulary.yml)")
                elif indicator.situations.index(situation) != number:
                    at.error((*loc, "situations", number), f"situation '{situation}' is listed twice")
            if indicator.id in seen:
                at.error((*loc, "id"), f"duplicate indicator id '{indicator.id}'")
            seen.add(indicator.id)
