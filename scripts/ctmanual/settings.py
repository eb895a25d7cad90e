"""Project settings: the `manual:` block of mkdocs.yml, as a typed config class.

The block lives in mkdocs.yml so that one file describes the site, but only our
code reads it: the site stage removes it before handing the rest to the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from ctmanual.problems import Problem, ProblemList
from ctmanual.safe_input import ConfigLoader, InputRefused, load_yaml, read_bounded

CONFIG_FILE = "mkdocs.yml"
SETTINGS_KEY = "manual"


class LanguageConfig(base.Config):
    code = c.Type(str)
    name = c.Type(str)
    # The lunr-languages stemmer the site search uses for this language.
    search_lang = c.Optional(c.Type(str))


REFERRAL_PREFIX = "referral/"  # where referral files sit among translatable paths and in translations/<lang>/
COURSES_PREFIX = "courses/"  # course files, likewise


class ManualConfig(base.Config):
    default_language = c.Type(str, default="en")
    languages = c.ListOfItems(c.SubConfig(LanguageConfig))
    content_dir = c.Type(str, default="modules")
    referral_dir = c.Type(str, default="referral")
    courses_dir = c.Type(str, default="courses")
    translations_dir = c.Type(str, default="translations")
    guides_dir = c.Type(str, default="docs")
    site_dir = c.Type(str, default="site")


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
        """Folders besides the content folder whose files are translatable, by path prefix."""
        roots = {REFERRAL_PREFIX: self.referral_dir, COURSES_PREFIX: self.courses_dir}
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
        return [self.config_file, *folders]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


def read_config(path: Path) -> dict:
    """mkdocs.yml as plain data (engine-only tags such as `!ENV` read as nothing). The engine gets its
    configuration from here, never from the file, so anchors and aliases are refused for it too."""
    return load_yaml(read_bounded(path), ConfigLoader) or {}


def read_settings(root: Path, problems: ProblemList) -> Settings | None:
    """Read and check the `manual:` block; report problems instead of raising."""
    path = root / CONFIG_FILE
    try:
        raw = read_config(path)
    except InputRefused as err:
        problems.add(Problem(path, err.line, err.message))
        return None
    except (OSError, yaml.YAMLError) as err:
        problems.add(Problem(path, _yaml_line(err), f"cannot read the site configuration: {err}"))
        return None
    config = ManualConfig(config_file_path=str(path))
    config.load_dict(raw.get(SETTINGS_KEY) or {})
    failed, _warnings = config.validate()
    for key, err in failed:
        problems.add(Problem(path, 1, f"manual.{key}: {err}"))
    if failed:
        return None
    # A bad address is reported with the other problems of the content; it is not used.
    return _settings_from(root, path, config, problems, _site_url(raw.get("site_url"), path, problems) or "")


# Domains reserved for examples in documentation (RFC 2606): never the address of a published site.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
_PLACEHOLDER_SUFFIXES = (".example", ".example.org", ".example.com", ".example.net")


def _site_url(value, path: Path, problems: ProblemList) -> str | None:
    """`site_url`, the public address: absent or empty (the site links relatively), or an http(s)
    address of a host the project can publish at. None, with a problem reported, when it is neither."""
    if value is None or value == "":
        return ""
    line = _key_line(path, "site_url")
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


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level key in a YAML file (1 when not found)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _settings_from(root: Path, path: Path, config: ManualConfig, problems: ProblemList,
                   site_url: str) -> Settings | None:
    languages = tuple(
        Language(lang.code, lang.name, lang.search_lang or lang.code) for lang in config.languages
    )
    codes = [lang.code for lang in languages]
    if config.default_language not in codes:
        problems.add(Problem(path, 1, f"manual.default_language '{config.default_language}' is not in manual.languages"))
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


def _yaml_line(err: Exception) -> int:
    mark = getattr(err, "problem_mark", None)
    return mark.line + 1 if mark else 1
