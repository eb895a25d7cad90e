"""Turn content into standard Markdown pages with Jinja templates.

What comes out is plain Markdown + pymdown blocks: any Markdown site engine can
build it; nothing here knows about mkdocs or Material.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ctmanual.assemble.paths import SiteMap
from ctmanual.urls import href, relative
from ctmanual.translation_state import State
from ctmanual.model import Activity, Audience, SessionPlan, UiStrings, is_core

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Slot:
    """One activity placed on the run-sheet clock."""

    activity: Activity
    start: str
    end: str


def schedule(plan: SessionPlan) -> list[Slot]:
    slots, clock = [], 0
    for activity in plan.activities:
        slots.append(Slot(activity, clock_time(clock), clock_time(clock + activity.minutes)))
        clock += activity.minutes
    return slots


def clock_time(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration_text(minutes: int, ui: UiStrings) -> str:
    unit, hour = ui.labels.get("minutes", "min"), ui.labels.get("hours", "h")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} {unit}"
    return f"{hours} {hour} {rest:02d} ({minutes} {unit})" if rest else f"{hours} {hour} ({minutes} {unit})"


def render(template: str, page: str, sitemap: SiteMap, ui: UiStrings, **context: Any) -> str:
    env = _environment()
    env.globals.update(
        L=lambda key: ui.labels.get(key, key),
        link=lambda target: relative(page, target),
        href=lambda target: href(page, target),
        paths=sitemap,
        file_link=lambda target, text: f"[{text}]({relative(page, target)}){{: download }}",
        # Size and page count are known only once the downloads stage has rendered the file; the
        # placeholder carries the language's units (downloads/sizes.py writes the figures in).
        file_size=lambda target: (f'<span class="ctm-file-size" data-units="{_units(ui, "size")}" '
                                  f'data-file="{target}">–</span>'),
        file_pages=lambda target: (f'<span class="ctm-file-pages" data-units="{_units(ui, "pages")}" '
                                   f'data-file="{target}">–</span>'),
    )
    env.filters.update(
        md=lambda text: sitemap.rewrite(page, text or ""),
        audience=lambda a: ui.audiences.get(a, a.value),
        audience_id=lambda key: ui.audiences.get(Audience(key), key),
        # A module's or session's audiences: the core (`[all]`) is named as such, not as eight names.
        audiences=lambda items: ui.labels.get("all-audiences", "all-audiences") if is_core(items)
        else ", ".join(ui.audiences.get(a, a.value) for a in items),
        method=lambda m: ui.methods.get(m, m.value),
        handout_kind=lambda k: ui.handout_kinds.get(k, k.value),
        competency_area=lambda a: ui.competency_areas.get(a, a.value),
        duration=lambda minutes: duration_text(minutes, ui),
    )
    text = env.get_template(template).render(**context)
    return _tidy(text)


def _units(ui: UiStrings, what: str) -> str:
    """The language's units, "/"-separated (a "|" would end a table cell): kilobyte, megabyte and
    decimal separator, or one page and several."""
    label = ui.labels.get
    if what == "size":
        return "/".join([label("unit-kb", "kB"), label("unit-mb", "MB"), label("decimal-separator", ".")])
    return "/".join([label("page-unit-one", "page"), label("page-unit-many", "pages")])


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        # Markdown uses `{#id}` for heading anchors: move Jinja comments out of the way.
        comment_start_string="<#--",
        comment_end_string="--#>",
    )
    env.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    env.filters["bar"] = lambda percent: "▰" * round(percent / 10) + "▱" * (10 - round(percent / 10))
    env.globals["State"] = State
    env.globals["run_sheet"] = schedule  # derived from the plan in the template: the plan is the page's input
    env.filters["indent_list"] = lambda text: str(text).replace("\n", "\n    ")
    return env


def _tidy(text: str) -> str:
    """At most one blank line in a row; one newline at the end."""
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip() == "" and lines and lines[-1] == "":
            continue
        lines.append(line.rstrip() if line.strip() == "" else line)
    return "\n".join(lines).strip("\n") + "\n"
