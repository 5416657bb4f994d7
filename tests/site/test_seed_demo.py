from io import StringIO

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from certificates.models import Certificate, CourseCertificateTemplate
from lms.models import (
    Enrollment,
    ErasureRequest,
    LearnerProfile,
    LessonProgress,
    OrganisationUnit,
    UnitManagerAssignment,
)
from quizzes.models import Choice, CourseSurvey, Poll, Question, QuizPage

BLENDED_SLUG = "chuyen-doi-so-hop-tac-xa-nong-nghiep"


def snapshot() -> dict:
    User = get_user_model()
    return {
        "users": list(
            User.objects.order_by("pk").values_list("username", "password", "is_superuser")
        ),
        "groups": list(
            User.groups.through.objects.order_by("pk").values_list("user_id", "group_id")
        ),
        "profiles": list(LearnerProfile.objects.order_by("pk").values()),
        "units": list(OrganisationUnit.objects.values_list("code", "path", "name")),
        "managers": list(UnitManagerAssignment.objects.values_list("user_id", "unit_id")),
        "pages": list(Page.objects.values_list("path", "slug", "title", "live")),
        "revisions": Revision.objects.count(),
        "page_log": PageLogEntry.objects.count(),
        "sites": list(Site.objects.values_list("root_page_id", "is_default_site")),
        "enrollments": list(Enrollment.objects.order_by("pk").values()),
        "progress": list(LessonProgress.objects.order_by("pk").values()),
        "questions": list(Question.objects.order_by("pk").values_list("pk", "text")),
        "choices": Choice.objects.count(),
        "quizzes": list(QuizPage.objects.values_list("pk", "path")),
        "polls": list(Poll.objects.values_list("pk", "question", "live")),
        "certificate_templates": list(
            CourseCertificateTemplate.objects.values_list("course_id", "template_id")
        ),
        "surveys": list(CourseSurvey.objects.values_list("course_id", "survey_id", "phase")),
        "certificates": list(Certificate.objects.order_by("pk").values_list("serial", "issued_at")),
        "erasure_requests": list(ErasureRequest.objects.values_list("user__username", "status")),
    }


def test_seed_demo_is_idempotent_and_makes_every_role_login(db):
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first

    for username, group in [
        ("learner", "Learner"),
        ("coopleader", "Learner"),
        ("trainer", "Trainer"),
        ("manager", "Unit manager"),
        ("editor", "Editor"),
        ("admin", "Site administrator"),
    ]:
        user = authenticate(username=username, password="Demo@2026")
        assert user is not None, username
        assert user.groups.filter(name=group).exists()
        assert user.learner_profile.unit is not None

    manager = get_user_model().objects.get(username="manager")
    scope = set(OrganisationUnit.objects.managed_by(manager).values_list("code", flat=True))
    assert scope == {"TB-VUTHU", "TB-VUTHU-TANHOA", "TB-VUTHU-HTX-VUHOI"}
    assert OrganisationUnit.objects.filter(kind="cooperative").count() == 3
    assert (
        Site.objects.get(is_default_site=True).root_page.specific.__class__.__name__ == "HomePage"
    )
    # and the site administrator finds one erasure request waiting, with its reason
    waiting = ErasureRequest.objects.get()
    assert (waiting.user.username, waiting.status) == ("hocvien07", "pending")
    assert waiting.reason


def test_seed_demo_has_three_pillar_courses_and_learner_progress(db):
    from courses.models import CoursePage

    call_command("seed_demo", stdout=StringIO())
    courses = CoursePage.objects.live().exclude(slug=BLENDED_SLUG)  # tests/test_seed_blended.py
    assert sorted(c.pillar for c in courses) == [
        "digital_economy",
        "digital_government",
        "digital_society",
    ]
    for course in courses:
        lessons = list(course.lessons())
        assert len(lessons) >= 5
        assert all(len(str(lesson.specific.body.raw_data)) > 800 for lesson in lessons)
    enrollment = Enrollment.objects.get(user__username="learner")
    assert 0 < enrollment.progress_percent < 100
    economy = Enrollment.objects.get(
        user__username="coopleader", course__slug="kinh-te-so-cho-hop-tac-xa"
    )
    assert economy.source == "assigned"


def test_seed_demo_has_a_question_bank_and_a_quiz_in_every_course(db):
    from courses.models import CoursePage

    call_command("seed_demo", stdout=StringIO())
    assert Question.objects.count() >= 20
    assert {q.kind for q in Question.objects.all()} == {
        "single",
        "multiple",
        "true_false",
        "short_answer",
    }
    for course in CoursePage.objects.exclude(slug=BLENDED_SLUG):  # lessons + attendance
        quiz = QuizPage.objects.child_of(course).get()
        kinds = [c.kind for c in course.completion_criteria.all()]
        assert kinds == ["lessons", "quiz_passed"]
        assert course.completion_criteria.get(kind="quiz_passed").target_page_id == quiz.pk


def test_seed_demo_has_an_open_poll_in_a_lesson_and_a_pre_post_survey(db):
    call_command("seed_demo", stdout=StringIO())
    poll = Poll.objects.get()
    assert poll.live and poll.voters == "anyone" and poll.choices.count() == 4
    assert CourseSurvey.objects.filter(phase="pre").count() == 1
    assert CourseSurvey.objects.filter(phase="post").count() == 1
    from courses.models import LessonPage

    assert any(
        block.block_type == "poll" for page in LessonPage.objects.all() for block in page.body
    )


def test_every_demo_course_issues_the_vietnamese_certificate(db):
    from courses.models import CoursePage

    call_command("seed_demo", stdout=StringIO())
    choices = CourseCertificateTemplate.objects.select_related("template")
    assert choices.count() == CoursePage.objects.count() == 4  # three pillars and the blended one
    assert all("GIẤY CHỨNG NHẬN" in choice.template.body for choice in choices)


def test_the_managers_units_have_certificates_issued_over_several_weeks(db):
    # The dashboard's "certificates issued per week" chart has something to show the demo's
    # `manager` (Vũ Thư district): one certificate per completion, dated at the completion.
    call_command("seed_demo", stdout=StringIO())
    district = UnitManagerAssignment.objects.get(user__username="manager").unit
    certificates = Certificate.objects.valid().filter(
        user__learner_profile__unit__path__startswith=district.path
    )
    assert certificates.count() >= 5
    weeks = {certificate.issued_at.isocalendar()[:2] for certificate in certificates}
    assert len(weeks) >= 3
    for certificate in certificates:
        enrollment = Enrollment.objects.get(user=certificate.user, course=certificate.course)
        assert certificate.issued_at == enrollment.completed_at
