"""mkdocs hook: checklists (`- [ ]` items) whose boxes are drawn for paper, not for input.

pymdownx.tasklist writes a disabled checkbox with no label of its own, which assistive
technology announces as an unlabelled control. The box is decoration (the item's text says
everything), so it is hidden from assistive technology; the text stays as it is.
"""

from __future__ import annotations

_BOX = '<input type="checkbox" disabled/>'


def on_post_page(output: str, page, config) -> str:
    return output.replace(_BOX, '<input type="checkbox" disabled aria-hidden="true" tabindex="-1"/>')
