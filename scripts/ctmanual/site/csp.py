"""mkdocs hook: a Content-Security-Policy on every page, as a `<meta>` the page carries with it.

Scripts only from the site itself, plus the page's own inline scripts by their SHA-256 hash
(Material writes a few small ones); no plugins, frames, or requests to any other host; styles
from the site (Material sets some inline styles, hence 'unsafe-inline' for styles only). The
policy travels with the pages, so it holds on any static host and offline.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
_NOT_JAVASCRIPT = re.compile(r'type="(?!text/javascript|module)[^"]+"')
_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)


def policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *(f"'sha256-{digest}'" for digest in script_hashes)])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if _NOT_JAVASCRIPT.search(attributes):
            continue  # data blocks (application/json) are never run
        hashes.append(base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii"))
    return sorted(set(hashes))


def on_post_page(output: str, page, config) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(output))}">'
    return _CHARSET.sub(lambda match: match.group(0) + "\n" + meta, output, count=1)
