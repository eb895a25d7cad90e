"""A page whose inputs are those it was last made from is not made again (assemble + fingerprint.py).

The danger is a stale page: an input that changed without changing the key. So every kind of edit
a user makes (and the date, and the code) is followed by a comparison with a fresh staging, byte
for byte, and each must have made something again (a test that reuses nothing proves nothing)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ctmanual import assemble as assemble_stage
from ctmanual.clock import ENV
from ctmanual.fingerprint import Fingerprint, Unfingerprintable
from ctmanual.translation_record import source_hash
from ctmanual.model import Activity, Method, Page

from test_build_caches import LANGUAGES, SESSION, staged
from test_incremental import differences

EDITS = {
    "a session's text": lambda p, _: p.write(SESSION, p.read(SESSION) + "\nOne more paragraph for the trainer.\n"),
    "a session's title": lambda p, _: p.replace(SESSION, "title: Spotting the signs", "title: Spotting early signs"),
    "an activity's minutes": lambda p, _: (p.replace(SESSION, "minutes: 15", "minutes: 10"),
                                            p.replace(SESSION, "minutes: 30", "minutes: 35")),
    "a label": lambda p, _: p.replace("modules/ui.yml", "  materials: Materials\n", "  materials: What you need\n"),
    "a glossary term": lambda p, _: p.replace("modules/glossary.yml", "term: Barnahus", "term: Barnahus model"),
    "a referral record": lambda p, _: p.replace("referral/countries/alpha.yml", "duties: Coordinates the mechanism.",
                                                "duties: Coordinates the mechanism and keeps its records."),
    "a translation": lambda p, _: p.replace("translations/fr/index.md", "Un petit manuel", "Un très petit manuel"),
    "a translated title": lambda p, _: p.replace("translations/ru/basics/index.md", "title: Основы выявления",
                                                 "title: Основы раннего выявления"),
    "a translated summary": lambda p, _: p.replace("translations/ru/basics/index.md", "summary: Что значит выявление.",
                                                   "summary: Что значит раннее выявление."),
    "a field translations take from the source": lambda p, _: p.replace("modules/basics/index.md",
                                                                        "last_reviewed: 2026-11-24",
                                                                        "last_reviewed: 2026-11-20"),
    "a new page": lambda p, _: p.write("modules/contacts.md", "---\nid: contacts\ntitle: Contacts\n---\nWho to call.\n"),
    "the date": lambda _, monkeypatch: monkeypatch.setenv(ENV, "2027-07-01"),  # a referral record turns stale
    "the code or templates": lambda _, monkeypatch: monkeypatch.setattr(assemble_stage, "code_version",
                                                                        lambda: "other templates"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_after_any_edit_the_kept_staging_equals_a_fresh_one(project, tmp_path, monkeypatch, edit):
    again = staged_before_and_after(project, tmp_path, lambda: EDITS[edit](project, monkeypatch))
    if edit == "a session's text":  # its page in each language and the translation status; nothing else
        assert again.made <= 2 * len(LANGUAGES) and again.reused > 0
    if edit == "the code or templates":
        assert again.reused == 0


def test_a_translated_page_whose_source_changes_is_made_again_with_its_notice(project, tmp_path):
    overview, translated = "modules/basics/index.md", "translations/ru/basics/index.md"
    record = f"# ctm-translation: source={source_hash(project.read(overview))} commit=0000000\n"
    project.write(translated, project.read(translated).replace("---\n", "---\n" + record, 1))
    staged_before_and_after(project, tmp_path, lambda: project.write(overview, project.read(overview) + "\nMore.\n"))
    assert "outdated: true" in (tmp_path / "kept/ru/modules/basics/index.md").read_text(encoding="utf-8")


def test_checking_mode_stops_a_build_that_would_reuse_a_stale_page(project, tmp_path, monkeypatch):
    kept = tmp_path / "kept"
    staged(project, kept)
    monkeypatch.setattr(assemble_stage._Writer, "_key", lambda self, page, *inputs: f"only the path {page}")
    staged(project, kept)
    EDITS["a session's text"](project, monkeypatch)
    monkeypatch.delenv(assemble_stage.CHECK_REUSE)
    staged(project, kept)  # unchecked, the stale page goes through: what the checking mode is for
    staged(project, tmp_path / "fresh")
    assert "en/modules/basics/sessions/spotting-signs.md" in differences(kept, tmp_path / "fresh")
    monkeypatch.setenv(assemble_stage.CHECK_REUSE, "1")
    with pytest.raises(assemble_stage.StalePage, match="en/modules/basics/sessions/spotting-signs.md: reused"):
        staged(project, kept)


def staged_before_and_after(project, tmp_path: Path, edit):
    """Stage, edit, stage again in the same folder: the result must equal a fresh staging."""
    kept = tmp_path / "kept"
    first = staged(project, kept)
    assert first.made > 0 and first.reused == 0
    edit()
    again = staged(project, kept)
    assert again.made > 0, "the edit made nothing again"
    fresh = staged(project, tmp_path / "fresh")
    assert differences(kept, tmp_path / "fresh") == []
    assert again.digests == fresh.digests
    return again


def test_an_unchanged_project_makes_no_page_again_in_another_process(project):
    """Every page's inputs can be fingerprinted and the fingerprint does not depend on the process
    (set order changes with the hash seed: a dict built from a set would be made again every time)."""
    script = ("import sys; from pathlib import Path; from ctmanual.load import load_project; "
              "from ctmanual.assemble import assemble; root = Path(sys.argv[1]); p, _ = load_project(root); "
              f"a = assemble(p, root / 'staged', {LANGUAGES!r}); print(a.made, a.reused)")

    def run(seed: str) -> tuple[int, int]:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script, str(project.root)], env=env, check=True,
                             capture_output=True, text=True).stdout
        made, reused = out.split()
        return int(made), int(reused)

    made, reused = run("1")
    assert made > 50 and reused == 0
    assert run("2") == (0, made)


def test_a_page_whose_inputs_cannot_be_fingerprinted_is_made_every_time(project, tmp_path, monkeypatch):
    kept = tmp_path / "kept"
    staged(project, kept)
    original = assemble_stage._Writer.generate

    def with_a_lambda(self, page, title, template, fallback, rel=None, **context):
        if page == "glossary.md":
            context["unused"] = lambda: None
        original(self, page, title, template, fallback, rel, **context)

    monkeypatch.setattr(assemble_stage._Writer, "generate", with_a_lambda)
    staged(project, kept)
    assert staged(project, kept).made == len(LANGUAGES)  # the glossary page in each language


@dataclasses.dataclass(frozen=True)
class Box:
    value: object


@dataclasses.dataclass(frozen=True)
class OtherBox:
    value: object


def module_function() -> None:
    """Named, with no state of its own: fingerprinted by its name."""


def activity(**changes) -> Activity:
    fields = dict(title="Opening round", minutes=15, method=Method("discussion"), steps=["Ask.", "Listen."])
    return Activity(**{**fields, **changes})


def test_equal_values_have_equal_fingerprints_and_any_difference_shows():
    one, other = Fingerprint(), Fingerprint()  # a second instance: nothing remembered
    assert one.of(activity()) == other.of(activity())
    different = [activity(), activity(minutes=16), activity(steps=["Ask.", "Listen!"]), activity(steps=["Ask."]),
                 activity(trainer_notes="Watch the time."), Box(1), OtherBox(1), Box("1"), Box(True), Box(1.0),
                 Box([1, 2]), Box((1, 2)), Box({"a": 1, "b": 2}), Box({"b": 2, "a": 1}), Box(None), Box(""),
                 Box(Path("a/b")), Box(Method("discussion")), Box(Method("role-play")), Box(b"bytes"),
                 Box(["ab", "c"]), Box(["a", "bc"]), Page(id="home", title="Home"), Box(module_function), Box(Box)]
    digests = [one.of(value) for value in different]
    assert len(set(digests)) == len(different)


def test_a_set_has_the_same_fingerprint_in_every_process():
    """A set's order follows the string hash seed, which changes from process to process."""
    script = ("from ctmanual.fingerprint import Fingerprint; "
              "print(Fingerprint().of({f'competency-{n}' for n in range(40)}).hex())")

    def digest(seed: str) -> str:
        run = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                             check=True, capture_output=True, text=True)
        return run.stdout.strip()

    assert digest("1") == digest("2") == digest("3")
    assert Fingerprint().of(frozenset({1, 2})) != Fingerprint().of(frozenset({1, 3}))


def test_what_carries_hidden_values_cannot_be_fingerprinted():
    secret = 42
    closures = [lambda: secret, Box(1).__eq__, Fingerprint().of, object()]

    def inner() -> int:
        return secret

    for value in [*closures, inner]:
        with pytest.raises(Unfingerprintable):
            Fingerprint().of(Box(value))


def test_a_value_freed_during_the_build_is_never_mistaken_for_a_new_one():
    """Memory of a freed value can hold the next one at the same address; the memo keeps each alive."""
    fingerprint = Fingerprint()
    digests = {fingerprint.of(Box(number)) for number in range(2000)}
    assert len(digests) == 2000
