"""The adapter to the site engine (mkdocs + Material + mkdocs-static-i18n).

Everything engine-specific lives here and in overrides/: replacing the engine
means rewriting this file, not touching content or the other stages.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ctmanual.staging import Assembly, LanguagePages, NavItem
from ctmanual.site import a11y, alternates, compiled, csp, notfound, search, typography
from ctmanual.settings import SETTINGS_KEY, Settings, read_config
from ctmanual.urls import language_prefix

log = logging.getLogger(__name__)


class SiteEngineError(RuntimeError):
    """The engine refused the assembled pages (a broken link, a template error)."""


def engine_config(settings: Settings, assembly: Assembly, site_dir: Path) -> dict[str, Any]:
    """The mkdocs configuration for this build: mkdocs.yml plus what the build decides."""
    raw = read_config(settings.config_file)
    raw.pop(SETTINGS_KEY, None)
    theme = dict(raw.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((settings.root / theme["custom_dir"]).resolve())
    theme["language"] = settings.default_language
    default = assembly.languages[settings.default_language]
    extra = dict(raw.get("extra") or {})
    extra["ctm_default_language"] = settings.default_language
    extra[alternates.TRANSLATED_IN] = translated_in(assembly)
    extra[alternates.LANGUAGES] = extra["alternate"] = language_homes(settings, assembly)
    extra[notfound.LABELS] = {code: pages.not_found for code, pages in assembly.languages.items()}
    raw.update(
        docs_dir=str(assembly.staging),
        site_dir=str(site_dir),
        theme=theme,
        extra=extra,
        nav=engine_nav(default.nav, default.titles),
        strict=True,
        plugins=_plugins(raw.get("plugins") or [], settings, assembly),
        hooks=[*(raw.get("hooks") or []), alternates.__file__, a11y.__file__, typography.__file__, csp.__file__, notfound.__file__,
               search.__file__, compiled.__file__],
    )
    return raw


def restricted(config: dict[str, Any], languages: set[str], docs_dir: Path) -> dict[str, Any]:
    """The configuration building only `languages` (the default one always) from `docs_dir`.

    For an incremental build: the pages of other languages are unchanged, and only the languages
    built are mapped by the i18n plugin, whose cost per language grows with every file of every
    language. The language switcher does not change: it is ours (`extra.alternate`, see
    alternates.py), not derived from the languages built."""
    plugins = []
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            i18n = dict(plugin["i18n"])
            i18n["languages"] = [{**lang, "build": lang["build"] and (lang["default"] or lang["locale"] in languages)}
                                 for lang in i18n["languages"]]
            plugin = {"i18n": i18n}
        plugins.append(plugin)
    return {**config, "plugins": plugins, "docs_dir": str(docs_dir)}


def language_homes(settings: Settings, assembly: Assembly) -> list[dict[str, str]]:
    """The language switcher: each built language's home, as mkdocs-static-i18n would list it
    (the path of `site_url`, then `/` or `/<code>/`). alternates.py points it at the page."""
    if len(assembly.languages) < 2:
        return []
    base = urlsplit(settings.site_url).path.rstrip("/")
    return [{"name": lang.name, "link": f"{base}/{language_prefix(lang.code, settings.default_language)}",
             "lang": lang.code}
            for lang in settings.languages if lang.code in assembly.languages]


def translated_in(assembly: Assembly) -> dict[str, list[str]]:
    """Each staged page and the languages it is written in (not a fallback)."""
    found: dict[str, list[str]] = {}
    for code, pages in assembly.languages.items():
        for page, fallback in pages.pages.items():
            if not fallback:
                found.setdefault(page, []).append(code)
    return found


def build_with_engine(config: dict[str, Any], config_path: Path, dirty: bool = False) -> None:
    """Run mkdocs on the assembled tree. Warnings fail the build (strict mode).

    `dirty`: render only pages whose output is missing or older than their source (see
    incremental.py). mkdocs-static-i18n reads that mode from the command line for the other
    languages, and mkdocs warns about it, which strict mode would count: both are handled here."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # The engine takes the dict itself (parsing a file back with mkdocs' pure-Python YAML loader cost
    # seconds on a large manual); `config_path` only anchors the paths in it. Not written: it was
    # deleted with the build folder, and at 10x the corpus writing it cost 0.1 s of an edit build.
    build_log = logging.getLogger("mkdocs.commands.build")
    argv = list(sys.argv)
    if dirty:
        build_log.addFilter(_not_the_dirty_warning)
        sys.argv.append("--dirty")
    try:
        mkdocs_config = load_config(io.BytesIO(b"{}"), config_file_path=str(config_path), **config)
        mkdocs_config.theme.static_templates.discard("sitemap.xml")  # ours, per language: sitemap.py
        compiled.list_visible(mkdocs_config.theme)
        if dirty:  # the 404 page and sitemap of the last build are put back afterwards (incremental.keep_shared)
            mkdocs_config.theme.static_templates.clear()
        build(mkdocs_config, dirty=dirty)
    except (Abort, ConfigurationError) as err:
        raise SiteEngineError(str(err)) from None
    finally:
        sys.argv[:] = argv
        build_log.removeFilter(_not_the_dirty_warning)


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return "'dirty' build" not in record.getMessage()


def _plugins(plugins: list[Any], settings: Settings, assembly: Assembly) -> list[Any]:
    built = set(assembly.languages)
    i18n = {
        "i18n": {
            "docs_structure": "folder",
            "fallback_to_default": True,
            "reconfigure_material": True,
            "reconfigure_search": False,
            "languages": [
                {
                    "locale": lang.code,
                    "name": lang.name,
                    "default": lang.code == settings.default_language,
                    "build": lang.code in built,
                    **(_language_extras(assembly.languages[lang.code]) if lang.code in built else {}),
                }
                for lang in settings.languages
            ],
        }
    }
    others = [p for p in plugins if not (p == "i18n" or (isinstance(p, dict) and "i18n" in p))]
    return [*others, i18n]


def _language_extras(pages: LanguagePages) -> dict[str, Any]:
    extras: dict[str, Any] = {"nav": engine_nav(pages.nav, pages.titles)}
    if pages.site_name:
        extras["site_name"] = pages.site_name
    return extras


def engine_nav(items: list[NavItem], titles: dict[str, str]) -> list[Any]:
    """The navigation with a title for every page, so the engine need not read a page for its title
    (an incremental build does not read unchanged pages)."""
    result: list[Any] = []
    for title, target in items:
        if isinstance(target, list):
            result.append({title: engine_nav(target, titles)} if title else engine_nav(target, titles))
            continue
        title = title or titles.get(target)
        result.append({title: target} if title else target)
    return result


def markdown_settings(settings: Settings) -> tuple[list[Any], dict[str, dict[str, Any]]]:
    """The Markdown extensions of mkdocs.yml and their options, minus permalinks (no use on paper):
    how the downloads read the pages the site shows."""
    names: list[Any] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in read_config(settings.config_file).get("markdown_extensions") or []:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            names.append(name)
            configs[name] = dict(options or {})
        else:
            names.append(entry)
    if "toc" in configs:
        configs["toc"].pop("permalink", None)
    return names, configs
