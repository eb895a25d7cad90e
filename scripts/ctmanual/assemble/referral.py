"""Referral guidance pages of one language: the lookup, the indicators checklist, a page per
country and one per country and situation (every combination, so the guidance works with
JavaScript off and every page is found by search)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctmanual.referral_views import (INDICATORS, LOOKUP, REFERRAL_PREFIX, CombinationView, combinations, country_page,
                                     is_stale, pathway_page, step_places)
from ctmanual.clock import today
from ctmanual.model_referral import Country, Referral
from ctmanual.outputs import Kind

if TYPE_CHECKING:
    from ctmanual.assemble.writer import PageWriter


def write_referral(writer: PageWriter, referral: Referral) -> None:
    """Lookup, indicators, and a page per country and per country and situation. `writer` is the
    assemble stage's page writer of one language."""
    label = writer.ui.labels.get
    views = combinations(referral, today())
    countries = list(referral.countries.values())
    common = dict(lookup=LOOKUP, indicators_page=INDICATORS,
                  pockets={c.id: writer.files[Kind.POCKET_CARD, c.id] for c in countries},
                  country_pages={c.id: country_page(c.id) for c in countries},
                  pathway_pages={(v.country.id, v.situation.id): pathway_page(v.country.id, v.situation.id)
                                 for v in views})
    vocabulary, indicators = REFERRAL_PREFIX + "vocabulary.yml", REFERRAL_PREFIX + "indicators.yml"
    writer.generate(LOOKUP, label("referral"), "referral-index.md.j2", writer.fallback_of(vocabulary),
                    rel=vocabulary, views=views, countries=countries, situations=referral.vocabulary.situations,
                    roles=referral.vocabulary.roles,
                    untranslated_countries=sorted(c.id for c in countries if writer.fallback_of(_record(c.id))),
                    untranslated_agreements=sorted(a for a in referral.transnational
                                                   if writer.fallback_of(f"{REFERRAL_PREFIX}transnational/{a}.yml")),
                    **common)
    writer.generate(INDICATORS, label("indicators"), "referral-indicators.md.j2", writer.fallback_of(indicators),
                    rel=indicators, categories=referral.indicators.categories,
                    kinds={k.id: k for k in referral.vocabulary.step_kinds}, places=step_places(referral, views),
                    **common)
    for country in countries:
        _country(writer, referral, country, [v for v in views if v.country.id == country.id], common)


def _record(country: str) -> str:
    return f"{REFERRAL_PREFIX}countries/{country}.yml"


def _country(writer: PageWriter, referral: Referral, country: Country, views: list[CombinationView],
             common: dict) -> None:
    rel = _record(country.id)
    fallback = writer.fallback_of(rel)
    sources = {**{s.id: s for s in writer.project.data(writer.code, "sources").values()},
               **{s.id: s for s in country.sources}}
    record_sources = [sources[key] for key in _cited(country) if key in sources]
    numbers = {source.id: index for index, source in enumerate(record_sources, start=1)}
    actors = [{"title": _title(referral.term("role", a.role), a.role), "institution": a.institution,
               "duties": a.duties, "source": a.source} for a in country.actors]
    pocket = common["pockets"][country.id]
    kinds = {k.id: k.title for k in referral.vocabulary.step_kinds}
    writer.generate(country_page(country.id), country.country, "referral-country.md.j2", fallback, rel=rel,
                    country=country, stale=is_stale(country.last_verified, today()), actors=actors,
                    pathways=[(v.situation, pathway_page(country.id, v.situation.id)) for v in views],
                    record_sources=record_sources, source_numbers=numbers, pocket=pocket)
    for view in views:
        verified = min([country.last_verified, *(p.agreement.last_verified for p in view.pathways if p.agreement)])
        writer.generate(pathway_page(country.id, view.situation.id), f"{country.country}: {view.situation.title}",
                        "referral-pathway.md.j2", fallback, rel=rel, view=view, verified=verified,
                        country_page=country_page(country.id), pocket=pocket, lookup=LOOKUP,
                        indicators_page=INDICATORS, kinds=kinds)


def referral_nav(referral: Referral | None, labels: dict[str, str]) -> list:
    """The Referral guidance section of the navigation: lookup, indicators, a folder per country."""
    if referral is None:
        return []
    countries = [(c.country, [(None, country_page(c.id)),
                              *[(None, pathway_page(c.id, s.id)) for s in referral.vocabulary.situations]])
                 for c in referral.countries.values()]
    return [(labels.get("referral", "Referral guidance"), [(None, LOOKUP), (None, INDICATORS), *countries])]


def _title(term, fallback: str) -> str:
    return term.title if term is not None else fallback


def _cited(country: Country) -> list[str]:
    """Source ids in the order a reader meets them on the country page, then the rest of its list."""
    keys = [country.nrm.source, country.lead.source, *(a.source for a in country.actors)]
    for pathway in country.pathways:
        for step in pathway.steps:
            keys += [step.source, *([step.time_source] if step.time_source else [])]
    keys += [s.id for s in country.sources]
    return list(dict.fromkeys(keys))
