"""Translation units as a gettext PO file (Poedit, Weblate) or an XLIFF 1.2 file (CAT tools).

PO: one entry per unit; msgctxt is `<file>#<key>`, so two identical English sentences in
different places stay separate; `#:` gives the source line; fuzzy units carry the flag and
the previous English (`#| msgid`). XLIFF: one <file> per source file, one <trans-unit> per
unit with the key as id; fuzzy is state="needs-review-translation", the previous English an
<alt-trans alttranstype="previous-version">.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import polib

from ctmanual.i18n.bridge import Unit
from ctmanual.safe_input import MAX_IMPORT_BYTES, InputRefused, refuse_doctype

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{XLIFF_NS}}}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NEEDS_WORK = ("needs-review-translation", "needs-review-adaptation", "needs-review-l10n", "needs-adaptation", "needs-l10n")


class FormatError(ValueError):
    pass


def format_of(path: Path, given: str | None = None) -> str:
    if given:
        return given
    if path.suffix in (".po", ".pot"):
        return "po"
    if path.suffix in (".xlf", ".xliff"):
        return "xliff"
    raise FormatError(f"{path}: cannot tell the format from the name; use a .po or .xlf file, or --format po|xliff")


def write_units(path: Path, fmt: str, units: list[Unit], lang: str, shown: Callable[[str], str]) -> None:
    """`shown` gives a unit's source file as a path from the project root (for `#:` and `original`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "po":
        _po(units, lang, shown).save(str(path))
    else:
        path.write_bytes(_xliff(units, lang, shown))


def read_units(path: Path, fmt: str, rel_of: Callable[[str], str]) -> tuple[str, list[Unit]]:
    """The language the file is for, and its units; `rel_of` undoes `shown` of write_units."""
    if not path.is_file():
        raise FormatError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise FormatError(f"{path}:1: file is {size} bytes, over the {MAX_IMPORT_BYTES} byte limit for an import: "
                          "export and import a module at a time")
    return _read_po(path) if fmt == "po" else _read_xliff(path, rel_of)


# --- gettext PO --------------------------------------------------------------------------------

def _po(units: list[Unit], lang: str, shown: Callable[[str], str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "ctmanual",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "ctmanual i18n export",
    }
    for unit in units:
        po.append(polib.POEntry(
            msgctxt=f"{unit.file}#{unit.key}", msgid=unit.source, msgstr=unit.target,
            occurrences=[(shown(unit.file), str(unit.line))], comment=unit.note,
            flags=["fuzzy"] if unit.fuzzy else [], previous_msgid=unit.previous or None,
        ))
    return po


def _read_po(path: Path) -> tuple[str, list[Unit]]:
    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError) as err:
        raise FormatError(f"{path}: not a readable PO file: {err}") from err
    units = []
    for entry in po:
        if entry.obsolete or not entry.msgctxt or "#" not in entry.msgctxt:
            continue
        rel, _, key = entry.msgctxt.partition("#")
        units.append(Unit(rel, key, entry.msgid, entry.msgstr, "fuzzy" in entry.flags, entry.previous_msgid or ""))
    return po.metadata.get("Language", ""), units


# --- XLIFF 1.2 ---------------------------------------------------------------------------------

def _xliff(units: list[Unit], lang: str, shown: Callable[[str], str]) -> bytes:
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{_X}xliff", {"version": "1.2"})
    files: dict[str, ET.Element] = {}
    for unit in units:
        if unit.file not in files:
            file = ET.SubElement(root, f"{_X}file", {"original": shown(unit.file), "source-language": "en",
                                                      "target-language": lang, "datatype": "plaintext"})
            files[unit.file] = ET.SubElement(file, f"{_X}body")
        _trans_unit(files[unit.file], unit)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _trans_unit(body: ET.Element, unit: Unit) -> None:
    attributes = {"id": unit.key, _SPACE: "preserve"}
    if unit.target and not unit.fuzzy:
        attributes["approved"] = "yes"
    element = ET.SubElement(body, f"{_X}trans-unit", attributes)
    ET.SubElement(element, f"{_X}source").text = unit.source
    state = "new" if not unit.target else ("needs-review-translation" if unit.fuzzy else "translated")
    ET.SubElement(element, f"{_X}target", {"state": state}).text = unit.target
    if unit.previous:
        alt = ET.SubElement(element, f"{_X}alt-trans", {"alttranstype": "previous-version"})
        ET.SubElement(alt, f"{_X}source").text = unit.previous
    ET.SubElement(element, f"{_X}note").text = f"line {unit.line}: {unit.note}"


def _read_xliff(path: Path, rel_of: Callable[[str], str]) -> tuple[str, list[Unit]]:
    data = path.read_bytes()
    try:
        refuse_doctype(data)
        root = ET.fromstring(data)
    except InputRefused as err:
        raise FormatError(f"{path}:{err.line}: {err.message}") from err
    except ET.ParseError as err:
        raise FormatError(f"{path}:{err.position[0]}: not well-formed XLIFF: {err}") from err
    lang, units = "", []
    for file in root.iter(f"{_X}file"):
        lang = file.get("target-language", lang)
        rel = rel_of(file.get("original", ""))
        for element in file.iter(f"{_X}trans-unit"):
            target = element.find(f"{_X}target")
            text = "".join(target.itertext()) if target is not None else ""
            state = target.get("state", "") if target is not None else ""
            source = element.find(f"{_X}source")
            units.append(Unit(rel, element.get("id", ""), "".join(source.itertext()) if source is not None else "",
                              text, bool(text) and state in _NEEDS_WORK))
    return lang, units
