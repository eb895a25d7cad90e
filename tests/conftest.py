"""Fixture projects: a tiny manual copied into a temporary folder, with the repo's site config (`project`),
the same in git with a translation recorded (`tracked`); the fixture manual built once and served; Debian's
Chromium. Shared helpers: `helpers.py`; browser helpers: `browsing.py`; the real build: `real/conftest.py`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browsing import CHROMIUM, CHROMIUM_ARGS, serve
from helpers import BUILDS, TODAY, FixtureProject, make_project, once_per_run, start_in_background



QUICK = "not slow and not real and not browser"
# Fixtures that take long: building the fixture manual with every download; loading the real manual
# (`manual` in test_content.py, `real_referral` in test_referral.py: tens of seconds on a busy machine).
SLOW_FIXTURES = {"built", "built_site", "site_url", "manual", "real_referral"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--quick", action="store_true",
                     help=f"the quick run for everyday work: only the tests marked neither slow, real nor browser "
                          f"(-m '{QUICK}')")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--quick"):
        given = config.option.markexpr
        config.option.markexpr = f"({given}) and {QUICK}" if given else QUICK


def pytest_collection_modifyitems(config, items):
    """`browser` on every test that uses Chromium; `slow` on every test that needs the fixture manual built
    or the real one loaded (tests that build or take long by themselves carry the mark in their module).
    Then the order: tests that need no shared build first, those on the fixture manual's build next, those on
    the real build (tests/real/) last, so that the builds, started at once in the background
    (`pytest_collection_finish`), overlap with the tests that need none."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: max((ORDER[name] for name in builds_needed(item)), default=0))


ORDER = {"built": 1, "real": 2, "real-zensical": 2}  # see pytest_collection_modifyitems


def builds_needed(item: pytest.Item) -> set[str]:
    """The shared builds (helpers.BUILDS) a test waits for: by the fixtures it uses, and the site engine of
    the real-build tests run with each engine (`engine_site`, which asks for its build by name)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    engine = getattr(getattr(item, "callspec", None), "params", {}).get("engine_site")
    needed = {"built"} if "built" in fixtures else set()
    if (fixtures & {"real_build", "real_site"} or engine == "mkdocs") and not os.environ.get("CTMANUAL_REAL_SITE"):
        needed.add("real")
    if ("real_site_zensical" in fixtures or engine == "zensical") and not os.environ.get("CTMANUAL_REAL_SITE_ZENSICAL"):
        needed.add("real-zensical")
    return needed


def pytest_collection_finish(session: pytest.Session) -> None:
    """Every shared build the selected tests need starts now, each in a process of its own (once per run,
    whichever xdist worker gets here first), instead of when the first test asks for it."""
    if session.config.option.collectonly:
        return
    for name in sorted({name for item in session.items for name in builds_needed(item)}, key=ORDER.get):
        start_in_background(session.config._tmp_path_factory, name)


@pytest.fixture(autouse=True, scope="session")
def fixed_today():
    """Referral records go stale after 12 months: the tests build as if today were fixed."""
    import os

    from ctmanual.clock import ENV

    before = os.environ.get(ENV)
    os.environ[ENV] = TODAY
    yield
    if before is None:
        del os.environ[ENV]
    else:
        os.environ[ENV] = before




@pytest.fixture(autouse=True, scope="session")
def check_reused_pages():
    """Every page an assembly reuses from the last build is also made again and compared: a missing
    input in a page's key stops the build (assemble.writer.StalePage) in whichever test meets it."""
    import os

    from ctmanual.assemble.writer import CHECK_REUSE

    before = os.environ.get(CHECK_REUSE)
    os.environ[CHECK_REUSE] = "1"
    yield
    if before is None:
        del os.environ[CHECK_REUSE]
    else:
        os.environ[CHECK_REUSE] = before


@pytest.fixture
def project(tmp_path: Path) -> FixtureProject:
    return make_project(tmp_path / "project")


@pytest.fixture
def download_cache(built, tmp_path: Path) -> Path:
    """A copy of the download cache of the fixture manual's shared build (`built`): a build given it lays out
    only what the test changed. For tests of what a build does (the command line, previews, outdated
    marks), not of what a cold build renders (those build `project` without it)."""
    return shutil.copytree(built.site_dir.parent / ".cache" / "downloads", tmp_path / "download-cache")


@pytest.fixture
def warm_project(project: FixtureProject, download_cache: Path) -> FixtureProject:
    """The fixture manual with `download_cache` where its builds look for it."""
    (project.root / ".cache").mkdir(exist_ok=True)
    shutil.move(download_cache, project.root / ".cache" / "downloads")
    return project


@pytest.fixture
def tracked(project: FixtureProject) -> FixtureProject:
    """The fixture in git, with its Russian module overview recorded as translated from the current source."""
    from ctmanual.cli import main

    from helpers import RECORDED, git

    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "fixture")
    assert main(["--root", str(project.root), "i18n", "done", "ru", RECORDED]) == 0
    git(project.root, "commit", "-qam", "ru recorded")
    return project


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The fixture manual built once per run (site and downloads) through the Python API, for read-only
    tests; shared by the xdist workers."""
    return once_per_run(tmp_path_factory, "built", BUILDS["built"])


@pytest.fixture(scope="session")
def built_site(built) -> Path:
    return built.site_dir


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The fixture manual's site on loopback."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, one for the whole session."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run scripts/setup.sh"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site_url: str):
    """A desktop tab on the fixture site; `page.hosts` lists every host it contacted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.hosts = []
    tab.on("request", lambda request: tab.hosts.append(urlparse(request.url).hostname))
    yield tab
    context.close()
