"""What parsing a content file gave, kept between builds (`.cache/parsed.pickle`).

Parsing is the part of loading that grows with the corpus (about 0.5 ms a file: YAML,
validation, word counts). What a parse gives depends on the file's bytes, where the
file is and our code, nothing else (no date, no other file): the key is the kind of
parse, the path and a hash of the bytes, and the whole cache is dropped when any of
our code or the libraries that parse change (its key, `versions.cache_key`). Problems a parse finds are kept with its
result and reported again on every build, so a cached build says what a cold one says.
Every check across files (ids, links, mirrors) runs on every build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ctmanual.problems import Problem, ProblemList
from ctmanual.versions import PARSED_FILES, cache_key

T = TypeVar("T")
Key = tuple[str, str, bytes]


class ParseCache:
    """Parses through a cache read from `file` (None: remember nothing); `save` keeps what was used."""

    def __init__(self, file: Path | None):
        self.file = file
        self.code = cache_key(PARSED_FILES)
        self._old: dict[Key, tuple[Any, list[Problem]]] = _read(file, self.code) if file else {}
        self._used: dict[Key, tuple[Any, list[Problem]]] = {}
        self._digests: dict[str, bytes] = {}  # path -> hash of its bytes, read once per load
        self.hits = 0

    def parse(self, kind: str, path: Path, make: Callable[[ProblemList], T], problems: ProblemList) -> T:
        """`make(problems)` for `path`, or what it gave last time for the same bytes."""
        if self.file is None:
            return make(problems)
        digest = self._digest(path)
        if digest is None:
            return make(problems)  # the parser says what is wrong
        key = (kind, str(path), digest)
        entry = self._old.get(key)
        if entry is None:
            found = ProblemList()
            entry = (make(found), found.items)
        else:
            self.hits += 1
        self._used[key] = entry
        for problem in entry[1]:
            problems.add(problem)
        return entry[0]

    def _digest(self, path: Path) -> bytes | None:
        """The hash of the file's bytes; a file parsed several ways (facts, document, glyphs) is read once."""
        name = str(path)
        if name not in self._digests:
            try:
                self._digests[name] = hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
            except OSError:
                return None
        return self._digests[name]

    def save(self) -> None:
        """Write what this load used (so entries of deleted or changed files go), atomically; nothing
        when it used exactly what was read."""
        if self.file is None or (self.hits == len(self._used) and self._used.keys() == self._old.keys()):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_name(f"{self.file.name}.{os.getpid()}.part")
        with partial.open("wb") as out:
            pickle.dump((self.code, self._used), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.file)


def _read(file: Path, code: str) -> dict[Key, tuple[Any, list[Problem]]]:
    try:
        with file.open("rb") as handle:
            stored_code, entries = pickle.load(handle)
    except Exception:  # a missing, damaged or foreign file: start empty  # noqa: BLE001
        return {}
    return entries if stored_code == code and isinstance(entries, dict) else {}

