"""The offline copy: one language's part of the built site as a zip that works when opened from disk.

A browser reading pages from `file://` shows a folder listing for a link to `page/`. So, in the copy:

- a link to a folder gets `index.html`;
- a link to another language's page (or to the zip itself), which is not in this copy, goes to
  the published site (`site_url`); when the site has no public address, the link is kept as
  text marked as needing the online site (`online-only`, in the copy's language), instead of
  a link that would lead nowhere from disk;
- a language other than the default gets a start page at the top that opens its home page;
- what the site engine's own files need (its search index, its shared assets) the site stage
  says (`OfflineRules`, site/offline.py).

Entries carry a fixed date, so the same site gives the same zip, byte for byte.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ctmanual.site_facts import OfflineRules, directory_index

STORED = (".pdf", ".docx", ".png", ".jpg", ".jpeg", ".woff", ".woff2", ".gz", ".zip")  # compressed already
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
PARTIAL = ".part"

_HREF = re.compile(r'(\shref=")([^"]*)(")')
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_ANCHOR_HREF = re.compile(r'\s(?:href="([^"]*)"|download(?:="[^"]*")?)')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class OfflineBundle:
    """What goes into one language's zip."""

    language: str
    site_path: str  # where the zip goes in the site
    prefix: str  # the language's folder in the site, "" for the default language
    other_prefixes: tuple[str, ...]  # the other languages' folders, left out
    bundles: tuple[str, ...]  # every language's zip: none goes into another
    folder: str  # the folder the zip unpacks to
    online: str  # the published site, for links to pages not in the copy
    engine: OfflineRules  # what the site engine's files need
    online_only: str = "online site only"  # said of such a link when there is no published site

    def includes(self, site_path: str) -> bool:
        if site_path in self.bundles or site_path.endswith(self.engine.debug_only):
            return False
        if site_path.startswith(self.prefix) and site_path[len(self.prefix):] in self.engine.left_out:
            return False
        if site_path.startswith(".") or "/." in site_path or site_path.endswith(PARTIAL):
            return False  # the build's own records, zips being written
        if self.prefix:
            return site_path.startswith((self.prefix, *self.engine.shared))
        return not site_path.startswith(self.other_prefixes)


def write_bundle(bundle: OfflineBundle, site_dir: Path) -> int:
    """Write the zip into the site; return its size in bytes."""
    target = site_dir / bundle.site_path
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PARTIAL)
    files = list(_files(site_dir, bundle))  # before any zip (of this or another language) is begun
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for site_path in files:
            for entry, data in bundle.engine.rewrite(site_path, (site_dir / site_path).read_bytes()):
                if entry.endswith(".html"):
                    data = rewrite_page(data.decode("utf-8"), entry, bundle).encode("utf-8")
                _add(archive, f"{bundle.folder}/{entry}", data)
        if bundle.prefix:
            _add(archive, f"{bundle.folder}/index.html", start_page(bundle, site_dir).encode("utf-8"))
    partial.replace(target)
    return target.stat().st_size


def _files(site_dir: Path, bundle: OfflineBundle) -> Iterator[str]:
    for path in sorted(site_dir.rglob("*")):
        site_path = path.relative_to(site_dir).as_posix()
        if path.is_file() and bundle.includes(site_path):
            yield site_path


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """One entry with a fixed date."""
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def rewrite_page(text: str, site_path: str, bundle: OfflineBundle) -> str:
    """A page of the copy: links work from disk; links out of the copy go to the published site."""
    if not bundle.online:
        text = _ANCHOR.sub(lambda m: _offline_anchor(m, site_path, bundle), text)
    return _HREF.sub(lambda m: m.group(1) + _offline_href(m.group(2), site_path, bundle) + m.group(3), text)


def _offline_href(href: str, site_path: str, bundle: OfflineBundle) -> str:
    href_unescaped = html.unescape(href)
    if not href_unescaped or href_unescaped.startswith(("#", "/", "?")) or _SCHEME.match(href_unescaped):
        return href
    path, rest = _split(href_unescaped)
    outside = _outside(href_unescaped, site_path, bundle)
    if outside is not None:
        return _online(bundle, outside, href)
    if path.endswith("/") or posixpath.basename(path) in (".", ".."):
        return html.escape(directory_index(path) + rest)
    return href


def _outside(href: str, site_path: str, bundle: OfflineBundle) -> str | None:
    """Where in the site a relative link (unescaped) leads, when that is not in the copy; else None."""
    if not href or href.startswith(("#", "/", "?")) or _SCHEME.match(href):
        return None
    path, rest = _split(href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(site_path), path))
    if target.startswith("../"):
        return None
    if path.endswith("/") or posixpath.basename(path) in (".", ".."):
        page = "index.html" if target == "." else f"{target}/index.html"
        return None if bundle.includes(page) else ("" if target == "." else target + "/") + rest
    return None if bundle.includes(target) else target + rest


def _online(bundle: OfflineBundle, target: str, href: str) -> str:
    """A link to a page of another language, at the published site (left as it was without one)."""
    return html.escape(bundle.online + target) if bundle.online else href


def _offline_anchor(match: re.Match, site_path: str, bundle: OfflineBundle) -> str:
    """Without a published site: a link out of the copy becomes its text and says it needs the online site
    (an `<a>` without `href` is no link: not followed, not focused)."""
    attributes, content = match.group(1), match.group(2)
    href = next((found.group(1) for found in _ANCHOR_HREF.finditer(attributes) if found.group(1) is not None), None)
    if href is None or _outside(html.unescape(href), site_path, bundle) is None:
        return match.group(0)
    attributes = _ANCHOR_HREF.sub("", attributes)
    note = html.escape(bundle.online_only)
    return (f'<a{attributes} aria-disabled="true" data-ctm-online-only>{content.rstrip()}'
            f' <span class="ctm-online-only">({note})</span></a>')


def _split(href: str) -> tuple[str, str]:
    """The path of a link, and its query and fragment."""
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:cut], href[cut:]


def start_page(bundle: OfflineBundle, site_dir: Path) -> str:
    """The page at the top of a copy whose home page is in the language's folder."""
    home = f"{bundle.prefix}index.html"
    found = _TITLE.search((site_dir / home).read_text(encoding="utf-8"))
    title = found.group(1).strip() if found else bundle.language
    return (f'<!doctype html>\n<html lang="{bundle.language}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={home}">\n<title>{title}</title>\n</head>\n'
            f'<body>\n<p><a href="{home}">{title}</a></p>\n</body>\n</html>\n')


def plan_bundles(paths: dict[str, str], default_language: str, online: str, folder: Callable[[str], str],
                 engine: OfflineRules, online_only: dict[str, str] | None = None) -> list[OfflineBundle]:
    """One bundle per language; `paths` maps each language to its zip's site path; `online_only`, each
    language's words for a link that needs the online site."""
    prefixes = {code: "" if code == default_language else f"{code}/" for code in paths}
    others = tuple(p for p in prefixes.values() if p)
    online = online if not online or online.endswith("/") else online + "/"
    notes = online_only or {}
    return [OfflineBundle(code, site_path, prefixes[code], tuple(p for p in others if p != prefixes[code]),
                          tuple(paths.values()), folder(code), online, engine,
                          **({"online_only": notes[code]} if code in notes else {}))
            for code, site_path in paths.items()]
