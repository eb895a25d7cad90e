"""Rebuild only the pages whose staged Markdown changed, when nothing else did.

mkdocs renders every page on every build, so a one-line edit costs as much as a
cold build and grows with the corpus. A page's HTML depends on its own staged
Markdown and on what every page shares: the engine configuration (navigation
with every title, languages, which pages are translated), the theme overrides,
the hooks, our code and the engine's version (`versions.cache_key`). The site keeps a manifest of both (a hash
of the shared part, a hash per staged file). When the shared part is the same
and the same files are staged, the previous site's pages are copied into the new
build folder and mkdocs runs in its "dirty" mode, which reads and renders only pages
whose output is missing: we delete the outputs of the changed pages and date
every unchanged staged file to the epoch, so mkdocs sees its output as current.
Otherwise the build is a full one.

Only the languages with a changed page are built, from a folder holding just
those languages (and the default one, which the i18n plugin always builds): the
plugin maps every file of every language it sees, once per language built, so
building all of them would cost the whole corpus again, times the languages.
Unbuilt languages' pages are carried over, their other files copied from the
staging folder, and the 404 pages, which every language build rewrites and which
depend only on the shared part, are the previous ones.

The new build folder need not start from a copy of the site online: the site
before it (kept aside by the last swap, the "spare") was built with the same shared
part too, and is correct for every page whose staged file has the same hash in its
manifest. Starting from it, a build deletes the outputs of the pages that differ
from it or from the site online, resets the non-page files that differ from the
staged ones, and touches nothing else: no per-file copy or link of the whole site.
Nothing in the spare is written in place where it may share a file with the site
online (a page unchanged in the last build is a hard link to it): pages to render
are deleted first, non-page files are its own copies.

Two things dirty mode leaves wrong are put right here: its search index holds
only the rendered pages (we keep the previous entries of all other pages), and
pages it does not read have no title (the navigation gives every page its title
explicitly, see engine.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctmanual.versions import SITE_PAGES, cache_key

MANIFEST = ".ctm-build.json"


@dataclass(frozen=True)
class Manifest:
    shared: str  # hash of everything every page depends on
    pages: dict[str, str]  # staged file (relative to the staging folder) -> hash of its bytes

    def to_json(self) -> str:
        return json.dumps({"shared": self.shared, "pages": self.pages}, sort_keys=True, separators=(",", ":"))


def make_manifest(config: dict[str, Any], staged: dict[str, str], extra_files: list[Path]) -> Manifest:
    """The manifest of a build about to run: `staged` maps every staged file to the sha256 of its
    bytes (the assembly knows them: it wrote them), `extra_files` are the theme overrides and hooks."""
    portable = {key: value for key, value in config.items() if key not in ("docs_dir", "site_dir")}
    extras = [part for path in sorted(extra_files) for part in (path.name, path.read_bytes())]
    shared = cache_key(SITE_PAGES, json.dumps(portable, ensure_ascii=False, sort_keys=True, default=str), *extras)
    return Manifest(shared, dict(sorted(staged.items())))


def read_manifest(site: Path) -> Manifest | None:
    try:
        raw = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
        return Manifest(str(raw["shared"]), dict(raw["pages"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_manifest(site: Path, manifest: Manifest) -> None:
    (site / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def changed_files(previous: Manifest | None, current: Manifest) -> list[str] | None:
    """The staged files that changed, or None when the whole site must be built."""
    if previous is None or previous.shared != current.shared or previous.pages.keys() != current.pages.keys():
        return None
    return [rel for rel, digest in current.pages.items() if previous.pages[rel] != digest]


KEPT = ("404.html",)  # rewritten by every language build; shared-only (`<lang>/404.html` are carried over as they are)
SEARCH_INDEX = "search/search_index.json"  # the engine's mixed index, written afresh


def reuse_spare(spare: Path | None, site_dir: Path, current: Manifest) -> Manifest | None:
    """Move `spare` (the site before the one online) to `site_dir` if it was built with the same shared
    part and the same staged files; returns its manifest. None (and nothing moved) when it cannot be used."""
    if spare is None:
        return None
    manifest = read_manifest(spare)
    if manifest is None or manifest.shared != current.shared or manifest.pages.keys() != current.pages.keys():
        return None
    (spare / MANIFEST).unlink()
    spare.rename(site_dir)
    return manifest


def refresh(site_dir: Path, staging: Path, staged: dict[str, str], changed: list[str], built: set[str],
            output_of, view: Path) -> Path:
    """Bring the spare (now `site_dir`) to where the engine can finish it: the outputs of `changed`
    pages deleted, every non-page file as staged (a download of an older build becomes its empty
    placeholder again), unchanged pages' sources dated old. Returns the folder the engine reads."""
    changed_set = set(changed)
    site, source = f"{site_dir}/", f"{staging}/"  # strings: at 10x the corpus, Path objects cost 0.1 s here
    for rel, digest in staged.items():
        output = site + output_of(rel)
        if rel in changed_set:
            _unlink(output)
        elif not rel.endswith(".md"):
            _reset(source + rel, output, digest == EMPTY)
        else:
            os.utime(source + rel, (0, 0))
    return _view(staging, built, view)


EMPTY = hashlib.sha256(b"").hexdigest()  # a download's placeholder


def _reset(source: str, output: str, empty: bool) -> None:
    """`output` as `source`; replaced, not overwritten: it may be a hard link to a cached download.
    `empty`: the source is an empty placeholder (known from its hash), so one stat of the output says."""
    try:
        size = os.stat(output).st_size
    except FileNotFoundError:
        size = -1
    if size == 0 and empty:
        return
    if size >= 0 and not empty and size == os.stat(source).st_size and _same_bytes(source, output):
        return
    _unlink(output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    shutil.copyfile(source, output)


def _same_bytes(left: str, right: str) -> bool:
    with open(left, "rb") as one, open(right, "rb") as other:
        return one.read() == other.read()


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def languages_of(changed: list[str]) -> set[str]:
    """The languages (staging folders) holding a changed file."""
    return {rel.split("/", 1)[0] for rel in changed}


def prepare(previous_site: Path, site_dir: Path, staging: Path, changed: list[str], built: set[str],
            output_of, view: Path) -> Path:
    """The previous site carried into `site_dir` (unchanged pages linked, the rest copied: see
    `_copy_site`), without the outputs of changed pages; unchanged pages' sources dated old. Returns
    `view`, made the folder the engine reads: links to the staged folders of `built`.

    Only pages are carried over: every other staged file (the download placeholders, images) is
    copied afresh, by the engine for the languages built and here for the others, as in a full
    build, so a build without downloads never keeps downloads of an older content.
    `output_of(rel)` is the site path a staged file becomes."""
    changed_set = set(changed)
    fresh = {MANIFEST, *KEPT, SEARCH_INDEX}
    unchanged_pages: set[str] = set()
    unbuilt_files: list[tuple[Path, str]] = []
    for path in _files(staging):
        rel = path.relative_to(staging).as_posix()
        if rel in changed_set or not rel.endswith(".md"):
            fresh.add(output_of(rel))
            if rel.split("/", 1)[0] not in built:
                unbuilt_files.append((path, output_of(rel)))
        else:
            os.utime(path, (0, 0))
            unchanged_pages.add(output_of(rel))
    _copy_site(previous_site, site_dir, fresh, unchanged_pages)
    for path, output in unbuilt_files:
        (site_dir / output).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, site_dir / output)
    return _view(staging, built, view)


def keep_shared(previous_site: Path, site_dir: Path) -> None:
    """Put back the previous 404 page (the sitemaps are written after every build: sitemap.py)."""
    for name in KEPT:
        if (previous_site / name).is_file():
            shutil.copy2(previous_site / name, site_dir / name)


def _view(staging: Path, languages: set[str], view: Path) -> Path:
    if view.exists():
        shutil.rmtree(view)
    view.mkdir()
    for code in sorted(languages):
        (view / code).symlink_to(staging / code, target_is_directory=True)
    return view


def _copy_site(source: Path, target: Path, leave_out: set[str], pages: set[str]) -> None:
    """The previous site into `target`, but `leave_out`. The unchanged `pages` are hard links: the
    engine never writes them (it renders only pages whose output is missing), and a link costs a
    fraction of a copy. Every other file is a real copy, since the engine may rewrite it in place
    and the last good site must stay intact."""
    for folder, _, names in os.walk(source):
        rel_folder = os.path.relpath(folder, source)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        (target / prefix).mkdir(parents=True, exist_ok=True)
        for name in names:
            rel = prefix + name
            if rel in leave_out:
                continue
            if rel in pages and _linked(os.path.join(folder, name), target / rel):
                continue
            shutil.copy2(os.path.join(folder, name), target / rel)


def _linked(source: str, destination: Path) -> bool:
    """A hard link, or False where the file system has none (the caller copies)."""
    try:
        os.link(source, destination)
    except OSError:
        return False
    return True


def _files(folder: Path) -> list[Path]:
    return [Path(root, name) for root, _, names in os.walk(folder) for name in names]
