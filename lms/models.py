"""The core records: units and people, learner imports, enrollments and lesson progress."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from .text import nfc


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    DEPARTMENT = "department", _("Department or agency")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    COOPERATIVE = "cooperative", _("Cooperative")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


# --- scope: whose people a user sees and acts for ----------------------------------------
# Every listing, export, import and assignment reads its scope from these three functions.


def sees_all_learners(user) -> bool:
    """Superusers and site administrators see every unit's people; managers their subtrees."""
    return user.is_superuser or user.has_perm("cds_lms.view_all_learners")


def scope_paths(user) -> list[str] | None:
    """The tree paths of the subtrees `user` acts on: None for everywhere (superusers and site
    administrators), the managed units' paths for unit managers, [] for anyone else. One query
    at most."""
    if sees_all_learners(user):
        return None
    return list(
        OrganisationUnit.objects.filter(manager_assignments__user=user).values_list(
            "path", flat=True
        )
    )


def path_in_scope(path: str | None, paths: list[str] | None) -> bool:
    """Whether a unit's tree path lies in `scope_paths()`'s answer."""
    if paths is None:
        return True
    return path is not None and any(path.startswith(root) for root in paths)


def under(field: str, paths: Iterable[str]) -> Q:
    """A filter for rows whose `field` (a unit's tree path) lies below any of `paths`."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


class OrganisationUnitQuerySet(MP_NodeQuerySet):
    def subtrees(self, units: Iterable[OrganisationUnit]) -> OrganisationUnitQuerySet:
        """The given units and everything below them (materialised-path prefix match)."""
        return self.filter(under("path", [unit.path for unit in units]))

    def managed_by(self, user) -> OrganisationUnitQuerySet:
        """Every unit in `user`'s scope: all of them for superusers and site administrators,
        the managed subtrees for unit managers."""
        paths = scope_paths(user)
        return self.all() if paths is None else self.filter(under("path", paths))


class OrganisationUnitManager(MP_NodeManager.from_queryset(OrganisationUnitQuerySet)):
    def get_queryset(self) -> OrganisationUnitQuerySet:
        # treebeard's manager builds its own queryset class; keep tree order, gain our methods.
        return OrganisationUnitQuerySet(self.model, using=self._db).order_by("path")


class OrganisationUnit(MP_Node):
    """A unit of the province: a department, a district, a commune, a cooperative..."""

    code = models.CharField(
        _("code"),
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Use letters, digits, dots, dashes and underscores only."),
            )
        ],
        help_text=_("A short, stable code used in imports, e.g. SO-TTTT."),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)

    node_order_by = ["name"]
    objects = OrganisationUnitManager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.code = self.code.strip()
        super().save(*args, **kwargs)


class LearnerCategory(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    COOPERATIVE_LEADER = "cooperative_leader", _("Cooperative leader")
    CITIZEN = "citizen", _("Citizen")


class LearnerProfileQuerySet(models.QuerySet):
    def in_units(self, units: Iterable[OrganisationUnit]) -> LearnerProfileQuerySet:
        """Profiles whose unit lies in the subtree of any of `units`."""
        return self.filter(under("unit__path", [unit.path for unit in units]))

    def visible_to(self, user) -> LearnerProfileQuerySet:
        """What `user` may see in the admin: everything for superusers and site
        administrators (model-wide view permission), the managed subtrees for unit managers."""
        paths = scope_paths(user)
        return self.all() if paths is None else self.filter(under("unit__path", paths))


phone_validator = RegexValidator(
    r"^\+?[0-9 .-]{8,20}$", _("Enter a phone number of 8 to 20 digits, e.g. 0912 345 678.")
)


class LearnerProfile(models.Model):
    """One per user: who the person is for the training programme."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_profile",
        verbose_name=_("user"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learners",
        verbose_name=_("unit"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    category = models.CharField(
        _("learner category"),
        max_length=30,
        choices=LearnerCategory.choices,
        default=LearnerCategory.CIVIL_SERVANT,
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    employee_code = models.CharField(_("employee code"), max_length=50, blank=True)
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LearnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee_code"],
                condition=~Q(employee_code=""),
                name="cds_lms_profile_unique_employee_code",
            ),
        ]
        permissions = [
            ("import_learners", _("Can import learners")),
            ("view_all_learners", _("Can see learners of every unit")),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = nfc(self.full_name)
        self.position = nfc(self.position)
        super().save(*args, **kwargs)


class UnitManagerAssignment(models.Model):
    """Makes a user the manager of a unit and, with it, of its whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unit_manager_assignments",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.CASCADE,
        related_name="manager_assignments",
        verbose_name=_("unit"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit manager assignment")
        verbose_name_plural = _("unit manager assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="cds_lms_unique_unit_manager"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"


def learner_import_upload_to(instance: LearnerImport, filename: str) -> str:
    # The stored name is random: these files hold personal data, and media URLs are public
    # wherever MEDIA is served, so the name must not be guessable from the upload's name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"learner-imports/{uuid.uuid4().hex}.{extension}"


def display_name(user: Any) -> str:
    """The name a person goes by here: their learner profile's full name, else the account's
    name, else the username. Reads `learner_profile` as loaded (select it with the user)."""
    if user is None:
        return ""
    try:
        profile = user.learner_profile
    except ObjectDoesNotExist:
        profile = None
    return (profile.full_name if profile else "") or user.get_full_name() or user.get_username()


class LearnerImportStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class LearnerImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> LearnerImportQuerySet:
        """Every import for superusers and site administrators; one's own uploads otherwise."""
        if sees_all_learners(user):
            return self.all()
        return self.filter(uploaded_by=user)


class LearnerImport(models.Model):
    """One uploaded file of learners and what became of it (history of bulk imports)."""

    file = models.FileField(_("file"), upload_to=learner_import_upload_to, max_length=255)
    original_filename = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # The uploader's interface language, so that a background run reports in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=LearnerImportStatus.choices,
        default=LearnerImportStatus.PENDING,
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    # [{"row": 5 or null, "column": "Email", "message": "..."}], in `language`.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = LearnerImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner import")
        verbose_name_plural = _("learner imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_filename


# --- learning: pillars, enrollments and progress -----------------------------------------


class Pillar(models.TextChoices):
    """The three pillars of the provincial digital-transformation programme."""

    DIGITAL_GOVERNMENT = "digital_government", _("Digital government")
    DIGITAL_ECONOMY = "digital_economy", _("Digital economy")
    DIGITAL_SOCIETY = "digital_society", _("Digital society")


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("enrollment", "In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Self-enrolled")
    ASSIGNED = "assigned", _("Assigned")
    IMPORT = "import", _("Imported")


class EnrollmentQuerySet(models.QuerySet):
    def current(self) -> EnrollmentQuerySet:
        """Enrollments that count: in progress or completed, not withdrawn."""
        return self.exclude(status=EnrollmentStatus.WITHDRAWN)

    def for_units(self, units: Iterable[OrganisationUnit]) -> EnrollmentQuerySet:
        return self.filter(under("user__learner_profile__unit__path", [u.path for u in units]))

    def visible_to(self, user) -> EnrollmentQuerySet:
        """All enrollments for administrators; those of the managed subtrees for managers."""
        paths = scope_paths(user)
        if paths is None:
            return self.all()
        return self.filter(under("user__learner_profile__unit__path", paths))


class Enrollment(models.Model):
    """A person taking a course. One row per person and course, whatever happens to it.

    `progress_percent` is derived from the person's lesson progress and rewritten in the same
    transaction as every progress record, so lists can sort and filter on it without joins.
    Completion, once recorded, stays: later edits to the course do not take it away.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="lms_enrollments",
        verbose_name=_("course"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.ACTIVE,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=EnrollmentSource.choices, default=EnrollmentSource.SELF
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="cds_lms_one_enrollment"),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="cds_lms_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrollmentStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="cds_lms_completed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="cds_lms_enr_course_status"),
            # The completions a training target counts per person (`lms.targets.progress`).
            models.Index(
                fields=["user", "course"],
                condition=Q(completed_at__isnull=False),
                name="cds_lms_enr_completed",
            ),
        ]
        permissions = [("assign_courses", _("Can assign courses to learners"))]

    def __str__(self) -> str:
        return f"{self.user} — {self.course_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def is_active(self) -> bool:
        return self.status != EnrollmentStatus.WITHDRAWN

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Not completed, and its due date has passed (in the site's time zone)."""
        today = today or timezone.localdate()
        return not self.is_completed and bool(self.due_date and self.due_date < today)

    def withdraw_refusal(self) -> str | None:
        """Why the learner may not withdraw, or None when they may (`services.withdraw`
        enforces it; pages use it to hide a button that could only be refused)."""
        if self.completed_at is not None:
            return gettext("You have completed this course; it stays on your record.")
        if self.source == EnrollmentSource.ASSIGNED:
            return gettext(
                "This course was assigned to you by your unit; ask your unit manager to change it."
            )
        return None


class ProgressSource(models.TextChoices):
    MANUAL = "manual", _("Marked as complete")
    TIME_SPENT = "time", _("Time spent on the lesson")


class LessonProgress(models.Model):
    """A lesson completed within an enrollment. Append-only: one row per lesson, ever."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed at"))
    source = models.CharField(
        _("how"), max_length=10, choices=ProgressSource.choices, default=ProgressSource.MANUAL
    )

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="cds_lms_one_progress_per_lesson"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.lesson_id}"


# The awareness articles live in their own module; importing them here registers them with
# this app (label cds_lms).
from .articles.models import (  # noqa: E402, F401
    ArticleIndexPage,
    ArticleKind,
    ArticlePage,
    ArticleTag,
    Author,
)
from .privacy.models import (  # noqa: E402, F401
    AccessAction,
    Consent,
    ErasureRequest,
    ErasureStatus,
    PersonalDataAccess,
)
from .targets.models import TargetStatus, TrainingTarget  # noqa: E402, F401
