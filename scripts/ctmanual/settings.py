"""Project settings: the `manual:` block of mkdocs.yml, as a typed (pydantic) model.

The block lives in mkdocs.yml so that one file describes the site, but only our
code reads it: the site stage removes it before handing the rest to the engine.
mkdocs.yml is read with a safe YAML loader that reads the engine's tags (`!ENV`,
`!!python/name`) as nothing; a problem is reported with its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from ctmanual.frontmatter import FrontMatterError, Loc, line_at, parse_yaml
from ctmanual.model import Strict
from ctmanual.problems import Problem, ProblemList
from ctmanual.safe_input import ConfigLoader, InputRefused, read_bounded

CONFIG_FILE = "mkdocs.yml"
SETTINGS_KEY = "manual"


class LanguageSettings(Strict):
    code: str
    name: str
    # The lunr-languages stemmer the site search uses for this language (default: the code).
    search_lang: str | None = None


REFERRAL_PREFIX = "referral/"  # where referral files sit among translatable paths and in translations/<lang>/
COURSES_PREFIX = "courses/"  # course files, likewise
GUIDES_PREFIX = "guides/"  # the guides for readers (docs/), likewise: published under guides/


class ManualSettings(Strict):
    """The `manual:` block as written; `Settings` is what the tools use."""

    default_language: str = "en"
    languages: list[LanguageSettings]
    content_dir: str = "modules"
    referral_dir: str = "referral"
    courses_dir: str = "courses"
    translations_dir: str = "translations"
    guides_dir: str = "docs"
    site_dir: str = "site"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    search_lang: str


@dataclass(frozen=True)
class Settings:
    root: Path
    default_language: str
    languages: tuple[Language, ...]
    content_dir: Path
    translations_dir: Path
    guides_dir: Path
    site_dir: Path
    config_file: Path
    referral_dir: Path | None = None  # optional: a manual may have no referral guidance
    courses_dir: Path | None = None  # optional: course files for the agenda builder
    site_url: str = ""  # where the site is published (mkdocs.yml `site_url`), if anywhere

    @property
    def extra_roots(self) -> dict[str, Path]:
        """Folders besides the content folder whose files are translatable, by path prefix. Of the guides
        folder only the guides for readers are (reader_guides.py): its contributor documents stay English."""
        roots = {REFERRAL_PREFIX: self.referral_dir, COURSES_PREFIX: self.courses_dir, GUIDES_PREFIX: self.guides_dir}
        return {prefix: folder for prefix, folder in roots.items() if folder is not None}

    def source_path(self, rel: str) -> Path:
        """The source file of a translatable path: `referral/...` in the referral folder, and so on."""
        for prefix, folder in self.extra_roots.items():
            if rel.startswith(prefix):
                return folder / rel.removeprefix(prefix)
        return self.content_dir / rel

    @property
    def sources(self) -> list[Path]:
        """Every file and folder the build reads that these settings name: mkdocs.yml and the
        content, referral, course, translation and guide folders."""
        folders = [self.content_dir, *self.extra_roots.values(), self.translations_dir, self.guides_dir]
        return [self.config_file, *dict.fromkeys(folders)]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (engine-only tags such as `!ENV` read as nothing). The engine gets its
    configuration from here, never from the file, so its anchors and aliases are refused for the engine too.
    Raises OSError, InputRefused or FrontMatterError (with the line)."""
    return _read_config(path)[0]


def _read_config(path: Path) -> tuple[dict[str, Any], dict[Loc, int]]:
    data, lines = parse_yaml(read_bounded(path), loader=ConfigLoader)
    if data is None:
        return {}, lines
    if not isinstance(data, dict):
        raise FrontMatterError(1, "the site configuration must be a mapping of keys to values (site_name: ..., manual: ...)")
    return data, lines


def read_settings(root: Path, problems: ProblemList) -> Settings | None:
    """Read and check the `manual:` block; report problems (with their lines) instead of raising."""
    path = root / CONFIG_FILE
    try:
        raw, lines = _read_config(path)
    except OSError as err:
        problems.add(Problem(path, 1, f"cannot read the site configuration: {err}"))
        return None
    except InputRefused as err:
        problems.add(Problem(path, err.line, f"cannot read the site configuration: {err.message}"))
        return None
    except FrontMatterError as err:
        problems.add(Problem(path, err.line, f"cannot read the site configuration: {err}"))
        return None
    try:
        manual = ManualSettings.model_validate(raw.get(SETTINGS_KEY) or {})
    except ValidationError as err:
        for issue in err.errors():
            loc = (SETTINGS_KEY, *issue["loc"])
            problems.add(Problem(path, line_at(lines, loc), _describe(loc, issue)))
        return None
    # A bad address is reported with the other problems of the content; it is not used.
    site_url = _site_url(raw.get("site_url"), path, line_at(lines, ("site_url",)), problems) or ""
    return _settings_from(root, path, manual, line_at(lines, (SETTINGS_KEY, "default_language")), problems, site_url)


def _describe(loc: Loc, issue: dict[str, Any]) -> str:
    """A settings error in words: which key, what to do."""
    key = ".".join(str(part) for part in loc)
    if issue["type"] == "missing":
        return f"{key} is required: add it (see the `manual:` block of the repository's mkdocs.yml)"
    if issue["type"] == "extra_forbidden":
        return f"{key} is not a setting: remove it or fix its spelling"
    return f"{key}: {issue['msg']}"


# Domains reserved for examples in documentation (RFC 2606): never the address of a published site.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
_PLACEHOLDER_SUFFIXES = (".example", ".example.org", ".example.com", ".example.net")


def _site_url(value: Any, path: Path, line: int, problems: ProblemList) -> str | None:
    """`site_url`, the public address: absent or empty (the site links relatively), or an http(s)
    address of a host the project can publish at. None, with a problem reported, when it is neither."""
    if value is None or value == "":
        return ""
    url = urlsplit(value) if isinstance(value, str) else None
    if url is None or url.scheme not in ("http", "https") or not url.hostname or url.query or url.fragment:
        problems.add(Problem(path, line, f"site_url: {value!r} is not a web address (https://host/path/): give "
                                         "the address the site is published at, or leave site_url out"))
        return None
    host = url.hostname.lower()
    if host in _PLACEHOLDER_HOSTS or host.endswith(_PLACEHOLDER_SUFFIXES):
        problems.add(Problem(path, line, f"site_url: {host} is a placeholder domain, not where the site is published: "
                                         "give the real address, or leave site_url out (links then stay relative)"))
        return None
    return value if value.endswith("/") else value + "/"


def _settings_from(root: Path, path: Path, config: ManualSettings, default_line: int, problems: ProblemList,
                   site_url: str) -> Settings | None:
    languages = tuple(
        Language(lang.code, lang.name, lang.search_lang or lang.code) for lang in config.languages
    )
    codes = [lang.code for lang in languages]
    if config.default_language not in codes:
        problems.add(Problem(path, default_line,
                             f"manual.default_language '{config.default_language}' is not in manual.languages"))
        return None
    # The default language comes first: it is built first and owns the site root.
    languages = tuple(sorted(languages, key=lambda lang: lang.code != config.default_language))
    return Settings(
        root=root,
        default_language=config.default_language,
        languages=languages,
        content_dir=root / config.content_dir,
        translations_dir=root / config.translations_dir,
        guides_dir=root / config.guides_dir,
        site_dir=root / config.site_dir,
        config_file=path,
        referral_dir=root / config.referral_dir,
        courses_dir=root / config.courses_dir,
        site_url=site_url,
    )

