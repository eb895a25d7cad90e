"""Facts about a file that translation tracking needs: its hash, its words, its translation record."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ctmanual.translation_record import normalise, read_record, source_hash
from ctmanual.project import translatable_fields
from ctmanual.translation_state import FileFacts

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SKIP_IN_BODY = re.compile(r"\]\([^)]*\)|\{#[^}]*\}|^///.*$|^\|?[-:| ]+\|?$", re.M)  # link targets, anchors, markers


def file_facts(path: Path, rel: str) -> FileFacts | None:
    try:
        text = normalise(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    record = read_record(text)
    return FileFacts(
        hash=source_hash(text),
        words=count_words(rel, text),
        record_source=record.source if record else None,
        record_commit=record.commit if record else "",
        draft=bool(record and record.draft),
    )


def count_words(rel: str, text: str) -> int:
    """Words a translator translates: translatable front matter values and the body of a Markdown
    file; the translatable fields of a YAML data file (every value of ui.yml)."""
    fields = translatable_fields(rel)
    if rel.endswith(".md"):
        head, body = _split(text)
        return _words_in(_load(head), fields, all_values=False) + len(_WORD.findall(_SKIP_IN_BODY.sub(" ", body)))
    return _words_in(_load(text), fields, all_values=rel == "ui.yml")


def _split(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            return text[4:end], text[end + 5:]
    return "", text


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _words_in(value: Any, fields: frozenset[str], all_values: bool, key: str | None = None) -> int:
    if isinstance(value, dict):
        return sum(_words_in(item, fields, all_values, name) for name, item in value.items())
    if isinstance(value, list):
        return sum(_words_in(item, fields, all_values, key) for item in value)
    if isinstance(value, str) and (all_values or key in fields):
        return len(_WORD.findall(value))
    return 0
