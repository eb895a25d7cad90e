"""`ctmanual serve`: serves the built site and rebuilds when content changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.slow  # builds the site and watches it rebuild


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and needle in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} did not appear at {url} within {seconds} s")


def test_serve_rebuilds_after_a_content_edit(project):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ctmanual", "--root", str(project.root), "-q", "serve", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/modules/basics/"
        wait_for(url, "Basics of identification")
        project.replace("modules/basics/index.md", "title: Basics of identification", "title: Basics of early identification")
        wait_for(url, "Basics of early identification")
        # Course files are content too (they sit outside modules/).
        project.replace("courses/basics-morning.yml", "title: Basics morning", "title: Basics early morning")
        wait_for(f"http://127.0.0.1:{port}/courses/basics-morning/", "Basics early morning")
        # A broken edit keeps the last good site being served.
        project.replace("modules/basics/index.md", "order: 1", "order: [")
        time.sleep(3)
        assert "Basics of early identification" in (fetch(url) or "")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_watches_every_folder_the_settings_name(project):
    """Derived from the settings, not a list of usual names: a course folder named otherwise is watched."""
    from ctmanual.pipeline import watched_paths

    project.replace("mkdocs.yml", "manual:\n", "manual:\n  courses_dir: training-courses\n")
    (project.root / "courses").rename(project.root / "training-courses")
    root = project.root
    assert sorted(watched_paths(root)) == sorted([root / "mkdocs.yml", root / "modules", root / "referral",
                                                  root / "training-courses", root / "translations", root / "docs",
                                                  root / "overrides"])
