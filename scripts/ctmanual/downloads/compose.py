"""Compose one print HTML document (manual, session plan, handout pack) from fragments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from ctmanual.downloads.fragments import Fragment, FragmentStore, link_within
from ctmanual.model import UiStrings
from ctmanual.outputs import Kind, Output

HERE = Path(__file__).parent
STYLESHEET = HERE / "print.css"


@dataclass(frozen=True)
class Section:
    fragment: Fragment
    role: str  # module, session, handout, page
    html: str


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    language_name: str
    edition: str
    date: str


def compose(output: Output, store: FragmentStore, ui: UiStrings, cover: Cover, cover_only: bool = False) -> str:
    """The print HTML of an output; with `cover_only`, just its cover page (see pdf.CoverVariant)."""
    pages = () if cover_only else output.pages
    present = set(pages)
    sections = [_section(store.get(page), present) for page in pages]
    template = "manual.html.j2" if output.kind in (Kind.MANUAL, Kind.AUDIENCE_MANUAL) else "document.html.j2"
    return _environment().get_template(template).render(
        lang=output.language, kind=output.kind.value, sections=sections, cover=cover,
        L=lambda key: ui.labels.get(key, key), stylesheet=stylesheet(),
        with_toc=output.kind in (Kind.MANUAL, Kind.AUDIENCE_MANUAL),
    )


def _section(fragment: Fragment, present: set[str]) -> Section:
    parts = fragment.page.split("/")
    if parts[0] == "modules" and len(parts) == 3:
        role = "module"
    elif parts[0] == "modules" and len(parts) == 4:
        role = "session" if parts[2] == "sessions" else "handout"
    else:
        role = "page"
    return Section(fragment, role, link_within(fragment, present))


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
