"""The record a translated file keeps of its source: a hash of the source text and the commit.

It is one comment line, so it never reaches the content schema: the first line inside the
front matter of a Markdown file, or the first line of a YAML data file:

    # ctm-translation: source=3f2a9c0d41b7e655 commit=9b1c2d3e4f50 (written by `ctmanual i18n`; do not edit)

`draft` after the commit marks a file scaffolded by `i18n start` and not yet marked done.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_LINE = re.compile(r"^# ctm-translation: source=([0-9a-f]{16}) commit=([0-9a-f]*)( draft)?(?:\s.*)?$", re.M)
NOTE = "(written by `ctmanual i18n`; do not edit)"


@dataclass(frozen=True)
class Record:
    source: str  # source_hash() of the source text the translation was made from
    commit: str  # the commit that held that source text ("" when it was not committed)
    draft: bool = False  # scaffolded by `i18n start`, not yet marked done

    def line(self) -> str:
        draft = " draft" if self.draft else ""
        return f"# ctm-translation: source={self.source} commit={self.commit}{draft} {NOTE}"


def source_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").lstrip("\ufeff")


def read_record(text: str) -> Record | None:
    head = _head(normalise(text))
    match = _LINE.search(head)
    return Record(match.group(1), match.group(2), bool(match.group(3))) if match else None


def write_record(text: str, record: Record, markdown: bool) -> str:
    """`text` with its record replaced or added."""
    text = normalise(text)
    head = _head(text)
    if _LINE.search(head):
        return _LINE.sub(record.line(), text, count=1)
    if markdown and text.startswith("---\n"):
        return f"---\n{record.line()}\n{text[4:]}"
    return f"{record.line()}\n{text}"


def _head(text: str) -> str:
    """Where a record may be: the front matter of a Markdown file, or the first lines of a YAML file."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        return text[: end if end > 0 else len(text)]
    return "\n".join(text.split("\n", 3)[:3])
