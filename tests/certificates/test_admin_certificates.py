"""The certificates admin: template preview, a course's template, the scoped listing and its
export, revoke and reissue, and the ZIP of a course's PDFs."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.admin.templates import SAMPLE_HOLDER
from certificates.models import (
    Certificate,
    CertificateStatus,
    CourseCertificateTemplate,
    RenderState,
)
from tests.certificates.conftest import HOLDER_NAME
from tests.factories import LearnerProfileFactory, make_course

INDEX = reverse("cds_certificates:index")


def make_certificate(*, user, course, template, serial, **fields):
    """A certificate row as issuing leaves it, without rendering (listing tests)."""
    return Certificate.objects.create(
        user=user,
        course=course,
        template=template,
        serial=serial,
        holder_name=fields.pop("holder_name", user.learner_profile.full_name),
        course_title=course.title,
        **fields,
    )


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    """The holder's certificate, issued and rendered."""
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(enrollment_id=completed.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == RenderState.READY
    return certificate


# --- templates ----------------------------------------------------------------------------


def test_preview_returns_the_template_as_an_inline_pdf(template, site_admin, admin_login):
    url = reverse(
        "wagtailsnippets_cds_certificates_certificatetemplate:preview_pdf", args=[template.pk]
    )

    response = admin_login(site_admin).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")


def test_preview_is_offered_on_the_edit_screen(template, site_admin, admin_login):
    edit = reverse("wagtailsnippets_cds_certificates_certificatetemplate:edit", args=[template.pk])

    response = admin_login(site_admin).get(edit)

    assert "Preview as PDF" in response.content.decode()


def test_a_learner_cannot_preview(template, learner, admin_login):
    url = reverse(
        "wagtailsnippets_cds_certificates_certificatetemplate:preview_pdf", args=[template.pk]
    )
    response = admin_login(learner).get(url)
    assert response.status_code in (302, 403)
    assert not response.content.startswith(b"%PDF")
    assert SAMPLE_HOLDER  # the sample name the preview fills in


def test_an_administrator_chooses_a_course_template(template, site_admin, admin_login):
    course = make_course(lessons=1, title="Khóa học mới")
    client = admin_login(site_admin)
    add = reverse("cds_certificates_course_templates:add")

    # the course choice offers courses only, not other pages
    form = client.get(add).context["form"]
    assert set(form.fields["course"].queryset) == {course.page_ptr}

    response = client.post(add, {"course": course.pk, "template": template.pk})

    assert response.status_code == 302
    assert CourseCertificateTemplate.objects.get(course=course).template == template


def test_a_non_course_page_is_refused_as_a_course(template, site_admin, admin_login):
    from wagtail.models import Page

    root = Page.objects.get(depth=1)
    response = admin_login(site_admin).post(
        reverse("cds_certificates_course_templates:add"),
        {"course": root.pk, "template": template.pk},
    )
    assert response.status_code == 200
    assert not CourseCertificateTemplate.objects.filter(course=root).exists()


# --- listing and scope --------------------------------------------------------------------


@pytest.fixture
def neighbours(province, course, template, unit_manager):
    """One certificate in the manager's district (its commune), one in the department."""
    mine = LearnerProfileFactory(unit=province["commune"], full_name="Phạm Văn Xã").user
    theirs = LearnerProfileFactory(unit=province["department"], full_name="Đỗ Thị Sở").user
    return {
        "mine": make_certificate(user=mine, course=course, template=template, serial="TB-1-1"),
        "theirs": make_certificate(user=theirs, course=course, template=template, serial="TB-1-2"),
    }


def test_a_manager_lists_only_the_certificates_of_their_units(
    neighbours, unit_manager, admin_login
):
    response = admin_login(unit_manager).get(INDEX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Phạm Văn Xã" in html and "TB-1-1" in html
    assert "Đỗ Thị Sở" not in html and "TB-1-2" not in html


def test_a_manager_exports_only_the_certificates_of_their_units(
    neighbours, unit_manager, admin_login
):
    response = admin_login(unit_manager).get(INDEX + "?export=csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    serials = {row[4] for row in rows[1:]}
    assert serials == {"TB-1-1"}
    assert rows[0][0] == "Learner"


def test_an_administrator_lists_every_certificate_and_may_filter(
    neighbours, site_admin, admin_login
):
    client = admin_login(site_admin)

    html = client.get(INDEX).content.decode()
    assert "TB-1-1" in html and "TB-1-2" in html

    services.revoke(certificate=neighbours["theirs"], by=site_admin, reason="Sai thông tin")
    filtered = client.get(INDEX, {"status": "revoked"}).context["object_list"]
    assert [row.serial for row in filtered] == ["TB-1-2"]


def test_the_listing_exports_xlsx(neighbours, site_admin, admin_login):
    response = admin_login(site_admin).get(INDEX + "?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


@pytest.fixture
def many(province, course, template, unit_manager, request):
    rows = request.param
    for n in range(rows):
        user = LearnerProfileFactory(unit=province["commune"]).user
        make_certificate(user=user, course=course, template=template, serial=f"TB-9-{n}")
    return rows


# The certificates index costs a unit manager 11 queries, for 3 rows as for 30:
#   1  the user (the session is read from the cache)
#   2  the user's permissions (own, then through groups), cached for the request
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the roots the user manages, for the certificates' scope (LearnerProfile.visible_to)
#   1  the count for the paginator
#   1  the courses offered by the course filter
#   1  the certificates of the page, the learner's email joined in (one query)
#   3  Wagtail's own furniture: the locales for the admin's JS config, and the user's page
#      and collection permissions for the sidebar menu
CERTIFICATES_INDEX_QUERIES = 11


@pytest.mark.parametrize("many", [3, 30], indirect=True)
def test_the_index_query_count_does_not_grow_with_rows(
    many, unit_manager, admin_login, django_assert_num_queries
):
    client = admin_login(unit_manager)
    client.get(INDEX)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(CERTIFICATES_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == many


# --- revoke and reissue -------------------------------------------------------------------


def test_revoke_needs_a_reason_and_a_post(issued, site_admin, admin_login):
    client = admin_login(site_admin)
    url = reverse("cds_certificates:revoke", args=[issued.pk])

    assert client.get(url).status_code == 200  # the form; nothing changes
    response = client.post(url, {"reason": "  "})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.VALID


def test_revoke_checks_csrf(issued, site_admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(site_admin)

    response = client.post(reverse("cds_certificates:revoke", args=[issued.pk]), {"reason": "x"})

    assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.VALID


def test_an_administrator_revokes_with_a_reason(issued, site_admin, admin_login):
    response = admin_login(site_admin).post(
        reverse("cds_certificates:revoke", args=[issued.pk]), {"reason": "Cấp nhầm người"}
    )

    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.REVOKED
    assert issued.revocation_reason == "Cấp nhầm người"
    entry = ModelLogEntry.objects.get(action="cds_certificates.certificate.revoke")
    assert entry.user == site_admin and entry.data["reason"] == "Cấp nhầm người"


def test_an_administrator_reissues_with_a_reason(
    issued, site_admin, admin_login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_login(site_admin).post(
            reverse("cds_certificates:reissue", args=[issued.pk]), {"reason": "Sai chức vụ"}
        )

    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.REPLACED
    assert issued.replaced_by.status == CertificateStatus.VALID
    assert issued.replaced_by.serial != issued.serial
    entry = ModelLogEntry.objects.get(action="cds_certificates.certificate.reissue")
    assert entry.user == site_admin and entry.data["reason"] == "Sai chức vụ"


def test_a_manager_may_not_revoke(issued, unit_manager, admin_login):
    response = admin_login(unit_manager).post(
        reverse("cds_certificates:revoke", args=[issued.pk]), {"reason": "x"}
    )
    assert response.status_code in (302, 403)
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.VALID


def test_revoke_and_reissue_show_in_the_site_history(issued, site_admin, admin_login):
    client = admin_login(site_admin)
    client.post(reverse("cds_certificates:revoke", args=[issued.pk]), {"reason": "Lý do"})

    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    assert "Certificate revoked" in html


# --- ZIP ----------------------------------------------------------------------------------


def test_the_zip_holds_the_ready_pdfs_named_by_serial(
    issued, course, template, province, site_admin, admin_login
):
    pending = make_certificate(
        user=LearnerProfileFactory(unit=province["department"]).user,
        course=course,
        template=template,
        serial="TB-PENDING-1",
    )

    response = admin_login(site_admin).get(reverse("cds_certificates:course_zip", args=[course.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert bundle.namelist() == [f"{issued.serial}.pdf"]
    with issued.pdf.open("rb") as stored:
        assert bundle.read(f"{issued.serial}.pdf") == stored.read()
    assert f"{pending.serial}.pdf" not in bundle.namelist()


def test_the_zip_leaves_out_certificates_outside_a_managers_units(
    issued, course, unit_manager, admin_login
):
    # the holder is in the department, outside the manager's district
    response = admin_login(unit_manager).get(
        reverse("cds_certificates:course_zip", args=[course.pk])
    )

    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert bundle.namelist() == []
    assert HOLDER_NAME
