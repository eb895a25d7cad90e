"""Which downloads a reader of a language gets in English, wholly or in part (for the Downloads page).

A download is made of staged pages (outputs.py). A page made from a content file is in English when
that file has no translation; a generated page (a course's agenda, a competency profile, a pocket
card) when the file it shows has none. A download is "untranslated" when every page of it that has a
source file is in English, "partly" when some are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctmanual.course_views import audiences_taught, profile_page
from ctmanual.outputs import Kind, Output

if TYPE_CHECKING:
    from ctmanual.assemble.writer import PageWriter

UNTRANSLATED, PARTLY = "untranslated", "partly"


def translation_marks(writer: PageWriter, outputs: list[Output]) -> dict[str, str]:
    """Output path -> UNTRANSLATED or PARTLY; downloads wholly in the reader's language are absent.
    `writer` is the assemble stage's page writer of one language."""
    project = writer.project
    if writer.code == project.settings.default_language:
        return {}
    sources = {writer.sitemap.staged(rel): rel for rel in project.source.docs}
    sources.update(_generated_sources(project))
    sources = {page: rel for page, rel in sources.items() if rel in project.source.files}
    marks: dict[str, str] = {}
    for output in outputs:
        if output.kind is Kind.OFFLINE:
            continue
        english = [writer.fallback_of(sources[page]) for page in output.pages if page in sources]
        if english and all(english):
            marks[output.path] = UNTRANSLATED
        elif any(english):
            marks[output.path] = PARTLY
    return marks


def _generated_sources(project) -> dict[str, str]:
    """Generated pages and the translatable file each shows."""
    found = {f"courses/{course}/{page}.md": f"courses/{course}.yml"
             for course in project.source.courses for page in ("index", "questionnaire", "feedback")}
    for module in project.source.assessments:
        found[f"modules/{module}/assessment.md"] = found[f"modules/{module}/knowledge-check.md"] = \
            f"{module}/assessment.yml"
    found.update({profile_page(a): "competencies.yml" for a in audiences_taught(project)})
    referral = project.source.referral
    for country in (referral.countries if referral else {}):
        found[f"referral/{country}/index.md"] = f"referral/countries/{country}.yml"
    return found
