"""What changed in a source file between two versions, block by block (paragraph, heading,
list item, table row, front matter entry), with line numbers in the current version."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from ctmanual.i18n.blocks import Block, blocks_of


@dataclass(frozen=True)
class Change:
    kind: str  # changed, added, removed
    line: int  # where it is (or was, for removed) in the current source
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def words(self) -> int:
        return sum(len(text.split()) for text in self.new)


def changes(old_text: str, new_text: str) -> list[Change]:
    old, new = blocks_of(old_text), blocks_of(new_text)
    matcher = SequenceMatcher(a=[b.text for b in old], b=[b.text for b in new], autojunk=False)
    found = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        kind = {"replace": "changed", "insert": "added", "delete": "removed"}[tag]
        line = new[b1].line if b1 < len(new) else (new[-1].line if new else 1)
        found.append(Change(kind, line, _texts(old[a1:a2]), _texts(new[b1:b2])))
    return found


def format_changes(path: str, found: list[Change]) -> str:
    if not found:
        return f"{path}: no change in the source since the translation"
    out = []
    for change in found:
        out.append(f"{path}:{change.line}: {change.kind}")
        out += [f"  - {line}" for text in change.old for line in text.split("\n")]
        out += [f"  + {line}" for text in change.new for line in text.split("\n")]
    return "\n".join(out)


def _texts(blocks: list[Block]) -> tuple[str, ...]:
    return tuple(block.text for block in blocks)
