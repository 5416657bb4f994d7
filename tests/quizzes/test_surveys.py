"""Course surveys: who may answer, answering once, and the "survey answered" criterion."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from courses.models import CourseCriterion
from lms import services as lms_services
from lms.models import Enrollment
from quizzes import survey_services
from quizzes.exceptions import AlreadySubmitted, InvalidAnswers, SurveyUnavailable
from quizzes.models import CourseSurvey, SurveyAnswer, SurveyPhase, SurveyResponse
from tests.factories import LearnerProfileFactory, make_course_survey, make_survey

pytestmark = pytest.mark.usefixtures("english")


def survey_url(course, phase: str) -> str:
    return reverse("polls:survey", args=[course.pk, phase])


@pytest.fixture
def survey(db):
    return make_survey()


@pytest.fixture
def surveyed_course(course, survey):
    """The course asks the same awareness survey before and after."""
    make_course_survey(course, survey, SurveyPhase.PRE)
    make_course_survey(course, survey, SurveyPhase.POST)
    return course


def form_data(survey, values=(2, 4), text="Chữ ký số") -> dict[str, str]:
    likert = [q for q in survey.questions.all() if q.is_likert]
    data = {f"q{q.pk}": str(value) for q, value in zip(likert, values, strict=True)}
    for question in survey.questions.exclude(kind="likert"):
        data[f"q{question.pk}"] = text
    return data


def service_answers(survey, value: int = 4) -> dict[int, int | str]:
    return {q.pk: (value if q.is_likert else "Ý kiến") for q in survey.questions.all()}


def test_the_survey_page_needs_a_login(client, surveyed_course):
    response = client.get(survey_url(surveyed_course, "pre"))
    assert response.status_code == 302 and reverse("lms:login") in response.url


def test_the_survey_page_is_forbidden_to_people_not_enrolled(learner_client, surveyed_course):
    response = learner_client.get(survey_url(surveyed_course, "pre"))
    assert response.status_code == 403
    assert "You are not enrolled in this course" in response.content.decode()


def test_unknown_phase_or_survey_is_not_found(learner_client, learner, course, surveyed_course):
    lms_services.enroll(user=learner, course=course)
    assert learner_client.get(survey_url(course, "during")).status_code == 404
    CourseSurvey.objects.filter(phase="post").delete()
    assert learner_client.get(survey_url(course, "post")).status_code == 404


def test_the_form_shows_the_agreement_scale_and_the_open_question(
    learner_client, enrolled, surveyed_course, survey
):
    page = learner_client.get(survey_url(surveyed_course, "pre")).content.decode()

    for label in ("Strongly disagree", "Disagree", "Agree", "Strongly agree"):
        assert label in page
    assert "Tôi hiểu chuyển đổi số là gì." in page
    assert "<textarea" in page and "<fieldset" in page and "<legend" in page


def test_a_learner_submits_the_survey_once(
    learner_client, learner, enrolled, surveyed_course, survey
):
    url = survey_url(surveyed_course, "pre")

    response = learner_client.post(url, form_data(survey), follow=True)

    assert "Thank you: your answers have been recorded." in response.content.decode()
    stored = SurveyResponse.objects.get()
    assert (stored.user, stored.course_id, stored.phase) == (learner, surveyed_course.pk, "pre")
    assert sorted(SurveyAnswer.objects.exclude(value=None).values_list("value", flat=True)) == [
        2,
        4,
    ]
    assert SurveyAnswer.objects.get(value=None).text == "Chữ ký số"

    again = learner_client.post(url, form_data(survey, values=(5, 5)), follow=True)
    assert "You have already answered this survey." in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert sorted(SurveyAnswer.objects.exclude(value=None).values_list("value", flat=True)) == [
        2,
        4,
    ]
    # The page now says it was answered instead of showing the form again.
    assert "You answered this survey on" in learner_client.get(url).content.decode()


def test_a_missing_answer_is_shown_and_nothing_is_written(
    learner_client, enrolled, surveyed_course, survey
):
    data = form_data(survey)
    first_likert = next(q for q in survey.questions.all() if q.is_likert)
    del data[f"q{first_likert.pk}"]

    response = learner_client.post(survey_url(surveyed_course, "pre"), data)

    assert response.status_code == 200
    assert "Choose a point on the scale." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_service_checks_enrollment_answers_and_repeats(
    learner, course, surveyed_course, survey
):
    link = survey_services.course_survey(course.pk, "pre")
    likert = [q for q in survey.questions.all() if q.is_likert]
    text_question = survey.questions.get(kind="text")
    answers = {likert[0].pk: 3, likert[1].pk: 5, text_question.pk: "Không"}

    with pytest.raises(SurveyUnavailable):
        survey_services.submit_survey(link=link, user=learner, answers=answers)
    lms_services.enroll(user=learner, course=course)
    with pytest.raises(InvalidAnswers):
        survey_services.submit_survey(link=link, user=learner, answers={**answers, likert[0].pk: 6})
    with pytest.raises(InvalidAnswers):
        survey_services.submit_survey(link=link, user=learner, answers={**answers, 999999: 1})
    assert not SurveyResponse.objects.exists()

    survey_services.submit_survey(link=link, user=learner, answers=answers)
    with pytest.raises(AlreadySubmitted):
        survey_services.submit_survey(link=link, user=learner, answers=answers)
    assert SurveyResponse.objects.count() == 1 and SurveyAnswer.objects.count() == 3


def test_one_response_per_learner_course_survey_and_phase_is_a_constraint(
    learner, course, surveyed_course, survey
):
    SurveyResponse.objects.create(
        survey=survey, course=course, user=learner, phase="pre", submitted_at="2026-01-05T08:00Z"
    )
    with pytest.raises(IntegrityError):
        SurveyResponse.objects.create(
            survey=survey,
            course=course,
            user=learner,
            phase="pre",
            submitted_at="2026-01-06T08:00Z",
        )


def test_a_course_survey_needs_a_course_page_and_one_survey_per_phase(home, course, survey):
    with pytest.raises(ValidationError) as error:
        CourseSurvey(course=home, survey=survey, phase="pre").full_clean()
    assert "course" in error.value.message_dict

    CourseSurvey(course=course, survey=survey, phase="pre").full_clean()
    make_course_survey(course, survey, "pre")
    with pytest.raises(ValidationError):
        CourseSurvey(course=course, survey=survey, phase="pre").full_clean()


def test_the_course_outline_links_to_its_surveys(learner_client, enrolled, surveyed_course, survey):
    page = learner_client.get(surveyed_course.url).content.decode()
    assert survey_url(surveyed_course, "pre") in page
    assert survey_url(surveyed_course, "post") in page
    assert "not answered yet" in page


def test_the_course_outline_has_no_surveys_for_visitors(client, surveyed_course):
    page = client.get(surveyed_course.url).content.decode()
    assert survey_url(surveyed_course, "pre") not in page


def test_answering_the_post_course_survey_completes_the_course(
    learner, course, surveyed_course, survey
):
    CourseCriterion.objects.create(course=course, kind="lessons")
    CourseCriterion.objects.create(course=course, kind="survey_answered")
    lms_services.enroll(user=learner, course=course)
    for lesson in course.lessons().filter(required=True):
        lms_services.record_lesson_completed(user=learner, course=course, lesson=lesson)
    assert not Enrollment.objects.get().is_completed

    answers = service_answers(survey)
    survey_services.submit_survey(
        link=survey_services.course_survey(course.pk, "pre"), user=learner, answers=answers
    )
    assert not Enrollment.objects.get().is_completed  # the pre-course survey is not the one

    survey_services.submit_survey(
        link=survey_services.course_survey(course.pk, "post"), user=learner, answers=answers
    )
    assert Enrollment.objects.get().is_completed


def test_the_criterion_is_not_met_by_another_learners_answers(
    learner, course, surveyed_course, survey
):
    CourseCriterion.objects.create(course=course, kind="survey_answered")
    other = LearnerProfileFactory().user
    for person in (learner, other):
        lms_services.enroll(user=person, course=course)
    survey_services.submit_survey(
        link=survey_services.course_survey(course.pk, "post"),
        user=other,
        answers=service_answers(survey),
    )
    assert Enrollment.objects.get(user=other).is_completed
    assert not Enrollment.objects.get(user=learner).is_completed
