"""Stage 2, assemble: write one folder of Markdown pages per language.

Entry point: `assemble(project, staging, languages)`. Every page exists in every
language: where a translation is missing the source text is used, marked as a
fallback so the site can say so and keep it out of that language's search. The
staging folder may be the one the last build left: only files whose bytes
changed are written (staged.py), and a page whose inputs (everything its template
is given, fingerprinted: fingerprint.py) are those it was last made from is not made
again at all.
"""

from __future__ import annotations

from pathlib import Path

from ctmanual.assemble.guides import read_guides
from ctmanual.assemble.paths import SiteMap
from ctmanual.assemble.staged import StagedFolder
from ctmanual.assemble.writer import PageWriter
from ctmanual.fingerprint import Fingerprint
from ctmanual.project import Project
from ctmanual.staging import Assembly, LanguagePages

NOT_FOUND_LABELS = ("not-found-title", "not-found-text", "not-found-home")


def assemble(project: Project, staging: Path, languages: list[str]) -> Assembly:
    sitemap = SiteMap.of(project)
    guides = read_guides(project.settings.guides_dir)
    result = Assembly(staging, project.settings.default_language, {})
    folder, fingerprint, summaries = StagedFolder(staging), Fingerprint(), {}
    for code in languages:
        writer = PageWriter(project, sitemap, code, folder, fingerprint, summaries)
        writer.write_all(guides)
        result.made += writer.made
        result.languages[code] = LanguagePages(code, writer.pages, writer.nav(guides), writer.ui.labels.get("site-name"),
                                               writer.titles, {key: writer.ui.labels[key] for key in NOT_FOUND_LABELS})
    folder.finish()
    result.digests, result.written, result.reused = folder.digests, folder.written, folder.reused
    return result


__all__ = ["assemble"]
