"""The course catalogue: filters, pagination and the learner's own status on each card."""

import unicodedata

import pytest

from lms import services
from lms.models import EnrollmentSource
from tests.factories import make_course

pytestmark = pytest.mark.usefixtures("english")


def titles(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


@pytest.fixture
def courses(catalogue):
    """Four courses that differ in pillar, audience and delivery mode."""
    return {
        "government": make_course(
            catalogue,
            lessons=1,
            title="Chính quyền số cho cán bộ xã",
            summary="Dịch vụ công trực tuyến.",
            pillar="digital_government",
            audience=["civil_servant"],
        ),
        "economy": make_course(
            catalogue,
            lessons=1,
            title="Thương mại điện tử",
            summary="Bán hàng trên sàn.",
            pillar="digital_economy",
            audience=["cooperative_leader"],
            delivery_mode="blended",
        ),
        "society": make_course(
            catalogue,
            lessons=1,
            title="Kỹ năng số",
            summary="An toàn trên mạng cho mọi người dân.",
            pillar="digital_society",
            audience=[],  # for everyone
        ),
        "citizens": make_course(
            catalogue,
            lessons=1,
            title="Ví điện tử",
            summary="Thanh toán không dùng tiền mặt.",
            pillar="digital_society",
            audience=["citizen"],
        ),
    }


def test_every_live_course_is_listed_with_its_facts(client, catalogue, courses):
    # Given a draft course next to the live ones
    draft = make_course(catalogue, lessons=0, title="Bản nháp")
    draft.unpublish()

    # When anyone opens the catalogue
    response = client.get(catalogue.url)

    # Then the live courses are listed in tree order, each with its pillar, mode, duration, audience
    assert response.status_code == 200
    assert titles(response) == [
        "Chính quyền số cho cán bộ xã",
        "Thương mại điện tử",
        "Kỹ năng số",
        "Ví điện tử",
    ]
    html = response.content.decode()
    assert "Bản nháp" not in html
    assert "Digital economy" in html
    assert "Blended (online and in person)" in html
    assert "1 h" in html  # the default 60 minutes
    assert "Cooperative leader" in html
    # Anonymous visitors have no status to see
    assert "Not enrolled" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"pillar": "digital_society"}, ["Kỹ năng số", "Ví điện tử"]),
        ({"delivery_mode": "blended"}, ["Thương mại điện tử"]),
        # A course without an audience is for everyone, so it matches every audience
        ({"audience": "citizen"}, ["Kỹ năng số", "Ví điện tử"]),
        ({"audience": "civil_servant"}, ["Chính quyền số cho cán bộ xã", "Kỹ năng số"]),
        ({"q": "mạng"}, ["Kỹ năng số"]),  # in the summary
        ({"q": "điện tử"}, ["Thương mại điện tử", "Ví điện tử"]),  # in the title
        ({"pillar": "digital_society", "audience": "citizen", "q": "ví"}, ["Ví điện tử"]),
        ({"q": "không có khóa nào như vậy"}, []),
    ],
)
def test_filters_narrow_the_list(client, catalogue, courses, query, expected):
    response = client.get(catalogue.url, query)
    assert titles(response) == expected
    assert response.context["filter_form"].is_filtering


def test_free_text_typed_with_combining_marks_still_matches(client, catalogue, courses):
    # Given a search typed in decomposed Unicode (as some Vietnamese keyboards send it)
    decomposed = unicodedata.normalize("NFD", "  Kỹ   năng ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)

    response = client.get(catalogue.url, {"q": decomposed})

    assert titles(response) == ["Kỹ năng số"]


def test_an_unknown_filter_value_is_reported_and_ignored(client, catalogue, courses):
    response = client.get(catalogue.url, {"pillar": "space", "delivery_mode": "blended"})
    assert titles(response) == ["Thương mại điện tử"]
    assert "Select a valid choice" in response.content.decode()


def test_the_filter_form_is_a_labelled_get_form(client, catalogue, courses):
    html = client.get(catalogue.url).content.decode()
    assert 'method="get"' in html
    assert 'role="search"' in html
    for name in ("q", "pillar", "audience", "delivery_mode"):
        assert f'<label class="lms-label" for="id_{name}">' in html


def test_pages_of_results_keep_the_filters(client, catalogue, courses, settings):
    settings.COURSES_CATALOGUE_PAGE_SIZE = 2
    for n in range(3):
        make_course(catalogue, lessons=0, title=f"Xã hội số {n}", pillar="digital_society")

    first = client.get(catalogue.url, {"pillar": "digital_society"})
    second = client.get(catalogue.url, {"pillar": "digital_society", "page": 2})
    third = client.get(catalogue.url, {"pillar": "digital_society", "page": 3})

    assert titles(first) == ["Kỹ năng số", "Ví điện tử"]
    assert titles(second) == ["Xã hội số 0", "Xã hội số 1"]
    assert titles(third) == ["Xã hội số 2"]
    assert "5 courses" in first.content.decode()
    # the links to other pages keep the pillar
    assert "?pillar=digital_society&amp;page=2" in first.content.decode()


def test_each_card_shows_the_learners_own_status(learner_client, learner, catalogue, courses):
    # Given a learner in progress on one course, done with another and withdrawn from a third
    in_progress = make_course(catalogue, lessons=2, title="Đang học")
    services.enroll(user=learner, course=in_progress)
    services.record_lesson_completed(
        user=learner, course=in_progress, lesson=in_progress.lessons()[0]
    )
    done = courses["government"]
    services.enroll(user=learner, course=done)
    services.record_lesson_completed(user=learner, course=done, lesson=done.lessons()[0])
    withdrawn = services.enroll(user=learner, course=courses["economy"])
    services.withdraw(enrollment=withdrawn, user=learner)

    # When the learner opens the catalogue
    response = learner_client.get(catalogue.url)

    # Then each card says where they stand, in words
    cards = {course.title: course.learner_enrollment for course in response.context["courses"]}
    assert cards["Kỹ năng số"] is None
    assert cards["Đang học"].progress_percent == 50
    html = response.content.decode()
    assert "In progress: 50%" in html
    assert "Completed" in html
    assert "Withdrawn" in html
    assert html.count("Not enrolled") == 2  # the society and citizens courses


def test_an_assigned_course_shows_in_progress_too(learner_client, learner, catalogue, superuser):
    course = make_course(catalogue, lessons=2, enrollment_policy="assigned")
    services.enroll(user=learner, course=course, source=EnrollmentSource.ASSIGNED, by=superuser)
    assert "In progress: 0%" in learner_client.get(catalogue.url).content.decode()
