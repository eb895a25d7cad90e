"""Print HTML: one document per part (a staged page laid out on its own), the front matter
of a manual (cover and contents with page numbers), and the page-number and notice stamps.

Parts are laid out once and shared by every PDF that contains them; the joiner
(`join.py`) joins them and stamps page numbers, so nothing here depends on where a
part ends up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from ctmanual.downloads.fragments import LINK_SCHEME, Fragment, link_units
from ctmanual.typography import typeset
from ctmanual.versions import PDF_LAYOUT, cache_key

HERE = Path(__file__).parent
STYLESHEET = HERE / "print.css"


@dataclass(frozen=True)
class Part:
    """A staged page laid out as its own PDF."""

    page: str  # staged path, e.g. modules/basics/sessions/spotting-signs.md
    lang: str  # the language it is written in: the default language for an untranslated page
    fallback: bool  # shown in place of a missing translation
    role: str  # module, session, handout or page
    title: str
    anchor: str
    html: str
    outdated: bool = False  # a translation of an older source text

    @property
    def notice(self) -> str:
        """Which notice its pages carry in print: "fallback", "outdated" or none."""
        return "fallback" if self.fallback else "outdated" if self.outdated else ""

    @property
    def key(self) -> str:
        return cache_key(PDF_LAYOUT, self.html)


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    language_name: str
    edition: str
    date: str


@dataclass(frozen=True)
class AboutItem:
    """A session plan named in a manual's introduction."""

    title: str
    module: str
    audiences: tuple[str, ...] = ()  # for a session left out: the audiences it is written for
    lang: str = ""  # the language of the title, when not the manual's (an untranslated session plan)
    module_lang: str = ""  # the same for the module's title


@dataclass(frozen=True)
class About:
    """The introduction of a manual for one audience: what it holds and what it leaves out."""

    audience: str  # the audience's name in the reader's language
    total: int  # session plans in the whole course
    core: tuple[AboutItem, ...]
    own: tuple[AboutItem, ...]
    left_out: tuple[AboutItem, ...]

    @property
    def held(self) -> int:
        return len(self.core) + len(self.own)


ABOUT_ANCHOR = "ctm-about-this-manual"


@dataclass(frozen=True)
class TocEntry:
    title: str
    anchor: str
    level: int  # 1 chapter (module or page), 2 session
    page: int
    fallback: bool
    outdated: bool = False
    lang: str = ""  # the language the title is written in, when not the manual's (an untranslated part)


def part_html(fragment: Fragment, lang: str, fallback: bool, chapter: str) -> Part:
    role = role_of(fragment.page)
    html = _render("part.html.j2", lang=lang, title=fragment.title, chapter=chapter, role=role,
                   anchor=fragment.anchor, body=link_units(fragment))
    outdated = bool(fragment.meta.get("ctm", {}).get("outdated"))
    return Part(fragment.page, lang, fallback, role, fragment.title, fragment.anchor, html, outdated)


def front_html(lang: str, cover: Cover, entries: list[TocEntry], labels: dict[str, str]) -> str:
    return _render("front.html.j2", lang=lang, cover=cover, entries=entries, link=LINK_SCHEME,
                   L=lambda key: labels.get(key, key))


def about_html(lang: str, title: str, about: About, labels: dict[str, str]) -> str:
    label = lambda key: labels.get(key, key)  # noqa: E731
    intro = (label("about-manual-intro").replace("{audience}", about.audience)
             .replace("{count}", str(about.held)).replace("{total}", str(about.total)))
    return _render("about.html.j2", lang=lang, title=title, about=about, intro=intro, anchor=ABOUT_ANCHOR, L=label)


def numbers_html(count: int) -> str:
    """`count` blank pages with only their number: stamped onto joined pages."""
    return _render("numbers.html.j2", count=count)


def notice_html(lang: str, notice: str) -> str:
    """One blank page with only a notice (untranslated or outdated part) in its footer."""
    return _render("notice.html.j2", lang=lang, notice=notice)


def role_of(page: str) -> str:
    parts = page.split("/")
    if parts[0] == "modules" and len(parts) == 3:
        return "module"
    if parts[0] == "modules" and len(parts) == 4:
        return "session" if parts[2] == "sessions" else "handout"
    return "page"


def _css_string(text: str) -> str:
    """A CSS string literal that is safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def _render(template: str, **context) -> str:
    """The print HTML, with the typography of its language (French spaces before : ; ? !)."""
    html = _environment().get_template(template).render(stylesheet=stylesheet(), **context)
    return typeset(html, context.get("lang", ""))


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["css_string"] = lambda text: jinja2.filters.Markup(_css_string(str(text)))
    return environment
