"""The few git questions the translator tools ask: the current commit, and an old version of a file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ctmanual.translation_record import normalise, source_hash


class GitUnavailable(RuntimeError):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError as err:
        raise GitUnavailable("git is not installed") from err
    if done.returncode != 0:
        raise GitUnavailable(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def head_commit(root: Path) -> str:
    try:
        return _git(root, "rev-parse", "HEAD").strip()[:12]
    except GitUnavailable:
        return ""


def committed_text(root: Path, path: Path) -> str | None:
    """The file as in the last commit, or None when it is not committed."""
    try:
        return _git(root, "show", f"HEAD:{path.relative_to(root).as_posix()}")
    except GitUnavailable:
        return None


def version_with_hash(root: Path, path: Path, wanted: str, commit: str = "") -> str | None:
    """The text of `path` whose source_hash() is `wanted`: first at `commit`, then anywhere in its history."""
    rel = path.relative_to(root).as_posix()
    candidates = [commit] if commit else []
    try:
        candidates += _git(root, "log", "--format=%H", "--follow", "--", rel).split()
    except GitUnavailable:
        pass
    for candidate in candidates:
        try:
            text = _git(root, "show", f"{candidate}:{rel}")
        except GitUnavailable:
            continue
        if source_hash(text) == wanted:
            return normalise(text)
    return None
