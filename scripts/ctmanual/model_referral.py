"""The referral guidance model: who does what, in which country and situation.

Pure data, no I/O, like model.py. A country record names institutions and roles (never
people or phone numbers); every fact carries a source id; `illustrative` records are worked
examples, shown to readers as such. Cross-references (roles, rights, step kinds, actors,
modules, sources) are checked by load/referral.py, which knows the line of each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints

from ctmanual.model import TRANSLATED, Id, Strict, Text

ActorRef = Annotated[str, StringConstraints(pattern=r"^([a-z0-9-]+:)?[a-z0-9]+(-[a-z0-9]+)*$")]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]


class Term(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    description: Annotated[Text | None, TRANSLATED] = None


class Situation(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    summary: Annotated[Text, TRANSLATED]
    # Its pathways are written in referral/transnational/ files (from one country to the other).
    transnational: bool = False
    # A transnational situation whose pathways *ending* in the country are shown with this one, after
    # the country's own pathway (a child brought home: the home country's procedure, then the
    # cross-border pathways that bring a child to it).
    counterpart: Id | None = None
    # What every pathway of this situation must contain: these kinds of step, and these rights in one
    # step or another (the validator reports a pathway that lacks any).
    required_steps: list[Id] = Field(default_factory=list)
    required_rights: list[Id] = Field(default_factory=list)


class Vocabulary(Strict):
    roles: list[Term] = Field(min_length=1)
    rights: list[Term] = Field(min_length=1)
    step_kinds: list[Term] = Field(min_length=1)
    situations: list[Situation] = Field(min_length=1)


class Indicator(Strict):
    id: Id
    text: Annotated[Text, TRANSLATED]
    triggers: Id  # a step kind
    situations: list[Id] = Field(min_length=1)  # where a practitioner meets this sign (situation ids)


class IndicatorCategory(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    indicators: list[Indicator] = Field(min_length=1)


class Indicators(Strict):
    categories: list[IndicatorCategory] = Field(min_length=1)


class RecordSource(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    publisher: Text
    year: int = Field(ge=1900, le=2100)
    url: HttpsUrl | None = None
    note: Annotated[Text | None, TRANSLATED] = None


class Nrm(Strict):
    name: Annotated[Text, TRANSLATED]
    legal_basis: Annotated[Text, TRANSLATED]
    source: Id


class Lead(Strict):
    institution: Annotated[Text, TRANSLATED]
    duties: Annotated[Text, TRANSLATED]
    source: Id


class Actor(Strict):
    match_key: ClassVar[str | None] = "role"
    role: Id
    institution: Annotated[Text, TRANSLATED]
    duties: Annotated[Text, TRANSLATED]
    source: Id


class Step(Strict):
    match_key: ClassVar[str | None] = "kind"
    kind: Id
    actor: ActorRef  # a role among the record's actors; `<country>:<role>` in a transnational pathway
    action: Annotated[Text, TRANSLATED]
    time: Annotated[Text | None, TRANSLATED] = None
    time_source: Id | None = None
    rights: list[Id] = Field(default_factory=list)
    modules: list[Id] = Field(default_factory=list)
    source: Id


class Pathway(Strict):
    match_key: ClassVar[str | None] = "situation"
    situation: Id
    steps: list[Step] = Field(min_length=1)


class Country(Strict):
    id: Id
    country: Annotated[Text, TRANSLATED]
    illustrative: bool = False
    last_verified: dt.date
    summary: Annotated[Text, TRANSLATED]
    nrm: Nrm
    lead: Lead
    actors: list[Actor] = Field(min_length=1)
    pathways: list[Pathway] = Field(min_length=1)
    sources: list[RecordSource] = Field(default_factory=list)


class CrossBorderPathway(Pathway):
    from_: Id = Field(alias="from")
    to: Id


class Transnational(Strict):
    id: Id
    countries: list[Id] = Field(min_length=2, max_length=2)
    illustrative: bool = False
    last_verified: dt.date
    summary: Annotated[Text, TRANSLATED]
    legal_basis: Annotated[Text, TRANSLATED]
    source: Id
    pathways: list[CrossBorderPathway] = Field(min_length=1)
    sources: list[RecordSource] = Field(default_factory=list)


@dataclass
class Referral:
    """All referral data of one language (the source, or a translation laid over it)."""

    vocabulary: Vocabulary
    indicators: Indicators
    countries: dict[str, Country] = field(default_factory=dict)  # by id, in file order
    transnational: dict[str, Transnational] = field(default_factory=dict)

    def pathways_of(self, country: str) -> list[tuple[str, Pathway, Transnational | None]]:
        """(situation, pathway, agreement) for a country: its own, then cross-border ones it takes part in."""
        found: list[tuple[str, Pathway, Transnational | None]] = [
            (p.situation, p, None) for p in self.countries[country].pathways]
        for agreement in self.transnational.values():
            found += [(p.situation, p, agreement) for p in agreement.pathways if country in (p.from_, p.to)]
        return found

    def pathways_for(self, country: str, situation: Situation) -> list[tuple[Pathway, Transnational | None]]:
        """What a practitioner in `country` follows in `situation`: the pathways of that situation (the
        country's own first), then, where the situation has a counterpart, the counterpart's
        cross-border pathways that bring a child to this country."""
        found = [(pathway, agreement) for key, pathway, agreement in self.pathways_of(country) if key == situation.id]
        if situation.counterpart:
            found += [(pathway, agreement) for key, pathway, agreement in self.pathways_of(country)
                      if key == situation.counterpart and isinstance(pathway, CrossBorderPathway) and pathway.to == country]
        return found

    def term(self, kind: str, key: str) -> Term | Situation | None:
        items = {"role": self.vocabulary.roles, "right": self.vocabulary.rights,
                 "step": self.vocabulary.step_kinds, "situation": self.vocabulary.situations}[kind]
        return next((item for item in items if item.id == key), None)

