"""Per-language search indexes (site/search.py) on small hand-made indexes: no build, no engine."""

from __future__ import annotations

import json
from pathlib import Path

from ctmanual.site.search import INDEX, PreviousIndex, count_entries, split_search_index

LANGS = {"en": "en", "fr": "fr", "ru": "ru"}  # language -> lunr stemmer
CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
          "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}


def doc(location: str, title: str = "T", text: str = "") -> dict[str, str]:
    return {"location": location, "title": title, "text": text}


def write_mixed(site: Path, docs: list[dict[str, str]]) -> None:
    """The engine's one index, every language mixed, as mkdocs-static-i18n writes it."""
    (site / INDEX).parent.mkdir(parents=True, exist_ok=True)
    (site / INDEX).write_text(json.dumps({"config": CONFIG, "docs": docs}), encoding="utf-8")


def index_of(site: Path, code: str) -> dict:
    return json.loads((site / ("" if code == "en" else code) / INDEX).read_text(encoding="utf-8"))


MIXED = [doc(""), doc("modules/basics/", "Basics"), doc("modules/basics/#signs", "Signs"),
         doc("fr/", "Accueil"), doc("fr/modules/basics/", "Bases"), doc("ru/modules/basics/", "Основы"),
         doc("french/", "A page whose path starts like a language folder but is English")]


def test_each_language_gets_only_its_pages_located_from_its_own_folder(tmp_path):
    write_mixed(tmp_path, MIXED)
    counts = split_search_index(tmp_path, "en", LANGS)
    assert counts == {"en": 4, "fr": 2, "ru": 1}
    assert [d["location"] for d in index_of(tmp_path, "en")["docs"]] == ["", "modules/basics/", "modules/basics/#signs",
                                                                        "french/"]
    assert [d["location"] for d in index_of(tmp_path, "fr")["docs"]] == ["", "modules/basics/"]
    assert [(d["location"], d["title"]) for d in index_of(tmp_path, "ru")["docs"]] == [("modules/basics/", "Основы")]
    assert not list(tmp_path.rglob("*.part"))
    assert {code: count_entries(tmp_path, code, "en") for code in LANGS} == counts


def test_each_index_is_set_for_its_stemmer_and_keeps_latin_words_and_digits(tmp_path):
    write_mixed(tmp_path, MIXED)
    split_search_index(tmp_path, "en", LANGS)
    english, russian = index_of(tmp_path, "en")["config"], index_of(tmp_path, "ru")["config"]
    assert english["lang"] == ["en"]
    assert russian["lang"] == ["ru", "en"]  # lunr.multiLanguage: its trimmer keeps Latin words and digits too
    assert russian["pipeline"] == ["stemmer", "stopWordFilter", "trimmer"]
    assert russian["separator"] == CONFIG["separator"]  # the rest of the engine's settings kept


def test_words_with_yo_are_indexed_once_more_with_ye_in_fields_boosted_as_their_own(tmp_path):
    write_mixed(tmp_path, [doc("ru/", "Ребёнок", "Где ребёнок? Его ЁЛКА, ребёнок и ещё Barnahus."),
                           doc("ru/plain/", "Ребенок", "Без этой буквы.")])
    split_search_index(tmp_path, "en", LANGS)
    index = index_of(tmp_path, "ru")
    first, plain = index["docs"]
    assert first["title_e"] == "ребенок"
    assert first["text_e"] == "ребенок елка еще"  # each word once, lower case, in order
    assert first["text"] == "Где ребёнок? Его ЁЛКА, ребёнок и ещё Barnahus."  # what readers see is untouched
    assert "title_e" not in plain and "text_e" not in plain
    fields = index["config"]["fields"]
    assert fields["title_e"] == fields["title"] and fields["text_e"] == fields["text"]


def test_after_an_edit_build_rendered_pages_replace_their_entries_where_they_stood(tmp_path):
    write_mixed(tmp_path, [doc(""), doc("a/"), doc("a/#one"), doc("b/"), doc("gone/"), doc("c/")])
    split_search_index(tmp_path, "en", {"en": "en"})
    # The engine rendered a/ (now one section fewer), b/ (unchanged), gone/ (now without entries) and new/.
    rendered = {"en": {"a/", "b/", "gone/", "new/"}}
    previous = PreviousIndex.read(tmp_path, "en", rendered)
    write_mixed(tmp_path, [doc("new/", "New"), doc("b/", "B again"), doc("a/", "A again")])
    counts = split_search_index(tmp_path, "en", {"en": "en"}, previous)
    entries = [(d["location"], d["title"]) for d in index_of(tmp_path, "en")["docs"]]
    assert entries == [("", "T"), ("a/", "A again"), ("b/", "B again"), ("c/", "T"), ("new/", "New")]
    assert counts == {"en": 5}


def test_a_language_the_edit_build_did_not_render_keeps_its_entries():
    previous = PreviousIndex({"fr": [doc("x/"), doc("y/")]}, {"fr": set()})
    assert previous.merged("fr", []) == [doc("x/"), doc("y/")]
    assert previous.merged("ru", [doc("z/")]) == [doc("z/")]  # no previous index: the new entries
