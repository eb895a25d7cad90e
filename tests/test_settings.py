"""The `manual:` block of mkdocs.yml: read with a safe loader, every problem at its line."""

from __future__ import annotations

from pathlib import Path

from ctmanual.problems import ProblemList
from ctmanual.settings import read_settings

CONFIG = """site_name: A manual
site_url: !ENV [SITE_URL, ""]
manual:
  default_language: en
  content_dir: lessons
  languages:
    - code: en
      name: English
    - code: fr
      name: Français
      search_lang: fr
theme:
  name: material
"""


def read(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    problems = ProblemList()
    settings = read_settings(tmp_path, problems)
    return settings, [problem.format(tmp_path) for problem in problems.errors + problems.warnings]


def test_settings_are_read_with_the_engines_tags_as_nothing(tmp_path):
    settings, problems = read(tmp_path, CONFIG)
    assert problems == []
    assert settings.content_dir == tmp_path / "lessons" and settings.courses_dir == tmp_path / "courses"
    assert [(lang.code, lang.search_lang) for lang in settings.languages] == [("en", "en"), ("fr", "fr")]
    assert settings.site_url == ""


def test_every_wrong_setting_is_reported_at_its_line(tmp_path):
    text = CONFIG.replace("  content_dir: lessons\n", "  content_dirs: lessons\n").replace("      name: Français\n", "")
    text = text.replace("  default_language: en\n", "  default_language: [en]\n")
    settings, problems = read(tmp_path, text)
    assert settings is None
    assert problems == [
        "mkdocs.yml:4: manual.default_language: Input should be a valid string",
        "mkdocs.yml:9: manual.languages.1.name is required: add it (see the `manual:` block of the repository's "
        "mkdocs.yml)",
        "mkdocs.yml:5: manual.content_dirs is not a setting: remove it or fix its spelling",
    ]


def test_a_default_language_not_listed_is_reported_at_its_line(tmp_path):
    settings, problems = read(tmp_path, CONFIG.replace("default_language: en", "default_language: de"))
    assert settings is None and problems == ["mkdocs.yml:4: manual.default_language 'de' is not in manual.languages"]


def test_broken_yaml_is_reported_at_its_line(tmp_path):
    settings, problems = read(tmp_path, CONFIG.replace("    - code: fr\n", "    - code: [fr\n"))
    assert settings is None and len(problems) == 1 and problems[0].startswith("mkdocs.yml:10: ")
