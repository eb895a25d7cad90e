"""Fill in size and page count on each language's Downloads page.

The site stage writes the Downloads page before anything is rendered, with a
placeholder for each file; this writes in the figures of the files now there.
The page is replaced, never written in place: in an incremental build it may
be a hard link to the same page of the site now online (site/incremental.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ctmanual.urls import language_prefix, language_root

_PLACEHOLDER = re.compile(r'<span class="ctm-file-(size|pages)"(?: data-units="([^"]*)")? data-file="([^"]+)">[^<]*</span>')
NBSP = "\u00a0"  # between a figure and its unit: never split at the end of a line


def fill_download_sizes(site_dir: Path, default_language: str, languages: list[str], files: dict[str, dict]) -> None:
    for code in languages:
        page = language_root(site_dir, code, default_language) / "downloads" / "index.html"
        if not page.exists():
            continue
        prefix = language_prefix(code, default_language)

        def replace(match: re.Match) -> str:
            what, units, path = match.group(1), match.group(2), match.group(3)
            info = files.get(prefix + path)
            if info is None:
                text = "–"
            elif what == "size":
                text = human_size(info["bytes"], *(units.split("/") if units else ()))
            else:
                text = page_count(info["pages"], *(units.split("/") if units else ()))
            attribute = f' data-units="{units}"' if units is not None else ""
            return f'<span class="ctm-file-{what}"{attribute} data-file="{path}">{text}</span>'

        filled = page.with_name(page.name + ".part")
        filled.write_text(_PLACEHOLDER.sub(replace, page.read_text(encoding="utf-8")), encoding="utf-8")
        os.replace(filled, page)


def human_size(size: int, kilo: str = "kB", mega: str = "MB", decimal: str = ".") -> str:
    """`size` bytes in the reader's units ("230 KB", "1,4 МБ"), the figure and unit never split."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}{NBSP}{kilo}"
    return f"{size / (1024 * 1024):.1f}".replace(".", decimal) + f"{NBSP}{mega}"


def page_count(pages: int | None, one: str | None = None, many: str | None = None) -> str:
    """"12 pages" in the reader's words; the bare figure when the placeholder gave no units."""
    if not pages:
        return "–"
    if one is None:
        return str(pages)
    return f"{pages}{NBSP}{one if pages == 1 else many}"
