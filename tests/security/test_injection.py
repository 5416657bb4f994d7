"""Markup typed by a person never runs: a learner's name, a position, a course or question
title, a certificate template's fields and rich text are shown as text (escaped) or stripped
of what executes, on the learner's pages, the public verification page, the admin listings and
reports, and in the certificate and sign-in sheet PDFs."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Page

from certificates import pdf as certificate_pdf
from certificates import services as certificate_services
from certificates.admin.templates import sample_certificate
from courses import services as course_services
from courses.models import AttendanceStatus
from courses.signin_sheet import render_html as signin_html
from courses.signin_sheet import render_signin_sheet
from lms import services as lms_services
from lms.richtext import sanitise_html
from quizzes import services as quiz_services
from tests.factories import (
    LearnerProfileFactory,
    UnitFactory,
    make_article,
    make_article_index,
    make_course,
    make_question,
    make_quiz,
    make_session,
)

NAME = "<script>alert(1)</script><img src=x onerror=alert(1)>"
POSITION = 'javascript:alert(1)"><svg onload=alert(1)>'
UNIT = "<iframe src=javascript:alert(1)></iframe>Sở"
COURSE = "Khóa <b onmouseover=alert(1)>học</b><script>alert(1)</script>"
QUESTION = "Câu <img src=x onerror=alert(1)> hỏi?"
#: What an import, the API or a restored revision might store as rich text.
RICH = (
    "<p>Bài học <script>alert(1)</script>"
    '<a href="javascript:alert(1)">a</a> <a href="jav&#x61;script:alert(1)">b</a> '
    '<a href="vbscript:msgbox(1)">c</a> <a href="data:text/html;base64,PHNjcmlwdD4=">d</a> '
    '<img src=x onerror="alert(1)"><iframe src="https://evil.example/"></iframe>'
    '<span onclick="alert(1)">e</span></p>'
)

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def assert_inert(html: str, *, shows: tuple[str, ...] = ()) -> None:
    """Nothing in `html` runs what a person typed; each text of `shows` is shown as text."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert "alert(" not in script.get_text(), script
    for element in soup.find_all(True):
        if element.name in ("iframe", "svg") and "alert" in str(element):
            raise AssertionError(element)
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not (attribute.startswith("on") and "alert" in text), element
            if attribute in ("href", "src", "action", "formaction"):
                scheme = "".join(text.split()).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:text")), element
    text = soup.get_text()
    for value in shows:
        assert value in text, value


@pytest.fixture
def people(db, role_groups):
    """A learner whose name, position and unit are markup, enrolled in a course whose title is
    markup, with an attendance record, a quiz attempt and a certificate."""
    from django.contrib.auth.models import Group

    from lms import roles

    unit = UnitFactory(code="SO-XSS", name=UNIT)
    profile = LearnerProfileFactory(unit=unit, full_name=NAME, position=POSITION)
    user = profile.user
    user.groups.add(Group.objects.get(name=roles.LEARNER))
    course = make_course(lessons=1, title=COURSE, delivery_mode="blended")
    lms_services.enroll(user=user, course=course)
    session = make_session(course, title="Buổi <script>alert(1)</script>")
    course_services.register(session=session, user=user)
    return {"user": user, "unit": unit, "course": course, "session": session}


@pytest.fixture
def certificate(people, superuser):
    course, user = people["course"], people["user"]
    course_services.mark_attendance(
        session=people["session"],
        learner_id=user.pk,
        status=AttendanceStatus.PRESENT,
        remark="<script>alert(1)</script>",
        by=superuser,
    )
    enrollment = lms_services.record_lesson_completed(
        user=user, course=course, lesson=course.lessons()[0]
    )
    issued = certificate_services.issue_certificate(
        enrollment_id=enrollment.pk, template=certificate_services.get_or_create_default_template()
    )
    quiz = make_quiz(course, [make_question(QUESTION)])
    attempt = quiz_services.start_attempt(quiz=quiz, user=user)
    quiz_services.submit_attempt(attempt_id=attempt.pk, user=user, answers={})
    return issued


# --- the learner's pages and the public verification page ----------------------------------


def test_the_learner_pages_show_the_markup_as_text(client, people):
    client.force_login(people["user"])
    for url, shows in (
        (reverse("lms:dashboard"), (COURSE,)),
        (reverse("lms:profile"), ()),
        (people["course"].url, (COURSE,)),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert_inert(html, shows=shows)
    profile = client.get(reverse("lms:profile")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in profile  # the name, in its field


def test_the_verification_page_shows_the_name_as_text(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert_inert(html)
    assert "&lt;script&gt;" in html  # the holder's name (or its masked form), escaped


def test_a_question_is_shown_as_text_on_the_quiz_page(client, people):
    quiz = make_quiz(people["course"], [make_question(QUESTION)])
    client.force_login(people["user"])
    attempt = quiz_services.start_attempt(quiz=quiz, user=people["user"])
    response = client.get(reverse("quizzes:take", args=[attempt.pk]))
    assert response.status_code == 200
    assert_inert(response.content.decode(), shows=(QUESTION,))


# --- the admin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "cds_lms_learners:index",
        "cds_courses_enrollments:index",
        "cds_certificates:index",
        "cds_courses_attendance:index",
        "cds_quizzes_attempts:index",
        "cds_lms_reports:learner_progress",
        "cds_lms_reports:course_summary",
    ],
)
def test_admin_listings_and_reports_show_the_markup_as_text(
    admin_login, superuser, certificate, url_name
):
    response = admin_login(superuser).get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the name or the title, escaped


def test_the_attendance_sheet_shows_the_markup_as_text(admin_login, superuser, people):
    response = admin_login(superuser).get(
        reverse("courses:attendance_sheet", args=[people["session"].pk])
    )
    assert response.status_code == 200
    assert_inert(response.content.decode(), shows=(NAME,))


# --- rich text ----------------------------------------------------------------------------


def test_the_sanitiser_strips_every_executable_form():
    cleaned = sanitise_html(RICH)
    assert_inert(cleaned, shows=("Bài học",))
    lowered = cleaned.lower()
    for word in ("script", "javascript", "vbscript", "data:", "onerror", "onclick", "iframe"):
        assert word not in lowered, word


def test_an_article_body_stored_with_markup_is_rendered_inert(client, db):
    root = Page.objects.get(depth=2)
    article = make_article(make_article_index(root), body=[("paragraph", RICH)])
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài học" in html
    assert_inert(html)
    assert "vbscript" not in html and "evil.example" not in html


def test_a_lesson_body_stored_with_markup_is_rendered_inert(client, people):
    lesson = people["course"].lessons()[0].specific
    lesson.body = [("paragraph", RICH)]
    lesson.save_revision().publish()
    client.force_login(people["user"])
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài học" in html
    assert_inert(html)


# --- the certificate: template fields and PDF --------------------------------------------


def test_template_fields_and_body_cannot_put_anything_executable_in_the_pdf(db, settings):
    template = certificate_services.get_or_create_default_template()
    template.signatory_name = "<script>alert(1)</script>Nguyễn Văn Ký"
    template.signatory_title = '<a href="javascript:alert(1)">GIÁM ĐỐC</a>'
    template.body = template.body + (
        '<p><a href="javascript:alert(1)">j</a> <a href="JaVa&#x53;cript:alert(1)">k</a> '
        '<a href="vbscript:msgbox(1)">v</a> <a href="data:text/html,x">d</a> '
        '<a href="https://dichvucong.gov.vn/">Cổng dịch vụ công</a>'
        '<img src="x" onerror="alert(1)"><script>alert(2)</script>'
        '<iframe src="https://evil.example/"></iframe>'
        '<object data="https://evil.example/x.swf"></object>'
        '<embed src="https://evil.example/x.swf"><link rel="stylesheet" href="/static/x.css">'
        '<form action="javascript:alert(1)"><input></form></p>'
    )
    certificate = sample_certificate(template)
    html = certificate_pdf.render_html(
        template, certificate_pdf.certificate_values(certificate), meta={"title": "t"}
    )
    assert_inert(html)
    lowered = html.lower()
    for markup in ("<script", "<iframe", "<object", "<embed", "<form", "<link", "onerror"):
        assert markup not in lowered, markup
    for scheme in ("javascript:", "vbscript:", "data:text"):
        assert f'<a href="{scheme}' not in lowered, scheme
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Nguyễn Văn Ký" in html  # a field, as text
    assert 'href="https://dichvucong.gov.vn/"' in html  # an ordinary link is kept

    data = certificate_pdf.render_certificate(certificate).data
    actions = link_actions(data)
    assert "https://dichvucong.gov.vn/" in actions  # links do become PDF actions...
    assert all(uri.startswith("https://") for uri in actions), actions  # ...never a script
    assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data


def link_actions(data: bytes) -> list[str]:
    """The URI of every link annotation of the PDF."""
    uris = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                uris.append(str(action.get_object().get("/URI", action.get_object())))
    return uris


@needs_poppler
def test_the_certificate_pdf_prints_the_name_as_text(certificate, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    rendered = certificate_pdf.render_certificate(certificate)
    assert b"/JavaScript" not in rendered.data and b"/JS " not in rendered.data
    path = tmp_path / "certificate.pdf"
    path.write_bytes(rendered.data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "<script>alert(1)</script>" in " ".join(text.split())  # printed, not run
    assert "onerror=alert(1)>" in text


@needs_poppler
def test_the_signin_sheet_prints_the_names_as_text(people, tmp_path):
    session = people["session"]
    html = signin_html(session)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    path = tmp_path / "sheet.pdf"
    data = render_signin_sheet(session)
    assert b"/JavaScript" not in data
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "<script>alert(1)</script>" in " ".join(text.split())
