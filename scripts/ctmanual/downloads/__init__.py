"""Stage 4, downloads: printable manuals, session plans (PDF and DOCX), handout packs, pocket
cards and each language's offline copy.

Entry points: `make_downloads(project, assembly, site, cache_dir)` makes every file in the cache
(plan.py decides what to make, make.py makes it); `place_downloads(result, site_dir, ...)`
links them into the built site. `build_downloads` does both.

Every staged page is laid out once per language as its own PDF (a "part"); an
untranslated page is the default language's part, shared by every language. A
manual is its front matter (cover and contents, laid out once its page numbers
are known) plus parts, joined by `join.py` with page numbers stamped on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ctmanual.downloads.fragments import FragmentStore
from ctmanual.downloads.make import DownloadsResult, clear_download_sizes, make_planned, place_downloads
from ctmanual.downloads.plan import plan_downloads
from ctmanual.outputs import Output
from ctmanual.project import Project
from ctmanual.site_facts import SiteFacts
from ctmanual.staging import Assembly


def build_downloads(project: Project, assembly: Assembly, site: SiteFacts, site_dir: Path, cache_dir: Path,
                    workers: int | None = None) -> DownloadsResult:
    """Make every download (or take it from the cache) and put it into the built site."""
    result = make_downloads(project, assembly, site, cache_dir, workers)
    place_downloads(result, site_dir, project.settings.default_language, list(assembly.languages), offline=False)
    return result


def make_downloads(project: Project, assembly: Assembly, site: SiteFacts, cache_dir: Path, workers: int | None = None,
                   select: Callable[[Output], bool] | None = None) -> DownloadsResult:
    """Every download (or those `select` picks), made in or found in `cache_dir`; needs the staged
    pages, not the site, so it can run while the site is being built (`site`: what the site stage
    says of how it reads Markdown and how it is copied for disk)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    extensions, configs = site.markdown_extensions, site.markdown_configs
    stores = {code: FragmentStore(assembly.staging / code, extensions, configs, cache_dir / "fragments")
              for code in assembly.languages}
    plan = plan_downloads(project, assembly, stores, site.offline, cache_dir, select)
    return make_planned(project, plan, cache_dir, extensions, configs, workers)


__all__ = ["DownloadsResult", "build_downloads", "clear_download_sizes", "make_downloads", "place_downloads"]
