"""The staged folder, kept between builds: a file is written only when its bytes changed.

Creating thousands of files costs more than rendering them (100-250 µs each on ext4),
so a build that finds the folder as the last build left it rewrites only what differs.
What the folder holds is known from a record beside it (`<folder>.record.json`: staged
path -> sha256) written when a build has staged every file. The record is removed before anything is written and
put back only at the end, so a build stopped half-way leaves no record and the next
build writes every file again: a stale record can never be trusted.
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
        self.previous = _take_record(root)
        self.digests: dict[str, str] = {}
        self.written = 0

    def write(self, rel: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        self.digests[rel] = digest
        path = self.root / rel
        if self.previous.get(rel) == digest and path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written += 1

    def finish(self) -> None:
        """Remove what this build did not stage (a deleted page, a language not built), then record."""
        for folder, dirs, names in os.walk(self.root, topdown=False):
            prefix = os.path.relpath(folder, self.root).replace(os.sep, "/")
            prefix = "" if prefix == "." else prefix + "/"
            for name in names:
                if prefix + name not in self.digests:
                    os.unlink(os.path.join(folder, name))
            for name in dirs:
                try:
                    os.rmdir(os.path.join(folder, name))  # only when empty
                except OSError:
                    pass
        record = _record(self.root)
        partial = record.with_name(record.name + ".part")
        partial.write_text(json.dumps(self.digests, sort_keys=True, indent=0), encoding="utf-8")
        os.replace(partial, record)


def _take_record(root: Path) -> dict[str, str]:
    """The last build's record, removed from the folder; empty when there is none to trust."""
    root.mkdir(parents=True, exist_ok=True)
    record = _record(root)
    try:
        raw = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    record.unlink(missing_ok=True)
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        return {}
    return raw


def _record(root: Path) -> Path:
    return root.with_name(root.name + RECORD_SUFFIX)
