"""A pocket card per country and language, from the same views the site prints (referral_views.py).

Readable in the field first: the body type is at least 8 pt, never shrunk below. What goes on a
card is chosen instead: A6 pages (a quarter of A4: print at actual size, four to a sheet, and
cut), a cover card (who leads, the national referral mechanism, the notices, where each
situation's card starts) and one card per situation: the front has the steps (the first
sentence of each: the site has the rest), the back the signs of that situation grouped by the
step they call for. Each situation starts on a page of its own.

The card is laid out at the largest of FONT_SIZES that keeps every situation to a front and a
back (more fronts where a situation has several cross-border pathways, plus the cover); a translation that runs longer gets the next size
down, never less than 8 pt, then 8 pt set closer (COMPACT), and a card that still does not fit runs onto one more
page (and the build warns).

One small HTML document per card, laid out whole by WeasyPrint (no parts to join) and cached
under the hash of its HTML, like every other print document.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from ctmanual.model_referral import Country, Referral
from ctmanual.referral_views import CombinationView, PathwayView, combination, is_stale

CARD_CSS = """
@page { size: A6; margin: 5mm 5mm 8mm 5mm;
  @bottom-left { content: string(card); font: 8pt "DejaVu Sans Condensed", "DejaVu Sans"; color: #333;
    width: 80%; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt "DejaVu Sans Condensed", "DejaVu Sans";
    color: #333; } }
html { font-family: "DejaVu Sans Condensed", "DejaVu Sans", sans-serif; font-size: FONT_SIZE; line-height: 1.17;
  color: #111; }
body { margin: 0; }
h1 { font-size: 11.5pt; margin: 0 0 3pt; color: #1a237e; string-set: card content(); }
h2 { font-size: 10pt; margin: 0 0 3pt; color: #1a237e; border-bottom: 0.75pt solid #1a237e; break-after: avoid; }
h3 { font-size: 1em; margin: 3pt 0 1pt; break-after: avoid; }
.card > h2 { string-set: card content(); }
p { margin: 2pt 0; }
ol, ul { margin: 1pt 0; padding-left: 11pt; }
li { margin: 0 0 1.5pt; }
.card, .signs { break-before: page; }
.signs h2 { font-size: 9pt; }
.notice { border: 0.8pt solid #c15700; padding: 2pt 3pt; margin: 3pt 0; }
.meta { color: #333; }
.kind { font-weight: bold; }
.cards li a { color: inherit; text-decoration: none; }
.cards li a::after { content: " · " target-counter(attr(href), page); }
.print-note { margin-top: 5pt; color: #333; }
h1, h2, h3 { bookmark-level: none; }
h1 { bookmark-level: 1; } .card > h2 { bookmark-level: 2; }
"""

# Per situation, a page (a card's front) for the steps of each pathway and one (its back) for the signs.
FONT_SIZES = ("9pt", "8.5pt", "8pt")  # the largest that keeps to pocket_pages(); never below 8 pt
# The last resort before a card runs over: 8 pt set closer (lines, list items, paragraphs) on slightly wider
# faces. Cyrillic sets wider than Latin in the same font: the Russian cards needed it.
COMPACT = """
@page { margin: 5mm 4mm 8mm 4mm; }
html { line-height: 1.08; }
p { margin: 1pt 0; }
li { margin: 0 0 0.5pt; }
"""


def pocket_variants(referral: Referral, country: Country, labels: dict[str, str], lang: str,
                    today: dt.date, record_lang: str | None = None) -> tuple[str, ...]:
    """The card's HTML at each font size, largest first (translations run longer than English), then the
    smallest size set closer (COMPACT)."""
    html = pocket_html(referral, country, labels, lang, today, record_lang)
    sized = tuple(html.replace("FONT_SIZE", size, 1) for size in FONT_SIZES)
    return (*sized, sized[-1].replace("</style>", COMPACT + "</style>", 1))


# Steps of a pathway that one A6 face holds at 8 pt in every language; a longer pathway (a return from abroad
# has eleven) may run onto a second face.
STEPS_PER_FACE = 10


def card_pathways(view: CombinationView) -> tuple[PathwayView, ...]:
    """The pathways a situation's card shows: a national situation shows the country's own steps only (the
    cross-border pathways that end in the country are on the card of the transnational situation)."""
    return view.pathways if view.situation.transnational else tuple(p for p in view.pathways if p.agreement is None)


def pocket_pages(referral: Referral, country: Country, today: dt.date) -> int:
    """How many A6 pages the card of `country` may take: the cover, and per situation a page for each
    pathway's steps (two for a pathway of more than STEPS_PER_FACE steps) and one for the signs."""
    views = [combination(referral, country, situation, today) for situation in referral.vocabulary.situations]
    return 1 + sum(sum(1 + (len(p.steps) > STEPS_PER_FACE) for p in card_pathways(view)) + bool(view.signs)
                   for view in views if card_pathways(view))


def pocket_html(referral: Referral, country: Country, labels: dict[str, str], lang: str, today: dt.date,
                record_lang: str | None = None) -> str:
    """`record_lang`: the language the country record is written in, when it is not `lang` (an
    untranslated record): its text is marked as such for screen readers, and the card says so."""
    label = lambda key: escape(labels.get(key, key))  # noqa: E731
    mark = f' lang="{escape(record_lang)}"' if record_lang and record_lang != lang else ""
    views = [v for v in (combination(referral, country, situation, today)
                         for situation in referral.vocabulary.situations) if card_pathways(v)]
    out = [f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">',
           f"<title>{escape(country.country)}: {label('referral')}</title>",
           f'<meta name="author" content="{label("site-name")}">',
           f"<style>{CARD_CSS}</style></head><body>",
           '<section class="cover">',
           f"<h1>{escape(country.country)}: {label('referral')}</h1>",
           f'<p class="meta">{label("last-verified")}: {country.last_verified.isoformat()} · {label("check-contacts")}</p>']
    if country.illustrative:
        out.append(f'<p class="notice"><strong>{label("illustrative-title")}.</strong> {label("illustrative-record")}</p>')
    if is_stale(country.last_verified, today):
        out.append(f'<p class="notice"><strong>{label("stale-title")}.</strong> {label("stale-record")}</p>')
    if mark:
        out.append(f'<p class="notice">{label("not-translated")}</p>')
    out += [f"<h3>{label('lead-body')}</h3>",
            f"<p{mark}><strong>{escape(country.lead.institution)}.</strong> {escape(first_sentence(country.lead.duties))}</p>",
            f"<p><strong>{label('nrm')}:</strong> <span{mark}>{escape(country.nrm.name)}</span></p>",
            f"<h3>{label('pathways')}</h3>", '<ul class="cards">']
    out += [f'<li><a href="#card-{view.situation.id}">{escape(view.situation.title)}</a></li>' for view in views]
    out += ["</ul>", f'<p class="print-note">{label("pocket-card-print")}</p>', "</section>"]
    kinds = {kind.id: kind.title for kind in referral.vocabulary.step_kinds}
    for view in views:
        out += _card(view, labels, mark, kinds)
    out.append("</body></html>")
    return "\n".join(out)


def first_sentence(text: str) -> str:
    """What a card has room for: the first sentence of a step (the site has the rest)."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-ÞА-ЯĂÂÎȘȚ])", text)
    return text[:match.start()] if match else text


def _card(view: CombinationView, labels: dict[str, str], mark: str, kinds: dict[str, str]) -> list[str]:
    """A situation's card: the steps on the front, its signs (grouped by the step each calls for) on the back."""
    title = escape(view.situation.title)
    out = [f'<section class="card" id="card-{view.situation.id}"><h2>{title}</h2>']
    for pathway in card_pathways(view):
        out += _steps(pathway, labels, mark)
    if view.signs:
        out += [f'<div class="signs"><h2>{escape(labels.get("signs-to-look-for", "signs-to-look-for"))}</h2>']
        groups: dict[str, list] = {}
        for indicator, step in view.signs:
            groups.setdefault(indicator.triggers, [step, []])[1].append(indicator)
        ordered = sorted(groups.values(), key=lambda group: group[0].number if group[0] else 99)
        for step, indicators in ordered:
            head = f"→ {step.number}. {escape(step.kind_title)}" if step else f"→ {escape(kinds.get(indicators[0].triggers, indicators[0].triggers))}"
            out += [f"<h3>{head}</h3>", "<ul>"]
            out += [f"<li>{escape(indicator.text)}</li>" for indicator in indicators]
            out.append("</ul>")
        out.append("</div>")
    out.append("</section>")
    return out


def _steps(pathway: PathwayView, labels: dict[str, str], mark: str) -> list[str]:
    out = [f"<h3>{escape(pathway.title)}</h3>"] if pathway.agreement else []
    out.append("<ol>")
    for step in pathway.steps:
        who = escape(step.role_title + (f" ({step.country})" if step.country else ""))
        time = f" <em>{escape(labels.get('time-frame', 'time-frame'))}: <span{mark}>{escape(step.time)}</span></em>" if step.time else ""
        action = escape(first_sentence(step.action))
        out.append(f'<li><span class="kind">{escape(step.kind_title)}</span> · {who}: <span{mark}>{action}</span>{time}</li>')
    out.append("</ol>")
    return out
