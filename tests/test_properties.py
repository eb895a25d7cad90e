"""Property-based tests (hypothesis) of the parsers that read what people write: front matter and
YAML data, referral records, the translation segmenter and the overlay of translations."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ctmanual.i18n.bridge import _rewrite_checked
from ctmanual.i18n.segments import segments_of
from ctmanual.frontmatter import FrontMatterError, parse_yaml, split_front_matter
from ctmanual.model_referral import Country
from ctmanual.problems import ProblemList
from ctmanual.translation_merge import merge_translation_data

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_ish = st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"#[]{}|>&*!%@`,?0123456789ăшé\u2028")), max_size=120)


@FAST
@given(yaml_ish)
def test_parse_yaml_fails_only_with_a_located_error(text):
    try:
        data, lines = parse_yaml(text)
    except FrontMatterError as err:
        assert 1 <= err.line <= text.count("\n") + 2
        return
    assert all(1 <= line <= text.count("\n") + 1 for line in lines.values())


@FAST
@given(yaml_ish, st.text(max_size=60))
def test_front_matter_split_fails_only_with_a_located_error(head, body):
    try:
        split_front_matter(f"---\n{head}\n---\n{body}")
    except FrontMatterError as err:
        assert err.line >= 1


@FAST
@given(yaml_ish)
def test_a_referral_record_of_any_shape_gives_problems_not_crashes(tmp_path_factory, text):
    from ctmanual.load.referral import build_referral, read_referral_files

    folder = tmp_path_factory.mktemp("referral")
    (folder / "countries").mkdir()
    (folder / "vocabulary.yml").write_text(text, encoding="utf-8")
    (folder / "countries" / "x.yml").write_text(text, encoding="utf-8")
    problems = ProblemList()
    files = read_referral_files(folder, problems)
    build_referral(files, problems)  # must not raise
    assert all(problem.line >= 1 for problem in problems.errors)


value = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
    lambda s: s.strip())
TEMPLATE = ("---\ntitle: Plain\nsummary: 'Single'\nobjectives:\n  - \"Double\"\nmaterials:\n  - >-\n    Folded\n"
            "activities:\n  - title: A\n    steps:\n      - |\n        Literal\n---\nBody.\n")


@FAST
@given(value)
def test_any_translation_reads_back_from_every_yaml_style(text):
    segments = [s for s in segments_of("m/s.md", TEMPLATE) if not s.key.startswith("body.")]
    new = {s.key: text for s in segments}
    written, misfits = _rewrite_checked("m/s.md", TEMPLATE, segments, new)
    assert misfits == []
    assert {s.key: s.text for s in segments_of("m/s.md", written) if s.key in new} == new
    assert written.endswith("---\nBody.\n")


# Keys of a country record at every depth (translated, matched on, other) and one it does not know.
COUNTRY_KEYS = ["id", "country", "summary", "actors", "role", "duties", "pathways", "situation", "steps", "kind",
                "action", "x"]
tree = st.recursive(st.one_of(st.text(max_size=8), st.integers(), st.none()),
                    lambda children: st.one_of(st.lists(children, max_size=3),
                                               st.dictionaries(st.sampled_from(COUNTRY_KEYS), children,
                                                               max_size=3)), max_leaves=12)


@FAST
@given(tree, tree)
@example({"actors": [""]}, {"actors": [""]})  # an item that is not a mapping: paired by position
@example({"id": None, "country": []}, {"country": [""]})  # a translated field given as a list: item by item
def test_overlay_keeps_the_source_shape_whatever_the_translation(source, translated):
    result = merge_translation_data(Country, source, translated)
    assert _shape(result) == _shape(source)


def _shape(data):
    if isinstance(data, dict):
        return {k: _shape(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shape(v) for v in data]
    return type(data).__name__ if not isinstance(data, str) else "str"


def test_today_is_fixed_for_tests():
    from ctmanual.clock import today

    assert today() == dt.date(2026, 11, 24)
    assert yaml.safe_load("a: 1") == {"a": 1}
