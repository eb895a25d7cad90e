"""The theme's templates: compiled once per process (an mkdocs hook: `on_env`), and listed without the
theme's hidden folders (`list_visible`).

mkdocs makes a new Jinja environment for every build, and mkdocs-static-i18n builds each language
again: without this, the theme's templates (Material's and ours, about forty for a page) are parsed
and compiled once per language per build, which was most of the site stage's time on a small
manual. Jinja checks each template's source against what was compiled (its checksum is part of the
key here), so an edited template is compiled again; the compiled code lives in this process only."""

from __future__ import annotations

import os
from typing import Any

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache kept in memory: compiled code by template and source checksum."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], Any] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self._code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        if len(self._code) > 2000:  # bounded: a theme has about a hundred templates
            self._code.clear()
        self._code[(bucket.key, bucket.checksum)] = bucket.code


COMPILED = CompiledTemplates()


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    # mkdocs loads hook files as modules of their own: the cache is the package module's, shared by builds
    from ctmanual.site.compiled import COMPILED as shared

    env.bytecode_cache = shared
    return env


class VisibleTemplates(jinja2.FileSystemLoader):
    """A theme's loader listing its files but those in hidden folders. mkdocs lists every file of the theme
    for every language of every build, to find the static files it copies; Material's `.icons` holds about
    14,500 of its files, which mkdocs then leaves out by name (`.*`, `*/.*`): listing and filtering them was
    about a tenth of the site stage on a small manual. Templates are still loaded by name from anywhere
    (`{% include ".icons/..." %}`)."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, folders, names in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                for name in names:
                    found.add(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
        return sorted(found)


def list_visible(theme: Any) -> None:
    """Make `theme` (an mkdocs Theme) give its Jinja environments a `VisibleTemplates` loader."""
    make_environment = type(theme).get_env.__get__(theme)

    def get_env() -> jinja2.Environment:
        env = make_environment()
        env.loader = VisibleTemplates(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
        return env

    theme.get_env = get_env
