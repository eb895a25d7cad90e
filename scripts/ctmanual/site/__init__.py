"""Stage 3, site: build the assembled pages into a static site, one search index per language.

Entry point: `build_site(settings, assembly, site_dir, work, previous, spare, engine)`; `work` is a
scratch folder of this build, `spare` the site before `previous`, to start from if it can. With `previous` (the site
now in place) and only page contents changed since it was built, only those pages are
rendered again (incremental.py). `engine`: one of `ENGINES`, mkdocs + Material + mkdocs-static-i18n
by default (engine.py), or Zensical (zensical.py, always a full build).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctmanual.engines import DEFAULT_ENGINE, ENGINES, ZENSICAL
from ctmanual.staging import Assembly
from ctmanual.settings import Settings
from ctmanual.site import incremental
from ctmanual.site.engine import SiteEngineError, build_with_engine, engine_config, markdown_settings, restricted
from ctmanual.site.offline import OFFLINE_RULES
from ctmanual.site.search import PreviousIndex, count_entries, split_search_index
from ctmanual.site.sitemap import write_sitemaps
from ctmanual.site.zensical import OFFLINE_RULES as ZENSICAL_OFFLINE_RULES, build_site_with_zensical
from ctmanual.site_facts import SiteFacts
from ctmanual.urls import language_path, output_of, page_url


@dataclass(frozen=True)
class SiteResult:
    site_dir: Path
    search_entries: dict[str, int]
    rendered: int | None = None  # staged files rendered again by an incremental build; None: a full build
    built: tuple[str, ...] = ()  # the languages an incremental build ran the engine for
    from_spare: bool = False  # an incremental build started from the site before the last one


def site_facts(settings: Settings, engine: str = DEFAULT_ENGINE) -> SiteFacts:
    """What the downloads need to know of the site: how it reads Markdown, how to copy it for disk."""
    extensions, configs = markdown_settings(settings)
    return SiteFacts(extensions, configs, ZENSICAL_OFFLINE_RULES if engine == ZENSICAL else OFFLINE_RULES)


def build_site(settings: Settings, assembly: Assembly, site_dir: Path, work: Path,
               previous: Path | None = None, spare: Path | None = None, engine: str = DEFAULT_ENGINE) -> SiteResult:
    if engine not in ENGINES:
        raise ValueError(f"unknown site engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == ZENSICAL:
        counts = build_site_with_zensical(settings, assembly, site_dir, work)
        _write_sitemaps(settings, assembly, site_dir)
        return SiteResult(site_dir, counts)
    config = engine_config(settings, assembly, site_dir)
    manifest = incremental.make_manifest(config, assembly.digests, _engine_files(config))
    changed = incremental.changed_files(incremental.read_manifest(previous), manifest) if previous else None
    start = incremental.reuse_spare(spare, site_dir, manifest) if changed is not None else None
    if start is not None:  # pages that differ from either site are rendered (see incremental.py)
        changed = sorted(set(changed) | set(incremental.changed_files(start, manifest) or []))
    langs = {code: settings.language(code).search_lang for code in assembly.languages}
    config_path = work / "mkdocs.generated.yml"
    if changed is None:
        build_with_engine(config, config_path)
        counts = split_search_index(site_dir, settings.default_language, langs)
    else:
        paths = _SitePaths(settings.default_language)
        built = incremental.languages_of(changed) | {settings.default_language}
        built_langs = {code: lunr for code, lunr in langs.items() if code in built}  # the others' indexes are carried over
        before = PreviousIndex.read(previous, settings.default_language, paths.pages_by_language(changed, list(built_langs)))
        if start is not None:
            view = incremental.refresh(site_dir, assembly.staging, assembly.digests, changed, built, paths.output_of,
                                       work / "engine-docs")
        else:
            view = incremental.prepare(previous, site_dir, assembly.staging, changed, built, paths.output_of,
                                       work / "engine-docs")
        build_with_engine(restricted(config, built, view), config_path, dirty=True)
        incremental.keep_shared(previous, site_dir)
        counts = split_search_index(site_dir, settings.default_language, built_langs, before)
        counts.update({code: count_entries(site_dir, code, settings.default_language) for code in langs if code not in built})
        counts = {code: counts[code] for code in langs}
    _write_sitemaps(settings, assembly, site_dir)
    incremental.write_manifest(site_dir, manifest)
    if changed is None:
        return SiteResult(site_dir, counts)
    return SiteResult(site_dir, counts, len(changed), tuple(code for code in langs if code in built), start is not None)


def _write_sitemaps(settings: Settings, assembly: Assembly, site_dir: Path) -> None:
    write_sitemaps(site_dir, settings.site_url, settings.default_language,
                   {code: pages.pages for code, pages in assembly.languages.items()})


def _engine_files(config: dict) -> list[Path]:
    """What shapes every page besides the configuration: theme overrides and our hooks."""
    files = [Path(hook) for hook in config.get("hooks", [])]
    files += sorted(Path(__file__).parent.glob("*.py"))
    custom = config.get("theme", {}).get("custom_dir")
    if custom:
        files += sorted(path for path in Path(custom).rglob("*") if path.is_file())
    return files


@dataclass(frozen=True)
class _SitePaths:
    """Where a staged file ends up: `<lang>/a/b.md` -> `<lang>/a/b/index.html`, the default
    language at the site root (directory URLs)."""

    default_language: str

    def output_of(self, staged: str) -> str:
        code, rel = staged.split("/", 1)
        return language_path(code, self.default_language, output_of(rel))

    def pages_by_language(self, staged: list[str], codes: list[str]) -> dict[str, set[str]]:
        pages: dict[str, set[str]] = {code: set() for code in codes}
        for path in staged:
            code, rel = path.split("/", 1)
            if rel.endswith(".md") and code in pages:
                pages[code].add(page_url(rel))
        return pages


__all__ = ["build_site", "site_facts", "SiteResult", "SiteEngineError"]
