"""Read one content file into a model, turning every failure into a located problem."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ctmanual.fingerprint import Fingerprint
from ctmanual.links import find_links
from ctmanual.load.safety import body_problems, string_values, value_problems
from ctmanual.frontmatter import FrontMatterError, Loc, line_at, parse_yaml, split_front_matter
from ctmanual.model import Handout, Module, Page, Safeguarding, SessionPlan, TranslatedSessionPlan
from ctmanual.problems import ProblemList
from ctmanual.project import Document

MAX_FILE_BYTES = 2_000_000


def model_for(rel: str, translation: bool = False) -> type[BaseModel] | None:
    """Which schema a Markdown file follows, from where it sits (and whether it is a translation)."""
    parts = rel.split("/")
    if len(parts) == 1:
        return Page
    if len(parts) == 2 and parts[1] == "index.md":
        return Module
    if len(parts) == 3 and parts[1] == "sessions":
        return TranslatedSessionPlan if translation else SessionPlan
    if len(parts) == 3 and parts[1] == "handouts":
        return Handout
    return None


def read_text(path: Path, problems: ProblemList) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as err:
        problems.error(path, 1, f"cannot read file: {err.strerror}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.error(path, 1, f"file is {len(raw)} bytes, over the {MAX_FILE_BYTES} byte limit: split it up")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.error(path, line, "not valid UTF-8: save the file as UTF-8")
        return None
    return text.replace("\r\n", "\n").lstrip("\ufeff")


def read_document(path: Path, rel: str, model: type[BaseModel], problems: ProblemList) -> Document | None:
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        parsed = split_front_matter(text)
    except FrontMatterError as err:
        problems.error(path, err.line, str(err))
        return None
    if not isinstance(parsed.data, dict):
        problems.error(path, 2, "front matter must be a set of `key: value` lines")
        return None
    for line, message in value_problems(parsed.data, parsed.lines):
        problems.error(path, line, message)
    for number, message in body_problems(parsed.body, depth=rel.count("/")):
        problems.error(path, parsed.body_line + number, message)
    meta = validate(model, parsed.data, parsed.lines, path, problems)
    if meta is None:
        return None
    document = Document(path, rel, meta, parsed.body, parsed.body_line, parsed.lines)
    return dataclasses.replace(document, links=_links(document), meta_token=Fingerprint().token(meta))


def _links(doc: Document) -> tuple[tuple[str, str, int], ...]:
    """The id links of a document: in its front matter (at the line of their field), then its body."""
    found = [(link.scheme, link.target, doc.line_of(*loc))
             for loc, text in string_values(doc.meta.model_dump(), ()) for link in find_links(text)]
    found += [(link.scheme, link.target, doc.body_line + link.line) for link in find_links(doc.body)]
    return tuple(found)



def read_yaml(path: Path, problems: ProblemList) -> tuple[Any, dict[Loc, int]] | None:
    """A YAML file's data and the line of each key path; None (with a located problem) if unreadable."""
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data, lines = parse_yaml(text)
    except FrontMatterError as err:
        problems.error(path, err.line, str(err))
        return None
    for line, message in value_problems(data, lines):
        problems.error(path, line, message)
    return data, lines


def read_data(path: Path, schema: Any, problems: ProblemList) -> tuple[Any, dict[Loc, int]] | None:
    """Read a YAML data file and check it against a type (a model or a list of models)."""
    parsed = read_yaml(path, problems)
    if parsed is None:
        return None
    data, lines = parsed
    return validate(schema, data, lines, path, problems), lines


def validate(schema: Any, data: Any, lines: dict[Loc, int], path: Path, problems: ProblemList) -> Any:
    try:
        return _adapter(schema).validate_python(data)
    except ValidationError as err:
        for issue in err.errors():
            loc = tuple(issue["loc"])
            problems.error(path, line_at(lines, loc), describe(issue))
        return None


@cache
def _adapter(schema: Any) -> TypeAdapter:
    """Building a validator costs far more than using it: one per schema."""
    return TypeAdapter(schema)


def describe(issue: dict[str, Any]) -> str:
    """A pydantic error in words a content author can act on."""
    field = ".".join(str(part) for part in issue["loc"]) or "front matter"
    kind = issue["type"]
    loc = tuple(issue["loc"])
    if kind == "missing" and loc == ("safeguarding",):
        return ("'safeguarding' is required: add a block saying what may distress participants (content_note), "
                "how to step out (stepping_out), who supports them (support) and what to do on a disclosure "
                "(disclosure); see docs/content-model.md")
    if kind == "missing" and len(loc) == 2 and loc[0] == "safeguarding" and loc[1] in Safeguarding.model_fields:
        return f"'{field}' is required: write {Safeguarding.model_fields[loc[1]].description} (see docs/content-model.md)"
    if kind == "missing":
        return f"'{field}' is required: add it (see docs/content-model.md)"
    if kind == "value_error":
        return f"'{field}': {issue['msg'].removeprefix('Value error, ')}"
    if kind == "extra_forbidden":
        return f"'{field}' is not a known field: remove it or fix its spelling (see docs/content-model.md)"
    if kind == "string_pattern_mismatch":
        value = issue.get("input")
        if field.startswith("version"):
            return f"'{field}': '{value}' is not a version: write it like 1.0.0"
        if field.startswith("url"):
            return f"'{field}': '{value}' must be an https:// address"
        return f"'{field}': '{value}' is not a valid id: use lower-case words joined by hyphens, e.g. 'first-contact'"
    return f"'{field}': {issue['msg']}"

