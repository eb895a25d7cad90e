"""Stage 3, site: build the assembled pages into a static site, one search index per language.

Entry point: `build_site(settings, assembly, site_dir)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctmanual.assemble import Assembly
from ctmanual.settings import Settings
from ctmanual.site.engine import SiteEngineError, build_with_engine, engine_config
from ctmanual.site.search import split_search_index


@dataclass(frozen=True)
class SiteResult:
    site_dir: Path
    search_entries: dict[str, int]


def build_site(settings: Settings, assembly: Assembly, site_dir: Path) -> SiteResult:
    config = engine_config(settings, assembly, site_dir)
    build_with_engine(config, assembly.staging.parent / "mkdocs.generated.yml")
    langs = {code: settings.language(code).search_lang for code in assembly.languages}
    counts = split_search_index(site_dir, settings.default_language, langs)
    return SiteResult(site_dir, counts)


__all__ = ["build_site", "SiteResult", "SiteEngineError"]
