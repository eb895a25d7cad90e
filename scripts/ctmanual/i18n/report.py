"""Text and JSON for `i18n status` and `i18n diff`."""

from __future__ import annotations

import json

from ctmanual.i18n.diff import changes, format_changes
from ctmanual.i18n.git import version_with_hash
from ctmanual.translation_record import normalise
from ctmanual.translation_state import State, summarise

FAILING = {State.OUTDATED, State.DRAFT, State.UNTRACKED}
COLUMNS = (State.CURRENT, State.OUTDATED, State.DRAFT, State.UNTRACKED, State.MISSING)


def status_report(project, codes: list[str], as_json: bool, fail_on_missing: bool) -> tuple[str, bool]:
    failing = False
    data = {}
    lines = []
    for code in codes:
        states = project.translation_states(code)
        bad = FAILING | ({State.MISSING} if fail_on_missing else set())
        failing |= any(item.state in bad for item in states)
        groups = summarise(states)
        data[code] = {
            "files": [{"path": s.rel, "state": s.state.value, "words": s.words, "group": s.group} for s in states],
            "groups": [{"group": g.group, **{k.value: v for k, v in g.counts.items()}, "words": g.words,
                        "words_to_do": g.words - g.words_current, "percent": g.percent} for g in groups],
        }
        lines.append(f"{code}  ({project.settings.language(code).name})")
        lines.append(f"  {'':<18}" + "".join(f"{c.value:>10}" for c in COLUMNS) + f"{'words to do':>13}{'done':>6}")
        for g in sorted(groups, key=_group_order(project)):
            lines.append(f"  {g.group:<18}" + "".join(f"{g.counts[c]:>10}" for c in COLUMNS)
                         + f"{g.words - g.words_current:>13}{g.percent:>5}%")
        for item in states:
            if item.state in FAILING:
                lines.append(f"  {item.state.value}: translations/{code}/{item.rel}")
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2), failing
    return "\n".join(lines), failing


def _group_order(project):
    order = {m.meta.id: index for index, m in enumerate(project.modules)}
    return lambda g: (0 if g.group == "pages" else 2 if g.group == "data" else 1, order.get(g.group, 99), g.group)


def diff_report(project, paths, lang: str, rels: list[str]) -> tuple[str, bool]:
    corpus = project.translations.get(lang)
    out, ok = [], True
    for rel in rels:
        facts = corpus.files.get(rel) if corpus else None
        state = project.translation_state(lang, rel)
        if facts is None or facts.record_source is None:
            out.append(f"{paths.shown(rel)}: {state.value}: no record of the source it was translated from")
            continue
        if state is State.CURRENT:
            out.append(f"{paths.shown(rel)}: current (translated from the source as it is now)")
            continue
        source = paths.source(rel)
        old = version_with_hash(paths.root, source, facts.record_source, facts.record_commit)
        if old is None:
            ok = False
            out.append(f"{paths.shown(rel)}: the source version this translation was made from "
                       f"({facts.record_source}, commit {facts.record_commit or 'none'}) is not in git history "
                       "(a shallow clone? fetch the full history)")
            continue
        found = changes(old, normalise(source.read_text(encoding="utf-8")))
        out.append(format_changes(f"{paths.shown(rel)}", found))
    return "\n".join(out), ok
