"""The second site engine: Zensical, run once per language on the staged tree of that language.

Zensical (Material's successor) reads an mkdocs.yml but runs no plugin it does not know (so no
mkdocs-static-i18n) and no hook. What the default engine gets from those is done here, by our code:

- one engine run per language, each on its own project folder (`<work>/zensical/<lang>/`, holding a
  copy of the staged tree as `docs/` and a generated `mkdocs.yml`: Zensical wants both inside the
  folder of its configuration), written where the default engine puts that language (the default
  language at the top, the others in `<lang>/`), so links, downloads and offline copies agree;
- the theme is Zensical's with our templates (`overrides-zensical/`) and our assets
  (`overrides/assets/`, shared with the default engine), put together in `<work>/zensical-theme/`;
- after each run, every page is post-processed as the default engine's hooks do it: the language
  switcher points at the same page in each language (alternates.py's rule), no `<link
  rel="alternate">` (the sitemaps say which languages a page is written in), the accessibility fixes
  (a11y.py), French typography, and the Content-Security-Policy (csp.py); the 404 page of each
  language likewise;
- search: each run indexes only its own language (`search.json` at the language's root), which
  Zensical's search UI loads from there; from disk (`file://`, the offline copy) it loads
  `search.js` instead, which the offline copy gets beside it (`OFFLINE_RULES`), with its locations
  ending in `index.html`; its search worker then runs in a frame (overrides/.../ctm-offline.js).

There is no incremental build with this engine: every build renders every page.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ctmanual.settings import SETTINGS_KEY, Settings, read_config
from ctmanual.site import a11y, alternates, csp, notfound
from ctmanual.site.engine import SiteEngineError, engine_nav, language_homes, translated_in
from ctmanual.site.offline import offline_file as engine_offline_file
from ctmanual.site.sitemap import page_url
from ctmanual.site_facts import OfflineRules, directory_index
from ctmanual.staging import Assembly
from ctmanual.typography import typeset

NAME = "zensical"
TEMPLATES = "overrides-zensical"  # our templates for Zensical, in the project folder
SHARED_ASSETS = Path("overrides") / "assets"  # our stylesheet and scripts, the same for both engines
INDEX = "search.json"  # each language's search index, at the language's root
INDEX_FROM_DISK = "search.js"  # the same index as a script, which Zensical's search loads on file:// pages
LEFT_OUT_OFFLINE = ("404.html", "sitemap.xml")  # a language's files a copy read from disk has no use for
PLUGINS = ("search",)  # the configured plugins that Zensical runs itself; it ignores the others
_SWITCHER_LINK = re.compile(r'(<a href=")([^"]*)(" hreflang="([^"]+)" class="md-select__link">)')


def build_site_with_zensical(settings: Settings, assembly: Assembly, site_dir: Path, work: Path) -> dict[str, int]:
    """Build every language of `assembly` into `site_dir`; return the search entries per language."""
    theme = _theme(settings, work / "zensical-theme")
    homes = language_homes(settings, assembly)
    written_in = translated_in(assembly)
    codes = sorted(assembly.languages, key=lambda code: code != settings.default_language)  # default first
    for code in codes:
        project = work / NAME / code
        _copy_tree(assembly.staging / code, project / "docs")
        config = _config(settings, assembly, code, theme, homes)
        (project / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    # The runs are processes of their own, one per core at a time; the pages are moved and rewritten after.
    with ThreadPoolExecutor(max_workers=max(1, min(len(codes), os.cpu_count() or 1))) as pool:
        list(pool.map(lambda code: _run(work / NAME / code / "mkdocs.yml", code), codes))
    counts = {}
    for code in codes:
        project = work / NAME / code
        prefix = "" if code == settings.default_language else f"{code}/"
        (project / "site").rename(site_dir / prefix if prefix else site_dir)
        site = LanguageSite(code, prefix, settings.default_language, homes)
        site.post_process(site_dir, assembly.languages[code].pages, written_in)
        counts[code] = _keep_fallbacks_out_of_search(site_dir / prefix / INDEX, assembly.languages[code].pages)
    return counts


def _keep_fallbacks_out_of_search(index_path: Path, pages: dict[str, bool]) -> int:
    """A page staged in the language only as a fallback (the default language's text) is not searched in it,
    as with the default engine; the number of entries left."""
    fallbacks = {page_url(rel) for rel, fallback in pages.items() if fallback and rel.endswith(".md")}
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["items"] = [item for item in index["items"] if item["location"].split("#", 1)[0] not in fallbacks]
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(index["items"])


def _theme(settings: Settings, target: Path) -> Path:
    """Our templates for Zensical with the assets both engines share, in one folder (Zensical takes one)."""
    shutil.copytree(settings.root / TEMPLATES, target)
    shutil.copytree(settings.root / SHARED_ASSETS, target / "assets", dirs_exist_ok=True)
    return target


def _copy_tree(source: Path, target: Path) -> None:
    """The staged tree of a language, linked where it can be (same file system), else copied."""
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def _config(settings: Settings, assembly: Assembly, code: str, theme: Path,
            homes: list[dict[str, str]]) -> dict[str, Any]:
    """The engine's configuration for one language: mkdocs.yml without what Zensical would not run
    (plugins it does not know, hooks, mkdocs' validation settings), plus what the build decides."""
    raw = read_config(settings.config_file)
    for key in (SETTINGS_KEY, "hooks", "validation"):
        raw.pop(key, None)
    pages = assembly.languages[code]
    theme_config = {**(raw.get("theme") or {}), "custom_dir": str(theme), "language": code}
    home = next((entry["link"] for entry in homes if entry["lang"] == code), "/")  # from the site's root path
    extra = {**(raw.get("extra") or {}), "ctm_default_language": settings.default_language, "alternate": homes,
             notfound.LABELS: pages.not_found, "ctm_home": home}
    return {
        **raw,
        "site_name": pages.site_name or raw.get("site_name"),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme_config,
        "extra": extra,
        "nav": engine_nav(pages.nav, pages.titles),
        "plugins": [p for p in raw.get("plugins") or [] if (p if isinstance(p, str) else next(iter(p))) in PLUGINS],
        "use_directory_urls": True,
    }


def _run(config_file: Path, code: str) -> None:
    """One engine run, in its own process (the engine keeps its configuration in module state).
    Strict: a warning fails the build, as with the default engine."""
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config_file)],
                          cwd=config_file.parent, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()
        raise SiteEngineError(f"zensical ({code}): " + "\n".join(output[-20:]))


@dataclass(frozen=True)
class LanguageSite:
    """One language's pages as Zensical wrote them, and what our hooks would have done to them."""

    code: str
    prefix: str  # the language's folder in the site, "" for the default language
    default_language: str
    homes: list[dict[str, str]]  # the switcher's entries: each language's home (engine.language_homes)

    def post_process(self, site_dir: Path, pages: dict[str, bool], translated_in: dict[str, list[str]]) -> None:
        """Rewrite each page (`pages`: staged path -> fallback) and the 404 page in place."""
        config = SimpleNamespace(extra={alternates.TRANSLATED_IN: translated_in,
                                        "ctm_default_language": self.default_language})
        for rel in pages:
            if not rel.endswith(".md"):
                continue
            url = self.prefix + page_url(rel)
            path = site_dir / url / "index.html"
            page = SimpleNamespace(file=SimpleNamespace(src_uri=f"{self.code}/{rel}"), url=url)
            html = alternates.without_alternates(path.read_text(encoding="utf-8"))
            html = self._switcher(html, page_url(rel), url)
            html = a11y.on_post_page(html, page, config)
            html = typeset(html, self.code)
            path.write_text(csp.on_post_page(html, None, None), encoding="utf-8")
        not_found = site_dir / self.prefix / notfound.NAME
        if not_found.is_file():
            html = alternates.without_alternates(not_found.read_text(encoding="utf-8"))
            not_found.write_text(csp.on_post_page(typeset(html, self.code), None, None), encoding="utf-8")

    def _switcher(self, html: str, rel_url: str, url: str) -> str:
        """Each language's switcher entry leads to this page in that language (alternates.py's rule:
        every page is staged in every language; a home page leads to each language's home), relative
        to the page, so it holds wherever the site is served from."""
        here = posixpath.dirname(url.rstrip("/") + "/x") if url else "."

        def pointed(match: re.Match) -> str:
            lang = match.group(4)
            target = (("" if lang == self.default_language else f"{lang}/") + rel_url) or "."
            link = posixpath.relpath(target, here)
            return match.group(1) + (link if link == "." else link.rstrip("/") + "/") + match.group(3)

        return _SWITCHER_LINK.sub(pointed, html)


def offline_file(site_path: str, data: bytes) -> list[tuple[str, bytes]]:
    """A file of the built site as an offline copy holds it: pages as with the default engine; a language's
    search index with each location ending in `index.html` (no server there to answer a folder's
    address), and once more as the script Zensical's search loads from disk."""
    if site_path != INDEX and not site_path.endswith("/" + INDEX):
        return engine_offline_file(site_path, data)
    index = json.loads(data.decode("utf-8"))
    for item in index["items"]:
        path, anchor, rest = item["location"].partition("#")
        if not path or path.endswith("/"):
            item["location"] = directory_index(path) + anchor + rest
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return [(site_path, text), (site_path.removesuffix(INDEX) + INDEX_FROM_DISK, b"var __index = " + text)]


# Each language's run writes its own assets into its folder: a copy needs nothing from the site root.
OFFLINE_RULES = OfflineRules(shared=(), left_out=LEFT_OUT_OFFLINE, debug_only=".map", rewrite=offline_file)
