"""The live-reload server behind `ctmanual serve`: serves a built site on loopback and calls
`rebuild` when a watched path changes.

The engine part of `serve` (mkdocs' live-reload server); what is built and what is watched
are decided by the caller (pipeline.serve), so that this stays the only place that knows the server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ctmanual.settings import Settings, read_config

log = logging.getLogger(__name__)


def serve_site(site_dir: Path, rebuild: Callable[[], None], watched: list[Path], host: str, port: int) -> None:
    """Serve `site_dir` until Ctrl+C; `rebuild` runs whenever a file under `watched` changes."""
    from mkdocs.livereload import LiveReloadServer

    site_dir.mkdir(parents=True, exist_ok=True)
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in watched:
        server.watch(str(path))
    log.info("serving on http://%s:%d/ (Ctrl+C to stop)", host, port)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def engine_sources(settings: Settings) -> list[Path]:
    """What the engine reads besides the staged pages and mkdocs.yml: the theme overrides
    (`theme.custom_dir`)."""
    custom = (read_config(settings.config_file).get("theme") or {}).get("custom_dir")
    return [settings.root / custom] if isinstance(custom, str) and custom else []
