"""The site engines a build can use (stage 3, site/): the names the command line offers and the site
stage accepts, in a module light enough for the command line to import."""

from __future__ import annotations

DEFAULT_ENGINE = "mkdocs"  # mkdocs + Material + mkdocs-static-i18n (site/engine.py)
ZENSICAL = "zensical"  # Zensical, one run per language (site/zensical.py)
ENGINES = (DEFAULT_ENGINE, ZENSICAL)
