"""A content file cut into translation segments, and a new translation written back in place.

A segment is one translatable front matter value (the fields the loader takes from a
translation) or one body block (heading, paragraph, list item, quote, table row, admonition
title). Its key says where it sits, not what it says, so the same key names the English
segment and its translation: a field path (`objectives[2]`, `activities[1].steps[3]`, an entry
of a data file by its id: `guardian.definition`) or a body position (`body.3` is the third
heading, `body.3.2` the second block after it). Each segment keeps its span in the file, so
`rewrite` replaces only the segments whose text changed and leaves every other byte alone.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import yaml

from ctmanual.i18n.blocks import body_blocks
from ctmanual.project import translatable_fields
from ctmanual.safe_input import compose_yaml

_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")  # a heading's {#anchor} stays out of the text
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")
_MARKER = re.compile(r"^(\s*///\s*[\w-]+\s*\|\s*)(.*)$")
_RISKY_START = re.compile(r"^(?:[-*+>#|]|\d+[.)]|///|={3}|-{3})(?:\s|$)")
WIDTH = 120  # the wrapping of the Markdown sources


@dataclass(frozen=True)
class Segment:
    key: str
    text: str  # what a translator translates
    line: int  # 1-based, in the file it was cut from
    start: int  # span in that file: text[start:end] is what a new translation replaces
    end: int
    form: str  # YAML: plain ' " | > ; Markdown: heading item text quote row marker
    note: str  # the field or block kind, for the translator


def segments_of(rel: str, text: str) -> list[Segment]:
    fields = translatable_fields(rel)
    if not rel.endswith(".md"):
        return _yaml_segments(text, 0, fields, all_values=rel == "ui.yml")
    segments: list[Segment] = []
    body_at = 0
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end > 0:
            segments += _yaml_segments(text[4:end + 1], 4, fields, all_values=False)
            body_at = text.find("\n", end + 1) + 1 if text.find("\n", end + 1) >= 0 else len(text)
    return segments + _body_segments(text, body_at)


# --- front matter and data files -------------------------------------------------------------

def _yaml_segments(text: str, offset: int, fields: frozenset[str], all_values: bool) -> list[Segment]:
    try:
        root = compose_yaml(text)
    except yaml.YAMLError:
        return []  # the loader reports it (anchors and aliases too)
    found: list[Segment] = []
    _walk(root, "", None, fields if not all_values else None, text, offset, found)
    return found


def _walk(node, path: str, field: str | None, fields: frozenset[str] | None, text: str, offset: int,
          found: list[Segment]) -> None:
    """`fields` None: every string value is translatable (ui.yml)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            name = str(key_node.value)
            _walk(value, f"{path}.{name}" if path else name, name, fields, text, offset, found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value, start=1):
            _walk(item, f"{path}{_item_key(item, index)}", field, fields, text, offset, found)
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
        if fields is None or field in fields:
            found.append(_scalar_segment(node, path, field or "", text, offset))


_NAMING_KEYS = ("id", "situation", "role", "kind", "audience")  # what names a list entry in the data files


def _item_key(item, index: int) -> str:
    """A list entry with an id (or a situation, role or step kind: referral data) is keyed by it,
    so inserting an entry does not shift the others."""
    if isinstance(item, yaml.MappingNode):
        names = {k.value: v for k, v in item.value if isinstance(v, yaml.ScalarNode) and v.value}
        for name in _NAMING_KEYS:
            if name in names:
                return f"[{names[name].value}]"
    return f"[{index}]"


def _scalar_segment(node: yaml.ScalarNode, path: str, field: str, text: str, offset: int) -> Segment:
    start, end = node.start_mark.index, node.end_mark.index
    style = node.style or "plain"
    value = node.value
    if style in "|>":
        end = start + len(text[start:end].rstrip())
        value = value.rstrip("\n")
    kind = "Markdown" if field == "trainer_notes" else "text"
    first_line = 2 if offset else 1  # a front matter starts on line 2, after `---`
    return Segment(path, value, node.start_mark.line + first_line, start + offset, end + offset, style, f"{field} ({kind})")


# --- Markdown body -----------------------------------------------------------------------------

def _body_segments(text: str, body_at: int) -> list[Segment]:
    first_line = text.count("\n", 0, body_at) + 1
    starts = _line_starts(text)
    found: list[Segment] = []
    section, ordinal = 0, 0
    for block in body_blocks(text[body_at:].split("\n"), first_line):
        line = block.line
        start = starts[line - 1]
        end = start + len(block.text)
        words = _block_text(block.kind, block.text)
        if block.kind == "heading":
            section, ordinal = section + 1, 0
            key = f"body.{section}"
        else:
            if words is None:
                continue
            ordinal += 1
            key = f"body.{section}.{ordinal}"
        if words:
            found.append(Segment(key, words, line, start, end, _form(block.kind, block.text), _BLOCK_NOTES[_form(block.kind, block.text)]))
    return found


_BLOCK_NOTES = {
    "heading": "heading (keep it one line)",
    "item": "list item (Markdown)",
    "text": "paragraph (Markdown)",
    "quote": "quotation (Markdown)",
    "row": "table row: keep the | between cells",
    "marker": "box title",
}


def _form(kind: str, text: str) -> str:
    if kind == "text" and text.lstrip().startswith(">"):
        return "quote"
    return kind


def _block_text(kind: str, text: str) -> str | None:
    """The words of a block, as one line; None for blocks with nothing to translate."""
    if kind == "heading":
        return _ATTRS.sub("", text.strip().lstrip("#").strip())
    if kind == "marker":
        match = _MARKER.match(text)
        return match.group(2).strip() if match else None
    if kind == "row":
        return None if re.fullmatch(r"[\s|:-]+", text) else text.strip()
    if kind == "item":
        text = _ITEM.sub("", text, count=1)
    if _form(kind, text) == "quote":
        text = "\n".join(re.sub(r"^\s*>\s?", "", line) for line in text.split("\n"))
    words = " ".join(text.split())
    return words if re.search(r"\w", words) else None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [match.end() for match in re.finditer("\n", text)]
    return starts


# --- writing a translation back ----------------------------------------------------------------

def rewrite(text: str, segments: list[Segment], new: dict[str, str], quoted: frozenset[str] = frozenset(),
            verbatim: dict[str, str] | None = None) -> str:
    """`text` with the segments named in `new` replaced; every other byte unchanged. Values
    whose keys are in `quoted` are written as double-quoted YAML, which holds any text; those
    in `verbatim` are written as the given markup (a translation's own span, wrapping and all)."""
    by_key = {segment.key: segment for segment in segments}
    verbatim = verbatim or {}
    out = text
    for segment in sorted((by_key[key] for key in new if key in by_key), key=lambda s: s.start, reverse=True):
        form = '"' if segment.key in quoted and segment.form in _YAML_FORMS else segment.form
        rendered = verbatim.get(segment.key) or _render(out[segment.start:segment.end], form, new[segment.key])
        out = out[:segment.start] + rendered + out[segment.end:]
    return out


_YAML_FORMS = ("plain", "'", '"', "|", ">")


def _render(original: str, form: str, value: str) -> str:
    if form in ("plain", "'", '"'):
        return _flow_scalar(value, form)
    if form in ("|", ">"):
        return _block_scalar(original, value, form)
    return _markdown_block(original, form, value)


def _flow_scalar(value: str, style: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=float("inf"), default_style=None if style == "plain" else style)
    return dumped.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def _block_scalar(original: str, value: str, style: str) -> str:
    header, _, content = original.partition("\n")
    indent = re.match(r"^(\s*)", content).group(1) if content else "  "
    if style == "|":
        lines = value.split("\n")
    else:
        lines = []
        for index, paragraph in enumerate(value.split("\n")):
            lines += [""] if index else []
            lines += textwrap.wrap(paragraph, WIDTH - len(indent), break_long_words=False, break_on_hyphens=False) or [""]
    return header + "\n" + "\n".join(indent + line if line else "" for line in lines)


def _markdown_block(original: str, form: str, value: str) -> str:
    value = " ".join(value.split())
    first = original.split("\n", 1)[0]
    if form == "heading":
        hashes = re.match(r"^(\s*#+\s*)", first).group(1)
        attrs = _ATTRS.search(first)
        return hashes + value + (attrs.group(0).rstrip() if attrs else "")
    if form == "marker":
        return _MARKER.match(first).group(1) + value
    if form == "row":
        return re.match(r"^(\s*)", first).group(1) + value
    if form == "item":
        prefix = _ITEM.match(first).group(1)
        rest = original.split("\n")[1:]
        indent = re.match(r"^(\s*)", rest[0]).group(1) if rest else " " * len(prefix)
        return _wrapped(value, prefix, indent)
    if form == "quote":
        return _wrapped(value, "> ", "> ")
    indent = re.match(r"^(\s*)", first).group(1)
    return _wrapped(value, indent, indent)


def _wrapped(value: str, first: str, rest: str) -> str:
    """Wrapped like the source, unless a wrapped line would start a list, heading or table:
    then one line, which Markdown reads the same."""
    lines = textwrap.wrap(value, WIDTH, initial_indent=first, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False)
    if any(_RISKY_START.match(line[len(rest):]) for line in lines[1:]):
        return first + value
    return "\n".join(lines) if lines else first + value
