"""Which downloads exist for a language, and which pages each one contains.

A pure function of the project. The assembler uses it to link downloads from
pages; the downloads stage uses it to render them. Paths are relative to the
language's root in the site (the site root for the default language).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ctmanual.model import Audience, Handout
from ctmanual.project import Project

DOWNLOADS = "downloads"


class Kind(str, Enum):
    MANUAL = "manual"
    AUDIENCE_MANUAL = "audience-manual"
    SESSION_PDF = "session-pdf"
    SESSION_DOCX = "session-docx"
    HANDOUTS = "handouts"
    POCKET_CARD = "pocket-card"


@dataclass(frozen=True)
class Output:
    language: str
    kind: Kind
    key: str  # audience, module, session or country id; "" for the whole manual
    path: str
    pages: tuple[str, ...]  # staged page paths, in reading order

    @property
    def is_pdf(self) -> bool:
        return self.path.endswith(".pdf")


def plan_outputs(project: Project, language: str) -> list[Output]:
    outputs = [_manual(project, language, None)]
    # A manual per audience that at least one session is written for.
    outputs += [_manual(project, language, audience) for audience in Audience
                if any(audience in s.meta.audiences for m in project.modules for s in m.sessions)]
    for module in project.modules:
        for session in module.sessions:
            pages = (_staged(session.rel), *(_staged(h) for h in _handout_rels(project, session.meta.handouts)))
            sid = session.meta.id
            outputs.append(Output(language, Kind.SESSION_PDF, sid, f"{DOWNLOADS}/{sid}-{language}.pdf", pages))
            outputs.append(Output(language, Kind.SESSION_DOCX, sid, f"{DOWNLOADS}/{sid}-{language}.docx", pages))
        handouts = tuple(_staged(h.rel) for h in module.handouts)
        mid = module.meta.id
        outputs.append(Output(language, Kind.HANDOUTS, mid, f"{DOWNLOADS}/{mid}-handouts-{language}.pdf", handouts))
    referral = project.source.referral
    for country in (referral.countries if referral else {}):
        outputs.append(Output(language, Kind.POCKET_CARD, country, f"{DOWNLOADS}/pocket-card-{country}-{language}.pdf",
                              (f"referral/{country}/index.md",)))
    return outputs


def _manual(project: Project, language: str, audience: Audience | None) -> Output:
    pages: list[str] = ["principles.md"]
    for module in project.modules:
        if audience is not None and audience not in module.meta.audiences:
            continue
        sessions = [s for s in module.sessions if audience is None or audience in s.meta.audiences]
        if not sessions:
            continue
        used = {h for s in sessions for h in s.meta.handouts}
        pages.append(_staged(module.overview.rel))
        pages += [_staged(s.rel) for s in sessions]
        pages += [_staged(h.rel) for h in module.handouts if h.meta.id in used]
    pages.append("glossary.md")
    if audience is None:
        return Output(language, Kind.MANUAL, "", f"{DOWNLOADS}/manual-{language}.pdf", tuple(pages))
    return Output(language, Kind.AUDIENCE_MANUAL, audience.value,
                  f"{DOWNLOADS}/manual-{audience.value}-{language}.pdf", tuple(pages))


def _handout_rels(project: Project, ids: list[str]) -> list[str]:
    handouts = project.by_id(Handout)
    return [handouts[h].rel for h in ids if h in handouts]


def _staged(rel: str) -> str:
    return f"modules/{rel}"
