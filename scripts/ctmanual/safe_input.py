"""Reading the files people write in bounded time and memory: one place for every reader.

Content Markdown and YAML, translations, referral records, course files, term bases, the register of
fictional names, mkdocs.yml (for the `manual:` block) and PO/XLIFF imports are read through here:

- a size limit, checked before a file is read (the largest content file is about 55 kB);
- YAML through one safe loader that refuses anchors and aliases (they have no use in our files, and nine
  levels of nine aliases, the "billion laughs", expand to 387 million values when walked) and nesting
  deeper than any of our files needs;
- XML (XLIFF) without a DOCTYPE: entity declarations, and with them entity expansion and external
  entities, have no use in a translation file.

A refusal is an `InputRefused` with the line (1-based, in the text given) and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.parsers import expat

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.resolver import Resolver

try:  # libyaml parses; the composer below (in Python) sees every event before a node is made
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the same events, slower
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

MAX_FILE_BYTES = 2_000_000  # a content file; the largest real one is about 55 kB
MAX_IMPORT_BYTES = 50_000_000  # a PO or XLIFF file to import; an export of every file of a language is about 4 MB
MAX_YAML_DEPTH = 40  # mappings and lists inside each other; our deepest files have 7 (values counted)
ALIASES_REFUSED = "YAML anchors and aliases are not allowed here; write the value out"


class InputRefused(ValueError):
    """A file, or a part of it, that the tools do not read; `line` is 1-based in the text given."""

    def __init__(self, line: int, message: str, path: Path | None = None) -> None:
        super().__init__(f"{path}:{line}: {message}" if path else message)
        self.line = line
        self.message = message
        self.path = path


class YamlRefused(yaml.YAMLError, InputRefused):
    """YAML the safe loader does not read (a YAMLError, so that readers that skip broken YAML skip it too)."""


def read_bounded(path: Path) -> str:
    """The text of a UTF-8 file of at most MAX_FILE_BYTES, without NUL characters; InputRefused (with the
    path) when it is not, OSError when it cannot be read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputRefused(1, f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit: split it up", path)
    with path.open("rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since
    if len(raw) > MAX_FILE_BYTES:
        raise InputRefused(1, f"file is over the {MAX_FILE_BYTES} byte limit: split it up", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputRefused(raw[: err.start].count(b"\n") + 1, "not valid UTF-8: save the file as UTF-8", path) from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise InputRefused(line, "contains a NUL character (is it a text file?): remove it and save the file "
                                 "as UTF-8 text", path)
    return text


class SafeLoader(Composer, _Parser, SafeConstructor, Resolver):
    """PyYAML's safe loader that refuses anchors, aliases and deep nesting while composing, so nothing
    that expands is ever built or walked."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise YamlRefused(line, ALIASES_REFUSED)
        if self._depth >= MAX_YAML_DEPTH:
            raise YamlRefused(line, f"nested more than {MAX_YAML_DEPTH} levels deep: our files never need that, "
                                    "write it flatter")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class ConfigLoader(SafeLoader):
    """mkdocs.yml: tags meant for the engine (`!!python/name:`, `!ENV`) read as nothing."""


def _nothing(loader: yaml.BaseLoader, suffix: str, node: yaml.Node) -> None:
    return None


ConfigLoader.add_multi_constructor("!", _nothing)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _nothing)


def compose_yaml(text: str, loader: type[SafeLoader] = SafeLoader) -> yaml.Node | None:
    """The node tree of one YAML document (None when empty); yaml.YAMLError (YamlRefused: with a line)."""
    reader = loader(text)
    try:
        return reader.get_single_node()
    finally:
        reader.dispose()


def construct_yaml(node: yaml.Node, loader: type[SafeLoader] = SafeLoader) -> Any:
    """The data of a node tree made by `compose_yaml`."""
    return loader("").construct_document(node)


def load_yaml(text: str, loader: type[SafeLoader] = SafeLoader) -> Any:
    """The data of one YAML document; yaml.YAMLError (YamlRefused: with a line) when it cannot be read."""
    node = compose_yaml(text, loader)
    return None if node is None else construct_yaml(node, loader)


DOCTYPE_REFUSED = ("a DOCTYPE or entity declaration is not allowed in an XLIFF file (entity expansion has no use "
                   "in a translation): remove it, or export the file again with `ctmanual i18n export`")


def refuse_doctype(data: bytes) -> None:
    """InputRefused at the line of a DOCTYPE (entity declarations can only be inside one), before anything in
    it is read; malformed XML is left to the parser that reads the file, which names its line."""
    parser = expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise InputRefused(parser.CurrentLineNumber, DOCTYPE_REFUSED)

    parser.StartDoctypeDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return
