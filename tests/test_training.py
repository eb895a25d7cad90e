"""Trainer tools: agenda arithmetic, course checks, competency coverage, answer keys kept out of
participant outputs, forms and profiles per language."""

from __future__ import annotations

import re

import pytest
from docx import Document as WordDocument

from ctmanual.agenda import clock, format_agenda, plan_agenda
from ctmanual.model import Activity, Audience, Method, Safeguarding, SessionPlan
from ctmanual.model_course import Course

from helpers import LANGUAGES, ctm_output, pdf_words


def plan(sid: str, *minutes: int) -> SessionPlan:
    activities = [Activity(title=f"{sid} {i}", minutes=m, method=Method.INPUT, steps=["Do it."])
                  for i, m in enumerate(minutes, start=1)]
    return SessionPlan(id=sid, module="basics", title=sid.title(), duration=sum(minutes),
                       audiences=[Audience.LAW_ENFORCEMENT], objectives=["Learn."], competencies=["k-definition"],
                       materials=["Paper"], activities=activities, evaluation=["Ask."],
                       safeguarding=Safeguarding(content_note="A case.", stepping_out="Anyone may step out.",
                                                 support="The co-trainer.", disclosure="Talk privately at the break."))


def course(**overrides) -> Course:
    fields = dict(id="c", title="C", summary="S", audiences=["law-enforcement"], days=2, start="09:00", end="13:00",
                  lunch={"at": "12:00", "minutes": 30}, breaks=[{"at": "10:30", "minutes": 15}], sessions=["a"])
    return Course.model_validate({**fields, **overrides})


def timeline(agenda) -> list[list[tuple[str, str, str]]]:
    return [[(clock(s.start), clock(s.end), s.session.id if s.session else s.kind) for s in day.slots]
            for day in agenda.days]


def test_a_session_that_would_run_past_the_end_of_the_day_starts_the_next_day():
    agenda = plan_agenda(course(), [plan("a", 60, 60), plan("b", 45, 45), plan("c", 120)])
    assert agenda.problems == []
    # b would end at 13:15 after the break and lunch: it moves to day 2 (day 1 ends early, not late)
    assert timeline(agenda) == [
        [("09:00", "11:00", "a")],
        [("09:00", "10:30", "b"), ("10:30", "10:45", "break"), ("10:45", "12:45", "c")],
    ]
    assert all(day.end <= 13 * 60 for day in agenda.days)


def test_breaks_and_lunch_fall_at_the_activity_boundary_nearest_their_time():
    agenda = plan_agenda(course(end="17:00", days=1), [plan("p", 60, 60, 60), plan("q", 60, 60)])
    assert timeline(agenda) == [[("09:00", "11:00", "p"), ("11:00", "11:15", "break"), ("11:15", "12:15", "p"),
                                 ("12:15", "12:45", "lunch"), ("12:45", "14:45", "q")]]
    assert [slot.continued for slot in agenda.days[0].slots if slot.kind == "session"] == [False, True, False]
    assert agenda.days[0].teaching_minutes == 300


def test_each_piece_of_a_session_cut_by_a_break_names_the_activities_it_runs():
    agenda = plan_agenda(course(end="17:00", days=1), [plan("p", 60, 60, 60), plan("q", 60, 60)])
    pieces = [(slot.session.id, slot.activities) for slot in agenda.days[0].slots if slot.kind == "session"]
    assert pieces == [("p", (1, 2)), ("p", (3,)), ("q", ())]  # q runs whole: named, not its activities
    text = format_agenda(agenda, {})
    assert "09:00-11:00  P: 1. p 1; 2. p 2" in text and "11:15-12:15  P (continued): 3. p 3" in text
    long = plan_agenda(course(end="17:00", days=1), [plan("r", 30, 30, 30, 30, 60)])
    assert "09:00-10:30  R: 1. r 1 – 3. r 3" in format_agenda(long, {})  # first and last of more than two
    assert "12:45-14:45  Q\n" in text + "\n"


def test_what_does_not_fit_is_named_with_what_to_drop():
    agenda = plan_agenda(course(), [plan("a", 60, 60), plan("b", 45, 45), plan("c", 120), plan("d", 120)])
    assert agenda.problems == ["1 session (120 min) does not fit in 2 days: d (120 min). "
                               "Drop it from `sessions:` or add a day"]
    too_long = plan_agenda(course(days=1), [plan("marathon", 150, 150)])
    assert too_long.problems[0].startswith("session 'marathon' (300 min) does not fit in a training day of 09:00-13:00")


def test_blocks_must_add_up_to_the_days():
    with pytest.raises(ValueError, match=r"blocks \[2, 1\] add up to 3 days, not days: 4"):
        course(days=4, blocks=[2, 1])
    agenda = plan_agenda(course(days=4, blocks=[2, 2]), [plan("a", 60)])
    assert [day.block for day in agenda.days] == [1, 1, 2, 2]


def test_a_course_that_does_not_fit_fails_validation_with_its_line(project, capsys):
    project.replace("courses/basics-morning.yml", 'end: "12:00"', 'end: "09:30"')
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("courses/basics-morning.yml", "sessions:")
    assert code == 1
    assert f"courses/basics-morning.yml:{line}: session 'spotting-signs' (45 min) does not fit in a training day" in out
    project.replace("courses/basics-morning.yml", "sessions: all", "sessions: [spotting-signs, juggling]")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("courses/basics-morning.yml", "juggling")
    assert f"courses/basics-morning.yml:{line}: unknown session 'juggling'" in out


def test_agenda_command_prints_the_timed_agenda(project, capsys):
    code, out = ctm_output(project.root, capsys, "agenda", "basics-morning")
    assert code == 0
    assert "09:00-09:15  Spotting the signs" in out and "09:15-09:20  Break" in out
    assert "09:20-09:50  Spotting the signs (continued)" in out
    code, out = ctm_output(project.root, capsys, "agenda", "basics-morning", "--lang", "ru")
    assert code == 0
    broken = project.write("elsewhere.yml", project.read("courses/basics-morning.yml").replace("days: 1", "days: 0"))
    code, out = ctm_output(project.root, capsys, "agenda", str(broken))
    assert code == 1 and "elsewhere.yml:5: 'days'" in out


def test_every_competency_must_be_taught(project, capsys):
    project.replace("modules/competencies.yml", "- id: s-identify",
                    "- id: a-juggle\n  area: attitudes\n  title: Juggle\n  description: Juggles.\n- id: s-identify")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("modules/competencies.yml", "id: a-juggle")
    assert code == 1 and f"modules/competencies.yml:{line}: competency 'a-juggle' is taught by no session plan" in out


def test_a_knowledge_check_whose_right_options_are_the_longest_is_a_warning(project, capsys):
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 0 and "longest" not in out  # one of two questions: not over half
    project.replace("modules/basics/assessment.yml", "paid less than the adults who did the same work beside her.",
                    "paid.")
    code, out = ctm_output(project.root, capsys, "validate")
    line = project.line_of("modules/basics/assessment.yml", "questions:")
    assert code == 0  # a warning: the build goes on
    assert (f"modules/basics/assessment.yml:{line}: warning: the right option is the longest in 2 of 2 questions "
            "(bas-q1, bas-q2)") in out


def test_longest_answer_share_counts_only_a_strictly_longest_right_option():
    from ctmanual.model_course import Question, longest_answer_share

    def question(answer: int, *options: str) -> Question:
        return Question(id="q", question="?", options=list(options), answer=answer, rationale="r",
                        competencies=["k-definition"])

    assert question(2, "aa", "bbbb", "cc").answer_is_longest
    assert not question(2, "aaaa", "bbbb", "cc").answer_is_longest  # a tie gives nothing away
    assert not question(1, "aa", "bbbb", "cc").answer_is_longest
    assert longest_answer_share([question(2, "a", "bb", "c"), question(1, "a", "bb", "c")]) == 0.5
    assert longest_answer_share([]) == 0.0


def test_answer_keys_stay_out_of_participant_outputs(built_site):
    pack = pdf_words(built_site / "downloads/basics-handouts-en.pdf")
    assert "A 16-year-old says she agreed to the work" in pack  # the knowledge check is for participants
    assert "Rationalewordzebra" not in pack and "✔" not in pack
    manual = pdf_words(built_site / "downloads/manual-en.pdf")
    assert "Rationalewordzebra" in manual  # the answer key is in the trainer's manual
    check = (built_site / "modules/basics/knowledge-check/index.html").read_text(encoding="utf-8")
    assert "agreed to the work" in check and "Rationalewordzebra" not in check
    trainer = (built_site / "modules/basics/assessment/index.html").read_text(encoding="utf-8")
    assert "Rationalewordzebra" in trainer and "Names three and says what to do." in trainer
    assert "<li><strong>Someone else holds the child&#x27;s documents.</strong> ✔</li>" in trainer.replace("'", "&#x27;")
    assert "<li>The child is tall.</li>" in trainer
    session = pdf_words(built_site / "downloads/spotting-signs-en.pdf")
    assert "Rationalewordzebra" not in session


def test_course_documents_in_every_language(built_site):
    for lang in LANGUAGES:
        folder = built_site / ("downloads" if lang == "en" else f"{lang}/downloads")
        for name in ("agenda", "questionnaire", "feedback"):
            assert (folder / f"basics-morning-{name}-{lang}.pdf").stat().st_size > 0
            assert (folder / f"basics-morning-{name}-{lang}.docx").stat().st_size > 0
        assert (folder / f"competencies-law-enforcement-{lang}.pdf").stat().st_size > 0
    agenda = WordDocument(str(built_site / "downloads/basics-morning-agenda-en.docx"))
    rows = [[cell.text for cell in row.cells] for table in agenda.tables for row in table.rows]
    assert ["09:00–09:15", "Spotting the signs: 1. Opening round", "Basics of identification"] in rows
    assert ["09:20–09:50", "Spotting the signs (continued): 2. Indicator sorting", "Basics of identification"] in rows
    assert ["09:15–09:20", "Break", ""] in rows
    questionnaire = "\n".join(p.text for p in WordDocument(
        str(built_site / "downloads/basics-morning-questionnaire-en.docx")).paragraphs)
    assert "A 16-year-old says she agreed to the work" in questionnaire and "Rationalewordzebra" not in questionnaire
    feedback = WordDocument(str(built_site / "ru/downloads/basics-morning-feedback-ru.docx"))
    assert any("Spotting the signs" in cell.text for t in feedback.tables for row in t.rows for cell in row.cells)
    assert "09:00" in pdf_words(built_site / "fr/downloads/basics-morning-agenda-fr.pdf")


def test_the_trainer_pack_holds_agenda_plans_rubrics_and_questionnaire(built_site):
    pack = pdf_words(built_site / "fr/downloads/basics-morning-trainer-pack-fr.pdf")
    for expected in ("09:00–09:15", "Spotting the signs", "Indicator list", "Names three and says what to do.",
                     "Rationalewordzebra", "A 16-year-old says she agreed to the work"):
        assert expected in pack, expected


def test_competency_matrix_and_profiles(built_site):
    matrix = (built_site / "competencies/matrix/index.html").read_text(encoding="utf-8")
    assert "Identify a presumed child victim" in matrix and "✔" in matrix
    profile = (built_site / "competencies/law-enforcement/index.html").read_text(encoding="utf-8")
    assert "Names three indicators in a case description." in profile and "Spotting the signs" in profile


@pytest.mark.slow
def test_a_course_page_is_in_the_readers_language_once_its_sessions_are(project, tmp_path):
    from ctmanual.pipeline import build

    project.write("translations/ru/basics/sessions/spotting-signs.md",
                  project.read("modules/basics/sessions/spotting-signs.md").replace("title: Spotting the signs",
                                                                                    "title: Как заметить признаки"))
    site = build(project.root, cache_dir=tmp_path / "cache", downloads=False).site_dir
    agenda = (site / "ru/courses/basics-morning/index.html").read_text(encoding="utf-8")
    assert "Как заметить признаки" in agenda and "ctm-fallback" not in agenda  # the course file itself is English
    assert "ctm-fallback" in (site / "fr/courses/basics-morning/index.html").read_text(encoding="utf-8")
    assert "ctm-fallback" in (site / "ru/courses/basics-morning/questionnaire/index.html").read_text(encoding="utf-8")


PLANS = "modules/assessment-plans.yml"


def test_an_assessment_plan_names_real_questions_and_rubrics(project, capsys):
    project.replace(PLANS, "question_sets: [basics]", "question_sets: [basix]\n  questions: [bas-q7]")
    project.replace(PLANS, "rubrics: [bas-r1]", "rubrics: [bas-r9]")
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1
    assert f"{PLANS}:3: unknown question set 'basix': use the id of a module that has an assessment.yml" in out
    assert f"{PLANS}:4: unknown question 'bas-q7': use a question id from a module's assessment.yml" in out
    assert f"{PLANS}:6: unknown rubric 'bas-r9': use a rubric id from a module's assessment.yml" in out
    assert (f"{PLANS}:1: the plan for 'law-enforcement' assesses no rubric or question on k-definition, s-identify, "
            "which its competency profile lists: add a rubric or questions that assess them") in out


def test_an_assessment_plan_covers_every_competency_of_its_profile(project, capsys):
    project.replace(PLANS, "question_sets: [basics]", "questions: [bas-q2]")  # s-identify only, as bas-r1
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1 and (f"{PLANS}:1: the plan for 'law-enforcement' assesses no rubric or question on "
                          "k-definition, which its competency profile lists") in out
    project.replace(PLANS, "questions: [bas-q2]", "question_sets: [basics]\n  questions: [bas-q2]")
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1 and f"{PLANS}:4: question 'bas-q2' is already in question set 'basics': list it once" in out
    project.write(PLANS, project.read(PLANS).replace("  questions: [bas-q2]\n", "") +
                  project.read(PLANS).replace("Planwordotter", "Again"))
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1 and f"{PLANS}:7: a second plan for 'law-enforcement': one plan per audience" in out
    project.write(PLANS, "- audience: law-enforcement\n  summary: S.\n  pass_mark: 80\n  rubrics: [bas-r1]\n"
                         "  resit: R.\n")
    code, out = ctm_output(project.root, capsys, "validate")
    assert code == 1 and f"{PLANS}:1: '0': no knowledge questions" in out


def test_the_profile_page_and_its_pdf_show_the_assessment_plan(built_site):
    page = (built_site / "competencies/law-enforcement/index.html").read_text(encoding="utf-8")
    for expected in ("Planwordotter", "Resitwordheron", "Passwordkoala", 'id="assessment-plan"',
                     "at least 80% of the 2 knowledge questions correctly (2 or more)",
                     'href="../../modules/basics/assessment/#bas-r1"', 'href="../../modules/basics/assessment/"'):
        assert expected in page, expected
    assert re.search(r'Assessed by:</em> <a href="../../modules/basics/assessment/#bas-r1">Spotting the signs in a '
                     r'case</a> · Basics of identification, question <a href="../../modules/basics/assessment/'
                     r'#bas-q2">2</a>', page)
    pdf = pdf_words(built_site / "downloads/competencies-law-enforcement-en.pdf")
    for expected in ("Planwordotter", "Passwordkoala", "Resitwordheron", "Spotting the signs in a case"):
        assert expected in pdf, expected
    french = (built_site / "fr/competencies/law-enforcement/index.html").read_text(encoding="utf-8")
    assert "Planwordotter" in french and 'href="../../modules/basics/assessment/#bas-r1"' in french


def test_a_rubrics_pass_standard_and_guidance_are_on_the_page_and_in_print(built_site):
    page = (built_site / "modules/basics/assessment/index.html").read_text(encoding="utf-8")
    for expected in ('id="bas-r1"', 'id="bas-q1"', 'id="bas-r1-pass-standard"', "Passwordkoala", "Guidance for assessors",
                     "read for the indicators named", "Once, within a month, on another fictional case."):
        assert expected in page, expected
    for pdf in ("downloads/manual-en.pdf", "fr/downloads/basics-morning-trainer-pack-fr.pdf"):
        text = pdf_words(built_site / pdf)
        assert "Passwordkoala" in text and "read for the indicators named" in text, pdf
    assert "Passwordkoala" not in pdf_words(built_site / "downloads/basics-handouts-en.pdf")  # participants


def test_a_translation_gives_the_wording_of_plans_and_rubrics_and_falls_back_to_the_source(project):
    from ctmanual.load import load_project

    project.write("translations/fr/assessment-plans.yml", project.read(PLANS).replace(
        "Planwordotter for police officers after the basics course.", "Pour les policiers.").replace(
        "rubrics: [bas-r1]", "rubrics: [bas-r9]"))  # ids come from the source
    source = project.read("modules/basics/assessment.yml")
    project.write("translations/fr/basics/assessment.yml", source.replace(
        "Passwordkoala proficient", "Compétent").replace("      reassessment: Once, within a month",
                                                          "      reassessment: Une fois, dans le mois"))
    project.write("translations/ru/basics/assessment.yml", source[:source.index("    pass_standard:")])
    loaded, problems = load_project(project.root)
    assert not problems, problems.report(project.root)
    plan, fallback = loaded.assessment_plan_for("fr", "law-enforcement")
    assert not fallback and plan.summary == "Pour les policiers." and plan.rubrics == ["bas-r1"]
    assert loaded.assessment_plan_for("ru", "law-enforcement")[1]  # no translation: the source, marked
    rubric = loaded.assessment_for("fr", "basics")[0].rubrics[0]
    assert rubric.pass_standard.startswith("Compétent") and rubric.assessor_guidance.reassessment.startswith("Une fois")
    rubric = loaded.assessment_for("ru", "basics")[0].rubrics[0]  # made before the rubric had them
    assert rubric.pass_standard.startswith("Passwordkoala") and rubric.assessor_guidance.evidence
