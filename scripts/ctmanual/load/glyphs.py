"""Characters the print fonts cannot draw. PDFs are set in DejaVu Serif and Sans (installed by
set-up), and the text layout falls back from one DejaVu face to another for a missing character;
a character none of them has prints as an empty box. The site is unaffected (the browser
falls back to other fonts), so this is a warning with the file and line, not an error."""

from __future__ import annotations

import hashlib
import unicodedata
from array import array
from functools import cache
from pathlib import Path

from ctmanual.load.cache import ParseCache
from ctmanual.problems import ProblemList
from ctmanual.safe_input import InputRefused, read_bounded

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


def check_glyphs(paths: list[Path], problems: ProblemList, cache: ParseCache | None = None) -> None:
    """Warn of each line holding a character no print font draws. What a file gave is kept in the
    parse cache, under the file's bytes and the fonts' coverage."""
    covered = printable()
    if covered is None:
        return
    cache = cache or ParseCache(None)
    kind = "glyphs:" + hashlib.blake2b(array("I", sorted(covered)).tobytes(), digest_size=12).hexdigest()
    for path in paths:
        cache.parse(kind, path, lambda found, path=path: _check_file(path, covered, found), problems)


def _check_file(path: Path, covered: frozenset[int], problems: ProblemList) -> None:
    try:
        text = read_bounded(path)
    except (OSError, InputRefused):
        return  # reported by the loader
    if not any(_missing(ch, covered) for ch in set(text)):
        return  # the common case, checked once per distinct character
    for number, line in enumerate(text.split("\n"), start=1):
        missing = sorted({ch for ch in line if _missing(ch, covered)})
        if missing:
            shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:3])
            problems.warn(path, number, f"{shown} cannot be printed in the PDF fonts (DejaVu): it would show "
                                        "as an empty box; use another character or write it out")


def _missing(ch: str, covered: frozenset[int]) -> bool:
    return ord(ch) not in covered and not ch.isspace() and unicodedata.category(ch)[0] != "C"
