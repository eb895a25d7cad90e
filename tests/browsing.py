"""Shared browser helpers for the tests: Debian's Chromium through Playwright, a loopback server, typed search.

Fixtures built on these live in `conftest.py` (`browser`, `site_url` for the fixture manual) and
`real/conftest.py` (`real_site`, `real_url` for the real build)."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from dataclasses import dataclass
import json

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "tests/axe/node_modules/axe-core/axe.min.js"

# Collects Content-Security-Policy violations in `window.__csp` (add with context.add_init_script).
VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on loopback; yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search(page: Page, query: str, expect_results: bool = True, seconds: float = 60) -> list[str]:
    """Type into Material's search box as a reader does; return the result links (absolute URLs).

    Material reacts to key events, and the worker answers only once its index is built (seconds for the
    Romanian site on a busy machine; the line below the box may change, from "Initializing" to "Type to
    start searching", before the query is run): clear the box, type the query key by key, and retry until
    the result line has changed from its placeholder and, when results are expected, lists some, for at
    most `seconds`. Fails when search never answers; returns no links when it answers with none."""
    box = page.locator("input[data-md-component='search-query']")
    box.click()
    box.fill("")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_timeout(200)
    placeholder = meta.inner_text().strip()
    links = "els => els.map(e => e.href)"
    deadline = time.monotonic() + seconds
    attempt = 0
    while True:
        box.fill("")
        box.press_sequentially(query, delay=20 if attempt == 0 else 0)
        page.wait_for_timeout(300)
        attempt += 1
        answered = meta.inner_text().strip() != placeholder
        found = page.eval_on_selector_all(".md-search-result__item > a", links) if answered else []
        if answered and (found or not expect_results):
            return found
        if time.monotonic() > deadline:
            if not answered:
                raise AssertionError(f"search never answered {query!r}: still {placeholder!r}")
            return found


@dataclass(frozen=True)
class BuiltSite:
    """A built site and the engine that built it (`ctmanual build --engine`): where its search index is,
    how a reader searches it."""

    engine: str  # "mkdocs" (the default) or "zensical"
    path: Path

    def search_entries(self, lang: str, default: str = "en") -> list[dict]:
        """The language's search entries (`location` relative to the language folder, `title`, `text`)."""
        folder = self.path if lang == default else self.path / lang
        if self.engine == "zensical":
            return json.loads((folder / "search.json").read_text(encoding="utf-8"))["items"]
        return json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]

    def search(self, page: Page, query: str) -> list[str]:
        return search_zensical(page, query) if self.engine == "zensical" else search(page, query)


def search_zensical(page: Page, query: str, attempts: int = 40) -> list[str]:
    """`search` for a site built by Zensical, whose search is a dialog of its own (in a shadow root, which
    Playwright's locators enter): open it with the header's search button, type key by key, and wait until
    its results are those of the query (their links carry it, `?h=`); return the result links. Fails when
    the query finds nothing (no test here expects that)."""
    if not page.locator("input[role='combobox']").is_visible():
        page.locator(".md-search__button").first.click()
    box = page.locator("input[role='combobox']")
    status = page.locator("dialog [role='status']")
    results = page.locator("dialog a[role='option']")
    marker = "h=" + quote(query)
    for attempt in range(attempts):
        box.fill("")
        box.press_sequentially(query, delay=20 if attempt == 0 else 0)
        page.wait_for_timeout(300)
        links = results.evaluate_all("els => els.map(e => e.href)")
        if any(marker in link for link in links):
            return links
    raise AssertionError(f"search never listed results of {query!r}: {status.inner_text().strip() if status.count() else ''!r}")


SEARCH_INDEXES = ("**/search/search_index.json", "**/search.json")  # Material's, Zensical's


def without_search_entries(target) -> None:
    """Pages opened on `target` (a tab or a browser context) receive their search index without its entries:
    the request is made and answered by the site as ever (so a wrong address or a failure still shows), and
    the engine's search starts, with nothing to index. Every page load otherwise builds the whole index of
    its language in the browser: about 3.7 s of CPU a page on the Romanian site, 1 to 1.5 s on the others,
    which tests that never type a search need not pay (the search tests load the real index)."""
    def emptied(route) -> None:
        response = route.fetch()
        if response.status != 200:
            route.fulfill(response=response)
            return
        index = response.json()
        for entries in ("docs", "items"):
            if entries in index:
                index[entries] = []
        route.fulfill(response=response, json=index)

    for pattern in SEARCH_INDEXES:
        target.route(pattern, emptied)


def watch(tab, expected_404: str | None = None) -> list[str]:
    """Collect what a reader must never meet on a tab: failed requests, HTTP errors (but `expected_404`),
    console errors and warnings, page errors. Returns the list, filled as the tab is used."""
    problems: list[str] = []
    tab.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
    tab.on("response", lambda response: problems.append(f"{response.status}: {response.url}")
           if response.status >= 400 and response.url != expected_404 else None)
    tab.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
           if message.type in ("error", "warning") and not (expected_404 and "404" in message.text) else None)
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems
