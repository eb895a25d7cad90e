"""mkdocs hook: French typography in the text of French pages (the rule: `ctmanual.typography`)."""

from __future__ import annotations

from ctmanual.typography import typeset


def on_post_page(output: str, page, config) -> str:
    ctm = (page.meta or {}).get("ctm") if page is not None else None
    lang = ctm.get("lang") if isinstance(ctm, dict) else None
    return typeset(output, lang) if isinstance(lang, str) else output
