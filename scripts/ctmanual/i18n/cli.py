"""`ctmanual i18n new | start | done | status | diff | check | export | import`, registered on the main parser."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ctmanual.problems import ContentError, ProblemList
from ctmanual.project import Project
from ctmanual.safe_input import InputRefused, read_bounded

# Loads and validates the project (raising ContentError): the caller's, since loading is the load
# stage's and this package imports no stage.
ProjectLoader = Callable[[Path], Project]

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILURE = 0, 1, 2


def register(commands) -> None:
    i18n = commands.add_parser("i18n", help="translator tools: new, start, done, status, diff, check, export, import")
    sub = i18n.add_subparsers(dest="i18n_command", required=True, metavar="SUBCOMMAND")

    new = sub.add_parser("new", help="add a language: lists it in mkdocs.yml and creates translations/<lang>/")
    new.add_argument("lang", help="language code, e.g. de")
    new.add_argument("name", help="the language's name in itself, e.g. Deutsch")
    new.set_defaults(func=_new)

    start = sub.add_parser("start", help="copy source files to translate (a module, folder or file); never overwrites")
    start.add_argument("lang")
    start.add_argument("target", help="module id (identification), folder or file (identification/index.md, glossary.yml, referral/vocabulary.yml, guides/trainer-guide.md)")
    start.set_defaults(func=_start)

    done = sub.add_parser("done", help="record that translations now match the current source")
    done.add_argument("lang")
    done.add_argument("target", help="module id, folder or file, as for start")
    done.set_defaults(func=_done)

    status = sub.add_parser("status", help="per language and module: current, outdated, draft, missing; words to do")
    status.add_argument("lang", nargs="?", help="one language; default: all")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.add_argument("--fail-on-missing", action="store_true", help="exit 1 also when a file is untranslated")
    status.set_defaults(func=_status, with_project=True)

    diff = sub.add_parser("diff", help="what changed in the source since this translation was made")
    diff.add_argument("lang")
    diff.add_argument("target", help="module id, folder or file, as for start")
    diff.set_defaults(func=_diff, with_project=True)

    check = sub.add_parser("check", help="structure kept (headings, links, anchors, admonitions, numbers), term base, no HTML")
    check.add_argument("lang")
    check.set_defaults(func=_check)

    export = sub.add_parser("export", help="write a PO or XLIFF file to translate in Poedit, Weblate or a CAT tool")
    export.add_argument("lang")
    export.add_argument("target", nargs="?", default="", help="module id, folder or file, as for start; default: everything")
    export.add_argument("--format", choices=("po", "xliff"), default="po")
    export.add_argument("-o", "--output", type=Path, help="file to write; default: <lang>.po or <lang>.xlf here")
    export.set_defaults(func=_export)

    imp = sub.add_parser("import", help="write the translations from a PO or XLIFF file into translations/<lang>/")
    imp.add_argument("file", type=Path, help="a .po or .xlf file made by `i18n export`")
    imp.add_argument("--lang", help="the language, when the file does not say")
    imp.add_argument("--format", choices=("po", "xliff"), help="default: from the file name")
    imp.set_defaults(func=_import)


def _paths(root: Path):
    from ctmanual.i18n.scaffold import Paths
    from ctmanual.settings import read_settings

    problems = ProblemList()
    settings = read_settings(root, problems)
    if settings is None:
        raise ContentError(problems)
    return Paths(root, settings.content_dir, settings.translations_dir, settings.config_file, settings.extra_roots), settings


def _languages(settings, lang: str | None) -> list[str]:
    codes = [code for code in settings.codes if code != settings.default_language]
    if lang is None:
        return codes
    if lang not in codes:
        raise _Usage(f"'{lang}' is not a translation language of this site ({', '.join(codes) or 'none yet'}): "
                     f"add it with `ctmanual i18n new {lang} <name>`")
    return [lang]


class _Usage(Exception):
    pass


def run(func, root: Path, args: argparse.Namespace, load_project: ProjectLoader) -> int:
    """Run an i18n command; `status` and `diff` are given the loaded project."""
    from ctmanual.i18n.scaffold import ScaffoldError

    try:
        if getattr(args, "with_project", False):
            return func(root, args, load_project(root))
        return func(root, args)
    except (_Usage, ScaffoldError) as err:
        print(f"ctmanual i18n: {err}", file=sys.stderr)
        return EXIT_FAILURE
    except InputRefused as err:  # a file the command reads (its path and line in the message)
        print(err, file=sys.stderr)
        return EXIT_PROBLEMS


def _new(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.i18n.scaffold import add_language

    paths, settings = _paths(root)
    folder = add_language(paths, args.lang, args.name, settings.codes)
    print(f"added {args.lang} ({args.name}) to {paths.config.name}; translations go in {folder.relative_to(root)}/")
    print(f"next: ctmanual i18n start {args.lang} ui.yml   (labels), then a module: ctmanual i18n start {args.lang} identification")
    return EXIT_OK


def _start(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.i18n.scaffold import files_of, start

    paths, settings = _paths(root)
    _languages(settings, args.lang)
    for rel in files_of(paths, args.target):
        _, message = start(paths, args.lang, rel)
        print(message)
    return EXIT_OK


def _done(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.i18n.scaffold import done, files_of

    paths, settings = _paths(root)
    _languages(settings, args.lang)
    for rel in files_of(paths, args.target):
        if paths.translation(args.lang, rel).exists():
            print(done(paths, args.lang, rel))
    return EXIT_OK


def _status(root: Path, args: argparse.Namespace, project: Project) -> int:
    from ctmanual.i18n.report import status_report

    codes = _languages(project.settings, args.lang)
    text, failing = status_report(project, codes, as_json=args.json, fail_on_missing=args.fail_on_missing)
    print(text)
    return EXIT_PROBLEMS if failing else EXIT_OK


def _diff(root: Path, args: argparse.Namespace, project: Project) -> int:
    from ctmanual.i18n.report import diff_report

    _languages(project.settings, args.lang)
    paths, _ = _paths(root)
    from ctmanual.i18n.scaffold import files_of

    text, ok = diff_report(project, paths, args.lang, files_of(paths, args.target))
    print(text)
    return EXIT_OK if ok else EXIT_PROBLEMS


def _check(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.i18n.check import check_translation, read_termbase

    paths, settings = _paths(root)
    _languages(settings, args.lang)
    problems = ProblemList()
    terms = read_termbase(paths.translations / args.lang / "termbase.yml", problems)
    folder = paths.translations / args.lang
    checked = 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        source = paths.source(rel)
        if path.suffix not in (".md", ".yml") or rel == "termbase.yml" or not source.is_file():
            continue
        try:
            source_text, text = read_bounded(source), read_bounded(path)
        except InputRefused as err:  # reported with the other files' problems
            problems.error(err.path or path, err.line, err.message)
            continue
        check_translation(source_text, text, path, terms, problems)
        checked += 1
    report = problems.report(root)
    if report:
        print(report, file=sys.stderr if problems.errors else sys.stdout)
    if problems.errors:
        return EXIT_PROBLEMS
    print(f"ok: {checked} translated files in {args.lang} keep their source's structure")
    return EXIT_OK


def _export(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.i18n.bridge import export_units
    from ctmanual.i18n.formats import write_units
    from ctmanual.i18n.scaffold import files_of

    paths, settings = _paths(root)
    _languages(settings, args.lang)
    output = args.output or Path(f"{args.lang}.{'po' if args.format == 'po' else 'xlf'}")
    units = export_units(paths, args.lang, files_of(paths, args.target))
    write_units(output, args.format, units, args.lang, paths.shown)
    todo = sum(1 for unit in units if not unit.target)
    fuzzy = sum(1 for unit in units if unit.fuzzy)
    files = len({unit.file for unit in units})
    print(f"wrote {output}: {len(units)} segments from {files} files; {todo} to translate, {fuzzy} to review (fuzzy)")
    return EXIT_OK


def _import(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.i18n.bridge import import_units
    from ctmanual.i18n.formats import FormatError, format_of, read_units

    paths, settings = _paths(root)
    try:
        lang, units = read_units(args.file, format_of(args.file, args.format), paths.rel_of_shown)
    except FormatError as err:
        raise _Usage(str(err)) from err
    lang = args.lang or lang
    if not lang:
        raise _Usage(f"{args.file}: the file does not say its language: add --lang <code>")
    _languages(settings, lang)
    result = import_units(paths, lang, units)
    for written in result.written:
        print(f"{written}: {'translated from the current source' if written in result.completed else 'updated (still to finish)'}")
    for problem in result.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    print(f"imported {args.file}: {len(result.written)} files written, {result.unchanged} unchanged")
    return EXIT_PROBLEMS if result.problems else EXIT_OK
