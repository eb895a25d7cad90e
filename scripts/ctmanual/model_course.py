"""Trainer tools: a course file (what to run, over how many days) and a module's assessment
(knowledge check with answers, practical rubrics). Pure data, like model.py."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from ctmanual.model import ALIGNED, TRANSLATED, Audience, Id, Strict, Text

Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


def minutes_of(clock: str) -> int:
    hours, minutes = (int(part) for part in clock.split(":"))
    return hours * 60 + minutes


class Pause(Strict):
    at: Clock  # when it is due: taken at the activity boundary nearest to it
    minutes: int = Field(gt=0, le=120)


class Course(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    summary: Annotated[Text, TRANSLATED]
    audiences: list[Audience] = Field(min_length=1)
    days: int = Field(ge=1, le=10)
    blocks: list[int] = Field(default_factory=list, description="days per block, e.g. [2, 2] for 2 x 2 days")
    start: Clock = "09:00"
    end: Clock = "17:00"
    lunch: Pause | None = None
    breaks: list[Pause] = Field(default_factory=list)
    modules: list[Id] = Field(default_factory=list, description="restrict `sessions: all` to these modules")
    sessions: list[Id] | Literal["all"] = "all"

    @model_validator(mode="after")
    def _consistent(self) -> Course:
        if self.blocks and sum(self.blocks) != self.days:
            raise ValueError(f"blocks {self.blocks} add up to {sum(self.blocks)} days, not days: {self.days}")
        if minutes_of(self.end) <= minutes_of(self.start):
            raise ValueError(f"end {self.end} is not after start {self.start}")
        return self

    @property
    def day_minutes(self) -> int:
        return minutes_of(self.end) - minutes_of(self.start)


class Levels(Strict):
    beginning: Annotated[Text, TRANSLATED]
    developing: Annotated[Text, TRANSLATED]
    proficient: Annotated[Text, TRANSLATED]


class Criterion(Strict):
    criterion: Annotated[Text, TRANSLATED]
    levels: Levels


class AssessorGuidance(Strict):
    """How an assessor applies a rubric: what counts as evidence, how the result is recorded and how a
    candidate who does not pass is reassessed."""

    evidence: Annotated[Text, TRANSLATED]
    recording: Annotated[Text, TRANSLATED]
    reassessment: Annotated[Text, TRANSLATED]


class Rubric(Strict):
    id: Id
    title: Annotated[Text, TRANSLATED]
    scenario: Annotated[Text, TRANSLATED]
    competencies: list[Id] = Field(min_length=1)
    criteria: Annotated[list[Criterion], ALIGNED] = Field(min_length=2)
    people: list[Id] = Field(default_factory=list, description="fictional people named here (modules/names.yml)")
    # Required in the source (load/training.py says so with file and line); optional here so that a
    # translation made before a rubric had them still loads and takes them from the source.
    pass_standard: Annotated[Text | None, TRANSLATED] = Field(
        default=None, description="what a candidate must show to pass, in terms of the criteria and levels")
    assessor_guidance: AssessorGuidance | None = None


class Question(Strict):
    id: Id
    question: Annotated[Text, TRANSLATED]
    options: Annotated[list[Text], TRANSLATED, ALIGNED] = Field(min_length=3, max_length=6)
    answer: int = Field(ge=1, description="the number of the correct option, from 1")
    rationale: Annotated[Text, TRANSLATED]
    competencies: list[Id] = Field(min_length=1)
    people: list[Id] = Field(default_factory=list, description="fictional people named here (modules/names.yml)")

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> Question:
        if self.answer > len(self.options):
            raise ValueError(f"answer {self.answer} but only {len(self.options)} options")
        return self

    @property
    def answer_is_longest(self) -> bool:
        """The right option is strictly the longest: a test-wise reader picks it without knowing why."""
        right = len(self.options[self.answer - 1])
        return all(right > len(option) for number, option in enumerate(self.options, start=1) if number != self.answer)


def longest_answer_share(questions: list[Question]) -> float:
    """The share of questions whose right option is strictly the longest; with four options, chance is 25%."""
    return sum(q.answer_is_longest for q in questions) / len(questions) if questions else 0.0


class Assessment(Strict):
    questions: list[Question] = Field(min_length=1)
    rubrics: list[Rubric] = Field(default_factory=list)

    @field_validator("questions")
    @classmethod
    def _unique(cls, questions: list[Question]) -> list[Question]:
        ids = [q.id for q in questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate question ids: {', '.join(duplicates)}")
        return questions


class AssessmentPlan(Strict):
    """How one audience's competency profile is certified: the knowledge questions and practical
    rubrics that assess it, and the rule for passing and re-sitting."""

    audience: Audience
    summary: Annotated[Text, TRANSLATED]  # who is assessed, when and by whom
    question_sets: list[Id] = Field(default_factory=list, description="modules whose whole knowledge check counts")
    questions: list[Id] = Field(default_factory=list, description="single questions from other modules")
    pass_mark: int = Field(ge=50, le=100, description="percent of the knowledge questions answered correctly")
    rubrics: list[Id] = Field(min_length=1, description="practical rubrics; the pass standard of each must be met")
    resit: Annotated[Text, TRANSLATED]  # when and how a candidate who does not pass sits the test or a rubric again

    @model_validator(mode="after")
    def _has_questions(self) -> AssessmentPlan:
        if not self.question_sets and not self.questions:
            raise ValueError("no knowledge questions: list modules under question_sets or question ids under questions")
        return self


# The assessment plans of the manual, one per audience (modules/assessment-plans.yml).
PLANS_FILE = "assessment-plans.yml"
ASSESSMENT_FILE = re.compile(r"^[a-z0-9-]+/assessment\.yml$")
