"""Where each translation stands against its source: a pure function of the loaded files.

Used by `ctmanual i18n status`, by the site's translation status page and by the notices on
outdated pages. A file's state:

- `current`: translated from the source text as it is now;
- `outdated`: translated from an older source text (the record's hash differs);
- `draft`: scaffolded by `i18n start` and not yet marked done;
- `untracked`: a translation with no record of its source (run `i18n done` once it is checked);
- `missing`: no translation; readers get the source text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class State(str, Enum):
    CURRENT = "current"
    OUTDATED = "outdated"
    DRAFT = "draft"
    UNTRACKED = "untracked"
    MISSING = "missing"


@dataclass(frozen=True)
class FileFacts:
    """What the loader learned of one file, source or translation."""

    hash: str  # records.source_hash() of its text
    words: int  # words a translator translates in it
    record_source: str | None = None  # a translation: the source hash it records (None: no record)
    record_commit: str = ""
    draft: bool = False


@dataclass(frozen=True)
class FileState:
    rel: str
    state: State
    words: int  # words of the source file
    group: str  # module id, "pages" or "data"


@dataclass
class GroupSummary:
    group: str
    counts: dict[State, int] = field(default_factory=lambda: {state: 0 for state in State})
    words: int = 0
    words_current: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.words_current / self.words) if self.words else 100


def file_states(source: dict[str, FileFacts], translation: dict[str, FileFacts]) -> list[FileState]:
    states = []
    for rel in sorted(source):
        facts = source[rel]
        theirs = translation.get(rel)
        states.append(FileState(rel, state_of(facts, theirs), facts.words, group_of(rel)))
    return states


def state_of(source: FileFacts, translation: FileFacts | None) -> State:
    if translation is None:
        return State.MISSING
    if translation.record_source is None:
        return State.UNTRACKED
    if translation.draft:
        return State.DRAFT
    return State.CURRENT if translation.record_source == source.hash else State.OUTDATED


def group_of(rel: str) -> str:
    if "/" in rel:
        return rel.split("/", 1)[0]
    return "pages" if rel.endswith(".md") else "data"


def summarise(states: list[FileState]) -> list[GroupSummary]:
    groups: dict[str, GroupSummary] = {}
    for item in states:
        summary = groups.setdefault(item.group, GroupSummary(item.group))
        summary.counts[item.state] += 1
        summary.words += item.words
        if item.state is State.CURRENT:
            summary.words_current += item.words
    return list(groups.values())
