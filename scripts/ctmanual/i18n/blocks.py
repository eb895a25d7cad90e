"""A content file cut into blocks a translator recognises: front matter entries, headings,
paragraphs, list items, table rows, admonition markers; each with its first line number."""

from __future__ import annotations

import re
from dataclasses import dataclass

_YAML_ENTRY = re.compile(r"^\s*(?:- |[A-Za-z_][\w-]*:)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_RECORD = re.compile(r"^# ctm-translation:")


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line in the file
    kind: str  # front, heading, marker, item, row, text
    text: str


def blocks_of(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    if lines and lines[0] == "---":
        end = next((i for i in range(1, len(lines)) if lines[i] == "---"), len(lines))
        blocks += _front_blocks(lines[1:end], first_line=2)
        index = end + 1
    blocks += body_blocks(lines[index:], first_line=index + 1)
    return blocks


def _front_blocks(lines: list[str], first_line: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = first_line
    for offset, line in enumerate(lines):
        if _RECORD.match(line) or not line.strip():
            continue
        if _YAML_ENTRY.match(line) and current:
            blocks.append(Block(start, "front", "\n".join(current)))
            current = []
        if not current:
            start = first_line + offset
        current.append(line)
    if current:
        blocks.append(Block(start, "front", "\n".join(current)))
    return blocks


def body_blocks(lines: list[str], first_line: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    state = {"start": first_line, "kind": "text"}

    def flush() -> None:
        if current:
            blocks.append(Block(state["start"], state["kind"], "\n".join(current)))
            current.clear()

    def begin(number: int, kind: str, line: str) -> None:
        flush()
        state.update(start=number, kind=kind)
        current.append(line)

    for offset, line in enumerate(lines):
        number = first_line + offset
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("#"):
            begin(number, "heading", line)
            flush()
        elif stripped.startswith("///"):
            begin(number, "marker", line)
            flush()
        elif stripped.startswith("|"):
            begin(number, "row", line)
            flush()
        elif _LIST_ITEM.match(line):
            begin(number, "item", line)
        elif current:
            current.append(line)
        else:
            begin(number, "text", line)
    flush()
    return blocks
