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

Each fix matches Material's markup exactly and does nothing when it changes (the real-build accessibility
test then fails and says which rule).
"""

from __future__ import annotations

import html
import re

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


def on_post_page(output: str, page, config) -> str:
    output = output.replace(_BOX, '<input type="checkbox" disabled aria-hidden="true" tabindex="-1"/>')
    output = _name_search_dialog(output)
    return _name_icon_toggles(output)


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
