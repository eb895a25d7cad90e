"""The engine's part of an offline copy (downloads/offline.py makes the copy from the built site).

A browser reading pages from `file://` cannot fetch the search index and refuses to start the
search worker. So, in the copy:

- each search index, its locations pointing at files (`x/index.html`, not `x/`), is also written
  as `search/search_index.js`, which Material loads with a script tag on `file://` pages (its
  worker then runs in a frame: overrides/.../ctm-offline.js);
- `<link rel="alternate">` tags are dropped (Material would fetch a sitemap beside each one;
  the build no longer writes them anyway);
- the theme's assets (`assets/`, at the site root) go into every language's copy; a language's
  404 page and sitemap (they need a web server, or only serve crawlers) and the theme's source
  maps (for developers' tools, 1 MB each) into none.
"""

from __future__ import annotations

import json
import re

from ctmanual.site_facts import OfflineRules, directory_index

SEARCH_INDEX = "search/search_index.json"
_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate"[^>]*\bhreflang=[^>]*>\n?')


def offline_file(site_path: str, data: bytes) -> list[tuple[str, bytes]]:
    """A file of the built site as the copy holds it (see the module docstring)."""
    if site_path.endswith(".html"):
        return [(site_path, _ALTERNATE.sub("", data.decode("utf-8")).encode("utf-8"))]
    if site_path.endswith(SEARCH_INDEX):
        index = rewrite_search_index(data.decode("utf-8")).encode("utf-8")
        return [(site_path, index), (site_path.removesuffix(".json") + ".js", b"var __index = " + index)]
    return [(site_path, data)]


def rewrite_search_index(text: str) -> str:
    index = json.loads(text)
    for doc in index["docs"]:
        path, anchor, rest = doc["location"].partition("#")  # a page's location, or a heading's on it
        if not path or path.endswith("/"):
            doc["location"] = directory_index(path) + anchor + rest
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


OFFLINE_RULES = OfflineRules(shared=("assets/",), left_out=("404.html", "sitemap.xml"), debug_only=".map",
                             rewrite=offline_file)
