"""mkdocs hook: accessibility fixes of the pages Material writes (found by axe-core on the real build).

- Checklists (`- [ ]` items) whose boxes are drawn for paper, not for input: pymdownx.tasklist writes a
  disabled checkbox with no label of its own, which assistive technology announces as an unlabelled
  control. The box is decoration (the item's text says everything), so it is hidden from assistive
  technology; the text stays as it is.
- The search dialog (`role="dialog"`) has no name (axe `aria-dialog-name`): it is named like the search
  options inside it, with Material's own label for "Search" in the page's language.
- A navigation section whose title links to its index page (`navigation.indexes`) gets a toggle that
  holds only an icon; its nested `<nav>` is labelled by that toggle, so it has no name, and two such
  sections make landmarks that cannot be told apart (axe `landmark-unique`). The toggle is named with
  the section's title, which names the nested navigation too.

- A section of a page's table of contents is a nested `<nav>` named with the section's heading, which
  can be the name of a section of the site navigation too ("Courses" on the Downloads page): two
  landmarks that cannot be told apart (axe `landmark-unique`). Each is named with its heading and the
  table of contents' own name ("Courses (Table of contents)"), in the page's language.
- In a page of another language than the default, a navigation or footer link to a page that is not
  translated yet shows that page's title in the default language: the link says so (`lang`), so
  screen readers read it in that language (WCAG 3.1.2) and French spacing is not applied to it.

Each fix matches Material's markup exactly and does nothing when it changes (the real-build accessibility
test then fails and says which rule).
"""

from __future__ import annotations

import html
import posixpath
import re

from ctmanual.site.alternates import TRANSLATED_IN
from ctmanual.urls import page_url

_BOX = '<input type="checkbox" disabled/>'
_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'<nav class="md-search__options" aria-label="([^"]*)">')
# The title of a nested navigation: <label class="md-nav__title" for="__nav_2"> <icon> Title </label>
_NAV_TITLE = re.compile(
    r'<label class="md-nav__title" for="(__nav[\d_]*)">\s*<span class="md-nav__icon md-icon"></span>(.*?)</label>', re.S)
# A toggle holding only the icon: <label class="md-nav__link ..." for="__nav_2" id="__nav_2_label" tabindex="">
_ICON_TOGGLE = re.compile(
    r'(<label class="md-nav__link[^"]*" for="(__nav[\d_]*)" id="\2_label" tabindex="[^"]*")'
    r'(>\s*<span class="md-nav__icon md-icon"></span>\s*</label>)')
_TAGS = re.compile(r"<[^>]+>")
_TOC = re.compile(r'<nav class="md-nav md-nav--secondary" aria-label="([^"]*)">')
_NAV_TAG = re.compile(r'<nav class="md-nav" aria-label="([^"]*)">|<nav\b|</nav>')
_NAV_LINK = re.compile(r'<a href="([^"#]*)" class="(?:md-nav__link|md-footer__link)\b')


def on_post_page(output: str, page, config) -> str:
    output = output.replace(_BOX, '<input type="checkbox" disabled aria-hidden="true" tabindex="-1"/>')
    output = _name_search_dialog(output)
    output = _name_icon_toggles(output)
    output = _name_toc_sections(output)
    return _mark_untranslated_links(output, page, config)


def _name_search_dialog(output: str) -> str:
    label = _SEARCH_LABEL.search(output)
    if label is None:
        return output
    return output.replace(_DIALOG, _DIALOG[:-1] + f' aria-label="{label.group(1)}">', 1)


def _name_icon_toggles(output: str) -> str:
    titles = {}
    for match in _NAV_TITLE.finditer(output):
        text = " ".join(html.unescape(_TAGS.sub("", match.group(2))).split())
        if text:
            titles[match.group(1)] = text

    def named(match: re.Match) -> str:
        title = titles.get(match.group(2))
        if title is None:
            return match.group(0)
        return f'{match.group(1)} aria-label="{html.escape(title)}"{match.group(3)}'

    return _ICON_TOGGLE.sub(named, output)


def _name_toc_sections(output: str) -> str:
    pieces, last = [], 0
    for toc in _TOC.finditer(output):
        if toc.start() < last:
            continue
        depth, position = 1, toc.end()
        pieces.append(output[last:position])
        for tag in _NAV_TAG.finditer(output, position):
            if tag.group(0) == "</nav>":
                depth -= 1
            else:
                depth += 1
                if tag.group(1) is not None:
                    pieces.append(output[position:tag.start()])
                    pieces.append(f'<nav class="md-nav" aria-label="{tag.group(1)} ({toc.group(1)})">')
                    position = tag.end()
            if depth == 0:
                break
        last = position
    return "".join(pieces) + output[last:]


def _mark_untranslated_links(output: str, page, config) -> str:
    translated_in = config.extra.get(TRANSLATED_IN)
    default = config.extra.get("ctm_default_language", "en")
    if translated_in is None or page is None or "/" not in page.file.src_uri:
        return output
    lang = page.file.src_uri.split("/", 1)[0]
    if lang == default:
        return output
    urls = _urls(id(translated_in), translated_in)
    here = posixpath.dirname(page.url.rstrip("/") + "/x") if page.url else ""

    def marked(match: re.Match) -> str:
        if output[max(0, match.start() - 80):match.start()].rstrip().endswith('md-nav__container">'):
            return match.group(0)  # a section's link to its index page shows the section's title
        target = posixpath.normpath(posixpath.join(here, match.group(1) or "."))
        rest = "." if target == lang else target.removeprefix(lang + "/") if target.startswith(lang + "/") else None
        rel = urls.get(rest) if rest is not None else None
        if rel is None or lang in translated_in[rel]:
            return match.group(0)
        return f'<a lang="{default}" hreflang="{default}"' + match.group(0)[2:]

    return _NAV_LINK.sub(marked, output)


_URL_CACHE: dict[int, dict[str, str]] = {}


def _urls(key: int, translated_in: dict[str, list[str]]) -> dict[str, str]:
    """Directory URL (relative to the language root, no trailing slash) -> staged page, per build."""
    if key not in _URL_CACHE:
        _URL_CACHE.clear()
        urls = {}
        for rel in translated_in:
            urls[page_url(rel).rstrip("/") or "."] = rel
        _URL_CACHE[key] = urls
    return _URL_CACHE[key]
