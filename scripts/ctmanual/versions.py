"""Cache keys: the one way every cache kept between builds keys what it holds.

Each key says the version of our code (a digest of every file of the package, code and
templates, and of Python's version), the versions of the libraries that shape what is
cached, and the inputs the cache's owner names. A change to any of them gives another
key, so no cache serves a file made by other code: there is no version number to bump
by hand.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path

# The libraries each cache depends on, by what is cached (distribution names).
PARSED_FILES = ("pydantic", "pydantic-core", "PyYAML")
STAGED_PAGES = ("pydantic", "pydantic-core", "PyYAML", "Jinja2", "MarkupSafe")
SITE_PAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "markdown", "Jinja2",
              "MarkupSafe")
PRINT_FRAGMENTS = ("markdown", "pymdown-extensions", "PyYAML")
PDF_LAYOUT = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "Jinja2", "MarkupSafe")
PDF_JOIN = ("pikepdf",)
DOCX = ("python-docx", "markdown", "pymdown-extensions")


def cache_key(libraries: tuple[str, ...], *inputs: str | bytes) -> str:
    """The key of a cached thing made by our code with `libraries` from `inputs`."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_version().encode() + b"\0")
    for name in libraries:
        digest.update(f"{name}={library_version(name)}\n".encode())
    for value in inputs:
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()


@cache
def code_version() -> str:
    """A digest of our package's files (code and templates) and of Python's version."""
    digest = hashlib.blake2b(digest_size=20)
    package = Path(__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


@cache
def library_version(name: str) -> str:
    return version(name)
