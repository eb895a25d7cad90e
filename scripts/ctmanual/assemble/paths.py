"""Where each piece of content goes in the staging tree, and id links turned into paths (links
between staged pages follow ctmanual.urls)."""

from __future__ import annotations

from dataclasses import dataclass

from ctmanual.links import Link, replace_links
from ctmanual.model import Handout, Module, SessionPlan
from ctmanual.project import Project
from ctmanual.urls import relative

CATALOGUE = "modules/index.md"
PRINCIPLES = "principles.md"
GLOSSARY = "glossary.md"
COMPETENCIES = "competencies.md"
SOURCES = "sources.md"
HOME = "index.md"
DOWNLOADS = "downloads.md"
STATUS = "translation-status.md"


@dataclass(frozen=True)
class SiteMap:
    """Staged path (relative to a language folder) of every content item, by id."""

    modules: dict[str, str]
    sessions: dict[str, str]
    handouts: dict[str, str]

    @classmethod
    def of(cls, project: Project) -> SiteMap:
        modules, sessions, handouts = {}, {}, {}
        for rel, doc in project.source.docs.items():
            meta = doc.meta
            if isinstance(meta, Module):
                modules[meta.id] = f"modules/{rel}"
            elif isinstance(meta, SessionPlan):
                sessions[meta.id] = f"modules/{rel}"
            elif isinstance(meta, Handout):
                handouts[meta.id] = f"modules/{rel}"
        return cls(modules, sessions, handouts)

    def staged(self, rel: str) -> str:
        """Staged path of a source document given its path in modules/."""
        return rel if "/" not in rel else f"modules/{rel}"

    def target(self, scheme: str, target: str) -> str:
        if scheme == "module":
            return self.modules[target]
        if scheme == "session":
            return self.sessions[target]
        if scheme == "handout":
            return self.handouts[target]
        if scheme == "principle":
            return f"{PRINCIPLES}#principle-{target}"
        if scheme == "catalogue":
            return CATALOGUE
        if scheme == "referral":
            return _referral_page(target)
        page = {"glossary": GLOSSARY, "source": SOURCES, "competency": COMPETENCIES}[scheme]
        return f"{page}#{target}" if target else page

    def href(self, page: str, scheme: str, target: str) -> str:
        """A relative link from staged `page` to the target of an id link."""
        return relative(page, self.target(scheme, target))

    def rewrite(self, page: str, text: str) -> str:
        return replace_links(text, lambda link: self.href(page, link.scheme, link.target))


def _referral_page(target: str) -> str:
    if not target:
        return "referral/index.md"
    if target == "indicators" or "/" in target:
        return f"referral/{target}.md"
    return f"referral/{target}/index.md"


__all__ = ["SiteMap", "Link"]
