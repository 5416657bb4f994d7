"""Units modelled on a province and the demo accounts, one per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from lms import roles, services
from lms.conf import lms_settings
from lms.models import LearnerCategory, LearnerProfile, OrganisationUnit, UnitKind

DEMO_PASSWORD = "Demo@2026"

# (code, name, kind, parent code)
UNITS: list[tuple[str, str, str, str | None]] = [
    ("TB", "Tỉnh Thái Bình", UnitKind.PROVINCE, None),
    ("TB-STTTT", "Sở Thông tin và Truyền thông", UnitKind.DEPARTMENT, "TB"),
    ("TB-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", UnitKind.DEPARTMENT, "TB"),
    ("TB-LMHTX", "Liên minh Hợp tác xã tỉnh", UnitKind.DEPARTMENT, "TB"),
    ("TB-VUTHU", "Huyện Vũ Thư", UnitKind.DISTRICT, "TB"),
    ("TB-VUTHU-TANHOA", "Xã Tân Hòa", UnitKind.COMMUNE, "TB-VUTHU"),
    ("TB-VUTHU-HTX-VUHOI", "HTX Nông nghiệp Vũ Hội", UnitKind.COOPERATIVE, "TB-VUTHU"),
    ("TB-KIENXUONG", "Huyện Kiến Xương", UnitKind.DISTRICT, "TB"),
    ("TB-KIENXUONG-QUANGMINH", "Xã Quang Minh", UnitKind.COMMUNE, "TB-KIENXUONG"),
    (
        "TB-KIENXUONG-HTX-QM",
        "HTX Dịch vụ nông nghiệp Quang Minh",
        UnitKind.COOPERATIVE,
        "TB-KIENXUONG",
    ),
    ("TB-KIENXUONG-HTX-BINHTHANH", "HTX Rau sạch Bình Thanh", UnitKind.COOPERATIVE, "TB-KIENXUONG"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    unit_code: str
    position: str
    category: str
    role: str
    superuser: bool = False


USERS = [
    DemoUser(
        "learner",
        "Nguyễn Thị Lan",
        "TB-STTTT",
        "Chuyên viên Phòng Chuyển đổi số",
        LearnerCategory.CIVIL_SERVANT,
        roles.LEARNER,
    ),
    DemoUser(
        "coopleader",
        "Phạm Văn Hùng",
        "TB-VUTHU-HTX-VUHOI",
        "Giám đốc hợp tác xã",
        LearnerCategory.COOPERATIVE_LEADER,
        roles.LEARNER,
    ),
    DemoUser(
        "trainer",
        "Trần Minh Đức",
        "TB-STTTT",
        "Giảng viên kiêm chức",
        LearnerCategory.CIVIL_SERVANT,
        roles.TRAINER,
    ),
    DemoUser(
        "manager",
        "Lê Thị Hồng",
        "TB-VUTHU",
        "Chánh Văn phòng HĐND và UBND huyện",
        LearnerCategory.CIVIL_SERVANT,
        roles.UNIT_MANAGER,
    ),
    DemoUser(
        "editor",
        "Đỗ Thu Hà",
        "TB-SVHTTDL",
        "Biên tập viên Cổng thông tin",
        LearnerCategory.PUBLIC_EMPLOYEE,
        roles.EDITOR,
    ),
    DemoUser(
        "admin",
        "Vũ Quốc Khánh",
        "TB-STTTT",
        "Quản trị hệ thống",
        LearnerCategory.CIVIL_SERVANT,
        roles.SITE_ADMINISTRATOR,
        superuser=True,
    ),
]

# Which unit each demo manager looks after (with its subtree).
MANAGED_UNITS = {"manager": ["TB-VUTHU"]}


def seed_units() -> dict[str, OrganisationUnit]:
    for code, name, kind, parent_code in UNITS:
        if OrganisationUnit.objects.filter(code=code).exists():
            continue
        parent = OrganisationUnit.objects.get(code=parent_code) if parent_code else None
        services.create_unit(code=code, name=name, kind=kind, parent=parent)
    return {u.code: u for u in OrganisationUnit.objects.all()}


@transaction.atomic
def seed_people() -> list[DemoUser]:
    """Create the units and the demo accounts that are missing; touch nothing that exists."""
    User = get_user_model()
    units = seed_units()
    groups = roles.sync_roles()
    for demo in USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "email": f"{demo.username}@demo.thaibinh.gov.vn",
                "is_superuser": demo.superuser,
                "is_staff": demo.superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if not LearnerProfile.objects.filter(user=user).exists():
            LearnerProfile.objects.create(
                user=user,
                full_name=demo.full_name,
                unit=units[demo.unit_code],
                position=demo.position,
                category=demo.category,
                consent_version=lms_settings.PRIVACY_NOTICE_VERSION,
                consented_at=user.date_joined,
            )
        user.groups.add(groups[demo.role])
        if demo.role != roles.LEARNER:
            user.groups.add(groups[roles.LEARNER])  # staff take courses too
        for code in MANAGED_UNITS.get(demo.username, []):
            services.assign_unit_manager(user=user, unit=units[code])
    # Wagtail's own sample groups are superseded by the platform's roles; drop them while empty.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    return USERS
