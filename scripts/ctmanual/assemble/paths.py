"""Where each piece of content goes in the staging tree, and id links turned into paths."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from dataclasses import dataclass

from ctmanual.links import Link, replace_links
from ctmanual.model import Handout, Module, SessionPlan
from ctmanual.project import Project

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


def relative(page: str, target: str) -> str:
    path, _, anchor = target.partition("#")
    rel = _relpath(path, posixpath.dirname(page) or ".")
    return f"{rel}#{anchor}" if anchor else rel


@lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath, remembered: the same pairs recur in every language (and it is slow)."""
    return posixpath.relpath(path, start)


def url_of(page: str) -> str:
    """The directory URL of a staged page, relative to its language root: "" for the home page."""
    url = page.removesuffix(".md")
    if url == "index" or url.endswith("/index"):
        return url.removesuffix("index")
    return url + "/"


def href(page: str, target: str) -> str:
    """A link for raw HTML (which the site engine does not rewrite) from staged `page` to a staged
    page (`.md`, written as its directory URL) or to a file."""
    path, _, anchor = target.partition("#")
    is_page = path.endswith(".md")
    rel = _relpath((url_of(path) if is_page else path) or ".", url_of(page) or ".")
    if is_page:
        rel = "./" if rel == "." else rel + "/"
    return f"{rel}#{anchor}" if anchor else rel


def default_language_url(page: str) -> str:
    """The URL of the same page in the default language, relative to a translated page's URL (one
    folder below the site root; directory URLs: modules/x/index.md -> modules/x/). It is written as
    an HTML link: the i18n plugin would turn a Markdown link back into the page's own language."""
    url = page.removesuffix(".md").removesuffix("index").rstrip("/")
    url = f"{url}/" if url else ""
    return "../" * (url.count("/") + 1) + url


__all__ = ["SiteMap", "Link", "relative", "default_language_url"]
