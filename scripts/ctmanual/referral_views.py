"""What a practitioner sees of the referral guidance: for a country and a situation, the
pathways, their steps (who, what, when, the child's rights, where it is taught) and the signs
that call for them; and where those pages are. Pure functions of the data, used by the
assemble stage (site pages) and the downloads stage (pocket cards), so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctmanual.model_referral import Country, Indicator, Pathway, Referral, Situation, Term, Transnational
from ctmanual.settings import REFERRAL_PREFIX

__all__ = ["REFERRAL_PREFIX", "LOOKUP", "INDICATORS", "combinations", "country_page", "pathway_page", "is_stale",
           "signs_of", "step_places"]

LOOKUP = "referral/index.md"
INDICATORS = "referral/indicators.md"
STALE_AFTER_DAYS = 365


def country_page(country: str) -> str:
    return f"referral/{country}/index.md"


def pathway_page(country: str, situation: str) -> str:
    return f"referral/{country}/{situation}.md"


@dataclass(frozen=True)
class StepView:
    number: int
    kind: str  # step kind id: the step's anchor is step-<kind>
    kind_title: str
    role: str
    role_title: str
    institution: str
    country: str  # the country the actor belongs to (named in cross-border pathways)
    action: str
    time: str | None
    rights: tuple[Term, ...]
    teaches: tuple[str, ...]  # module or session ids that teach this step


@dataclass(frozen=True)
class PathwayView:
    title: str  # the situation, or "from A to B" for a cross-border pathway
    steps: tuple[StepView, ...]
    agreement: Transnational | None = None


@dataclass(frozen=True)
class CombinationView:
    """What a practitioner sees for a country and a situation."""

    country: Country
    situation: Situation
    pathways: tuple[PathwayView, ...]
    # The signs of this situation (indicators that list it), each with the step of the first pathway
    # it calls for (None when that pathway has no step of that kind).
    signs: tuple[tuple[Indicator, StepView | None], ...]
    stale: bool
    illustrative: bool


def combinations(referral: Referral, today: dt.date) -> list[CombinationView]:
    return [combination(referral, country, situation, today)
            for country in referral.countries.values() for situation in referral.vocabulary.situations]


def combination(referral: Referral, country: Country, situation: Situation, today: dt.date) -> CombinationView:
    views = []
    for pathway, agreement in referral.pathways_for(country.id, situation):
        title = situation.title if agreement is None else _direction(referral, pathway)
        views.append(PathwayView(title, tuple(_steps(referral, country, pathway, agreement)), agreement))
    by_kind = {step.kind: step for step in views[0].steps} if views else {}
    signs = tuple((indicator, by_kind.get(indicator.triggers)) for indicator in signs_of(referral, situation.id))
    dates = [country.last_verified, *(v.agreement.last_verified for v in views if v.agreement)]
    illustrative = country.illustrative or any(v.agreement.illustrative for v in views if v.agreement)
    return CombinationView(country, situation, tuple(views), signs, is_stale(min(dates), today), illustrative)


def signs_of(referral: Referral, situation: str) -> list[Indicator]:
    """The indicators a practitioner may meet in a situation, in checklist order."""
    return [indicator for category in referral.indicators.categories for indicator in category.indicators
            if situation in indicator.situations]


def step_places(referral: Referral, views: list[CombinationView]) -> dict[str, list[tuple[Country, list[Situation]]]]:
    """For each step kind, the countries and situations whose pathways have a step of that kind
    (the indicators checklist links each kind to them)."""
    places: dict[str, list[tuple[Country, list[Situation]]]] = {}
    for kind in referral.vocabulary.step_kinds:
        rows = []
        for country in referral.countries.values():
            found = [v.situation for v in views if v.country.id == country.id
                     and any(step.kind == kind.id for step in (v.pathways[0].steps if v.pathways else ()))]
            if found:
                rows.append((country, found))
        places[kind.id] = rows
    return places


def is_stale(verified: dt.date, today: dt.date) -> bool:
    return (today - verified).days > STALE_AFTER_DAYS


def _direction(referral: Referral, pathway) -> str:
    name = lambda key: referral.countries[key].country if key in referral.countries else key  # noqa: E731
    return f"{name(pathway.from_)} → {name(pathway.to)}"


def _steps(referral: Referral, country: Country, pathway: Pathway, agreement: Transnational | None) -> list[StepView]:
    steps = []
    for number, step in enumerate(pathway.steps, start=1):
        owner, _, role = step.actor.rpartition(":")
        record = referral.countries.get(owner) if owner else country
        actor = next((a for a in record.actors if a.role == role), None) if record else None
        role_term = referral.term("role", role)
        kind_term = referral.term("step", step.kind)
        rights = tuple(t for t in (referral.term("right", r) for r in step.rights) if t is not None)
        steps.append(StepView(
            number, step.kind, kind_term.title if kind_term else step.kind, role,
            role_term.title if role_term else role, actor.institution if actor else "",
            record.country if record and agreement is not None else "", step.action, step.time, rights,
            tuple(step.modules)))
    return steps
