"""The one command-line entry: `ctmanual validate | build | serve | pdf | agenda | bench | i18n ...`.

Exit codes: 0 success, 1 content problems (listed as path:line: message),
2 wrong usage or a failure of the site engine.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ctmanual.engines import DEFAULT_ENGINE, ENGINES
from ctmanual.problems import ContentError

EXIT_OK, EXIT_CONTENT, EXIT_FAILURE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s: %(message)s")
    if not args.verbose:
        # The site engine narrates every page and every language's nav; keep its warnings only.
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        logging.getLogger("pikepdf").setLevel(logging.WARNING)  # announces itself on import
    root = Path(args.root).resolve()
    try:
        if getattr(args, "i18n_command", None):
            from ctmanual.i18n.cli import run

            return run(args.func, root, args, _loaded_project)
        return args.func(root, args)
    except ContentError as err:
        print(err.problems.report(root), file=sys.stderr)
        print("Build stopped: fix the problems above. The previous site was left untouched.", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ctmanual", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="project folder (holding mkdocs.yml); default: current folder")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print the site engine's progress messages")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check all content and translations; list every problem")
    validate.set_defaults(func=_validate)

    build = commands.add_parser(
        "build", help="validate, assemble and build the site into site/",
        description="Validate, assemble and build the site with every PDF, DOCX and offline copy (zip). "
                    "When only page contents changed since the last build, only those pages are rendered again, "
                    "and only the languages they are in are built; a page whose inputs did not change is not "
                    "even made again from its template (the build says how many were made and kept). "
                    "What a build keeps for the next one "
                    "(.cache/, .site.spare/) is safe to delete: the next build is then a cold one.")
    build.add_argument("--lang", action="append", help="build only this language (repeatable); default: all")
    build.add_argument("--site-dir", help="output folder (default: site/ from mkdocs.yml manual.site_dir)")
    build.add_argument("--no-downloads", action="store_true", help="skip PDFs, DOCX and the offline copies (faster, for previews)")
    build.add_argument("--workers", type=_positive, help="processes rendering PDFs (default: one per core)")
    build.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                       help=f"site engine (default: {DEFAULT_ENGINE}, with Material and mkdocs-static-i18n)")
    build.add_argument("--no-printable", action="store_true",
                       help="skip PDFs and DOCX; the offline copies are still made (unless --no-downloads)")
    build.set_defaults(func=_build)

    pdf = commands.add_parser("pdf", help="render only the downloads (manuals, session plans, handouts) into a folder")
    pdf.add_argument("--lang", action="append", help="only this language (repeatable); default: all")
    pdf.add_argument("--out", default="downloads", help="output folder (default: downloads/)")
    pdf.add_argument("--workers", type=_positive, help="processes rendering PDFs (default: one per core)")
    pdf.set_defaults(func=_pdf)

    agenda = commands.add_parser("agenda", help="print the timed agenda of a course file (courses/<id>.yml or any path)")
    agenda.add_argument("course", help="a course id (courses/<id>.yml) or the path of a course file")
    agenda.add_argument("--lang", help="session titles in this language (default: the default language)")
    agenda.set_defaults(func=_agenda)

    bench = commands.add_parser("bench", help="time cold, warm and one-edit builds; compare with mkdocs-to-pdf")
    bench.add_argument("--no-reference", action="store_true", help="skip the mkdocs-to-pdf comparison")
    bench.add_argument("--lang", action="append",
                       help="time the builds of this language only (repeatable; the default language is always built)")
    bench.add_argument("--scale", action="store_true",
                       help="instead: site build time and memory on a synthetic corpus at 1x, 3x and 10x")
    bench.set_defaults(func=_bench)

    serve = commands.add_parser("serve", help="build (without downloads) and serve; rebuilds on content changes")
    serve.add_argument("--lang", action="append", help="serve only this language (repeatable)")
    serve.add_argument("--addr", default="127.0.0.1:8000", type=_address, help="host:port to listen on (default 127.0.0.1:8000)")
    serve.set_defaults(func=_serve)

    from ctmanual.i18n.cli import register

    register(commands)
    return parser


def _agenda(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.agenda import format_agenda, plan_agenda
    from ctmanual.course_views import course_sessions
    from ctmanual.load.training import read_course_file
    from ctmanual.model import SessionPlan
    from ctmanual.problems import ProblemList

    project = _loaded_project(root)
    path = Path(args.course)
    if not path.suffix:
        path = project.settings.courses_dir / f"{args.course}.yml"
    own = ProblemList()
    item = read_course_file(path, own)
    if item is None:
        raise ContentError(own)
    lang = args.lang or project.settings.default_language
    titles = {key: project.localised(lang, s.rel)[0].meta.title for key, s in project.by_id(SessionPlan).items()}
    agenda = plan_agenda(item.course, course_sessions(project, item.course))
    print(format_agenda(agenda, titles))
    if agenda.problems:
        for problem in agenda.problems:
            own.error(path, item.lines.get(("sessions",), 1), problem)
        print(own.report(root), file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def _loaded_project(root: Path):
    """The project, loaded and validated; ContentError when it has errors (warnings pass)."""
    from ctmanual.load import load_project

    project, problems = load_project(root)
    if project is None or problems.errors:
        raise ContentError(problems)
    return project


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not host:port, e.g. 127.0.0.1:8000")
    return host or "127.0.0.1", int(port)


def _validate(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.load import load_project

    project, problems = load_project(root)
    report = problems.report(root)
    if report:
        print(report, file=sys.stderr if problems else sys.stdout)
    if problems or project is None:
        return EXIT_CONTENT
    print(f"ok: {_summary(project)}")
    return EXIT_OK


def _build(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.pipeline import SiteEngineError, build

    try:
        result = build(root, languages=args.lang, site_dir=Path(args.site_dir).resolve() if args.site_dir else None,
                       downloads=not args.no_downloads, workers=args.workers, engine=args.engine,
                       printable=not args.no_printable)
    except SiteEngineError as err:
        print(f"site build failed: {err}", file=sys.stderr)
        print("The previous site was left untouched.", file=sys.stderr)
        return EXIT_FAILURE
    print(f"built {result.pages} pages in {len(result.languages)} languages into {result.site_dir} ({result.seconds:.1f} s)")
    if result.rendered is not None:
        stages = result.stage_seconds
        print(f"pages: {result.made} made again from their templates, {result.reused} kept (their inputs "
              "unchanged since the last build)")
        print(f"site: {result.rendered} changed files rendered again ({', '.join(result.built_languages)} built), "
              f"the rest kept from {'the site before the last' if result.from_spare else 'the previous build'} (load + assemble {stages.get('load + assemble', 0):.1f} s, site {stages.get('site', 0):.1f} s)")
    if result.downloads is not None:
        print(_downloads_summary(result.downloads))
    return EXIT_OK


def _pdf(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.pipeline import render_downloads

    out = Path(args.out).resolve()
    if out.exists() and not out.is_dir():
        print(f"ctmanual pdf: --out {args.out} is a file, not a folder: name a folder", file=sys.stderr)
        return EXIT_FAILURE
    result = render_downloads(root, out, languages=args.lang, workers=args.workers)
    print(f"{_downloads_summary(result)} into {out}")
    return EXIT_OK


def _bench(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.bench.run import format_rows, run_benchmark

    logging.getLogger().setLevel(logging.WARNING)
    if args.scale:
        from ctmanual.bench.scale import format_scale, run_scale

        print(format_scale(run_scale(root)))
        return EXIT_OK
    print(format_rows(run_benchmark(root, reference=not args.no_reference, languages=args.lang)))
    return EXIT_OK


def _downloads_summary(downloads) -> str:
    for warning in downloads.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return (f"downloads: {len(downloads.files)} files, {len(downloads.rendered)} made "
            f"({downloads.pages_laid_out} pages laid out, {downloads.pages_written} pages written), "
            f"{len(downloads.reused)} unchanged from the cache" + _offline_summary(downloads))


def _offline_summary(downloads) -> str:
    zips = [downloads.files[b.site_path]["bytes"] for b in downloads.offline if b.site_path in downloads.files]
    if not zips:
        return ""
    return f"; {len(zips)} offline copies ({sum(zips) / 1e6:.0f} MB, {downloads.offline_seconds:.1f} s)"


def _serve(root: Path, args: argparse.Namespace) -> int:
    from ctmanual.pipeline import serve

    host, port = args.addr
    serve(root, host, port, languages=args.lang)
    return EXIT_OK


def _summary(project) -> str:
    modules = project.modules
    sessions = sum(len(m.sessions) for m in modules)
    handouts = sum(len(m.handouts) for m in modules)
    translated = {code: len(c.docs) for code, c in project.translations.items()}
    return f"{len(modules)} modules, {sessions} session plans, {handouts} handouts; translated files: {translated}"


if __name__ == "__main__":
    sys.exit(main())
