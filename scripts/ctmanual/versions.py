"""The version of the code that turns content into pages, for the caches kept between builds."""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path

LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Jinja2", "MarkupSafe")


@cache
def code_version() -> str:
    """A digest of our package's files (code and page templates) and of the versions of Python and
    of the libraries that parse content and make pages: any change drops what a cache kept."""
    digest = hashlib.blake2b(digest_size=20)
    package = Path(__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name}={version(name)}\n".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()
