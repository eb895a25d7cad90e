"""Unit tests of the one rule that lays a translation over its source (translation_merge.py), on models
and on raw YAML mappings, and of the translatable fields the models declare. No files, no build."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

import ctmanual.model
import ctmanual.model_course
import ctmanual.model_referral
from ctmanual.model import (
    ALIGNED, TRANSLATED, Activity, Competency, GlossaryEntry, Handout, Module, Page, Safeguarding, SessionPlan,
    Source, TranslatedSessionPlan,
)
from ctmanual.model_course import Assessment, AssessmentPlan, Course, Question, Rubric
from ctmanual.model_referral import Country
from ctmanual.project import translatable_fields
from ctmanual.translation_merge import merge_translation, merge_translation_data, translatable_names

SAFEGUARDING = {"content_note": "Cases of exploitation.", "stepping_out": "Leave at any time.",
                "support": "The co-trainer.", "disclosure": "Listen, then refer."}


def plan(**changes) -> dict:
    data = {"id": "spotting", "module": "basics", "title": "Spotting signs", "order": 1, "duration": 30,
            "audiences": ["all"], "objectives": ["Name three signs"], "competencies": ["k1"],
            "materials": ["Flip chart"], "preparation": ["Print cards"],
            "activities": [{"title": "Opening", "minutes": 10, "method": "input", "steps": ["Introduce"]},
                           {"title": "Cards", "minutes": 20, "method": "group-work", "steps": ["Sort"],
                            "trainer_notes": "Watch the time."}],
            "handouts": ["cards"], "evaluation": ["Quiz"], "safeguarding": SAFEGUARDING}
    return {**data, **changes}


def test_a_translated_field_is_taken_and_an_untranslated_one_keeps_the_source():
    source = Handout(id="cards", module="basics", title="Cards", kind="worksheet", summary="Sort the cards.")
    translated = Handout(id="cards", module="basics", title="Cartes", kind="worksheet")  # no summary yet
    merged = merge_translation(source, translated)
    assert merged == source.model_copy(update={"title": "Cartes"})
    assert merged.summary == "Sort the cards."
    competency = Competency(id="k1", area="knowledge", title="Law", description="Knows it.", criteria=["Names it"])
    no_criteria = Competency(id="k1", area="knowledge", title="Droit", description="Le sait.")  # an empty list
    assert merge_translation(competency, no_criteria).criteria == ["Names it"]


def test_an_empty_or_blank_translation_keeps_the_source_in_raw_data():
    source = {"id": "fr", "country": "France", "summary": "A summary."}
    assert merge_translation_data(Country, source, {"country": "  ", "summary": ""}) == source
    assert merge_translation_data(Country, source, {"country": "La France"})["country"] == "La France"


def test_a_field_the_source_leaves_out_stays_out():
    source = Handout(id="cards", module="basics", title="Cards", kind="worksheet")
    translated = Handout(id="cards", module="basics", title="Cartes", kind="worksheet", summary="Triez.")
    assert merge_translation(source, translated).summary is None
    raw = merge_translation_data(Country, {"id": "fr"}, {"id": "fr", "summary": "Un résumé."})
    assert raw == {"id": "fr"}


def test_ids_minutes_audiences_and_links_stay_the_source_s_whatever_the_translation_says():
    source = SessionPlan.model_validate(plan())
    translated = TranslatedSessionPlan.model_validate(plan(
        id="other", module="other", duration=45, audiences=["health"], competencies=["k9"], handouts=["x"],
        title="Repérer les signes",
        activities=[{"title": "Ouverture", "minutes": 25, "method": "quiz", "steps": ["Présenter"]},
                    {"title": "Cartes", "minutes": 20, "method": "group-work", "steps": ["Trier"]}]))
    merged = merge_translation(source, translated)
    assert type(merged) is SessionPlan
    assert (merged.id, merged.module, merged.duration, merged.audiences, merged.competencies, merged.handouts) == \
        (source.id, source.module, source.duration, source.audiences, source.competencies, source.handouts)
    assert [(a.minutes, a.method) for a in merged.activities] == [(a.minutes, a.method) for a in source.activities]
    assert merged.title == "Repérer les signes"
    assert [a.title for a in merged.activities] == ["Ouverture", "Cartes"]
    assert [a.steps for a in merged.activities] == [["Présenter"], ["Trier"]]
    # The translation gives no trainer notes for the second activity: the source's stay.
    assert merged.activities[1].trainer_notes == "Watch the time."


def test_nested_models_are_merged_field_by_field_and_a_missing_block_keeps_the_source_s():
    source = SessionPlan.model_validate(plan())
    translated = TranslatedSessionPlan.model_validate(plan(safeguarding={**SAFEGUARDING, "support": "Le co-formateur."}))
    assert merge_translation(source, translated).safeguarding == Safeguarding(**{**SAFEGUARDING,
                                                                                  "support": "Le co-formateur."})
    without = TranslatedSessionPlan.model_validate(plan(safeguarding=None, title="Signes"))
    merged = merge_translation(source, without)
    assert merged.safeguarding == source.safeguarding and merged.title == "Signes"


def test_activities_without_ids_are_matched_by_position():
    source = SessionPlan.model_validate(plan())
    translated = TranslatedSessionPlan.model_validate(plan(activities=[
        {"title": "Ouverture", "minutes": 10, "method": "input", "steps": ["Présenter"]}]))
    merged = merge_translation(source, translated)
    assert [a.title for a in merged.activities] == ["Ouverture", "Cards"]  # the second: not translated yet


def question(qid: str, text: str, options: list[str]) -> dict:
    return {"id": qid, "question": text, "options": options, "answer": 1, "rationale": f"{text}?",
            "competencies": ["k1"]}


def rubric(rid: str, title: str, criteria: int = 2, **more) -> dict:
    return {"id": rid, "title": title, "scenario": "A case.", "competencies": ["k1"],
            "criteria": [{"criterion": f"{title} {n}", "levels": {"beginning": "b", "developing": "d",
                                                                  "proficient": "p"}} for n in range(criteria)],
            **more}


def test_list_items_with_ids_are_matched_by_id_extra_ones_dropped_missing_ones_kept():
    source = Assessment.model_validate({"questions": [question("q1", "One", ["a", "b", "c"]),
                                                      question("q2", "Two", ["a", "b", "c"])]})
    translated = Assessment.model_validate({"questions": [question("q2", "Deux", ["x", "y", "z"]),
                                                          question("q9", "Neuf", ["x", "y", "z"])]})
    merged = merge_translation(source, translated)
    assert [(q.id, q.question, q.options) for q in merged.questions] == [
        ("q1", "One", ["a", "b", "c"]), ("q2", "Deux", ["x", "y", "z"])]


def test_an_item_whose_aligned_list_has_another_length_keeps_the_source_s_item_whole():
    source = Assessment.model_validate({"questions": [question("q1", "One", ["a", "b", "c"])],
                                        "rubrics": [rubric("r1", "Interview"), rubric("r2", "Referral")]})
    translated = Assessment.model_validate({"questions": [question("q1", "Un", ["x", "y", "z", "w"])],
                                            "rubrics": [rubric("r1", "Entretien", criteria=3),
                                                        rubric("r2", "Orientation", pass_standard="Réussir")]})
    merged = merge_translation(source, translated)
    assert merged.questions == source.questions  # four options for three: the answer would point elsewhere
    assert merged.rubrics[0] == source.rubrics[0]
    assert merged.rubrics[1].title == "Orientation"
    assert [c.criterion for c in merged.rubrics[1].criteria] == ["Orientation 0", "Orientation 1"]
    assert merged.rubrics[1].pass_standard is None  # the source has none


def test_an_assessment_plan_takes_its_wording_and_keeps_its_lists():
    source = AssessmentPlan(audience="health", summary="For nurses.", question_sets=["basics"], pass_mark=80,
                            rubrics=["r1"], resit="Within a month.")
    translated = AssessmentPlan(audience="judiciary-prosecution", summary="Pour les infirmiers.", questions=["q9"],
                                pass_mark=50, rubrics=["r9"], resit="Dans le mois.")
    merged = merge_translation(source, translated)
    assert merged == source.model_copy(update={"summary": "Pour les infirmiers.", "resit": "Dans le mois."})


def test_data_records_and_pages_take_their_translated_fields_only():
    competency = Competency(id="k1", area="knowledge", title="Law", description="Knows it.", criteria=["Names it"])
    merged = merge_translation(competency, Competency(id="k2", area="skills", title="Droit", description="Le sait.",
                                                      criteria=["Le nomme"], trainers=True))
    assert merged == Competency(id="k1", area="knowledge", title="Droit", description="Le sait.",
                                criteria=["Le nomme"])
    source = Source(id="s1", title="Convention", publisher="Council", kind="instrument", note="Art. 10")
    assert merge_translation(source, Source(id="s1", title="Convention (fr)", publisher="Conseil",
                                            kind="instrument", note="Art. dix")) == source.model_copy(
        update={"title": "Convention (fr)", "publisher": "Conseil", "note": "Art. dix"})
    entry = GlossaryEntry(id="nrm", term="NRM", definition="A mechanism.", see=["a"])
    assert merge_translation(entry, GlossaryEntry(id="nrm", term="MNO", definition="Un mécanisme.", see=["b"])) == \
        GlossaryEntry(id="nrm", term="MNO", definition="Un mécanisme.", see=["a"])
    assert merge_translation(entry, None) is entry


def test_raw_referral_data_is_matched_by_the_model_s_key_and_keeps_the_source_s_keys():
    source = {"id": "fr", "country": "France", "actors": [
                  {"role": "police", "institution": "Police", "duties": "Protect", "source": "s1"},
                  {"role": "ngo", "institution": "NGO", "duties": "Support", "source": "s1"}],
              "pathways": [{"situation": "found", "steps": [
                  {"kind": "identify", "actor": "police", "action": "Identify", "source": "s1"}]}]}
    translated = {"id": "xx", "country": "La France", "extra": "dropped", "actors": [
                      {"role": "ngo", "institution": "ONG", "duties": "Soutenir", "source": "s9"},
                      {"role": "judge", "institution": "Juge", "duties": "Juger"}],
                  "pathways": [{"situation": "found", "steps": [
                      {"kind": "identify", "actor": "judge", "action": "Identifier", "time": "24 h"}]}]}
    merged = merge_translation_data(Country, source, translated)
    assert merged == {"id": "fr", "country": "La France", "actors": [
                          {"role": "police", "institution": "Police", "duties": "Protect", "source": "s1"},
                          {"role": "ngo", "institution": "ONG", "duties": "Soutenir", "source": "s1"}],
                      "pathways": [{"situation": "found", "steps": [
                          {"kind": "identify", "actor": "police", "action": "Identifier", "source": "s1"}]}]}


def test_a_course_takes_title_and_summary_only():
    source = Course(id="c", title="Basics", summary="Two days.", audiences=["health"], days=2)
    raw = merge_translation_data(Course, source.model_dump(mode="json", by_alias=True),
                                 {"id": "d", "title": "Bases", "summary": "Deux jours.", "days": 5})
    assert Course.model_validate(raw) == source.model_copy(update={"title": "Bases", "summary": "Deux jours."})


MODEL_MODULES = (ctmanual.model, ctmanual.model_course, ctmanual.model_referral)
MODELS = [cls for module in MODEL_MODULES for cls in vars(module).values()
          if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == module.__name__]


@pytest.mark.parametrize("model", MODELS, ids=lambda cls: cls.__name__)
def test_every_declared_translatable_field_holds_text_and_every_match_key_exists(model):
    for name, info in model.model_fields.items():
        if TRANSLATED in info.metadata:
            # Text, optional Text or a list of Text: a translator's words, never an id or a number.
            assert "str" in str(info.annotation), (model.__name__, name, info.annotation)
        if ALIGNED in info.metadata:
            assert typing.get_origin(info.annotation) is list, (model.__name__, name)
    key = model.match_key if issubclass(model, ctmanual.model.Strict) else None
    assert key is None or key in model.model_fields, (model.__name__, key)


def test_the_translatable_keys_of_each_kind_of_file_are_fields_of_its_models():
    kinds = {"courses/basics.yml": [Course], "assessment-plans.yml": [AssessmentPlan],
             "basics/assessment.yml": MODELS, "referral/countries/fr.yml": MODELS,
             "basics/sessions/spotting.md": [Module, SessionPlan, Activity, Safeguarding, Handout, Page, Competency,
                                             Source, GlossaryEntry]}
    for rel, models in kinds.items():
        fields = {info.alias or name for model in models for name, info in model.model_fields.items()}
        assert translatable_fields(rel) <= fields, rel


def test_the_translatable_keys_of_each_kind_of_file_come_from_the_models():
    assert translatable_fields("courses/basics.yml") == {"title", "summary"}
    assert translatable_fields("assessment-plans.yml") == {"summary", "resit"}
    assert translatable_fields("basics/assessment.yml") == {
        "question", "options", "rationale", "title", "scenario", "criterion", "beginning", "developing",
        "proficient", "pass_standard", "evidence", "recording", "reassessment"}
    assert translatable_fields("referral/countries/fr.yml") == {
        "title", "description", "summary", "text", "country", "name", "legal_basis", "institution", "duties",
        "action", "time", "note"}
    assert translatable_fields("basics/sessions/spotting.md") == {
        "title", "summary", "objectives", "materials", "preparation", "evaluation", "term", "definition",
        "description", "criteria", "steps", "trainer_notes", "content_note", "stepping_out", "support", "disclosure",
        "publisher", "note"}
    assert translatable_names(Activity) == {"title", "steps", "trainer_notes"}
    assert translatable_names(Module, Page) == {"title", "summary", "objectives"}
    assert not {"id", "minutes", "audiences", "duration", "answer", "pass_mark"} & translatable_names(
        SessionPlan, Assessment, AssessmentPlan, Question, Rubric, Country, Module)
