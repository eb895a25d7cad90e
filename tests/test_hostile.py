"""Hostile and bad input: each is refused with its file and line (or neutralised), and the last good
site survives. docs/bad-input.md lists these cases and what happens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import MODULE, SESSION, ctm_output


def problems(root: Path, capsys) -> tuple[int, str]:
    return ctm_output(root, capsys, "validate")


def test_script_in_a_front_matter_value_is_refused(project, capsys):
    project.replace(SESSION, "      - Note answers on the flip chart.", "      - Note answers <script>alert(1)</script>")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(SESSION, "<script>")
    assert code == 1 and f"{SESSION}:{line}: raw HTML is not allowed in content" in out


def test_javascript_and_data_links_are_refused(project, capsys):
    project.replace(MODULE, "principle [8](principle:8).", "principle [8](javascript:alert(1)) and [y](DATA:text/html,x).")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(MODULE, "javascript:")
    assert code == 1 and f"{MODULE}:{line}: a 'javascript:' link is not allowed" in out


def test_iframe_in_a_translation_is_refused(project, capsys):
    project.replace("translations/ru/basics/index.md", "Выявление начинается",
                    '<iframe src="https://example.org"></iframe> Выявление начинается')
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("translations/ru/basics/index.md", "<iframe")
    assert code == 1 and f"translations/ru/basics/index.md:{line}: raw HTML is not allowed in content" in out


def test_html_in_referral_and_course_data_is_refused(project, capsys):
    project.replace("referral/countries/alpha.yml", "stays with them.", "stays with them. <img src=x onerror=alert(1)>")
    project.replace("courses/basics-morning.yml", "A short course for police.", "A short course <b onclick=x>.")
    code, out = ctm_output(project.root, capsys, "validate")
    assert f"referral/countries/alpha.yml:{project.line_of('referral/countries/alpha.yml', 'onerror')}: raw HTML" in out
    assert f"courses/basics-morning.yml:{project.line_of('courses/basics-morning.yml', 'onclick')}: raw HTML" in out


def test_a_path_that_leaves_the_project_is_refused(project, capsys):
    project.replace(MODULE, "Zanzibarword marks", "![x](../../../../etc/passwd) Zanzibarword marks")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(MODULE, "etc/passwd")
    assert code == 1 and f"{MODULE}:{line}: the path '../../../../etc/passwd' leaves the project" in out


def test_a_huge_file_is_refused_without_reading_it_whole(project, capsys):
    project.write("modules/basics/handouts/huge.md", "---\nid: huge\n---\n" + "word " * 500_000)
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1 and "modules/basics/handouts/huge.md:1: file is" in out and "split it up" in out


@pytest.mark.slow
def test_a_build_killed_halfway_leaves_the_last_good_site(project, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "scripts")}
    command = [sys.executable, "-m", "ctmanual", "--root", str(project.root), "-q", "build", "--no-downloads"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    index = project.root / "site" / "index.html"
    before = index.read_bytes()
    project.replace(MODULE, "Zanzibarword marks", "Changed text marks")
    build = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(project.root.glob(".ctm-build-*/site/*")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # wait until the new site is being written (mkdocs is inside the build folder)
    assert build.poll() is None, "the build ended before it could be interrupted"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert index.read_bytes() == before
    assert (project.root / "site/modules/basics/index.html").read_text(encoding="utf-8").count("Zanzibarword") >= 1
    assert list(project.root.glob(".ctm-build-*"))  # what the killed build left behind ...
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert not list(project.root.glob(".ctm-build-*"))  # ... the next build clears away
    assert "Changed text" in (project.root / "site/modules/basics/index.html").read_text(encoding="utf-8")


def test_the_bad_input_table_names_tests_that_exist():
    import re

    repo = Path(__file__).resolve().parent.parent
    table = (repo / "docs/bad-input.md").read_text(encoding="utf-8")
    named = 0
    for cell in re.findall(r"\| (`test_[^|]+) \|$", table, re.M):
        module = None
        for ref in re.findall(r"`([^`]+)`", cell):
            file, _, name = ref.rpartition("::")
            module = file or module
            assert f"def {name}(" in (repo / "tests" / module).read_text(encoding="utf-8"), ref
            named += 1
    assert named >= 25


def test_a_character_the_print_fonts_lack_is_a_located_warning(project, capsys):
    project.replace(SESSION, "      - Note answers on the flip chart.", "      - Note answers 𓀀 on the flip chart.")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of(SESSION, "𓀀")
    assert code == 0  # the site shows it; only print cannot
    assert f"{SESSION}:{line}: warning: '𓀀' (U+13000) cannot be printed in the PDF fonts (DejaVu)" in out


def test_the_symbols_the_templates_print_are_in_the_print_fonts():
    from ctmanual.load.glyphs import printable

    assert printable() is not None, "DejaVu fonts missing: run scripts/setup.sh"
    for symbol in "☐✔▪→·–—§’“”«»ășțĂȘȚжЁ":
        assert ord(symbol) in printable(), symbol


# --- input that would take unbounded time or memory ----------------------------------------------

def alias_bomb(prefix: str = "") -> str:
    """The "billion laughs": nine levels of nine aliases, 387 million strings when walked."""
    lines = [f'{prefix}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{prefix}a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]" for level in range(1, 9)]
    return "\n".join(lines) + "\n"


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than `seconds`."""
    def stop(_signum, _frame):
        raise TimeoutError(f"still running after {seconds} s")

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


ALIASES = "YAML anchors and aliases are not allowed here; write the value out"


def test_an_alias_bomb_is_refused_at_its_line_in_every_kind_of_file_all_at_once(project, capsys):
    bomb = alias_bomb()
    project.replace(SESSION, "---\nid: spotting-signs\n", "---\nid: spotting-signs\n" + bomb)
    project.replace("translations/ru/basics/index.md", "---\nid: basics\n", "---\nid: basics\n" + bomb)
    project.replace("docs/index.md", "---\ntitle: Guides\n", "---\ntitle: Guides\n" + bomb)
    for rel in ("referral/countries/alpha.yml", "courses/basics-morning.yml", "modules/basics/assessment.yml"):
        project.write(rel, project.read(rel) + bomb)
    for rel in ("modules/glossary.yml", "modules/names.yml"):
        project.write(rel, bomb)
    with within(20):
        code, out = problems(project.root, capsys)
    assert code == 1
    for rel in (SESSION, "translations/ru/basics/index.md", "docs/index.md", "referral/countries/alpha.yml",
                "courses/basics-morning.yml", "modules/basics/assessment.yml", "modules/glossary.yml",
                "modules/names.yml"):
        assert f"{rel}:{project.line_of(rel, '&a0')}: {ALIASES}" in out, rel


def test_a_single_alias_is_refused_too(project, capsys):
    project.replace(SESSION, "materials:\n  - Flip chart\n", "materials: &kit\n  - Flip chart\nkit: *kit\n")
    code, out = problems(project.root, capsys)
    assert code == 1 and f"{SESSION}:{project.line_of(SESSION, '&kit')}: {ALIASES}" in out


def test_an_alias_bomb_in_a_term_base_is_refused_by_i18n_check(project, capsys):
    project.write("translations/ro/termbase.yml", "terms:\n  - source: rights\n    use: [drepturi]\n" + alias_bomb())
    with within(20):
        code, out = ctm_output(project.root, capsys, "i18n", "check", "ro")
    assert code == 1 and f"translations/ro/termbase.yml:4: {ALIASES}" in out


def test_aliases_in_mkdocs_yml_are_refused_before_the_engine_reads_it(project, capsys):
    project.write("mkdocs.yml", project.read("mkdocs.yml") + "extra_bomb:\n" + alias_bomb("  "))
    with within(20):
        code, out = problems(project.root, capsys)
    line = project.line_of("mkdocs.yml", "&a0")
    assert code == 1 and f"mkdocs.yml:{line}: cannot read the site configuration: {ALIASES}" in out


def test_yaml_nested_thousands_deep_is_refused_at_its_line(project, capsys):
    deep = "[" * 5000 + "]" * 5000
    project.replace(SESSION, "---\nid: spotting-signs\n", f"---\nid: spotting-signs\nnotes: {deep}\n")
    project.write("referral/indicators.yml", project.read("referral/indicators.yml") + "\n" + "x:\n" + "".join(
        f"{'  ' * level}k{level}:\n" for level in range(1, 200)) + "  " * 200 + "end: 1\n")
    with within(20):
        code, out = problems(project.root, capsys)
    assert code == 1
    assert f"{SESSION}:{project.line_of(SESSION, 'notes:')}: nested more than 40 levels deep" in out
    assert f"referral/indicators.yml:{project.line_of('referral/indicators.yml', ' k39:')}: nested more than" in out


def test_a_very_long_line_is_read_in_bounded_time(project, capsys):
    project.replace(SESSION, "      - Note answers on the flip chart.", "      - Note answers " + "word " * 100_000)
    project.write(MODULE, project.read(MODULE) + "\n" + "A [link](principle:8) and *words* `code` " * 10_000 + "\n")
    with within(20):
        code, out = problems(project.root, capsys)
    assert code == 0, out


def test_a_nul_character_is_refused_with_its_line(project, capsys):
    project.replace(MODULE, "Zanzibarword marks", "Zanzibarword\0 marks")
    code, out = problems(project.root, capsys)
    line = project.line_of(MODULE, "\0")
    assert code == 1 and f"{MODULE}:{line}: contains a NUL character" in out


def test_a_file_of_gigabytes_is_refused_without_reading_it(project, capsys):
    with (project.root / "modules/basics/handouts/huge.md").open("wb") as huge:
        huge.truncate(8 << 30)  # sparse: takes no disk, but reading it whole would take 8 GB
    with within(20):
        code, out = problems(project.root, capsys)
    assert code == 1 and f"modules/basics/handouts/huge.md:1: file is {8 << 30} bytes, over the 2000000 byte limit" in out


def test_an_xliff_with_entity_declarations_is_refused_with_its_line(project, capsys):
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">\n' for n in range(1, 10))
    xliff = project.write("bomb.xlf", f'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY l0 "lol">\n{laughs}]>\n'
                                      '<xliff version="1.2"><file target-language="ru"><body><trans-unit id="x">'
                                      "<source>a</source><target>&l9;</target></trans-unit></body></file></xliff>\n")
    external = project.write("external.xlf", '<?xml version="1.0"?>\n\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
                                             "<xliff><file><body>&e;</body></file></xliff>\n")
    with within(20):
        code, out = ctm_output(project.root, capsys, "i18n", "import", str(xliff))
    assert code == 2 and f"bomb.xlf:2: a DOCTYPE or entity declaration is not allowed in an XLIFF file" in out
    code, out = ctm_output(project.root, capsys, "i18n", "import", str(external))
    assert code == 2 and f"external.xlf:3: a DOCTYPE or entity declaration is not allowed" in out


def test_a_po_file_over_the_import_limit_is_refused_without_reading_it(project, capsys):
    with (project.root / "huge.po").open("wb") as huge:
        huge.truncate(8 << 30)  # sparse
    with within(20):
        code, out = ctm_output(project.root, capsys, "i18n", "import", str(project.root / "huge.po"))
    assert code == 2 and f"huge.po:1: file is {8 << 30} bytes, over the 50000000 byte limit for an import" in out


def test_a_build_record_nested_thousands_deep_means_a_full_build(tmp_path):
    from ctmanual.site.incremental import MANIFEST, read_manifest

    (tmp_path / MANIFEST).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert read_manifest(tmp_path) is None


def test_a_build_stops_at_an_alias_bomb_and_the_last_good_site_stays(project, capsys):
    import ctmanual.pipeline  # noqa: F401  (its imports, seconds on a busy machine, before the clock starts)

    last_good = project.write("site/index.html", "<p>the last good build</p>\n")
    project.replace(MODULE, "---\nid: basics\n", "---\nid: basics\n" + alias_bomb())
    with within(20):
        code, out = ctm_output(project.root, capsys, "build", "--no-downloads")
    assert code == 1 and f"{MODULE}:{project.line_of(MODULE, '&a0')}: {ALIASES}" in out
    assert last_good.read_text(encoding="utf-8") == "<p>the last good build</p>\n"
    assert not list(project.root.glob(".ctm-build-*"))


def test_an_old_version_from_git_is_read_up_to_the_size_limit_and_only_as_utf8(tmp_path):
    from ctmanual.i18n.git import committed_text, version_with_hash
    from ctmanual.translation_record import source_hash

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                       check=True, capture_output=True)

    big, latin = tmp_path / "big.md", tmp_path / "latin.md"
    big.write_text("word " * 600_000, encoding="utf-8")  # 3 MB: over the limit of a content file
    latin.write_bytes(b"caf\xe9\n")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "old versions")
    with within(20):
        assert committed_text(tmp_path, big) is None
        assert committed_text(tmp_path, latin) is None
        assert version_with_hash(tmp_path, big, source_hash(big.read_text(encoding="utf-8"))) is None
