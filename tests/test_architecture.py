"""The import contract of pyproject.toml ([tool.importlinter]): no stage imports another, neutral
modules import no stage, and only the site stage (and the benchmark) imports the site engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_the_code_keeps_the_import_contract():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    result = subprocess.run([str(lint_imports), "--no-cache", "--no-logo", "--config", str(REPO / "pyproject.toml")],
                            cwd=REPO / "scripts", env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"the import contract is broken (pyproject.toml [tool.importlinter]):\n{result.stdout}{result.stderr}",
                    pytrace=False)
