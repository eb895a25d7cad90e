"""The real build exists in every language, with each site engine: every planned download, every module and
session page, each language's home page and search index (its own stemmer), and no renderer warning."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from ctmanual.load import load_project
from ctmanual.outputs import plan_outputs

from browsing import REPO, BuiltSite

LANGUAGES = ["en", "fr", "ru", "ro"]
MODULES = ["background", "attitudes", "identification", "consequences", "legislation",
           "care-protection", "investigation", "interviewing", "stakeholders", "trainers"]


def test_every_language_has_its_home_page_and_search_index(engine_site: BuiltSite):
    for code in LANGUAGES:
        folder = engine_site.path if code == "en" else engine_site.path / code
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html, code
        entries = engine_site.search_entries(code)
        assert entries and all(not entry["location"].startswith(tuple(f"{c}/" for c in LANGUAGES)) for entry in entries), code


def test_whole_manual_builds_in_every_language(real_build, real_site: Path):
    """The real manual, site and every download (the build the real-site tests share, from a cold cache)."""
    if real_build is not None:  # built by this run, not given with CTMANUAL_REAL_SITE
        assert real_build.downloads.warnings == []
    manual, problems = load_project(REPO)
    assert not problems.errors, problems.report(REPO)
    site = real_site
    for code in LANGUAGES:
        for output in plan_outputs(manual, code):
            path = (site if code == "en" else site / code) / output.path
            assert path.is_file() and path.stat().st_size > 0, path
    for page in site.rglob("*.html"):
        text = re.sub(r"<(script|code|pre)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert "{: " not in text and "\n- <a" not in text, page.relative_to(site)
    for module in MODULES:
        assert (site / "modules" / module / "index.html").is_file()
    sessions = list((site / "modules").glob("*/sessions/*/index.html"))
    assert len(sessions) >= 23
    for code in ["fr", "ru", "ro"]:
        assert (site / code / "index.html").is_file()
        index = json.loads((site / code / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [code, "en"]  # lunr.multiLanguage: Latin words survive the trimmer
        assert {doc["location"].split("#")[0] for doc in index["docs"]} >= {"", "principles/"}
    ru_home = (site / "ru/index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in ru_home and "<div lang=\"en\">" not in ru_home
    for card in site.rglob("pocket-card-*.pdf"):  # A6 cards (their page count: tests/real/test_real_referral.py)
        info = subprocess.run(["pdfinfo", str(card)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+297\.6\d* x 419\.5\d* pts", info), card.name
