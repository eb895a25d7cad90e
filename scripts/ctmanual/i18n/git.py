"""The few git questions the translator tools ask: the current commit, and an old version of a file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ctmanual.safe_input import MAX_FILE_BYTES
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


def _committed(root: Path, commit: str, rel: str) -> str | None:
    """A file's text at a commit; None when it is not there, over the size limit of a content file or not
    UTF-8 (no translation was made from such a version). Reads at most the limit, whatever the history holds."""
    try:
        git = subprocess.Popen(["git", "-C", str(root), "show", f"{commit}:{rel}"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        return None
    with git:
        data = git.stdout.read(MAX_FILE_BYTES + 1) if git.stdout else b""
        if len(data) > MAX_FILE_BYTES:
            git.kill()
    if git.returncode != 0 or len(data) > MAX_FILE_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def committed_text(root: Path, path: Path) -> str | None:
    """The file as in the last commit, or None when it is not committed (or unreadable: see _committed)."""
    return _committed(root, "HEAD", path.relative_to(root).as_posix())


def version_with_hash(root: Path, path: Path, wanted: str, commit: str = "") -> str | None:
    """The text of `path` whose source_hash() is `wanted`: first at `commit`, then anywhere in its history."""
    rel = path.relative_to(root).as_posix()
    candidates = [commit] if commit else []
    try:
        candidates += _git(root, "log", "--format=%H", "--follow", "--", rel).split()
    except GitUnavailable:
        pass
    for candidate in candidates:
        text = _committed(root, candidate, rel)
        if text is not None and source_hash(text) == wanted:
            return normalise(text)
    return None
