"""The retention period: `manage.py purge_inactive_personal_data` (run by cron)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms.models import ErasureRequest, LearnerProfile, PersonalDataAccess
from lms.privacy.services import anonymous_label
from tests.factories import LearnerProfileFactory, UserFactory

LONG_AGO = timezone.now() - datetime.timedelta(days=365 * 6)
RECENTLY = timezone.now() - datetime.timedelta(days=30)


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_inactive_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def accounts(db, province):
    old = LearnerProfileFactory(full_name="Người Cũ", user__last_login=LONG_AGO)
    never = LearnerProfileFactory(full_name="Chưa Đăng Nhập", user__date_joined=LONG_AGO)
    recent = LearnerProfileFactory(
        full_name="Người Mới", user__last_login=RECENTLY, user__date_joined=LONG_AGO
    )
    staff = UserFactory(username="old-staff", is_staff=True, last_login=LONG_AGO)
    return {"old": old.user, "never": never.user, "recent": recent.user, "staff": staff}


def test_old_inactive_accounts_are_anonymised_others_untouched(accounts):
    output = purge("--years", "5")

    assert "2 account(s) anonymised" in output
    for key in ("old", "never"):
        user = accounts[key]
        user.refresh_from_db()
        assert not user.is_active and user.email == ""
        assert LearnerProfile.objects.get(user=user).full_name == anonymous_label(user)
        assert PersonalDataAccess.objects.filter(subject=user, action="retention_purge").exists()
        assert ErasureRequest.objects.get(user=user).status == "approved"
    accounts["recent"].refresh_from_db()
    accounts["staff"].refresh_from_db()
    assert (
        accounts["recent"].is_active and accounts["recent"].learner_profile.full_name == "Người Mới"
    )
    assert accounts["staff"].is_active and accounts["staff"].username == "old-staff"


def test_running_again_finds_nothing_and_a_dry_run_changes_nothing(accounts):
    assert "2 account(s) would be anonymised (dry run)" in purge("--years", "5", "--dry-run")
    assert accounts["old"].__class__.objects.get(pk=accounts["old"].pk).is_active

    purge("--years", "5")
    assert "0 account(s) anonymised" in purge("--years", "5")
    assert PersonalDataAccess.objects.filter(action="retention_purge").count() == 2


def test_the_setting_gives_the_default_and_none_keeps_everyone(accounts, settings):
    assert "nothing to do" in purge()
    assert accounts["old"].__class__.objects.get(pk=accounts["old"].pk).is_active

    settings.LMS_PERSONAL_DATA_RETENTION_YEARS = 5
    assert "2 account(s) anonymised" in purge()
