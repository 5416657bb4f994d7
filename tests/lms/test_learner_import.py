"""Bulk import of learners from CSV and XLSX: the checks, the write, the admin screen, the
management command and the query budget."""

import csv
import io
import unicodedata

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from lms import roles, services
from lms.learner_import import template_csv, validate_file
from lms.models import LearnerImport, LearnerImportStatus, LearnerProfile
from tests.factories import LearnerProfileFactory, UserFactory

User = get_user_model()

VI_HEADER = ["Họ và tên", "Email", "Mã đơn vị", "Chức vụ", "Đối tượng", "Mã cán bộ"]
EN_HEADER = ["Full name", "Email", "Unit code", "Position", "Category", "Employee code"]

UPLOAD_URL = reverse("cds_lms_imports:upload")


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in English, the language of the source strings the assertions quote."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def csv_file(rows, header=VI_HEADER, *, bom=True, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_file(rows, header=EN_HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(content: bytes, name="learners.csv", user=None):
    return validate_file(io.BytesIO(content), filename=name, user=user)


def import_file(content: bytes, name="learners.csv", user=None):
    result = check(content, name, user)
    assert result.errors == []
    return services.import_learners(rows=result.rows, by=user)


def errors_of(result):
    return [(error.row, error.column, error.message) for error in result.errors]


GOOD_ROWS = [
    ["Nguyễn Văn An", "An.Nguyen@Example.gov.vn", "SO-TTTT", "Chuyên viên", "Công chức", "CB001"],
    ["Trần Thị Bình", "binh.tran@example.gov.vn", "X-VT-01", "Cán bộ văn hoá", "viên chức", ""],
    ["Lê Hữu Cường", "cuong.le@example.gov.vn", "H-VT", "", "cooperative_leader", "CB003"],
]


# --- a clean file -------------------------------------------------------------------------


def test_a_clean_csv_with_bom_imports_every_learner_with_vietnamese_names(province):
    # Given a CSV UTF-8 file from Excel (with BOM), one name typed with decomposed accents
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][0] = unicodedata.normalize("NFD", "Trần Thị Bình")
    content = csv_file(rows)
    assert content.startswith(b"\xef\xbb\xbf")

    # When it is checked and imported
    summary = import_file(content)

    # Then everyone has an account named by the lower-cased email, a profile and the role
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    an = User.objects.get(username="an.nguyen@example.gov.vn")
    assert an.email == "an.nguyen@example.gov.vn"
    assert not an.has_usable_password()  # they set one through "forgot password"
    assert an.groups.filter(name=roles.LEARNER).exists()
    profile = an.learner_profile
    assert (profile.full_name, profile.unit, profile.position, profile.category) == (
        "Nguyễn Văn An",
        province["department"],
        "Chuyên viên",
        "civil_servant",
    )
    assert profile.employee_code == "CB001"
    binh = LearnerProfile.objects.get(user__username="binh.tran@example.gov.vn")
    assert binh.full_name == "Trần Thị Bình"  # stored precomposed (NFC)
    assert binh.category == "public_employee"
    assert binh.unit == province["commune"]
    assert LearnerProfile.objects.get(employee_code="CB003").category == "cooperative_leader"


def test_a_csv_with_semicolons_and_without_bom_is_read_too(province):
    summary = import_file(csv_file(GOOD_ROWS, bom=False, delimiter=";"))
    assert summary.created == 3


def test_an_xlsx_file_with_english_headers_imports(province):
    # Given a workbook where Excel stored the employee code as a number
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][5] = 1234
    summary = import_file(xlsx_file(rows), name="hoc-vien.xlsx")
    assert summary.created == 3
    assert LearnerProfile.objects.get(user__username="an.nguyen@example.gov.vn").employee_code == (
        "1234"
    )


def test_headers_are_matched_without_case_or_accents_and_extra_columns_are_ignored(province):
    header = ["STT", "HO VA TEN", "e-mail", "ma don vi", "CHỨC VỤ", "doi tuong"]
    rows = [["1", *row[:5]] for row in GOOD_ROWS]
    result = check(csv_file(rows, header=header))
    assert result.errors == []
    assert [row.full_name for row in result.rows] == [row[0] for row in GOOD_ROWS]


def test_the_downloadable_template_reads_back_as_a_valid_header(province):
    content = template_csv()
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").strip() == ",".join(VI_HEADER)
    result = check(content + "\n".join(",".join(row) for row in GOOD_ROWS).encode())
    assert result.errors == []
    assert len(result.rows) == 3


# --- importing again ----------------------------------------------------------------------


def test_importing_the_same_file_again_updates_instead_of_duplicating(province):
    import_file(csv_file(GOOD_ROWS))
    users_before = User.objects.count()

    # When the same file comes again: nothing changes
    again = import_file(csv_file(GOOD_ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert User.objects.count() == users_before

    # When one person's position changed: one update, nobody duplicated
    before = LearnerProfile.objects.get(user__username="cuong.le@example.gov.vn").updated_at
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][3] = "Giám đốc HTX"
    changed = import_file(csv_file(rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert User.objects.count() == users_before
    profile = LearnerProfile.objects.get(user__username="cuong.le@example.gov.vn")
    assert profile.position == "Giám đốc HTX"
    assert profile.employee_code == "CB003"
    assert profile.updated_at > before


def test_existing_accounts_without_a_profile_or_the_role_are_completed(province, unit_manager):
    # Given an account with no learner profile, and a manager with a profile but no Learner role
    UserFactory(username="an.nguyen@example.gov.vn")
    profile = unit_manager.learner_profile
    rows = [
        GOOD_ROWS[0],
        [profile.full_name, unit_manager.email, "H-VT", profile.position, "Công chức", ""],
    ]

    summary = import_file(csv_file(rows))

    # The first becomes a learner (created), the second only gains the role (updated)
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 0)
    assert LearnerProfile.objects.get(user__username="an.nguyen@example.gov.vn").unit_id == (
        province["department"].pk
    )
    assert unit_manager.groups.filter(name=roles.LEARNER).exists()
    assert User.objects.count() == 2


def test_an_existing_account_is_matched_by_email_whatever_its_case(province, learner):
    # Given a registered learner, listed in the file with their email in capitals
    learner.email = "Hoc.Vien@Example.gov.vn"
    learner.save()
    rows = [["Trần Thị Học", "HOC.VIEN@EXAMPLE.GOV.VN", "SO-TTTT", "Trưởng phòng", "citizen", ""]]

    summary = import_file(csv_file(rows))

    assert (summary.created, summary.updated) == (0, 1)
    learner.learner_profile.refresh_from_db()
    assert learner.learner_profile.position == "Trưởng phòng"
    assert User.objects.filter(email__iexact="hoc.vien@example.gov.vn").count() == 1


def test_a_blank_employee_code_keeps_the_one_on_record(province):
    import_file(csv_file(GOOD_ROWS))
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][5] = ""
    summary = import_file(csv_file(rows))
    assert summary.unchanged == 3
    assert LearnerProfile.objects.get(employee_code="CB001")


# --- bad rows: every problem reported, nothing written ------------------------------------


def test_one_bad_file_reports_every_bad_row_and_writes_nothing(province):
    rows = [
        GOOD_ROWS[0],  # row 2
        ["", "not-an-email", "SO-TTTT", "", "Công chức", ""],  # row 3: two problems
        GOOD_ROWS[1],  # row 4
        ["Phạm Văn Dũng", "dung@example.gov.vn", "KHONG-CO", "", "sinh viên", ""],  # row 5
        ["Vũ Thị Em", "AN.NGUYEN@example.gov.vn", "H-VT", "", "citizen", "CB003"],  # row 6
        GOOD_ROWS[2],  # row 7: its employee code is also on row 6
    ]
    users_before = User.objects.count()

    result = check(csv_file(rows))

    assert result.rows == []
    assert errors_of(result) == [
        (3, "Họ và tên", "This cell is empty; a value is required."),
        (3, "Email", "“not-an-email” is not a valid email address."),
        (5, "Mã đơn vị", "No unit has the code “KHONG-CO”."),
        (
            5,
            "Đối tượng",
            "“sinh viên” is not a learner category. Use one of: Civil servant, Public employee, "
            "Cooperative leader, Citizen.",
        ),
        (6, "Email", "The same email address is already on row 2."),
        (7, "Mã cán bộ", "The same employee code is already on row 6."),
    ]
    assert User.objects.count() == users_before
    assert not LearnerProfile.objects.filter(full_name="Nguyễn Văn An").exists()


def test_a_full_name_too_long_is_reported(province):
    rows = [["A" * 201, "long@example.gov.vn", "SO-TTTT", "", "citizen", ""]]
    assert errors_of(check(csv_file(rows))) == [
        (2, "Họ và tên", "Too long: at most 200 characters, this has 201.")
    ]


def test_row_numbers_are_those_of_the_spreadsheet_even_with_blank_rows(province):
    # Given a title line before the header and a blank row between learners
    content = (
        "Danh sách học viên\n"
        + ",".join(VI_HEADER)
        + "\n"
        + ",".join(GOOD_ROWS[0])
        + "\n,,,,,\n"
        + "Ngô Văn F,f@example.gov.vn,NOWHERE,,citizen,\n"
    ).encode()
    assert errors_of(check(content)) == [(5, "Mã đơn vị", "No unit has the code “NOWHERE”.")]


def test_an_unknown_unit_code_is_named_in_the_error(province):
    rows = [["Đỗ Văn G", "g@example.gov.vn", "SO-KHONG-TON-TAI", "", "citizen", ""]]
    result = check(xlsx_file(rows), name="units.xlsx")
    assert errors_of(result) == [(2, "Unit code", "No unit has the code “SO-KHONG-TON-TAI”.")]


def test_unit_codes_match_whatever_their_case(province):
    rows = [["Đỗ Văn G", "g@example.gov.vn", "so-tttt", "", "citizen", ""]]
    result = check(csv_file(rows))
    assert result.rows[0].unit_id == province["department"].pk


def test_duplicate_emails_in_the_file_are_reported_on_the_later_row(province):
    rows = [
        GOOD_ROWS[0],
        GOOD_ROWS[1],
        [*GOOD_ROWS[2][:1], "an.nguyen@EXAMPLE.gov.vn", "H-VT", "", "citizen", ""],
    ]
    assert errors_of(check(csv_file(rows))) == [
        (4, "Email", "The same email address is already on row 2.")
    ]


def test_an_employee_code_of_another_person_in_the_database_is_refused(province):
    LearnerProfileFactory(employee_code="CB001", unit=province["department"])
    result = check(csv_file(GOOD_ROWS))
    assert errors_of(result) == [
        (2, "Mã cán bộ", "This employee code already belongs to another person.")
    ]


def test_an_email_that_is_another_accounts_login_name_is_refused(province):
    UserFactory(username="binh.tran@example.gov.vn", email="other@example.gov.vn")
    assert errors_of(check(csv_file(GOOD_ROWS))) == [
        (3, "Email", "This email address is the login name of another account.")
    ]


# --- the file itself ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
def test_a_csv_not_in_utf8_gets_a_clear_message_and_nothing_is_written(province, encoding):
    header = "Ho va ten,Email,Ma don vi,Chuc vu,Doi tuong\n"
    body = (
        "Nguyễn Văn An,an@example.gov.vn,SO-TTTT,,citizen\n"
        if encoding == "cp1258"
        else ("José Müller,jose@example.gov.vn,SO-TTTT,,citizen\n")
    )
    content = (header + body).encode(encoding, errors="replace")

    result = check(content)

    assert [(e.row, e.column) for e in result.errors] == [(None, "")]
    message = result.errors[0].message
    assert "not in UTF-8" in message and "line 2" in message and "CSV UTF-8" in message
    assert not User.objects.exists()


def test_a_malformed_csv_names_the_line(province):
    content = (",".join(VI_HEADER) + '\nAn,"an@example.gov.vn"x,SO-TTTT,,citizen,\n').encode()
    (error,) = check(content).errors
    assert error.row is None
    assert "malformed on line 2" in error.message


def test_an_xlsx_without_some_columns_names_them(province):
    content = xlsx_file([["An", "an@example.gov.vn"]], header=["Full name", "Email"])
    result = check(content, name="thieu-cot.xlsx")
    assert errors_of(result) == [
        (
            None,
            "",
            "The first row must hold the column names. Missing columns: Unit code, Position, "
            "Category. Download the template to see the expected columns.",
        )
    ]


def test_a_damaged_xlsx_gets_a_clear_message(province):
    (error,) = check(b"PK\x03\x04 this is not really a workbook", name="hong.xlsx").errors
    assert "not a valid Excel workbook" in error.message


def test_an_excel_file_renamed_csv_gets_a_clear_message(province):
    (error,) = check(xlsx_file(GOOD_ROWS), name="learners.csv").errors
    assert "Excel workbook with a .csv name" in error.message


def test_files_over_the_limits_are_refused(province, settings):
    settings.LMS_IMPORT_MAX_ROWS = 2
    (error,) = check(csv_file(GOOD_ROWS)).errors
    assert "more than 2 learner rows" in error.message
    settings.LMS_IMPORT_MAX_BYTES = 100
    (error,) = check(csv_file(GOOD_ROWS)).errors
    assert "larger than 100\xa0bytes" in error.message


def test_other_file_types_and_empty_files_are_refused(province):
    assert "Only .csv and .xlsx" in check(b"x", name="old.xls").errors[0].message
    assert check(b"", name="empty.csv").errors[0].message == "The file is empty."
    assert check(csv_file([])).errors[0].message == (
        "The file has column names but no learner rows."
    )


# --- unit managers import into their own units only ---------------------------------------


def test_a_unit_manager_may_import_only_into_their_own_subtree(province, unit_manager):
    # The manager of the district (and its commune) imports a file naming the department too
    result = check(csv_file(GOOD_ROWS), user=unit_manager)
    assert errors_of(result) == [(2, "Mã đơn vị", "The unit “SO-TTTT” is outside your units.")]

    # Without that row the file is fine
    result = check(csv_file(GOOD_ROWS[1:]), user=unit_manager)
    assert result.errors == []


def test_a_unit_manager_may_not_rewrite_a_learner_of_another_unit(province, unit_manager, learner):
    # `learner` belongs to the department, outside the manager's district
    rows = [["Trần Thị Học", learner.email, "H-VT", "", "citizen", ""]]
    assert errors_of(check(csv_file(rows), user=unit_manager)) == [
        (2, "Email", "This person already has an account outside your units.")
    ]


def test_superusers_import_anywhere(province, superuser):
    assert check(csv_file(GOOD_ROWS), user=superuser).errors == []


# --- the query budget ---------------------------------------------------------------------


def _rows(count, unit):
    from lms.learner_import import LearnerRow

    return [
        LearnerRow(
            row=index + 2,
            email=f"hv{index}@example.gov.vn",
            full_name=f"Học viên {index}",
            unit_id=unit.pk,
            unit_code=unit.code,
            position="Chuyên viên",
            category="civil_servant",
            employee_code=f"E{index:05d}",
        )
        for index in range(count)
    ]


def _insert_batches(model, count: int) -> int:
    """INSERT statements the database needs for `count` new rows of `model`: SQLite caps a
    statement at 999 values (so 90 to 499 rows each), PostgreSQL takes them all at once."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    size = min(connection.ops.bulk_batch_size(fields, [None] * count), services.IMPORT_BATCH_SIZE)
    return -(-count // size)


# Fixed queries of one import, whatever the number of rows: savepoint + release, get the
# Learner group, find the existing accounts (with their profiles), and the log entry (Wagtail
# checks its two foreign keys exist, then inserts it).
FIXED_QUERIES = 2 + 1 + 1 + 3


@pytest.fixture
def warm_content_types(db):
    # The log entry looks up the user model's content type once per process; keep that
    # lookup out of the counts so they do not depend on test order.
    ContentType.objects.get_for_model(User)


@pytest.mark.parametrize("count", [50, 500])
def test_importing_new_learners_costs_queries_per_batch_not_per_row(
    province, superuser, count, warm_content_types, django_assert_num_queries
):
    Group.objects.get_or_create(name=roles.LEARNER)
    rows = _rows(count, province["department"])
    # Plus the INSERT batches of accounts, profiles and role memberships (no "who already has
    # the role?" query: every account is new).
    expected = FIXED_QUERIES + sum(
        _insert_batches(model, count) for model in (User, LearnerProfile, User.groups.through)
    )
    # Pinned: 10 queries for 50 rows; for 500 rows still 10 on PostgreSQL, and 21 on SQLite
    # whose 999-value cap splits the inserts into 6 + 6 + 2 batches. Never one per row.
    assert expected == (21 if count == 500 and connection.vendor == "sqlite" else 10)
    with django_assert_num_queries(expected):
        summary = services.import_learners(rows=rows, by=superuser)
    assert summary.created == count


@pytest.mark.parametrize("count", [50, 500])
def test_importing_unchanged_learners_again_costs_the_same_for_50_or_500(
    province, superuser, count, warm_content_types, django_assert_num_queries
):
    rows = _rows(count, province["department"])
    services.import_learners(rows=rows, by=superuser)
    # The fixed queries and one "who already has the Learner role?"; nothing to write.
    with django_assert_num_queries(FIXED_QUERIES + 1):  # 8, for 50 rows as for 500
        summary = services.import_learners(rows=rows, by=superuser)
    assert summary.unchanged == count


@pytest.mark.parametrize("count", [50, 500])
def test_checking_a_file_costs_the_same_for_50_or_500_rows(
    province, superuser, count, django_assert_num_queries
):
    rows = [
        [f"Học viên {i}", f"hv{i}@example.gov.vn", "SO-TTTT", "", "citizen", f"E{i}"]
        for i in range(count)
    ]
    content = csv_file(rows)
    # 1 units by code; 2 existing accounts (by email, by username); 1 employee codes in use.
    # (A superuser's scope needs no query.) The same for 50 rows as for 500.
    with django_assert_num_queries(4):
        result = check(content, user=superuser)
    assert len(result.rows) == count


# --- the background run -------------------------------------------------------------------


def test_a_stored_import_is_checked_again_when_it_runs(
    province, superuser, django_capture_on_commit_callbacks
):
    # Given a clean upload whose run is delayed...
    rows = [["Đỗ Văn G", "g@example.gov.vn", "X-VT-01", "", "citizen", ""]]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = services.submit_learner_import(
            file=io.BytesIO(csv_file(rows)), filename="muon.csv", by=superuser
        )
    assert record.status == LearnerImportStatus.PENDING
    # ...while the unit it names is deleted
    province["commune"].delete()

    for callback in callbacks:
        callback()

    record.refresh_from_db()
    assert record.status == LearnerImportStatus.FAILED
    assert record.errors == [
        {"row": 2, "column": "Mã đơn vị", "message": "No unit has the code “X-VT-01”."}
    ]
    assert not User.objects.filter(email="g@example.gov.vn").exists()


def test_running_an_import_twice_writes_once(province, superuser):
    record = services.submit_learner_import(
        file=io.BytesIO(csv_file(GOOD_ROWS)), filename="a.csv", by=superuser, background=False
    )
    assert (record.status, record.created_count) == (LearnerImportStatus.SUCCEEDED, 3)
    again = services.process_learner_import(import_id=record.pk)
    assert again.created_count == 3
    assert ModelLogEntry.objects.filter(action="cds_lms.learner.import").count() == 1


def test_an_unexpected_error_in_the_task_is_recorded_and_nothing_is_written(
    province, superuser, monkeypatch, django_capture_on_commit_callbacks
):
    from lms.tasks import run_learner_import

    def broken(**kwargs):
        User.objects.create(username="half-written@example.gov.vn")
        raise RuntimeError("disk full")

    with django_capture_on_commit_callbacks(execute=False):
        record = services.submit_learner_import(
            file=io.BytesIO(csv_file(GOOD_ROWS)), filename="a.csv", by=superuser
        )
    monkeypatch.setattr(services, "import_learners", broken)

    task_result = run_learner_import.enqueue(record.pk)

    assert task_result.status == "FAILED"  # django-tasks keeps the traceback
    record.refresh_from_db()
    assert record.status == LearnerImportStatus.FAILED
    assert "unexpected error and nothing was written" in record.errors[0]["message"]
    assert not User.objects.filter(username="half-written@example.gov.vn").exists()


# --- the admin screen ---------------------------------------------------------------------


@pytest.fixture
def trainer(role_groups):
    """Has admin access, but not the permission to import learners."""
    user = UserFactory(username="trainer@example.gov.vn")
    user.groups.add(role_groups[roles.TRAINER])
    return user


def upload(client, content, name="learners.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})


def test_people_without_the_import_permission_are_refused(client, learner, trainer):
    # A learner has no admin access at all: Wagtail sends them to its login page
    client.force_login(learner)
    response = upload(client, csv_file(GOOD_ROWS))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    # An admin user without the permission gets a 403 on every import page
    client.force_login(trainer)
    for url in (
        UPLOAD_URL,
        reverse("cds_lms_imports:history"),
        reverse("cds_lms_imports:template"),
    ):
        assert client.get(url).status_code == 403
    assert upload(client, csv_file(GOOD_ROWS)).status_code == 403
    assert not User.objects.filter(email="an.nguyen@example.gov.vn").exists()


def test_the_menu_item_shows_only_to_those_who_may_import(client, unit_manager, trainer):
    client.force_login(unit_manager)
    assert UPLOAD_URL in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(trainer)
    assert UPLOAD_URL not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_upload_screen_lists_every_bad_row_and_saves_nothing(client, unit_manager):
    client.force_login(unit_manager)
    assert client.get(UPLOAD_URL).status_code == 200

    response = upload(client, csv_file(GOOD_ROWS))

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 problem found, nothing was imported" in html
    assert "The unit “SO-TTTT” is outside your units." in html
    assert not LearnerImport.objects.exists()
    assert not User.objects.filter(email__in=["binh.tran@example.gov.vn"]).exists()


def test_the_upload_screen_refuses_other_file_types(client, superuser):
    client.force_login(superuser)
    response = upload(client, b"x", name="learners.xls")
    assert response.status_code == 200
    assert "Only .csv and .xlsx files can be imported." in response.content.decode()


def test_a_clean_upload_imports_through_the_task_and_shows_the_result(
    client, unit_manager, django_capture_on_commit_callbacks
):
    client.force_login(unit_manager)
    content = xlsx_file(GOOD_ROWS[1:], header=VI_HEADER)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, content, name="huyen-vu-thu.xlsx")

    record = LearnerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cds_lms_imports:detail", args=[record.pk])
    assert record.status == LearnerImportStatus.SUCCEEDED
    assert (record.created_count, record.updated_count, record.unchanged_count) == (2, 0, 0)
    assert record.uploaded_by == unit_manager
    assert record.file.name.startswith("learner-imports/")
    assert "huyen-vu-thu" not in record.file.name  # stored under a random name
    assert LearnerProfile.objects.filter(user__email="cuong.le@example.gov.vn").exists()
    log_entry = ModelLogEntry.objects.get(action="cds_lms.learner.import")
    assert log_entry.user_id == unit_manager.pk
    assert log_entry.data["created"] == 2

    page = client.get(response["Location"]).content.decode()
    assert "huyen-vu-thu.xlsx" in page and 'data-import-status="succeeded"' in page
    assert "huyen-vu-thu.xlsx" in client.get(reverse("cds_lms_imports:history")).content.decode()


def test_a_manager_sees_only_their_own_imports(client, unit_manager, superuser, province):
    other = services.submit_learner_import(
        file=io.BytesIO(csv_file(GOOD_ROWS)), filename="admin.csv", by=superuser, background=False
    )
    client.force_login(unit_manager)
    assert client.get(reverse("cds_lms_imports:detail", args=[other.pk])).status_code == 404
    assert "admin.csv" not in client.get(reverse("cds_lms_imports:history")).content.decode()


def test_the_template_can_be_downloaded(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("cds_lms_imports:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content == template_csv()


# --- the management command ---------------------------------------------------------------


def test_the_command_prints_every_error_and_exits_non_zero(province, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file([GOOD_ROWS[0], ["", "x", "NOPE", "", "citizen", ""]]))

    with pytest.raises(CommandError) as raised:
        call_command("import_learners", str(path))

    assert raised.value.returncode == 1
    assert str(raised.value) == "3 problems found; nothing was imported."
    err = capsys.readouterr().err
    assert "Row 3, Họ và tên: This cell is empty; a value is required." in err
    assert "Row 3, Email: “x” is not a valid email address." in err
    assert "Row 3, Mã đơn vị: No unit has the code “NOPE”." in err
    assert not User.objects.exists()


def test_the_command_dry_run_counts_without_writing(province, tmp_path):
    path = tmp_path / "hoc-vien.csv"
    path.write_bytes(csv_file(GOOD_ROWS))
    out = io.StringIO()

    call_command("import_learners", str(path), "--dry-run", stdout=out)

    assert "3 learners, 3 to create, 0 to update, 0 unchanged" in out.getvalue()
    assert not User.objects.exists()
    assert not LearnerImport.objects.exists()


def test_the_command_imports_and_prints_the_counts(province, tmp_path):
    path = tmp_path / "hoc-vien.xlsx"
    path.write_bytes(xlsx_file(GOOD_ROWS))
    out = io.StringIO()

    call_command("import_learners", str(path), stdout=out)
    call_command("import_learners", str(path), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "Imported 3 learners: 3 created, 0 updated, 0 unchanged.",
        "Imported 3 learners: 0 created, 0 updated, 3 unchanged.",
    ]
    assert User.objects.count() == 3
    assert LearnerImport.objects.filter(status=LearnerImportStatus.SUCCEEDED).count() == 2


def test_the_command_as_a_manager_keeps_to_their_units(province, unit_manager, tmp_path, capsys):
    path = tmp_path / "hoc-vien.csv"
    path.write_bytes(csv_file(GOOD_ROWS))
    with pytest.raises(CommandError):
        call_command("import_learners", str(path), "--user", unit_manager.username)
    assert "Row 2, Mã đơn vị: The unit “SO-TTTT” is outside your units." in capsys.readouterr().err


def test_the_history_page_costs_the_same_queries_for_2_or_20_imports(client, superuser):
    client.force_login(superuser)
    url = reverse("cds_lms_imports:history")
    client.get(url)  # warm the per-process caches (content types, site, sidebar)
    counts = []
    for total in (2, 20):
        LearnerImport.objects.bulk_create(
            LearnerImport(original_filename=f"f{i}.csv", file="x.csv", uploaded_by=superuser)
            for i in range(total - LearnerImport.objects.count())
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
