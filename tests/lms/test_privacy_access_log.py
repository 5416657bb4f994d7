"""The personal data access log: who viewed or exported whose data, seen by administrators."""

import pytest
from django.urls import reverse

from lms.models import PersonalDataAccess
from lms.privacy.services import log_access
from tests.factories import LearnerProfileFactory, UserFactory

LEARNERS = reverse("cds_lms_learners:index")
PROGRESS = reverse("cds_lms_reports:learner_progress")
LOG = reverse("cds_lms_privacy:access_log")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def entries() -> list[tuple]:
    return list(
        PersonalDataAccess.objects.order_by("pk").values_list("actor", "subject", "action", "what")
    )


def test_the_learner_list_and_a_learners_details_are_logged(
    admin_login, unit_manager, site_admin, province
):
    inside = LearnerProfileFactory(unit=province["commune"], full_name="Vũ Văn Xem")
    client = admin_login(unit_manager)

    client.get(LEARNERS, {"unit": province["commune"].pk, "q": "Vũ"})
    client.get(reverse("cds_lms_learners:inspect", args=[inside.pk]))
    admin_login(site_admin).get(reverse("cds_lms_learners:edit", args=[inside.pk]))

    assert entries() == [
        (unit_manager.pk, None, "viewed", f"Learners (q=Vũ, unit={province['commune'].pk})"),
        (unit_manager.pk, inside.user_id, "viewed", "learner details"),
        (site_admin.pk, inside.user_id, "viewed", "learner edit form"),
    ]


def test_an_export_is_logged_once_with_its_filters(admin_login, superuser, province, learner):
    client = admin_login(superuser)

    response = client.get(LEARNERS, {"export": "csv", "category": "civil_servant"})
    b"".join(response.streaming_content)

    assert entries() == [
        (superuser.pk, None, "exported", "Learners [csv] (category=civil_servant)")
    ]


def test_an_export_of_totals_names_nobody_and_is_not_logged(admin_login, superuser, learner):
    client = admin_login(superuser)

    response = client.get(reverse("cds_lms_reports:course_summary"), {"export": "csv"})
    b"".join(response.streaming_content)

    assert response.status_code == 200
    assert entries() == []


def test_the_learner_progress_report_is_logged(admin_login, superuser, province):
    client = admin_login(superuser)

    client.get(PROGRESS, {"unit": province["district"].pk})
    response = client.get(PROGRESS, {"export": "xlsx"})
    response.getvalue() if hasattr(response, "getvalue") else b"".join(response.streaming_content)

    assert entries() == [
        (superuser.pk, None, "viewed", f"Learner progress (unit={province['district'].pk})"),
        (superuser.pk, None, "exported", "Learner progress [xlsx]"),
    ]


def test_administrators_read_and_filter_the_log_managers_may_not(
    admin_login, superuser, site_admin, unit_manager, learner
):
    other = UserFactory(username="nguoi-khac@example.gov.vn")
    log_access(actor=unit_manager, subject=learner, action="viewed", what="learner details")
    log_access(actor=other, action="exported", what="Learners [csv]")

    assert admin_login(unit_manager).get(LOG).status_code == 403
    page = admin_login(site_admin).get(LOG)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trần Thị Học" in html and "Lê Văn Quản" in html and "Learners [csv]" in html
    filtered = admin_login(superuser).get(LOG, {"action": "exported"}).content.decode()
    assert "Learners [csv]" in filtered and "learner details" not in filtered
    by_actor = admin_login(superuser).get(LOG, {"actor": "nguoi-khac"}).content.decode()
    assert "Learners [csv]" in by_actor and "learner details" not in by_actor
    by_subject = admin_login(superuser).get(LOG, {"subject": "Trần Thị"}).content.decode()
    assert "learner details" in by_subject and "Learners [csv]" not in by_subject


def test_only_administrators_see_the_menu_items(admin_login, superuser, unit_manager):
    assert LOG in admin_login(superuser).get(reverse("wagtailadmin_home")).content.decode()
    assert LOG not in admin_login(unit_manager).get(reverse("wagtailadmin_home")).content.decode()
