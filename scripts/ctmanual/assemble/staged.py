"""The staged folder, kept between builds: a file is written only when its bytes changed.

Creating thousands of files costs more than rendering them (100-250 µs each on ext4),
so a build that finds the folder as the last build left it rewrites only what differs.
What the folder holds is known from a record beside it (`<folder>.record.json`: staged
path -> [sha256, key]) written when a build has staged every file. The key, when a page has
one, is a digest of everything the page was made from: a page whose key is unchanged is
not made again at all (`reuse`). The record is removed before the first file is written
or removed and put back only at the end, so a build stopped half-way leaves no record
and the next build writes every file again: a stale record can never be trusted. While
the record stands the folder holds what it lists, so a build that changed nothing leaves
the record as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

RECORD_SUFFIX = ".record.json"


class StagedFolder:
    """Writes the staged files of one build into `root`; `digests` is what it holds afterwards."""

    def __init__(self, root: Path):
        self.root = root
        self.previous = _read_record(root)
        self._record_taken = not self.previous  # no record to trust: none to remove either
        self.digests: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        self.written = 0
        self.reused = 0

    def reuse(self, rel: str, key: str) -> bool:
        """Keep the file the last build made from inputs with this key; False: make it."""
        previous = self.previous.get(rel)
        if not key or previous is None or previous[1] != key or not os.path.isfile(f"{self.root}/{rel}"):
            return False
        self.digests[rel], self.keys[rel] = previous
        self.reused += 1
        return True

    def write(self, rel: str, data: bytes, key: str = "") -> None:
        """Stage `data` at `rel`; `key`, if given, is a digest of everything it was made from."""
        digest = hashlib.sha256(data).hexdigest()
        self.digests[rel], self.keys[rel] = digest, key
        path = self.root / rel
        previous = self.previous.get(rel)
        if previous is not None and previous[0] == digest and path.is_file():
            return
        self._take_record()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written += 1

    def finish(self) -> None:
        """Remove what this build did not stage (a deleted page, a language not built), then record."""
        self._remove_unlisted()
        record_data = {rel: [digest, self.keys[rel]] for rel, digest in self.digests.items()}
        if self._record_taken or len(record_data) != len(self.previous) \
                or any(tuple(entry) != self.previous.get(rel) for rel, entry in record_data.items()):
            _write_record(self.root, record_data)

    def _take_record(self) -> None:
        """Remove the record before the folder first changes (see the module docstring)."""
        if not self._record_taken:
            _record(self.root).unlink(missing_ok=True)
            self._record_taken = True

    def _remove_unlisted(self) -> None:
        """Every file of the folder that this build did not stage. The folder is walked even when a
        record says what it holds: a file put there behind the record's back would be published."""
        for folder, dirs, names in os.walk(self.root, topdown=False):
            prefix = os.path.relpath(folder, self.root).replace(os.sep, "/")
            prefix = "" if prefix == "." else prefix + "/"
            for name in names:
                if prefix + name not in self.digests:
                    self._take_record()
                    os.unlink(os.path.join(folder, name))
            for name in dirs:
                try:
                    os.rmdir(os.path.join(folder, name))  # only when empty
                except OSError:
                    pass


def _read_record(root: Path) -> dict[str, tuple[str, str]]:
    """The last build's record; empty (and removed) when there is none to trust."""
    root.mkdir(parents=True, exist_ok=True)
    record = _record(root)
    try:
        raw = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested thousands deep
        raw = {}
    if not isinstance(raw, dict) or not raw or not all(_entry(v) for v in raw.values()):
        record.unlink(missing_ok=True)
        return {}
    return {rel: (digest, key) for rel, (digest, key) in raw.items()}


def _write_record(root: Path, data: dict[str, list[str]]) -> None:
    record = _record(root)
    partial = record.with_name(record.name + ".part")
    partial.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    os.replace(partial, record)


def _entry(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(part, str) for part in value)


def _record(root: Path) -> Path:
    return root.with_name(root.name + RECORD_SUFFIX)
