"""`ctmanual bench --scale`: how the site build grows with the corpus. A synthetic manual at 1x,
3x and 10x (10, 30 and 100 modules, each in 10 languages) is built cold and then again after each
of two one-session edits (the second starts from the site the first set aside, as every later edit
build does); each build runs in its own process so its peak memory can be read alone.

The site is built without downloads: the print cost is per laid-out page and cached per page
(see the cold/warm/one-edit rows of `ctmanual bench`), so it scales with the pages changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ctmanual.bench.synthetic import make_synthetic

SCALES = (1, 3, 10)


@dataclass(frozen=True)
class ScaleRow:
    scale: int
    modules: int
    languages: int
    pages: int
    cold_seconds: float
    cold_peak_mb: float
    edit_seconds: float
    edit_peak_mb: float
    edit_rendered: str  # what the edit build says it rendered again, and its stage times
    next_edit_seconds: float = 0.0
    next_edit_rendered: str = ""

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.cold_seconds / self.pages if self.pages else 0.0


def run_scale(root: Path, base_modules: int = 10, languages: int = 10, scales: tuple[int, ...] = SCALES) -> list[ScaleRow]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="ctm-scale-") as tmp:
        for scale in scales:
            project = make_synthetic(root, Path(tmp) / f"x{scale}", base_modules * scale, languages)
            cold, cold_mb, pages, _ = _build(project)
            session = sorted((project / "modules").glob("*/sessions/*.md"))[0]
            session.write_text(session.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
            edit, edit_mb, _, log = _build(project)
            session.write_text(session.read_text(encoding="utf-8") + "\nAnd another.\n", encoding="utf-8")
            second, _, _, second_log = _build(project)
            rows.append(ScaleRow(scale, base_modules * scale, languages, pages, cold, cold_mb, edit, edit_mb,
                                 _rendered(log), second, _rendered(second_log)))
    return rows


def _rendered(log: str) -> str:
    """What the edit build says it made and rendered again (its `pages:` and `site:` lines)."""
    said = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in log.splitlines()
            if line.startswith(("pages: ", "site: "))}
    made = said.get("pages", "").split(",", 1)[0]
    return f"{said['site']}; {made}" if "site" in said and made else said.get("site", "everything")


def _build(project: Path) -> tuple[float, float, int, str]:
    """Wall time, peak resident memory (MB), page count and output of one site build in its own process."""
    command = [sys.executable, "-m", "ctmanual", "--root", str(project), "build", "--no-downloads"]
    log = project / "build.log"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:  # a file, not a pipe: the child never blocks on it
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    text = log.read_text(encoding="utf-8")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"synthetic build failed: {text[-2000:]}")
    pages = int(text.split("built ", 1)[1].split(" ", 1)[0]) if "built " in text else 0
    return seconds, usage.ru_maxrss / 1024, pages, text


def format_scale(rows: list[ScaleRow]) -> str:
    lines = ["| corpus | modules x languages | pages | cold build | ms per page | peak memory | after one edit | peak memory | next edit |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row.scale}x | {row.modules} x {row.languages} | {row.pages:,} | {row.cold_seconds:.1f} s | "
                     f"{row.ms_per_page:.1f} | {row.cold_peak_mb:.0f} MB | {row.edit_seconds:.1f} s | {row.edit_peak_mb:.0f} MB | "
                     f"{row.next_edit_seconds:.1f} s |")
    lines.append("")
    lines += [f"- {row.scale}x, after one edit: {row.edit_rendered}; the next: {row.next_edit_rendered}" for row in rows]
    return "\n".join(lines)
