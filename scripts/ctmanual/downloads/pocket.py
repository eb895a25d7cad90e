"""A pocket card per country and language: who leads, the signs to look for and the steps of
every situation (the first sentence of each: the site has the rest), on two A5 pages (the
font shrinks a little where a translation runs longer), from
the same views the site prints (referral_views.py).

One small HTML document per card, laid out whole by WeasyPrint (no parts to join) and cached
under the hash of its HTML, like every other print document.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from ctmanual.referral_views import CombinationView, PathwayView, combination, is_stale
from ctmanual.model_referral import Country, Referral

CARD_CSS = """
@page { size: A5; margin: 7mm 7mm 9mm 7mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 6pt "DejaVu Sans"; color: #555; } }
html { font-family: "DejaVu Sans Condensed", "DejaVu Sans", sans-serif; font-size: FONT_SIZE; line-height: 1.2;
  color: #111; }
body { margin: 0; columns: 2; column-gap: 5mm; column-fill: auto; }
h1 { font-size: 10pt; margin: 0 0 2pt; color: #1a237e; column-span: all; }
h2 { font-size: 7.4pt; margin: 5pt 0 1.5pt; color: #1a237e; break-after: avoid; border-bottom: 0.5pt solid #1a237e; }
p { margin: 1.5pt 0; }
ol, ul { margin: 1pt 0; padding-left: 9pt; }
li { margin: 0 0 1.2pt; }
.notice { border: 0.8pt solid #c15700; padding: 1.5pt 3pt; margin: 2pt 0; column-span: all; }
.meta { color: #444; column-span: all; }
.kind { font-weight: bold; }
h1, h2 { bookmark-level: none; }
h1 { bookmark-level: 1; } h2 { bookmark-level: 2; }
"""


MAX_PAGES = 2
FONT_SIZES = ("6.2pt", "5.9pt", "5.6pt")  # the largest that keeps the card to two pages is used


def pocket_variants(referral: Referral, country: Country, labels: dict[str, str], lang: str,
                    today: dt.date, record_lang: str | None = None) -> tuple[str, ...]:
    """The card's HTML at each font size, largest first: translations run longer than English."""
    html = pocket_html(referral, country, labels, lang, today, record_lang)
    return tuple(html.replace("FONT_SIZE", size, 1) for size in FONT_SIZES)


def pocket_html(referral: Referral, country: Country, labels: dict[str, str], lang: str, today: dt.date,
                record_lang: str | None = None) -> str:
    """`record_lang`: the language the country record is written in, when it is not `lang` (an
    untranslated record): its text is marked as such for screen readers, and the card says so."""
    label = lambda key: escape(labels.get(key, key))  # noqa: E731
    mark = f' lang="{escape(record_lang)}"' if record_lang and record_lang != lang else ""
    views = [combination(referral, country, situation, today) for situation in referral.vocabulary.situations]
    out = [f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">',
           f"<title>{escape(country.country)}: {label('referral')}</title>",
           f'<meta name="author" content="{label("site-name")}">',
           f"<style>{CARD_CSS}</style></head><body>",
           f"<h1>{escape(country.country)}: {label('referral')}</h1>",
           f'<p class="meta">{label("last-verified")}: {country.last_verified.isoformat()} · {label("check-contacts")}</p>']
    if country.illustrative:
        out.append(f'<p class="notice"><strong>{label("illustrative-title")}.</strong> {label("illustrative-record")}</p>')
    if is_stale(country.last_verified, today):
        out.append(f'<p class="notice"><strong>{label("stale-title")}.</strong> {label("stale-record")}</p>')
    if mark:
        out.append(f'<p class="notice">{label("not-translated")}</p>')
    out += [f"<h2>{label('lead-body')}</h2>",
            f"<p{mark}><strong>{escape(country.lead.institution)}.</strong> {escape(country.lead.duties)}</p>",
            f"<p>{label('nrm')}: <span{mark}>{escape(country.nrm.name)}</span></p>",
            f"<h2>{label('signs-to-look-for')}</h2>"]
    out += [f'<p><strong>{escape(category.title)}:</strong> '
            + " ▪ ".join(escape(indicator.text) for indicator in category.indicators) + "</p>"
            for category in referral.indicators.categories]
    for view in views:
        out += _situation(view, labels, mark)
    out.append("</body></html>")
    return "\n".join(out)


def first_sentence(text: str) -> str:
    """What a card has room for: the first sentence of a step (the site has the rest)."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-ÞА-ЯĂÂÎȘȚ])", text)
    return text[:match.start()] if match else text


def _situation(view: CombinationView, labels: dict[str, str], mark: str) -> list[str]:
    if not view.pathways:
        return []
    out = [f'<div class="situation"><h2>{escape(view.situation.title)}</h2>']
    for pathway in view.pathways:
        out += _steps(pathway, labels, mark)
    out.append("</div>")
    return out


def _steps(pathway: PathwayView, labels: dict[str, str], mark: str) -> list[str]:
    out = [f"<p><strong>{escape(pathway.title)}</strong></p>"] if pathway.agreement else []
    out.append("<ol>")
    for step in pathway.steps:
        who = escape(step.role_title + (f" ({step.country})" if step.country else ""))
        time = f" <em>{escape(labels.get('time-frame', 'time-frame'))}: {escape(step.time)}</em>" if step.time else ""
        action = escape(first_sentence(step.action))
        out.append(f'<li><span class="kind">{escape(step.kind_title)}</span> · {who}: <span{mark}>{action}</span>{time}</li>')
    out.append("</ol>")
    return out
