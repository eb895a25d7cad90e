"""Characters the print fonts cannot draw. PDFs are set in DejaVu Serif and Sans (installed by
set-up), and the text layout falls back from one DejaVu face to another for a missing character;
a character none of them has prints as an empty box. The site is unaffected (the browser
falls back to other fonts), so this is a warning with the file and line, not an error."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from ctmanual.problems import ProblemList

FONTS = tuple(Path("/usr/share/fonts/truetype/dejavu") / name
              for name in ("DejaVuSerif.ttf", "DejaVuSans.ttf", "DejaVuSansMono.ttf"))


@cache
def printable() -> frozenset[int] | None:
    """Code points some print font draws; None when the fonts are not where Debian puts them."""
    from fontTools.ttLib import TTFont

    if not all(font.is_file() for font in FONTS):
        return None
    covered = [set(TTFont(font, lazy=True)["cmap"].getBestCmap()) for font in FONTS]
    return frozenset(set.union(*covered))


def check_glyphs(paths: list[Path], problems: ProblemList) -> None:
    covered = printable()
    if covered is None:
        return
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the loader
        if not any(_missing(ch, covered) for ch in set(text)):
            continue  # the common case, checked once per distinct character
        for number, line in enumerate(text.split("\n"), start=1):
            missing = sorted({ch for ch in line if _missing(ch, covered)})
            if missing:
                shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:3])
                problems.warn(path, number, f"{shown} cannot be printed in the PDF fonts (DejaVu): it would show "
                                            "as an empty box; use another character or write it out")


def _missing(ch: str, covered: frozenset[int]) -> bool:
    return ord(ch) not in covered and not ch.isspace() and unicodedata.category(ch)[0] != "C"
