"""The content model: what a module, session plan, handout and data record is.

Pure data, no I/O. The loader turns files into these objects; pydantic does the
checking, so every rule that can be said as a type is said here.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]


class Translation(Enum):
    """How a field is treated when a translation is laid over its source (translation_merge.py):
    `Annotated[Text, TRANSLATED]` is a field a translator translates; everything else comes from the source."""

    TRANSLATED = "taken from the translation when it gives one"
    ALIGNED = "a list the translation must give with the source's number of entries, else the item stays the source's"


TRANSLATED = Translation.TRANSLATED
ALIGNED = Translation.ALIGNED


class Strict(BaseModel):
    """Unknown keys are errors: a typo in front matter must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # The field that pairs an item of a list with its translation (translation_merge.py); None: `id` if the
    # model has one, else the item's position.
    match_key: ClassVar[str | None] = None


class Audience(str, Enum):
    """The fixed list of professional groups the manual is written for."""

    LAW_ENFORCEMENT = "law-enforcement"
    JUDICIARY = "judiciary-prosecution"
    SOCIAL_WORK = "social-work-care"
    EDUCATION = "education"
    HEALTH = "health"
    LABOUR_INSPECTION = "labour-inspection"
    MIGRATION_BORDER = "migration-border"
    NGO = "ngo-civil-society"


ALL_AUDIENCES = "all"


def _every_audience(value: object) -> object:
    """`all` (alone, or as the only item of the list) stands for every audience: the core of the
    course that every profession needs. It is expanded here, so everything downstream sees the list."""
    items = value if isinstance(value, list) else [value] if value == ALL_AUDIENCES else None
    if items is None or ALL_AUDIENCES not in items:
        return value
    if len(items) != 1:
        raise ValueError(f"'{ALL_AUDIENCES}' means every audience: write it alone ([{ALL_AUDIENCES}]) "
                         "or list the audiences without it")
    return [audience.value for audience in Audience]


# For whom a module or session plan is written: audience ids, or [all] for the core every profession needs.
Audiences = Annotated[list[Audience], BeforeValidator(_every_audience), Field(min_length=1)]


def is_core(audiences: list[Audience]) -> bool:
    """Written for every audience: part of the core of the course."""
    return set(audiences) == set(Audience)


class Method(str, Enum):
    """How an activity is run; drives the run-sheet label."""

    INPUT = "input"
    DISCUSSION = "discussion"
    BRAINSTORM = "brainstorm"
    CASE_STUDY = "case-study"
    ROLE_PLAY = "role-play"
    GROUP_WORK = "group-work"
    EXERCISE = "exercise"
    REFLECTION = "reflection"
    QUIZ = "quiz"
    ENERGISER = "energiser"
    EVALUATION = "evaluation"


class CompetencyArea(str, Enum):
    KNOWLEDGE = "knowledge"
    SKILLS = "skills"
    ATTITUDES = "attitudes"


class HandoutKind(str, Enum):
    CASE_STUDY = "case-study"
    CHECKLIST = "checklist"
    REFERENCE = "reference"
    WORKSHEET = "worksheet"
    ROLE_BRIEF = "role-brief"


class Activity(Strict):
    title: Annotated[Text, TRANSLATED]
    minutes: int = Field(gt=0, le=480)
    method: Method
    steps: Annotated[list[Text], TRANSLATED] = Field(min_length=1)
    trainer_notes: Annotated[Text | None, TRANSLATED] = None


# What a safeguarding block may not carry: the support contact is a role in the room, and the whole
# block is printed in every copy of the session plan, so no telephone number or e-mail address.
PHONE_RE = re.compile(r"(?<![\w/.])\+?\(?\d[\d ().\-]{4,}\d(?![\w/])")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def contact_in(text: str) -> str | None:
    """'a phone number' or 'an e-mail address' when `text` holds one, else None."""
    if EMAIL_RE.search(text):
        return "an e-mail address"
    for match in PHONE_RE.finditer(text):
        digits = sum(c.isdigit() for c in match.group(0))
        if digits >= 6 and not DATE_RE.match(match.group(0).strip()):
            return "a phone number"
    return None


class Safeguarding(Strict):
    """How a session looks after the people in the room: what may distress them, how to step out,
    who supports them, and what the trainer does if someone discloses their own experience."""

    content_note: Annotated[Text, TRANSLATED] = Field(
        description="what in this session may distress participants; said at the start, before that material")
    stepping_out: Annotated[Text, TRANSLATED] = Field(
        description="how a participant may step out and come back without having to say why")
    support: Annotated[Text, TRANSLATED] = Field(
        description="who in the room is the support contact: a role such as 'the co-trainer', never a name or a number")
    disclosure: Annotated[Text, TRANSLATED] = Field(
        description="what the trainer does if a participant discloses their own or a close person's experience")

    @field_validator("content_note", "stepping_out", "support", "disclosure")
    @classmethod
    def _no_contact_details(cls, value: str) -> str:
        found = contact_in(value)
        if found is None:
            return value
        raise ValueError(f"{found} is not allowed in a safeguarding block: name a role in the room (e.g. "
                         "'the co-trainer') or a kind of service ('the national child helpline'); the trainer "
                         "adds local contact details when preparing, not in the plan")


class Module(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    summary: Annotated[Text, TRANSLATED]
    order: int = Field(ge=1)
    audiences: Audiences
    competencies: list[Id] = Field(min_length=1)
    objectives: Annotated[list[Text], TRANSLATED] = Field(min_length=1)
    duration: int = Field(gt=0, description="minutes; equals the sum of the module's session plans")
    prerequisites: list[Id] = []
    related: list[Id] = []
    principles: list[Annotated[int, Field(ge=1, le=10)]] = []
    sources: list[Id] = Field(min_length=1)
    version: Version
    last_reviewed: dt.date
    people: list[Id] = Field(default_factory=list, description="fictional people named here (modules/names.yml)")


class SessionPlan(Strict):
    id: Id
    module: Id
    title: Annotated[Text, TRANSLATED]
    order: int | None = Field(default=None, ge=1, description="position within the module")
    duration: int = Field(gt=0, le=960, description="minutes; equals the sum of activity minutes")
    audiences: Audiences
    objectives: Annotated[list[Text], TRANSLATED] = Field(min_length=1)
    competencies: list[Id] = Field(min_length=1)
    materials: Annotated[list[Text], TRANSLATED] = Field(min_length=1)
    preparation: Annotated[list[Text], TRANSLATED] = []
    activities: list[Activity] = Field(min_length=1)
    handouts: list[Id] = []
    evaluation: Annotated[list[Text], TRANSLATED] = Field(min_length=1)
    safeguarding: Safeguarding
    people: list[Id] = Field(default_factory=list, description="fictional people named here (modules/names.yml)")


class TranslatedSessionPlan(SessionPlan):
    """A session plan's translation: one made before its source had a safeguarding block may lack it
    (the reader then sees the source's, marked as not translated; `i18n check` names it)."""

    safeguarding: Safeguarding | None = None


class Handout(Strict):
    id: Id
    module: Id
    title: Annotated[Text, TRANSLATED]
    kind: HandoutKind
    summary: Annotated[Text | None, TRANSLATED] = None
    people: list[Id] = Field(default_factory=list, description="fictional people named here (modules/names.yml)")


class Page(Strict):
    """A free content page (home, guiding principles)."""

    id: Id
    title: Annotated[Text, TRANSLATED]
    summary: Annotated[Text | None, TRANSLATED] = None
    people: list[Id] = Field(default_factory=list, description="fictional people named here (modules/names.yml)")


class Person(Strict):
    """One fictional person the manual names (modules/names.yml): case studies use invented first names,
    and no course or module may give one name to two different people."""

    id: Id
    name: Annotated[str, StringConstraints(pattern=r"^[^\W\d_][\w'’-]*$", max_length=40)] = Field(
        description="the first name as the text writes it, one word")
    kind: Literal["child", "adult"]
    description: Text = Field(description="one line: age, situation, where the person appears")
    word: bool = Field(default=False, description="the name is also an ordinary word or a place (Hope, Milan): "
                                                  "a document that uses the word need not declare the person")

    @field_validator("name")
    @classmethod
    def _capitalised(cls, value: str) -> str:
        if not value[0].isupper():
            raise ValueError(f"'{value}' is not a first name: write it as the text does, with a capital letter")
        return value


class Competency(Strict):
    id: Id
    area: CompetencyArea
    title: Annotated[Text, TRANSLATED]
    description: Annotated[Text, TRANSLATED]
    criteria: Annotated[list[Text], TRANSLATED] = Field(default_factory=list,
                                                        description="observable performance criteria")
    trainers: bool = Field(default=False, description="a trainer's competency (the module for trainers): left out of "
                                                      "the practitioners' profiles and their assessment plans")


class Source(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    publisher: Annotated[Text, TRANSLATED]  # shown after the title in the reader's language (official names)
    year: int | None = Field(default=None, ge=1900, le=2100)
    kind: Literal["instrument", "guidance", "report", "seed"]
    note: Annotated[Text | None, TRANSLATED] = None
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = None


class GlossaryEntry(Strict):
    id: Id
    term: Annotated[Text, TRANSLATED]
    definition: Annotated[Text, TRANSLATED]
    see: list[Id] = []


class UiStrings(Strict):
    """Labels the assembler writes around content; translated per language."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    labels: dict[Id, Text]
    audiences: dict[Audience, Text]
    methods: dict[Method, Text]
    competency_areas: dict[CompetencyArea, Text]
    handout_kinds: dict[HandoutKind, Text]
