"""The PO/XLIFF bridge: translation units out of the content files, and back in.

Export pairs every English segment with the translation's segment of the same key. When the
translation is outdated, the English the translation was made from is found in git: a segment
whose English changed since then is fuzzy and carries the previous English, so a translator
sees exactly what to update. Import writes a file only when its units differ from what export
gives now, and inside that file only the segments whose translation changed, so an export
followed by an import with no edits changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ctmanual.i18n.git import version_with_hash
from ctmanual.translation_record import Record, normalise, read_record, source_hash, write_record
from ctmanual.i18n.scaffold import Paths, commit_of
from ctmanual.i18n.segments import Segment, rewrite, segments_of


_ITEM_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@dataclass(frozen=True)
class Unit:
    file: str  # the source file, relative to modules/
    key: str  # the segment's key in that file
    source: str  # the current English
    target: str  # the translation; "" when there is none
    fuzzy: bool = False  # the English changed since this was translated, or the translator is unsure
    previous: str = ""  # the English the fuzzy translation was made from, when known
    line: int = 0  # where the segment is in the source file
    note: str = ""


@dataclass
class ImportResult:
    written: list[str] = field(default_factory=list)  # translation paths, relative to the root
    completed: list[str] = field(default_factory=list)  # of those, recorded as matching the current source
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def export_units(paths: Paths, lang: str, rels: list[str]) -> list[Unit]:
    return [unit for rel in rels for unit in file_units(paths, lang, rel)]


def file_units(paths: Paths, lang: str, rel: str) -> list[Unit]:
    source_text = normalise((paths.source(rel)).read_text(encoding="utf-8"))
    target_path = paths.translation(lang, rel)
    if not target_path.is_file():
        return [_unit(rel, segment, "") for segment in segments_of(rel, source_text)]
    target_text = target_path.read_text(encoding="utf-8")
    translated = {segment.key: segment.text for segment in segments_of(rel, target_text)}
    record = read_record(target_text)
    if record is None or record.draft:
        return [_unit(rel, segment, _unless_copy(translated.get(segment.key, ""), segment.text))
                for segment in segments_of(rel, source_text)]
    if record.source == source_hash(source_text):
        return [_unit(rel, segment, translated.get(segment.key, "")) for segment in segments_of(rel, source_text)]
    return _outdated_units(paths, rel, source_text, translated, record)


def _outdated_units(paths: Paths, rel: str, source_text: str, translated: dict[str, str], record: Record) -> list[Unit]:
    old_text = version_with_hash(paths.root, paths.source(rel), record.source, record.commit)
    old = {segment.key: segment.text for segment in segments_of(rel, old_text)} if old_text is not None else None
    units = []
    for segment in segments_of(rel, source_text):
        target = translated.get(segment.key, "")
        previous = None if old is None else old.get(segment.key, "")
        fuzzy = bool(target) and (previous is None or previous != segment.text)
        units.append(_unit(rel, segment, target, fuzzy, (previous or "") if fuzzy else ""))
    return units


def _unless_copy(target: str, source: str) -> str:
    """A draft still holding the English of a segment has no translation of it yet."""
    return "" if target == source else target


def _unit(rel: str, segment: Segment, target: str, fuzzy: bool = False, previous: str = "") -> Unit:
    return Unit(rel, segment.key, segment.text, target, fuzzy, previous, segment.line, segment.note)


def import_units(paths: Paths, lang: str, units: list[Unit]) -> ImportResult:
    result = ImportResult()
    by_file: dict[str, list[Unit]] = {}
    for unit in units:
        by_file.setdefault(unit.file, []).append(unit)
    for rel, file_units_in in sorted(by_file.items()):
        if not (paths.source(rel)).is_file():
            result.problems.append(f"{rel}: no such source file; its {len(file_units_in)} units were skipped")
            continue
        _import_file(paths, lang, rel, file_units_in, result)
    return result


def _import_file(paths: Paths, lang: str, rel: str, units: list[Unit], result: ImportResult) -> None:
    now = {(unit.key, unit.target, unit.fuzzy) for unit in file_units(paths, lang, rel)}
    if {(unit.key, unit.target, unit.fuzzy) for unit in units} <= now:
        result.unchanged += 1
        return
    source_text = normalise((paths.source(rel)).read_text(encoding="utf-8"))
    source_segments = segments_of(rel, source_text)
    known = {segment.key: segment for segment in source_segments}
    unknown = [unit.key for unit in units if unit.key not in known]
    if unknown:
        result.problems.append(f"{rel}: {len(unknown)} units name segments the source no longer has "
                               f"({', '.join(unknown[:3])}); export again to get the current segments")
    stale = [unit.key for unit in units if unit.key in known and unit.source != known[unit.key].text]
    if stale:
        result.problems.append(f"{rel}: {len(stale)} units were translated from older English ({', '.join(stale[:3])}); "
                               f"imported, but the file stays to be reviewed: export again to see the changes")
    target_path = paths.translation(lang, rel)
    skeleton, segments, record = _skeleton(target_path, rel, source_text, source_segments)
    current = {segment.key: segment for segment in segments}
    new = {unit.key: _fitted(unit.target, current[unit.key]) for unit in units if unit.target and unit.key in current}
    new = {key: value for key, value in new.items() if value != current[key].text}
    verbatim = _kept_markup(target_path, rel, skeleton, new, current) if record is None else {}
    text, misfits = _rewrite_checked(rel, skeleton, segments, new, verbatim)
    if misfits:
        result.problems += [f"{rel}: {misfit}; the file was not written" for misfit in misfits]
        return
    complete = _complete(units, known) and not stale
    text = write_record(text, _record_after(paths, rel, source_text, record, complete), markdown=rel.endswith(".md"))
    old = target_path.read_text(encoding="utf-8") if target_path.is_file() else None
    if text == old:
        result.unchanged += 1
        return
    target_path.parent.mkdir(parents=True, exist_ok=True)
    target_path.write_text(text, encoding="utf-8")
    written = target_path.relative_to(paths.root).as_posix()
    result.written.append(written)
    if complete:
        result.completed.append(written)


def _skeleton(target_path: Path, rel: str, source_text: str, source_segments: list[Segment]):
    """The file to write the units into: the translation when its segments line up with the
    source's, else the English source (a new file, or one whose structure changed)."""
    if target_path.is_file():
        text = target_path.read_text(encoding="utf-8")
        segments = segments_of(rel, text)
        if [s.key for s in segments] == [s.key for s in source_segments]:
            return text, segments, read_record(text)
    return source_text, source_segments, None


def _fitted(target: str, segment: Segment) -> str:
    """A YAML block value's final line break belongs to its style, not to the translation."""
    return target.rstrip("\n") if segment.form in ("|", ">") else target


def _complete(units: list[Unit], known: dict[str, Segment]) -> bool:
    translated = {unit.key for unit in units if unit.target and not unit.fuzzy}
    return set(known) <= translated


def _record_after(paths: Paths, rel: str, source_text: str, record: Record | None, complete: bool) -> Record:
    if complete:
        return Record(source_hash(source_text), commit_of(paths.root, paths.source(rel), source_text))
    if record is not None:
        return record
    return Record(source_hash(source_text), commit_of(paths.root, paths.source(rel), source_text), draft=True)


def _kept_markup(target_path: Path, rel: str, skeleton: str, new: dict[str, str],
                 current: dict[str, Segment]) -> dict[str, str]:
    """When an existing translation is rebuilt on the source's structure, a segment whose
    translation is unchanged (even if it moved) keeps its markup and wrapping from the old file."""
    if not target_path.is_file():
        return {}
    old_text = target_path.read_text(encoding="utf-8")
    donors = {(segment.text, segment.form): old_text[segment.start:segment.end] for segment in segments_of(rel, old_text)}
    kept = {}
    for key, value in new.items():
        markup = donors.get((value, current[key].form))
        if markup is not None:
            kept[key] = _with_marker(markup, skeleton[current[key].start:current[key].end]) if current[key].form == "item" else markup
    return kept


def _with_marker(markup: str, place: str) -> str:
    """A list item's markup with the list marker of the place it moves to (`6.` becomes `8.`)."""
    marker = _ITEM_MARKER.match(place)
    return _ITEM_MARKER.sub(lambda _: marker.group(0), markup, count=1) if marker else markup


def _rewrite_checked(rel: str, skeleton: str, segments: list[Segment], new: dict[str, str],
                     verbatim: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Write the units in and read them back; markup kept from the old file that does not read
    back is rendered afresh; a YAML value that does not survive its style is written
    double-quoted; a body block that would change the file's structure is refused."""
    text = rewrite(skeleton, segments, new, verbatim=verbatim)
    wrong = _misread(rel, text, new)
    if wrong and verbatim:
        verbatim = {key: markup for key, markup in verbatim.items() if key not in wrong}
        text = rewrite(skeleton, segments, new, verbatim=verbatim)
        wrong = _misread(rel, text, new)
    yaml_keys = frozenset(key for key in wrong if not key.startswith("body."))
    if yaml_keys:
        text = rewrite(skeleton, segments, new, quoted=yaml_keys, verbatim=verbatim)
        wrong = _misread(rel, text, new)
    return text, [f"the translation of {key} does not fit its place (it reads back as {found!r}): "
                  f"remove blank lines, list markers or headings from it" for key, found in wrong.items()]


def _misread(rel: str, text: str, new: dict[str, str]) -> dict[str, str | None]:
    read_back = {segment.key: segment.text for segment in segments_of(rel, text)}
    wrong = {}
    for key, value in new.items():
        expected = " ".join(value.split()) if key.startswith("body.") else value
        if read_back.get(key) != expected:
            wrong[key] = read_back.get(key)
    return wrong
