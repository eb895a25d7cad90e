"""Checks across files: ids that must exist, sums that must add up, links that must resolve."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ctmanual.links import find_links

from ctmanual.model import Handout, Module, SessionPlan
from ctmanual.problems import ProblemList
from ctmanual.project import Corpus, Document, Project



def check_project(project: Project, problems: ProblemList) -> None:
    source = project.source
    _check_unique_ids(source.docs.values(), problems)
    # Sums and usage across files would only repeat a problem already reported
    # for a file that could not be read: check them once every file loads.
    complete = not source.failed
    _check_session_sums(source, problems)
    for module in project.modules:
        _check_module(module.overview, module.sessions, module.handouts, problems, complete)
    if complete:
        _check_handouts_used(source, problems)
    ids = _ids(source)
    for corpus in [source, *project.translations.values()]:
        for doc in corpus.docs.values():
            _check_references(doc, ids, problems)
            _check_links(doc, ids, problems)


def _check_unique_ids(docs: Iterable[Document], problems: ProblemList) -> None:
    seen: dict[str, Document] = {}
    for doc in docs:
        key = doc.meta.id
        if key in seen:
            problems.error(doc.path, doc.line_of("id"), f"duplicate id '{key}': also used by {seen[key].rel}; ids must be unique")
        else:
            seen[key] = doc
        expected = doc.rel.rsplit("/", 1)[-1].removesuffix(".md")
        folder = doc.rel.split("/")[0]
        if isinstance(doc.meta, Module) and doc.meta.id != folder:
            problems.error(doc.path, doc.line_of("id"), f"module id '{key}' must match its folder name '{folder}'")
        elif isinstance(doc.meta, SessionPlan | Handout) and key != expected:
            problems.error(doc.path, doc.line_of("id"), f"id '{key}' must match the file name: rename the file to {key}.md or fix the id")


def _check_module(overview: Document, sessions, handouts, problems: ProblemList, complete: bool) -> None:
    module = overview.meta
    assert isinstance(module, Module)
    for doc in (*sessions, *handouts):
        if doc.meta.module != module.id:
            problems.error(doc.path, doc.line_of("module"), f"module is '{doc.meta.module}' but the file is in module folder '{module.id}'")
    for doc in sessions:
        # A manual per audience holds a module's sessions only when the module lists the audience.
        missing = [a.value for a in doc.meta.audiences if a not in module.audiences]
        if missing:
            problems.error(doc.path, doc.line_of("audiences"),
                           f"audiences: {', '.join(missing)} not among the audiences of module '{module.id}': "
                           f"add {'them' if len(missing) > 1 else 'it'} to {overview.rel} or remove "
                           f"{'them' if len(missing) > 1 else 'it'} here")
    orders: dict[int, Document] = {}
    for doc in sessions:
        order = doc.meta.order
        if order is not None and order in orders:
            problems.error(doc.path, doc.line_of("order"), f"order {order} is also used by {orders[order].rel}: give each session of a module its own position")
        elif order is not None:
            orders[order] = doc
    if not complete:
        return
    if not sessions:
        problems.error(overview.path, 1, "module has no session plans: add at least one under sessions/")
    declared = sum(doc.meta.duration for doc in sessions)
    if sessions and declared != module.duration:
        problems.error(
            overview.path, overview.line_of("duration"),
            f"module duration is {module.duration} min but its session plans add up to {declared} min",
        )


def _check_session_sums(source: Corpus, problems: ProblemList) -> None:
    for doc in source.docs.values():
        plan = doc.meta
        if not isinstance(plan, SessionPlan):
            continue
        total = sum(activity.minutes for activity in plan.activities)
        if total != plan.duration:
            problems.error(
                doc.path, doc.line_of("duration"),
                f"duration is {plan.duration} min but the activities add up to {total} min: "
                "change the duration or the activity minutes",
            )


def _check_handouts_used(source: Corpus, problems: ProblemList) -> None:
    used = {h for d in source.docs.values() if isinstance(d.meta, SessionPlan) for h in d.meta.handouts}
    for doc in source.docs.values():
        if isinstance(doc.meta, Handout) and doc.meta.id not in used:
            problems.error(doc.path, doc.line_of("id"), f"handout '{doc.meta.id}' is not listed by any session plan: add it to a session's handouts")


def _check_references(doc: Document, ids: dict[str, set[str]], problems: ProblemList) -> None:
    meta = doc.meta
    for field, kind in (("competencies", "competency"), ("sources", "source"), ("prerequisites", "module"),
                        ("related", "module"), ("handouts", "handout"), ("module", "module")):
        values = getattr(meta, field, None)
        if values is None:
            continue
        for index, value in enumerate([values] if isinstance(values, str) else values):
            if value not in ids[kind]:
                line = doc.line_of(field, index) if not isinstance(values, str) else doc.line_of(field)
                problems.error(doc.path, line, f"{field}: unknown {kind} id '{value}'{_hint(kind)}")


def _check_links(doc: Document, ids: dict[str, set[str]], problems: ProblemList) -> None:
    """The id links found when the file was parsed (Document.links) point to something."""
    for scheme, target, line in doc.links:
        if not _link_ok(scheme, target, ids):
            problems.error(doc.path, line, f"link '{scheme}:{target}' points to nothing{_hint(scheme)}")


def check_text_links(path: Path, text: str, first_line: int, source: Corpus, problems: ProblemList) -> None:
    """The id links of Markdown text (starting at `first_line` of its file) that is no content document (a
    guide) point to something."""
    ids = _ids(source)
    for link in find_links(text):
        if not _link_ok(link.scheme, link.target, ids):
            problems.error(path, first_line + link.line, f"link '{link.scheme}:{link.target}' points to nothing"
                                                         f"{_hint(link.scheme)}")


def _link_ok(scheme: str, target: str, ids: dict[str, set[str]]) -> bool:
    if scheme == "principle":
        return target.isdigit() and 1 <= int(target) <= 10
    if scheme == "catalogue":
        return target == ""
    if scheme in ("glossary", "referral") and target == "":
        return True
    return target in ids.get(scheme, set())


def _referral_ids(source: Corpus) -> set[str]:
    referral = source.referral
    if referral is None:
        return set()
    situations = [s.id for s in referral.vocabulary.situations]
    return {"indicators", *referral.countries, *(f"{c}/{s}" for c in referral.countries for s in situations)}


def _ids(source: Corpus) -> dict[str, set[str]]:
    by_kind: dict[str, set[str]] = {"module": set(), "session": set(), "handout": set(), "referral": _referral_ids(source)}
    for doc in source.docs.values():
        if isinstance(doc.meta, Module):
            by_kind["module"].add(doc.meta.id)
        elif isinstance(doc.meta, SessionPlan):
            by_kind["session"].add(doc.meta.id)
        elif isinstance(doc.meta, Handout):
            by_kind["handout"].add(doc.meta.id)
    # A file that failed to load still names an item: do not call links to it broken.
    for rel in source.failed:
        parts = rel.removesuffix(".md").split("/")
        if len(parts) == 2 and parts[1] == "index":
            by_kind["module"].add(parts[0])
        elif len(parts) == 3 and parts[1] in ("sessions", "handouts"):
            by_kind["session" if parts[1] == "sessions" else "handout"].add(parts[2])
    by_kind["competency"] = set(source.competencies)
    by_kind["source"] = set(source.sources)
    by_kind["glossary"] = set(source.glossary)
    return by_kind


def _hint(kind: str) -> str:
    where = {
        "competency": "modules/competencies.yml",
        "source": "modules/sources.yml",
        "glossary": "modules/glossary.yml",
    }.get(kind)
    return f": use an id listed in {where}" if where else ": check the id"
