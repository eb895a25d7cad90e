"""Add a language; start a translation from the current source; record a translation as done."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ctmanual.i18n.git import committed_text, head_commit
from ctmanual.reader_guides import is_reader_guide, reader_guides
from ctmanual.safe_input import read_bounded
from ctmanual.settings import GUIDES_PREFIX
from ctmanual.translation_record import Record, normalise, read_record, source_hash, write_record

_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


class ScaffoldError(ValueError):
    pass


@dataclass(frozen=True)
class Paths:
    root: Path
    content: Path  # modules/
    translations: Path  # translations/
    config: Path  # mkdocs.yml
    roots: dict[str, Path] = field(default_factory=dict)  # other translatable folders by prefix (referral/, courses/)

    def translation(self, lang: str, rel: str) -> Path:
        return self.translations / lang / rel

    def source(self, rel: str) -> Path:
        """The source file of a translatable path."""
        for prefix, folder in self.roots.items():
            if (rel + "/").startswith(prefix):
                return folder / rel.removeprefix(prefix.rstrip("/")).lstrip("/")
        return self.content / rel

    def shown(self, rel: str) -> str:
        """The source file as a path from the project root, for people and tools."""
        return self.source(rel).relative_to(self.root).as_posix()

    def rel_of_shown(self, shown: str) -> str:
        """The translatable path of a source file given from the project root (`docs/trainer-guide.md`:
        `guides/trainer-guide.md`), or of a translatable path itself."""
        for prefix, folder in self.roots.items():
            if folder.is_relative_to(self.root):
                given = folder.relative_to(self.root).as_posix()
                if given != prefix.rstrip("/") and (shown + "/").startswith(given + "/"):
                    return prefix.rstrip("/") + shown.removeprefix(given)
        return shown.removeprefix(self.content.relative_to(self.root).as_posix() + "/")

    def refused(self, rel: str) -> str | None:
        """Why the source file `rel` is not translatable (a contributor document of the guides folder), if it is not."""
        if rel.startswith(GUIDES_PREFIX) and GUIDES_PREFIX in self.roots and not is_reader_guide(self.source(rel)):
            return (f"{self.shown(rel)} is not a guide for readers (a contributor document, `readers: false`, or not "
                    "a guide at the top of the guides folder): contributor documents stay in English, only the "
                    "guides published for readers are translated")
        return None


def add_language(paths: Paths, code: str, name: str, known: tuple[str, ...]) -> Path:
    """List the language in mkdocs.yml (manual.languages) and create its translations folder."""
    if not _CODE.match(code):
        raise ScaffoldError(f"'{code}' is not a language code: use an ISO 639-1 code such as 'de' or 'pt-BR'")
    if code in known:
        raise ScaffoldError(f"'{code}' is already a language of this site")
    text = read_bounded(paths.config)
    lines = text.split("\n")
    found = _end_of_languages(lines)
    if found is None:
        raise ScaffoldError(f"{paths.config}: no `manual: languages:` list found to add the language to")
    at, indent = found
    lines[at:at] = [f"{indent}- code: {code}", f"{indent}  name: {_yaml_scalar(name)}"]
    paths.config.write_text("\n".join(lines), encoding="utf-8")
    folder = paths.translations / code
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _end_of_languages(lines: list[str]) -> tuple[int, str] | None:
    """Index just after the last entry of `manual: languages:`, and the indentation of its `-`."""
    in_manual = in_languages = False
    last, indent = None, "    "
    for index, line in enumerate(lines):
        if re.match(r"^manual:\s*$", line):
            in_manual = True
            continue
        if in_manual and line and not line.startswith((" ", "#")):
            break
        if in_manual and re.match(r"^\s+languages:\s*$", line):
            in_languages = True
            continue
        if in_languages:
            if (dash := re.match(r"^(\s+)-\s", line)):
                last, indent = index + 1, dash.group(1)
            elif re.match(r"^\s{6,}\S", line):
                last = index + 1
            elif line.strip() and not line.strip().startswith("#"):
                break
    return (last, indent) if last is not None else None


def _yaml_scalar(text: str) -> str:
    return text if re.match(r"^[\w .()-]+$", text) else '"' + text.replace('"', '\\"') + '"'


def start(paths: Paths, lang: str, rel: str) -> tuple[bool, str]:
    """Copy the source file to the translation, marked as a draft of the current source.
    Never overwrites: returns (False, why) when a translation is already there."""
    source = paths.source(rel)
    target = paths.translation(lang, rel)
    if target.exists():
        state = "a draft" if (read_record(read_bounded(target)) or Record("", "")).draft else "there"
        return False, f"{target.relative_to(paths.root)}: already {state}; left as it is"
    text = normalise(read_bounded(source))
    record = Record(source_hash(text), commit_of(paths.root, source, text), draft=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(write_record(text, record, markdown=rel.endswith(".md")), encoding="utf-8")
    return True, f"{target.relative_to(paths.root)}: started from {source.relative_to(paths.root)}"


def done(paths: Paths, lang: str, rel: str) -> str:
    """Record that the translation now matches the current source."""
    source = paths.source(rel)
    target = paths.translation(lang, rel)
    if not target.exists():
        raise ScaffoldError(f"{target.relative_to(paths.root)}: no translation yet: run `ctmanual i18n start {lang} {rel}`")
    text = normalise(read_bounded(source))
    record = Record(source_hash(text), commit_of(paths.root, source, text))
    target.write_text(write_record(read_bounded(target), record, rel.endswith(".md")), encoding="utf-8")
    note = "" if record.commit else " (the source has uncommitted changes: commit them so `i18n diff` can show later changes)"
    return f"{target.relative_to(paths.root)}: recorded as translated from the current source{note}"


def commit_of(root: Path, source: Path, text: str) -> str:
    committed = committed_text(root, source)
    if committed is not None and source_hash(committed) == source_hash(text):
        return head_commit(root)
    return ""


def files_of(paths: Paths, target: str) -> list[str]:
    """Source files named by a module id, a folder or a file path (relative to modules/)."""
    target = paths.rel_of_shown(target.strip("/"))
    if not target:
        return _files_in(paths.content, paths.content) + [
            rel for prefix, folder in paths.roots.items() if folder.is_dir() for rel in _files_in(folder, folder, prefix)]
    candidate = paths.source(target)
    if candidate.is_file():
        if (why := paths.refused(target)):
            raise ScaffoldError(why)
        return [target]
    if candidate.is_dir():
        prefix = next((p for p in paths.roots if (target + "/").startswith(p)), "")
        return _files_in(candidate, paths.roots[prefix] if prefix else paths.content, prefix)
    raise ScaffoldError(f"'{target}' is neither a module, a folder nor a file in {paths.content.name}/ "
                        f"or {', '.join(paths.roots)}")


def _files_in(folder: Path, base: Path, prefix: str = "") -> list[str]:
    """The translatable files in `folder` (of the guides folder: the guides for readers)."""
    if prefix == GUIDES_PREFIX:
        return [prefix + p.name for p in reader_guides(folder)] if folder == base else []
    return sorted(prefix + p.relative_to(base).as_posix() for p in folder.rglob("*") if p.suffix in (".md", ".yml") and p.is_file())
