"""Steps shared by the browser journeys."""

from pathlib import Path

from playwright.sync_api import expect

from quizzes.models import Attempt

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def log_in(page, username: str, full_name: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Demo@2026")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("banner")).to_contain_text(full_name)


def right_answers(attempt: Attempt) -> dict:
    """Every question answered right, read from the server's snapshot of the attempt."""
    answers = {}
    for item in attempt.snapshot:
        if item["kind"] == "short_answer":
            answers[str(item["id"])] = item["accepted"][0]
        else:
            answers[str(item["id"])] = [c["id"] for c in item["choices"] if c["correct"]]
    return answers


def complete_course(learner, course_slug: str):
    """`learner` enrols in the demo course, completes its lessons and passes its quiz, with the
    default certificate template: the course and the certificate issued (its PDF rendered)."""
    from certificates.models import Certificate, CourseCertificateTemplate
    from certificates.services import get_or_create_default_template
    from courses.models import CoursePage
    from lms import services
    from lms.models import Enrollment
    from quizzes import services as quiz_services
    from quizzes.models import QuizPage

    course = CoursePage.objects.get(slug=course_slug)
    CourseCertificateTemplate.objects.update_or_create(
        course=course, defaults={"template": get_or_create_default_template()}
    )
    services.enroll(user=learner, course=course)
    for lesson in course.lessons():
        services.record_lesson_completed(user=learner, course=course, lesson=lesson)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = quiz_services.start_attempt(quiz=quiz, user=learner)
    quiz_services.submit_attempt(
        attempt_id=attempt.pk, user=learner, answers=right_answers(attempt)
    )
    assert Enrollment.objects.get(user=learner, course=course).is_completed
    return course, Certificate.objects.get(user=learner, course=course)


def admin_log_in(page, username: str) -> None:
    """Log a demo account into the Wagtail admin."""
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Demo@2026")
    page.locator("form button[type=submit]").click()
    expect(page.locator("aside, nav").first).to_contain_text(username)


def answer(page, attempt: Attempt, *, right: bool) -> None:
    """Answer every question of the attempt on the page: all right, or all wrong. The test
    reads the answers from the server's snapshot: the page itself never shows them."""
    for item in attempt.snapshot:
        if item["kind"] == "short_answer":
            page.fill(f"#q-{item['id']}", item["accepted"][0] if right else "không biết")
            continue
        wanted = [c for c in item["choices"] if c["correct"] == right]
        for choice in wanted if item["kind"] == "multiple" else wanted[:1]:
            page.locator(f"input[name][value='{choice['id']}']").check()


def take_quiz(page, learner, course_slug: str, *, right: bool, shot: str, screenshot) -> Attempt:
    page.goto(f"/courses/{course_slug}/bai-kiem-tra/")
    page.locator("form[action*='start'] button[type=submit]").click()
    expect(page.locator("form[data-quiz-form]")).to_be_visible()
    attempt = Attempt.objects.filter(user=learner, status="in_progress").get()
    answer(page, attempt, right=right)
    screenshot(shot)
    page.locator("form[data-quiz-form] button[type=submit]").click()
    expect(page).to_have_url(
        f"{page.url.split('/learning/')[0]}/learning/quizzes/attempts/{attempt.pk}/result/"
    )
    attempt.refresh_from_db()
    return attempt
