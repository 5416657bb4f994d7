"""The lesson page: who may read the body, navigation, completion state and the lesson timer."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.models import LessonPage
from lms import services
from tests.factories import make_course

pytestmark = pytest.mark.usefixtures("english")

BODY = "Nội dung bài 2."


@pytest.fixture
def lessons(course):
    return list(course.lessons())


@pytest.fixture
def lesson(lessons):
    return lessons[1]


def assert_body_hidden(html: str, lesson) -> None:
    assert lesson.title in html
    assert BODY not in html
    assert "Enrol to read this lesson" in html
    assert "Bài 1" in html and "Bài 4" in html  # the outline is still there


def test_anonymous_visitors_see_the_outline_and_a_log_in_prompt_not_the_body(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert_body_hidden(html, lesson)
    assert "Log in to enrol" in html


def test_learners_not_enrolled_see_the_enrol_button_not_the_body(learner_client, course, lesson):
    html = learner_client.get(lesson.url).content.decode()
    assert_body_hidden(html, lesson)
    assert reverse("courses:enrol", args=[course.pk]) in html
    assert "Mark as complete" not in html


def test_withdrawn_learners_no_longer_see_the_body(learner_client, learner, course, lesson):
    enrollment = services.enroll(user=learner, course=course)
    services.withdraw(enrollment=enrollment, user=learner)
    assert_body_hidden(learner_client.get(lesson.url).content.decode(), lesson)


def test_enrolled_learners_read_the_body_and_can_mark_it_complete(
    learner_client, learner, course, lessons, lesson
):
    services.enroll(user=learner, course=course)

    html = learner_client.get(lesson.url).content.decode()

    assert BODY in html
    assert "Enrol to read this lesson" not in html
    action = reverse("courses:complete_lesson", args=[course.pk, lesson.pk])
    assert f'<form method="post" action="{action}"' in html
    assert "Mark as complete" in html
    # previous and next lessons in tree order
    assert f'href="{lessons[0].url}" rel="prev"' in html
    assert f'href="{lessons[2].url}" rel="next"' in html


def test_a_completed_lesson_shows_its_state_and_a_tick(learner_client, learner, course, lesson):
    services.enroll(user=learner, course=course)
    services.record_lesson_completed(user=learner, course=course, lesson=lesson)

    response = learner_client.get(lesson.url)

    html = response.content.decode()
    assert "Mark as complete" not in html
    assert response.context["lesson_done"] is True
    assert "lms-outline__item--done" in html
    assert "25% complete" not in html and "33% complete" in html  # one of three required


def test_the_first_and_last_lessons_have_one_neighbour(learner_client, learner, course, lessons):
    services.enroll(user=learner, course=course)
    first = learner_client.get(lessons[0].url).content.decode()
    last = learner_client.get(lessons[-1].url).content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_editors_read_the_body_in_preview(client, superuser, lesson):
    # Given an editor previewing a draft of the lesson
    page = lesson.specific
    page.body = [("paragraph", "<p>Bản nháp mới.</p>")]
    page.save_revision(user=superuser)
    client.force_login(superuser)

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bản nháp mới." in html
    assert "Enrol to read this lesson" not in html
    assert "Mark as complete" not in html  # nothing to record in a preview


def test_an_unpublished_lesson_is_not_found(learner_client, learner, course, lesson):
    services.enroll(user=learner, course=course)
    url = lesson.url
    lesson.unpublish()
    assert learner_client.get(url).status_code == 404


# --- automatic completion --------------------------------------------------------------


def test_no_timer_when_the_lesson_and_the_site_say_zero(learner_client, learner, course, lesson):
    services.enroll(user=learner, course=course)
    html = learner_client.get(lesson.url).content.decode()
    assert "lesson-timer.js" not in html and "data-lesson-timer" not in html


@pytest.mark.parametrize("lesson_seconds, site_seconds, expected", [(90, 0, 90), (None, 45, 45)])
def test_the_timer_uses_the_lessons_seconds_or_the_site_default(
    learner_client, learner, course, lesson, settings, lesson_seconds, site_seconds, expected
):
    settings.COURSES_AUTO_COMPLETE_SECONDS = site_seconds
    LessonPage.objects.filter(pk=lesson.pk).update(auto_complete_seconds=lesson_seconds)
    services.enroll(user=learner, course=course)

    response = learner_client.get(lesson.url)

    html = response.content.decode()
    assert response.context["timer_seconds"] == expected
    assert f'data-seconds="{expected}"' in html
    assert response.context["timer_token"] in html
    assert "/static/courses/js/lesson-timer.js" in html


def test_a_lesson_set_to_zero_overrides_the_site_default(
    learner_client, learner, course, lesson, settings
):
    settings.COURSES_AUTO_COMPLETE_SECONDS = 45
    LessonPage.objects.filter(pk=lesson.pk).update(auto_complete_seconds=0)
    services.enroll(user=learner, course=course)
    assert learner_client.get(lesson.url).context["timer_seconds"] == 0


def test_no_timer_on_a_completed_lesson_or_for_visitors(
    client, learner_client, learner, course, lesson, settings
):
    settings.COURSES_AUTO_COMPLETE_SECONDS = 45
    assert client.get(lesson.url).context["timer_seconds"] == 0
    services.enroll(user=learner, course=course)
    services.record_lesson_completed(user=learner, course=course, lesson=lesson)
    assert learner_client.get(lesson.url).context["timer_seconds"] == 0


# --- body blocks ----------------------------------------------------------------------


def test_every_body_block_renders_with_its_template(
    learner_client, learner, catalogue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="Sơ đồ", file=get_test_image_file())
    document = Document.objects.create(
        title="Nghị quyết 02", file=ContentFile(b"%PDF-1.4 test", name="nghi-quyet-02.pdf")
    )
    course = make_course(catalogue, lessons=0)
    lesson = course.add_child(
        instance=LessonPage(
            title="Bài có đủ khối",
            slug="du-khoi",
            body=[  # the stored (JSON) form, as an editor's save leaves it
                {"type": "heading", "value": "Mục tiêu"},
                {"type": "paragraph", "value": "<p>Đoạn văn.</p>"},
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "caption": "Hình 1",
                        "alt_text": "Sơ đồ ba trụ cột",
                    },
                },
                {"type": "document", "value": {"document": document.pk, "title": "Tải nghị quyết"}},
                {
                    "type": "callout",
                    "value": {"kind": "warning", "title": "Lưu ý", "text": "<p>Đọc kỹ.</p>"},
                },
            ],
        )
    )
    services.enroll(user=learner, course=course)

    html = learner_client.get(lesson.url).content.decode()

    assert '<h2 class="lms-lesson__heading">Mục tiêu</h2>' in html
    assert "<p>Đoạn văn.</p>" in html
    assert 'alt="Sơ đồ ba trụ cột"' in html and "<figcaption>Hình 1</figcaption>" in html
    assert "width-960" in html
    assert document.url in html and "Tải nghị quyết" in html and "(PDF" in html
    assert "lms-callout--warning" in html and "Warning: Lưu ý" in html
    assert "<p>Đọc kỹ.</p>" in html
