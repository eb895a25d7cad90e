"""Reference PDF build with mkdocs-to-pdf, to benchmark our own WeasyPrint rendering against.

mkdocs-to-pdf lives in a virtualenv of its own: it must never enter the project's
environment. That env pins the same mkdocs, Material, Markdown and pymdown versions
as the environment running this module (the project's), plus the same WeasyPrint
when that is installed, so the comparison measures the two pipelines and not two
versions of the renderer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import yaml

from ctmanual.settings import read_config

MKDOCS_TO_PDF = "mkdocs-to-pdf==0.12.1"
# Packages whose versions decide what the pages look like; pinned to the caller's.
_SHARED = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "weasyprint")
_STAMP = ".ctm-reference-env"
_PDF_NAME = "mkdocs-to-pdf.pdf"
_PROJECT_CONFIG = Path(__file__).resolve().parents[3] / "mkdocs.yml"

__all__ = ["ReferenceRun", "ReferenceBuildError", "ensure_reference_env", "run_mkdocs_to_pdf"]


class ReferenceBuildError(RuntimeError):
    """The reference env could not be made, or its mkdocs build failed."""


@dataclass(frozen=True)
class ReferenceRun:
    seconds: float  # wall time of the mkdocs build that produced the PDF
    pages: int  # page count of the PDF
    pdf: Path


def reference_requirements() -> list[str]:
    """What the reference env installs: mkdocs-to-pdf plus the caller's versions of _SHARED."""
    pins = [MKDOCS_TO_PDF]
    for name in _SHARED:
        try:
            pins.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            if name != "weasyprint":  # optional: the project's PDF stage may not be installed
                raise
    return pins


def ensure_reference_env(env_dir: Path) -> Path:
    """Create (once) the separate virtualenv with mkdocs-to-pdf; return its python.

    The stamp file is written last and holds the requirement list, so an
    interrupted install or a change of the project's pins rebuilds the env.
    """
    env_dir = env_dir.resolve()
    python = env_dir / "bin" / "python"
    stamp = env_dir / _STAMP
    wanted = "\n".join(reference_requirements()) + "\n"
    if python.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return python
    if env_dir.exists() and any(env_dir.iterdir()) and not (env_dir / "pyvenv.cfg").exists():
        raise ReferenceBuildError(f"{env_dir} exists and is not a virtualenv; refusing to clear it")
    venv.EnvBuilder(clear=True, with_pip=True).create(env_dir)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *wanted.split()],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        raise ReferenceBuildError(f"pip install failed in {env_dir}:\n{install.stderr[-4000:]}")
    stamp.write_text(wanted, encoding="utf-8")
    return python


def reference_config(docs_dir: Path, work_dir: Path, title: str, project_config: Path = _PROJECT_CONFIG) -> dict[str, Any]:
    """The mkdocs.yml of the reference build.

    Not strict: the staged pages link to downloads that do not exist in a bare
    build, and those warnings must not stop it. `font: false` keeps Material from
    linking Google Fonts; mkdocs-to-pdf itself only names local font families and
    runs no browser (`render_js` stays off), so WeasyPrint fetches nothing remote.
    """
    raw = read_config(project_config)
    return {
        "site_name": title,
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str((work_dir / "site").resolve()),
        "theme": {"name": "material", "font": False},
        "markdown_extensions": raw.get("markdown_extensions") or [],
        "plugins": [
            {
                "to-pdf": {
                    # Relative to site_dir: puts the combined PDF in work_dir itself.
                    "output_path": f"../{_PDF_NAME}",
                    "render_js": False,
                }
            }
        ],
    }


def run_mkdocs_to_pdf(docs_dir: Path, work_dir: Path, env_dir: Path, title: str) -> ReferenceRun:
    """Build docs_dir into one PDF with mkdocs-to-pdf in the separate env, timing only `mkdocs build`.

    The build's output goes to work_dir/build.log (mkdocs and plugin warnings).
    """
    from pypdf import PdfReader

    python = ensure_reference_env(env_dir)
    work_dir = work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    config_file = work_dir / "mkdocs.yml"
    config = reference_config(docs_dir, work_dir, title)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pdf = work_dir / _PDF_NAME
    pdf.unlink(missing_ok=True)
    shutil.rmtree(work_dir / "site", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(python), "-m", "mkdocs", "build", "--config-file", str(config_file)]
    started = time.perf_counter()
    build = subprocess.run(command, cwd=work_dir, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    (work_dir / "build.log").write_text(build.stdout + build.stderr, encoding="utf-8")
    if build.returncode != 0 or not pdf.exists():
        raise ReferenceBuildError(f"mkdocs-to-pdf build failed (exit {build.returncode}):\n{build.stderr[-4000:]}")
    return ReferenceRun(seconds=seconds, pages=len(PdfReader(pdf).pages), pdf=pdf)


if __name__ == "__main__":  # python -m ctmanual.bench.mkdocs_to_pdf DOCS_DIR WORK_DIR ENV_DIR [TITLE]
    args = sys.argv[1:]
    run = run_mkdocs_to_pdf(Path(args[0]), Path(args[1]), Path(args[2]), args[3] if len(args) > 3 else "Manual")
    print(f"{run.seconds:.1f} s, {run.pages} pages: {run.pdf}")
