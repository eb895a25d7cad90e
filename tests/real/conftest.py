"""The real build: this repository's manual (all languages, site and downloads) built once per test
session into a temporary folder, and served on loopback. Every test below `tests/real/` is marked
`real` (run alone with `pytest -m real`, leave out with `-m "not real"`).

With pytest-xdist the workers share the one build (a file lock: the first worker builds, the others wait).
`CTMANUAL_REAL_SITE=path/to/site` uses a site already built (e.g. by `ctmanual build`) instead, for
quick iterations on these tests; CI always builds afresh.

The same manual built with the second site engine (`ctmanual build --engine zensical`, its site and offline
copies, no PDF or DOCX) is `real_site_zensical`; `engine_site` and `engine_url` are either build, for the
checks both engines must pass (`CTMANUAL_REAL_SITE_ZENSICAL` as above)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from browsing import BuiltSite, serve
from helpers import BUILDS, once_per_run

ENGINES = ["mkdocs", "zensical"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.real)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory):
    """The real manual built once per run (all languages, site, every download and offline copy), in a
    copy of what a build reads; shared by the xdist workers. None with `CTMANUAL_REAL_SITE`."""
    if os.environ.get("CTMANUAL_REAL_SITE"):
        return None
    return once_per_run(tmp_path_factory, "real", BUILDS["real"])


@pytest.fixture(scope="session")
def real_site(real_build) -> Path:
    """The built site of the real manual (with every download and offline copy)."""
    given = os.environ.get("CTMANUAL_REAL_SITE")
    if given:
        site = Path(given).resolve()
        assert (site / "index.html").is_file(), f"CTMANUAL_REAL_SITE={given}: no built site there"
        return site
    return real_build.site_dir


@pytest.fixture(scope="session")
def real_site_zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real manual built with Zensical: the site and its offline copies (no PDF or DOCX)."""
    given = os.environ.get("CTMANUAL_REAL_SITE_ZENSICAL")
    if given:
        site = Path(given).resolve()
        assert (site / "search.json").is_file(), f"CTMANUAL_REAL_SITE_ZENSICAL={given}: no site built by Zensical there"
        return site
    return once_per_run(tmp_path_factory, "real-zensical", BUILDS["real-zensical"]).site_dir


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(request: pytest.FixtureRequest) -> BuiltSite:
    """The real build by each site engine in turn."""
    fixture = "real_site" if request.param == "mkdocs" else "real_site_zensical"
    return BuiltSite(request.param, request.getfixturevalue(fixture))


@pytest.fixture(scope="session")
def engine_url(engine_site: BuiltSite) -> Iterator[str]:
    with serve(engine_site.path) as url:
        yield url


@pytest.fixture(scope="session")
def real_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url
