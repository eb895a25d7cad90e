"""`ctmanual serve`: build, serve on loopback, rebuild when content changes.

Downloads are not rendered while serving (they take minutes); `ctmanual build` makes them.

Uses mkdocs' live-reload server, watching our sources (modules/, referral/, translations/,
docs/, overrides/, mkdocs.yml) rather than the generated staging tree.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from ctmanual.pipeline import build
from ctmanual.problems import ContentError
from ctmanual.site import SiteEngineError

log = logging.getLogger(__name__)


def serve(root: Path, host: str, port: int, languages: list[str] | None = None) -> None:
    from mkdocs.livereload import LiveReloadServer

    with tempfile.TemporaryDirectory(prefix="ctmanual-serve-") as tmp:
        site_dir = Path(tmp) / "site"

        def rebuild() -> None:
            try:
                result = build(root, languages=languages, site_dir=site_dir, downloads=False)
                rendered = "all" if result.rendered is None else f"{result.rendered} changed"
                log.info("rebuilt %d pages (%s rendered) in %.1f s", result.pages, rendered, result.seconds)
            except ContentError as err:
                log.error("content problems; still serving the last good build:\n%s", err.problems.report(root))
            except SiteEngineError as err:
                log.error("site build failed; still serving the last good build: %s", err)

        rebuild()
        if not site_dir.exists():
            site_dir.mkdir(parents=True)
        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
        for watched in _watched(root):
            server.watch(str(watched))
        log.info("serving on http://%s:%d/ (Ctrl+C to stop)", host, port)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()


def _watched(root: Path) -> list[Path]:
    names = ["modules", "referral", "translations", "docs", "overrides", "mkdocs.yml"]
    return [root / name for name in names if (root / name).exists()]
