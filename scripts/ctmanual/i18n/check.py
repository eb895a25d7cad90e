"""`i18n check`: a translation keeps its source's structure and the language's terms.

Compared with the source: front matter keys, headings (count, order, level), heading anchors,
link and image targets, admonition types, timings and years; no raw HTML or script that the
source does not have; the term base (translations/<lang>/termbase.yml) says which term renders
a source term and which renderings to avoid. Every problem carries the translation's path and line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ctmanual.i18n.blocks import Block, blocks_of
from ctmanual.translation_record import normalise
from ctmanual.frontmatter import FrontMatterError, parse_yaml
from ctmanual.problems import ProblemList
from ctmanual.safe_input import InputRefused, read_bounded

_HEADING = re.compile(r"^(#{1,6})\s")
_ANCHOR = re.compile(r"\{#([^}\s]+)\}")
_LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)\s]+)\)")
_MARKER = re.compile(r"^\s*///\s*([\w-]+)")
_TIMING = re.compile(r"\b\d{1,2}:\d{2}\b")
_FRENCH_TIME = re.compile(r"\b(\d{1,2})\s?h\s?(\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})s?\b")  # 2000 and the 2000s
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w-]*)[^>]*>")
_KEY = re.compile(r"^([A-Za-z_][\w-]*):")


@dataclass(frozen=True)
class Term:
    source: str
    use: tuple[str, ...]
    avoid: tuple[str, ...]

    def in_source(self, text: str, lowered: str | None = None) -> bool:
        """`lowered`: the text in lower case, when the caller has it (a quick test before the pattern's)."""
        return _may_hold(self.source, lowered) and _source_pattern(self.source).search(text) is not None

    def rendered(self, text: str) -> bool:
        return any(_form(form).search(text) for form in self.use)

    def avoided(self, text: str, lowered: str | None = None) -> str | None:
        return next((form for form in self.avoid if _may_hold(form, lowered) and _form(form).search(text)), None)


def _may_hold(form: str, lowered: str | None) -> bool:
    """False when the lower-cased text lacks the form's first word (up to a `*`), so the form cannot occur:
    checking every term of a term base against every block with its pattern alone took tens of seconds."""
    return lowered is None or _first_word(form) in lowered


@cache
def _first_word(form: str) -> str:
    return form.lower().split()[0].split("*", 1)[0] if form.strip() else ""


@cache
def _source_pattern(source: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){_spaced(re.escape(source))}(?![\w-])", re.I)


@cache  # compiled once: a term base of a few hundred forms is more than re's own cache holds
def _form(form: str) -> re.Pattern:
    """A term form; `*` stands for any word ending (Russian cases: `торговл* людьми`)."""
    return re.compile(r"(?<!\w)" + _spaced(re.escape(form)).replace(r"\*", r"\w*") + r"(?!\w)", re.I)


def _spaced(pattern: str) -> str:
    """A space in a term matches any run of spaces or a line break: prose is wrapped."""
    return pattern.replace(r"\ ", r"\s+")


def read_termbase(path: Path, problems: ProblemList) -> list[Term]:
    if not path.is_file():
        return []
    try:
        data, lines = parse_yaml(read_bounded(path))
    except (FrontMatterError, InputRefused) as err:
        problems.error(path, err.line, err.message if isinstance(err, InputRefused) else str(err))
        return []
    if not isinstance(data, dict) or not isinstance(data.get("terms", []), list):
        problems.error(path, 1, "a term base is `terms:` followed by a list (see docs/translator-guide.md)")
        return []
    terms = []
    for index, entry in enumerate(data.get("terms") or []):
        if not isinstance(entry, dict) or not entry.get("source") or not entry.get("use"):
            problems.error(path, lines.get(("terms", index), 1),
                           f"term {index + 1}: needs `source` and `use` (see docs/translator-guide.md)")
            continue
        terms.append(Term(str(entry["source"]), tuple(_as_list(entry["use"])), tuple(_as_list(entry.get("avoid")))))
    return terms


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def check_translation(source_text: str, translated_text: str, path: Path, terms: list[Term],
                      problems: ProblemList) -> None:
    source, translated = normalise(source_text), normalise(translated_text)
    src_blocks, tr_blocks = blocks_of(source), blocks_of(translated)
    if path.suffix == ".md":
        _front_keys(src_blocks, tr_blocks, path, problems)
        _same_sequence("heading levels", _headings(src_blocks), _headings(tr_blocks), path, problems,
                       "keep every heading, in the same order and at the same level")
        _same_sequence("heading anchors", _all(_ANCHOR, src_blocks), _all(_ANCHOR, tr_blocks), path, problems,
                       "copy anchors such as {#principle-8} unchanged")
        _same_sequence("links", _links(src_blocks, ""), _links(tr_blocks, ""), path, problems,
                       "keep every link and its target; translate only the link text")
        _same_sequence("images", _links(src_blocks, "!"), _links(tr_blocks, "!"), path, problems,
                       "keep every image and its file name")
        _same_sequence("admonitions", _all(_MARKER, src_blocks), _all(_MARKER, tr_blocks), path, problems,
                       "keep each `/// type` block with the same type; translate only its title")
    # French writes clock times 23 h 00: the same time as 23:00.
    _same_counts("timings", _TIMING, source, _FRENCH_TIME.sub(r"\1:\2", translated), tr_blocks, path, problems)
    _same_counts("years", _YEAR, source, translated, tr_blocks, path, problems)
    _no_new_html(source, tr_blocks, path, problems)
    _terms(src_blocks, tr_blocks, terms, path, problems)


def _front_keys(src: list[Block], tr: list[Block], path: Path, problems: ProblemList) -> None:
    def keys(blocks: list[Block]) -> dict[str, int]:
        return {m.group(1): b.line for b in blocks if b.kind == "front" and (m := _KEY.match(b.text))}

    theirs, ours = keys(src), keys(tr)
    for key in sorted(set(theirs) - set(ours)):
        problems.error(path, 2, f"front matter key '{key}' of the source is missing: copy it from the source")
    for key in sorted(set(ours) - set(theirs)):
        problems.error(path, ours[key], f"front matter key '{key}' is not in the source: remove it")


def _headings(blocks: list[Block]) -> list[tuple[str, int]]:
    return [(str(len(m.group(1))), b.line) for b in blocks if b.kind == "heading" and (m := _HEADING.match(b.text.strip()))]


def _all(pattern: re.Pattern, blocks: list[Block]) -> list[tuple[str, int]]:
    return [(m.group(1), b.line) for b in blocks for m in pattern.finditer(b.text)]


def _links(blocks: list[Block], bang: str) -> list[tuple[str, int]]:
    return [(m.group(2), b.line) for b in blocks if b.kind != "front" for m in _LINK.finditer(b.text) if m.group(1) == bang]


def _same_sequence(what: str, source: list[tuple[str, int]], translated: list[tuple[str, int]], path: Path,
                   problems: ProblemList, advice: str) -> None:
    ours = [value for value, _ in translated]
    theirs = [value for value, _ in source]
    if ours == theirs:
        return
    for index, (value, expected) in enumerate(zip(ours, theirs)):
        if value != expected:
            problems.error(path, translated[index][1],
                           f"{what}: '{value}' where the source has '{expected}' (source line {source[index][1]}): {advice}")
            return
    if len(ours) < len(theirs):
        value, line = source[len(ours)]
        where = translated[-1][1] if translated else 1
        problems.error(path, where, f"{what}: '{value}' (source line {line}) is missing after this line: {advice}")
    else:
        value, line = translated[len(theirs)]
        problems.error(path, line, f"{what}: '{value}' is not in the source: {advice}")


def _same_counts(what: str, pattern: re.Pattern, source: str, translated: str, blocks: list[Block], path: Path,
                 problems: ProblemList) -> None:
    theirs, ours = Counter(pattern.findall(source)), Counter(pattern.findall(translated))
    for value in sorted((theirs - ours).elements()):
        problems.error(path, 1, f"{what}: '{value}' of the source does not appear here: numbers stay as they are")
    for value in sorted((ours - theirs).elements()):
        line = next((b.line for b in blocks if value in b.text), 1)
        problems.error(path, line, f"{what}: '{value}' is not in the source: numbers stay as they are")


def _no_new_html(source: str, blocks: list[Block], path: Path, problems: ProblemList) -> None:
    allowed = {m.group(1).lower() for m in _TAG.finditer(source)}
    for block in blocks:
        for match in _TAG.finditer(block.text):
            if match.group(1).lower() not in allowed:
                problems.error(path, block.line, f"raw HTML '<{match.group(1)}>' is not in the source: remove it "
                                                 "(write Markdown; scripts and HTML are not allowed)")


def _terms(src: list[Block], tr: list[Block], terms: list[Term], path: Path, problems: ProblemList) -> None:
    """Block by block where the structure matches (so the line is exact), else over the whole file. A front
    matter entry the translation keeps as it is in the source (ids: `sources: [gdpr]`, `competencies`) is not
    prose, so its words are not terms."""
    kept = {b.text for b in src if b.kind == "front"} & {b.text for b in tr if b.kind == "front"}
    src = [b for b in src if not (b.kind == "front" and b.text in kept)]
    tr = [b for b in tr if not (b.kind == "front" and b.text in kept)]
    aligned = [b.kind for b in src] == [b.kind for b in tr]
    pairs = list(zip(src, tr)) if aligned else [(Block(1, "all", "\n".join(b.text for b in src)),
                                                Block(1, "all", "\n".join(b.text for b in tr)))]
    for source_block, block in pairs:
        lowered = source_block.text.lower()
        for term in terms:
            if term.in_source(source_block.text, lowered) and not term.rendered(block.text):
                problems.warn(path, block.line, f"term '{term.source}' is usually rendered as "
                                                f"'{term.use[0]}' (term base): check the wording")
    for block in tr:
        lowered = block.text.lower()
        for term in terms:
            if (form := term.avoided(block.text, lowered)):
                problems.error(path, block.line, f"'{form}' is to be avoided: write '{term.use[0]}' (term base)")
