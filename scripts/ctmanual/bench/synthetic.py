"""A synthetic manual of any size, for the scale benchmark: N modules (an overview, three session
plans, two handouts each) in L languages, every other module translated. Valid content (it passes
`ctmanual validate`), built from the real project's settings, theme and data files, with
deterministic filler text of realistic length."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from ctmanual.safe_input import load_yaml, read_bounded

LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "fi", "da")
_WORDS = ("child protection referral guardian interpreter trafficking exploitation police social worker "
          "identification indicator safety assessment interview evidence court shelter family school health "
          "labour border migration rights procedure cooperation agency trust information support").split()
DATA = ("competencies.yml", "sources.yml", "glossary.yml", "ui.yml")


def make_synthetic(root: Path, target: Path, modules: int, languages: int) -> Path:
    """Write a synthetic project into `target` (replaced) and return it."""
    if target.exists():
        shutil.rmtree(target)
    (target / "modules").mkdir(parents=True)
    shutil.copytree(root / "overrides", target / "overrides")
    for name in DATA:
        shutil.copy(root / "modules" / name, target / "modules" / name)
    codes = LANGUAGES[:languages]
    _config(root, target, codes)
    rng = random.Random(1)
    _write(target / "modules/index.md", {"id": "home", "title": "Synthetic manual"},
           "Start with the [module catalogue](catalogue:).\n\n" + _text(rng, 150))
    principles = "\n\n".join(f"## {n}. Principle {n} {{#principle-{n}}}\n\n{_text(rng, 120)}" for n in range(1, 11))
    _write(target / "modules/principles.md", {"id": "principles", "title": "Guiding principles"}, principles)
    competencies = [c["id"] for c in load_yaml(read_bounded(root / "modules/competencies.yml"))]
    for number in range(1, modules + 1):
        _module(target, number, rng, competencies, codes)
    return target


def _config(root: Path, target: Path, codes: tuple[str, ...]) -> None:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("  languages:")
    end = text.index("\n\n", start)
    languages = "  languages:\n" + "".join(f"    - code: {code}\n      name: {code.upper()}\n" for code in codes)
    (target / "mkdocs.yml").write_text(text[:start] + languages.rstrip("\n") + text[end:], encoding="utf-8")


_SAFEGUARDING = {"content_note": "Case material about exploited children.",
                 "stepping_out": "Anyone may step out and come back without saying why.",
                 "support": "The co-trainer.", "disclosure": "Listen, thank them and talk privately at the break."}


def _text(rng: random.Random, words: int) -> str:
    sentences, out = [], []
    while sum(len(s.split()) for s in sentences) < words:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 18)))
        sentences.append(sentence.capitalize() + ".")
    for index in range(0, len(sentences), 5):
        out.append(" ".join(sentences[index:index + 5]))
    return "\n\n".join(out)


def _module(target: Path, number: int, rng: random.Random, competencies: list[str], codes: tuple[str, ...]) -> None:
    mid = f"m{number:03d}"
    folder = target / "modules" / mid
    (folder / "sessions").mkdir(parents=True)
    (folder / "handouts").mkdir()
    handouts = [f"{mid}-h{n}" for n in (1, 2)]
    durations = []
    for n in (1, 2, 3):
        minutes = [rng.choice((15, 20, 30, 40)) for _ in range(3)]
        durations.append(sum(minutes))
        meta = {"id": f"{mid}-s{n}", "module": mid, "title": f"Session {n} of module {number}", "order": n,
                "duration": sum(minutes), "audiences": ["law-enforcement", "social-work-care"],
                "objectives": [_text(rng, 12)],
                # every competency must be taught: the first session lists them all
                "competencies": competencies if (number, n) == (1, 1) else [rng.choice(competencies)],
                "materials": ["Flip chart"], "activities": [
                    {"title": f"Activity {a}", "minutes": m, "method": "discussion", "steps": [_text(rng, 20)] * 2}
                    for a, m in enumerate(minutes, start=1)],
                "handouts": [handouts[n % 2]], "evaluation": [_text(rng, 10)],
                "safeguarding": _SAFEGUARDING}
        _write(folder / "sessions" / f"{mid}-s{n}.md", meta, "## Background for the trainer\n\n" + _text(rng, 400))
    for n, hid in enumerate(handouts, start=1):
        _write(folder / "handouts" / f"{hid}.md", {"id": hid, "module": mid, "title": f"Handout {n} of module {number}",
                                                   "kind": "reference"}, _text(rng, 200))
    overview = {"id": mid, "title": f"Module {number}", "summary": _text(rng, 15), "order": number + 100,
                "audiences": ["law-enforcement", "social-work-care"], "competencies": [competencies[0]],
                "objectives": [_text(rng, 12)], "duration": sum(durations), "sources": ["palermo-protocol"],
                "version": "1.0.0", "last_reviewed": "2026-11-24"}
    _write(folder / "index.md", overview, "## Key messages\n\n" + _text(rng, 300))
    if number % 2:
        for code in codes[1:]:  # every other module translated into every language
            for source in folder.rglob("*.md"):
                translated = target / "translations" / code / source.relative_to(target / "modules")
                translated.parent.mkdir(parents=True, exist_ok=True)
                translated.write_text(source.read_text(encoding="utf-8").replace("Module ", f"Module ({code}) "),
                                      encoding="utf-8")


def _write(path: Path, meta: dict, body: str) -> None:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
