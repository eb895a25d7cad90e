"""French typography, for every output: the site's pages (hook `site/typography.py`), the print HTML
of the PDFs (`downloads/compose.py`) and the text of the DOCX files.

French sets a no-break space before a colon (U+00A0) and a narrow no-break space (U+202F) before
`;`, `?` and `!`, so the sign never starts a line. Labels in translations/fr/ui.yml carry the spaces
themselves, but the page templates join a label and its colon (`Durée:`), titles are joined with a
colon in the code (`Identification: Évaluation`) and translators type a plain space. This hook sets
the right space in the text of every French page (headings, navigation, body): only in text between
tags, never in code, preformatted text, scripts or styles, never inside an element in another
language (a page's English fallback text), never in an HTML entity. A colon not followed by a space
(a time, 10:30; a link) is left alone.
"""

from __future__ import annotations

import re

SPACES = {"fr": {":": "\u00a0", ";": "\u202f", "?": "\u202f", "!": "\u202f"}}
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>")
_LANG = re.compile(r'\slang="([^"]*)"')
_VERBATIM = {"code", "pre", "script", "style", "kbd", "samp", "textarea"}
_ENTITY = re.compile(r"(&#?\w+;)")
# A sign after a word character or a closing bracket or quote, with at most one space before it, and a
# space, a tag or the end of the text after it.
_SIGN = re.compile(r"(?<=[\w)\]»”’%*])[ \u00a0\u202f]?([:;?!])(?=\s|$)")
# The same at the start of a text right after an inline element closes (`<a>…</a>: …`).
_SIGN_AFTER_TAG = re.compile(r"^[ \u00a0\u202f]?([:;?!])(?=\s|$)")
_WORD_END = re.compile(r"[\w)\]»”’%*]")  # what a sign may follow (the look-behind of _SIGN)
_INLINE = {"a", "abbr", "b", "em", "i", "span", "strong", "sup", "sub", "mark", "q", "cite", "dfn", "small"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def typeset_text(text: str, lang: str, before: str = "") -> str:
    """Plain text (a DOCX run, a title) with the language's spaces before its signs; `before` is the
    text that precedes it on the line (the run before), for a sign at its very start."""
    spaces = SPACES.get(lang)
    if not spaces or not text:
        return text

    def spaced(match: re.Match) -> str:
        return spaces[match.group(1)] + match.group(1)

    text = _SIGN.sub(spaced, text)
    return _SIGN_AFTER_TAG.sub(spaced, text) if before and _WORD_END.match(before[-1]) else text


def typeset(html: str, lang: str, whole: bool = False) -> str:
    """An HTML page with the language's spaces before its signs, in the text of its body (of the
    whole document when `whole`: a fragment with no body element)."""
    spaces = SPACES.get(lang)
    if not spaces:
        return html
    parts = _TOKENS.split(html)
    # Open elements that change the language or hold verbatim text, as (tag name, depth of that name).
    foreign: list[tuple[str, int]] = []
    verbatim = 0
    depth: dict[str, int] = {}
    body, after_inline = whole, False
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a comment
            tag = _TAG.match(part)
            if tag is None:
                continue
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            after_inline = closing and name in _INLINE
            if name == "body":
                body = not closing
            if name in _VOID or part.endswith("/>"):
                continue
            if closing:
                if foreign and foreign[-1] == (name, depth.get(name, 0)):
                    foreign.pop()
                depth[name] = depth.get(name, 0) - 1
                verbatim -= name in _VERBATIM and verbatim > 0
            else:
                depth[name] = depth.get(name, 0) + 1
                verbatim += name in _VERBATIM
                other = _LANG.search(tag.group(3))
                if other and other.group(1).split("-")[0] != lang:
                    foreign.append((name, depth[name]))
            continue
        if body and not verbatim and not foreign and part.strip():
            def spaced(match: re.Match) -> str:
                return spaces[match.group(1)] + match.group(1)

            text = "".join(piece if i % 2 else _SIGN.sub(spaced, piece) for i, piece in enumerate(_ENTITY.split(part)))
            parts[index] = _SIGN_AFTER_TAG.sub(spaced, text) if after_inline else text
    return "".join(parts)
