"""The learner downloads everything held about them: data.json and their certificate PDFs."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from certificates import services as certificate_services
from lms import services as lms_services
from lms.models import PersonalDataAccess
from quizzes import poll_services
from tests.certificates.conftest import (  # noqa: F401  (fixtures)
    HOLDER_NAME,
    completed,
    course,
    holder,
    media_root,
    template,
)
from tests.factories import LearnerProfileFactory, make_course, make_poll

DOWNLOAD = reverse("lms:privacy_download")


@pytest.fixture
def certified(completed, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_services.issue_certificate(enrollment_id=completed.pk)
    certificate.refresh_from_db()
    return certificate


def test_the_archive_holds_the_persons_data_and_pdfs_and_no_one_elses(
    client,
    holder,  # noqa: F811
    certified,
    course,  # noqa: F811
    province,
):
    other = LearnerProfileFactory(
        unit=province["department"], full_name="Người Khác Hẳn", phone="0988 777 666"
    )
    lms_services.enroll(user=other.user, course=make_course(lessons=1, title="Xã hội số"))
    poll = make_poll()
    choice = poll.choices.first()
    poll_services.vote(poll=poll, choice_id=choice.pk, user=holder, voter_key=None)
    client.force_login(holder)

    response = client.post(DOWNLOAD)

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["full_name"] == HOLDER_NAME
    assert data["account"]["email"] == holder.email
    assert [e["course"] for e in data["enrollments"]] == ["Chính quyền số cơ bản"]
    assert data["enrollments"][0]["lessons_completed"]
    assert [c["serial"] for c in data["certificates"]] == [certified.serial]
    assert "training_sessions" in data
    votes = data["quizzes_and_surveys"]["poll_votes"]
    assert [(v["poll"], v["choice"]) for v in votes] == [(poll.question, choice.text)]
    pdf = archive.read(f"certificates/{certified.serial}.pdf")
    assert pdf.startswith(b"%PDF")
    everything = b"".join(
        archive.read(name) for name in archive.namelist() if name.endswith(".json")
    )
    text = everything.decode()
    assert other.full_name not in text and other.user.email not in text and "0988" not in text
    assert "Xã hội số" not in text
    entry = PersonalDataAccess.objects.get()
    assert (entry.actor, entry.subject, entry.action) == (holder, holder, "downloaded_own")


def test_download_is_a_logged_post_only(client, holder):  # noqa: F811
    client.force_login(holder)
    assert client.get(DOWNLOAD).status_code == 405
    assert not PersonalDataAccess.objects.exists()
    client.logout()
    assert client.post(DOWNLOAD).status_code == 302  # to the login page


def test_the_profile_offers_the_download(client, holder):  # noqa: F811
    client.force_login(holder)
    html = client.get(reverse("lms:profile")).content.decode()
    assert f'action="{DOWNLOAD}"' in html
