import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import CourseCriterion
from lms import services as lms_services
from lms.models import Enrollment
from quizzes import services
from quizzes.exceptions import QuizUnavailable, TamperedAnswers
from quizzes.models import Attempt, Question
from tests.factories import make_course, make_question, make_quiz


@pytest.fixture
def course_with_quiz(db):
    course = make_course(lessons=1)
    CourseCriterion.objects.create(course=course, kind="lessons")
    questions = [make_question(f"Câu {i}?") for i in range(3)]
    quiz = make_quiz(course, questions, pass_mark=60, max_attempts=2)
    CourseCriterion.objects.create(course=course, kind="quiz_passed", target_page=quiz)
    return course, quiz


def answer_all(attempt, right: int):
    """Answers with the first `right` questions correct."""
    answers = {}
    for i, item in enumerate(attempt.snapshot):
        wanted = i < right
        answers[str(item["id"])] = [c["id"] for c in item["choices"] if c["correct"] == wanted][:1]
    return answers


def test_failing_then_passing_completes_the_course(learner, course_with_quiz):
    course, quiz = course_with_quiz
    lms_services.enroll(user=learner, course=course)
    lms_services.record_lesson_completed(user=learner, course=course, lesson=course.lessons()[0])
    attempt = services.start_attempt(quiz=quiz, user=learner)
    assert services.start_attempt(quiz=quiz, user=learner).pk == attempt.pk  # resume
    services.submit_attempt(attempt_id=attempt.pk, user=learner, answers=answer_all(attempt, 1))
    enrollment = Enrollment.objects.get()
    assert not enrollment.is_completed and enrollment.progress_percent == 50

    second = services.start_attempt(quiz=quiz, user=learner)
    assert second.number == 2
    graded = services.submit_attempt(
        attempt_id=second.pk, user=learner, answers=answer_all(second, 2)
    )
    assert graded.passed and graded.percent == Decimal("66.67")
    assert Enrollment.objects.get().is_completed
    with pytest.raises(QuizUnavailable):
        services.start_attempt(quiz=quiz, user=learner)  # two attempts allowed, both used


def test_submitting_twice_grades_once_and_snapshot_survives_bank_edits(learner, course_with_quiz):
    course, quiz = course_with_quiz
    lms_services.enroll(user=learner, course=course)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    first = services.submit_attempt(
        attempt_id=attempt.pk, user=learner, answers=answer_all(attempt, 3)
    )
    again = services.submit_attempt(
        attempt_id=attempt.pk, user=learner, answers=answer_all(attempt, 0)
    )
    assert first.percent == again.percent == 100
    Question.objects.update(text="Đã sửa")
    assert Attempt.objects.get().snapshot[0]["text"].startswith("Câu")


def test_late_submission_is_graded_as_it_stood_at_the_limit(learner, course_with_quiz):
    course, quiz = course_with_quiz
    quiz.time_limit_minutes = 10
    quiz.save()
    lms_services.enroll(user=learner, course=course)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    services.save_answers(attempt_id=attempt.pk, user=learner, answers=answer_all(attempt, 1))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    graded = services.submit_attempt(
        attempt_id=attempt.pk, user=learner, answers=answer_all(attempt, 3)
    )
    assert graded.late and graded.score == 1


def test_not_enrolled_and_tampered_answers(learner, course_with_quiz):
    course, quiz = course_with_quiz
    with pytest.raises(QuizUnavailable):
        services.start_attempt(quiz=quiz, user=learner)
    lms_services.enroll(user=learner, course=course)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    first, second = attempt.snapshot[0], attempt.snapshot[1]
    with pytest.raises(TamperedAnswers):
        services.submit_attempt(
            attempt_id=attempt.pk,
            user=learner,
            answers={str(first["id"]): [second["choices"][0]["id"]]},
        )
    assert Attempt.objects.get().status == "in_progress"
