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

_PLACEHOLDER = re.compile(r'<span class="ctm-file-(size|pages)" data-file="([^"]+)">[^<]*</span>')


def fill_download_sizes(site_dir: Path, default_language: str, languages: list[str], files: dict[str, dict]) -> None:
    for code in languages:
        root = site_dir if code == default_language else site_dir / code
        page = root / "downloads" / "index.html"
        if not page.exists():
            continue
        prefix = "" if code == default_language else f"{code}/"

        def replace(match: re.Match) -> str:
            what, path = match.group(1), match.group(2)
            info = files.get(prefix + path)
            text = "–" if info is None else (human_size(info["bytes"]) if what == "size" else str(info["pages"] or "–"))
            return f'<span class="ctm-file-{what}" data-file="{path}">{text}</span>'

        filled = page.with_name(page.name + ".part")
        filled.write_text(_PLACEHOLDER.sub(replace, page.read_text(encoding="utf-8")), encoding="utf-8")
        os.replace(filled, page)


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB"
