"""Course catalogue, course pages and lesson pages.

A course page takes part in the completion engine of `lms` through two methods,
`get_completion_criteria()` and `get_required_lesson_ids()`, and in enrollment through
`self_enrollment_refusal()` and `default_due_date()` (see `lms.completion`).
"""

from __future__ import annotations

import datetime
from functools import cached_property
from http import HTTPMethod
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms import render_cache
from lms.completion import Criterion, criterion_choices, criterion_kinds
from lms.models import LearnerCategory, LessonProgress, Pillar
from lms.outline_hooks import get_outline_extras, next_step, render_extras
from lms.search.indexing import FoldedSearchMixin, folded_search_fields

from ..blocks import LessonBodyBlock
from ..conf import courses_settings
from ..fields import MultipleChoiceField
from ..outline import (
    OUTLINE_FIELDS,
    Outline,
    course_outline,
    enrollment_of,
    enrollments_by_course,
    may_withdraw,
)
from ..timer import auto_complete_seconds, make_token


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended (online and in person)")


class EnrollmentPolicy(models.TextChoices):
    OPEN = "open", _("Open: learners enrol themselves")
    ASSIGNED = "assigned", _("Assigned only: managers and administrators enrol learners")


class CourseIndexPage(Page):
    """The catalogue at /courses/: every live course below it, with filters."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cds_courses.CoursePage"]
    template = "courses/course_index_page.html"
    # The filter form is a GET form; nothing is posted to the page.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        verbose_name = _("course catalogue")

    def courses(self) -> models.QuerySet[CoursePage]:
        """Live courses of the catalogue, in the order editors gave them in the page tree."""
        return CoursePage.objects.live().child_of(self).order_by("path")

    def route(self, request: HttpRequest, path_components: list[str]):
        if path_components:
            # One query for the specific course where Wagtail's default costs two (the base
            # page, then `.specific`); the cover image comes with it.
            course = (
                CoursePage.objects.child_of(self)
                .select_related("cover_image")
                .filter(slug=path_components[0])
                .first()
            )
            if course is not None:
                course._cached_parent_obj = self  # as Wagtail does: no query for get_parent()
                return course.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from ..forms import CatalogueFilterForm  # the form module imports these models

        context = super().get_context(request, *args, **kwargs)
        form = CatalogueFilterForm(request.GET)
        courses = Paginator(
            form.filter(self.courses()), courses_settings.CATALOGUE_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        # The learner's status on every card of this page of results, in one query.
        enrollments = enrollments_by_course(request.user, [course.pk for course in courses])
        for course in courses:
            course.learner_enrollment = enrollments.get(course.pk)
        context.update(filter_form=form, courses=courses)
        return context


class CoursePage(FoldedSearchMixin, Page):
    summary = models.TextField(_("summary"), max_length=600)
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    audience = MultipleChoiceField(
        _("audience"),
        max_length=200,
        blank=True,
        choices=LearnerCategory.choices,
        help_text=_("Who the course is for. Leave empty for everyone."),
    )
    duration_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), default=60, validators=[MinValueValidator(1)]
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    pillar = models.CharField(_("pillar"), max_length=30, choices=Pillar.choices)
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    enrollment_policy = models.CharField(
        _("enrollment"),
        max_length=10,
        choices=EnrollmentPolicy.choices,
        default=EnrollmentPolicy.OPEN,
    )
    enrollment_opens_at = models.DateTimeField(_("enrollment opens"), null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(_("enrollment closes"), null=True, blank=True)
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_("Learners should finish by this date. Assignments may set their own."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("pillar"), FieldPanel("delivery_mode")]),
        FieldPanel("audience"),
        FieldPanel("duration_minutes"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("enrollment_policy"),
                FieldRowPanel(
                    [FieldPanel("enrollment_opens_at"), FieldPanel("enrollment_closes_at")]
                ),
                FieldPanel("due_date"),
            ],
            heading=_("Enrollment"),
        ),
        InlinePanel(
            "completion_criteria",
            heading=_("Completion criteria"),
            label=_("criterion"),
            help_text=_(
                "All of them must be met. Without any, completing every required lesson "
                "completes the course. A completion, once recorded, is kept even if these "
                "rules change later; run `manage.py reevaluate_completion` to apply new rules "
                "to people who have not completed yet."
            ),
        ),
    ]
    # Site search (lms.search): the text anyone may read, folded to ASCII words.
    folded_fields = ("title", "summary", "objectives", "search_description")
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("objectives"),
            index.FilterField("pillar"),
            index.FilterField("delivery_mode"),
        ]
        + folded_search_fields()
    )
    parent_page_types = ["cds_courses.CourseIndexPage"]
    template = "courses/course_page.html"
    # Enrolling and withdrawing post to `courses:enrol` and `courses:withdraw`.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    # --- what learners see -----------------------------------------------------------------

    def route(self, request: HttpRequest, path_components: list[str]):
        if path_components:
            # One query for the specific lesson (not two), and the lesson keeps this specific
            # course as its parent, so the lesson page reads its course without a query.
            lesson = LessonPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if lesson is not None:
                lesson._cached_parent_obj = self
                return lesson.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_learner_context(self, request: HttpRequest, *, extras: bool = False) -> dict[str, Any]:
        """What the course and its lessons show this person: their enrollment, the outline
        ticked with their progress, where to continue, and why they may not enrol (if so).
        Two queries: the enrollment, then the lessons with their ticks. With `extras`, also
        what other apps add to the outline (quizzes...) through `lms.outline_hooks`, at the
        cost of their own fixed number of queries."""
        enrollment = enrollment_of(request.user, self.pk)
        current = enrollment if enrollment is not None and enrollment.is_active else None
        outline = self.learner_outline(request, current)
        outline_extras = get_outline_extras(request, self, current) if extras else []
        return {
            "course": self,
            "enrollment": enrollment,
            "current_enrollment": current,
            "outline": outline,
            "outline_extras": render_extras(request, outline_extras),
            "continue_lesson": self.continue_target(outline, current, outline_extras),
            "may_withdraw": may_withdraw(current),
            "enrollment_refusal": (
                None if current else self.self_enrollment_refusal(request.user, timezone.now())
            ),
        }

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_learner_context(request, extras=True))
        if getattr(request, "is_preview", False):
            context["criteria_descriptions"] = self.criteria_descriptions()
        else:  # the same for everybody: once per publish and language (lms.render_cache)
            context["criteria_descriptions"] = render_cache.remember(
                request,
                ("course-criteria", self.pk, get_language()),
                self.criteria_descriptions,
            )
        if self.delivery_mode == DeliveryMode.BLENDED:
            from ..sessions_context import course_sessions  # imports services, which import us

            # Two or three queries, whatever the number of sessions (see the module).
            context["sessions"] = course_sessions(
                self, request.user, enrolled=context["current_enrollment"] is not None
            )
        return context

    def learner_outline(self, request: HttpRequest, enrollment) -> Outline:
        """The outline ticked for `enrollment` (when it counts). With the shared caches on
        (`lms.render_cache`) and outside previews, the live lessons are read once per publish
        and shared by every learner, and the ticks cost one small query of this learner's
        completed lesson ids; else one query, the lessons with their ticks (`course_outline`).
        """
        if getattr(request, "is_preview", False) or not render_cache.enabled():
            return course_outline(self, enrollment)
        lessons = render_cache.remember(
            request,
            ("course-lessons", self.pk),
            lambda: list(self.lessons().only(*OUTLINE_FIELDS)),
        )
        if enrollment is None or not enrollment.is_active:
            return Outline(lessons)
        done = LessonProgress.objects.filter(enrollment_id=enrollment.pk).values_list(
            "lesson_id", flat=True
        )
        return Outline(lessons, frozenset(done))

    @staticmethod
    def continue_target(outline, enrollment, extras: list) -> Page | None:
        """Where "Continue" leads: the next lesson; once every required lesson is done (and
        the course is not complete yet), the next step an outline extra offers (a quiz not
        yet passed), if any."""
        if enrollment is not None and not enrollment.is_completed and outline.required_done:
            step = next_step(extras)
            if step is not None:
                return step
        return outline.next_lesson

    def criteria_descriptions(self) -> list[str]:
        """The completion criteria in words, with the page or threshold each one names."""
        kinds = criterion_kinds()
        rows = list(self.completion_criteria.select_related("target_page"))
        if not rows:
            default = kinds.get("lessons")
            return [str(default.label)] if default else []
        words = []
        for row in rows:
            kind = kinds.get(row.kind)
            text = str(kind.label) if kind else row.kind
            if row.target_page_id:
                text = gettext("%(criterion)s: “%(page)s”") % {
                    "criterion": text,
                    "page": row.target_page.title,
                }
            if row.threshold is not None:
                text = gettext("%(criterion)s (at least %(threshold)d%%)") % {
                    "criterion": text,
                    "threshold": row.threshold,
                }
            words.append(text)
        return words

    def clean(self) -> None:
        super().clean()
        if (
            self.enrollment_opens_at
            and self.enrollment_closes_at
            and self.enrollment_closes_at <= self.enrollment_opens_at
        ):
            raise ValidationError(
                {"enrollment_closes_at": _("Enrollment must close after it opens.")}
            )

    # --- what the course offers to the completion engine (lms.completion) ----------------

    @cached_property
    def criteria(self) -> list[Criterion]:
        rows = list(self.completion_criteria.all())
        if not rows:
            return [Criterion("lessons")]
        return [row.as_criterion() for row in rows]

    def get_completion_criteria(self) -> list[Criterion]:
        return self.criteria

    def lessons(self):
        """Live lessons in tree order."""
        return LessonPage.objects.live().child_of(self).order_by("path")

    def get_required_lesson_ids(self) -> list[int]:
        return list(self.lessons().filter(required=True).values_list("pk", flat=True))

    def self_enrollment_refusal(self, user, now: datetime.datetime) -> str | None:
        """Why `user` may not enrol themselves now, or None when they may."""
        if not self.live:
            return gettext("This course is not published.")
        if self.enrollment_policy == EnrollmentPolicy.ASSIGNED:
            return gettext("This course is assigned by units: ask your unit manager to enrol you.")
        if self.enrollment_opens_at and now < self.enrollment_opens_at:
            return gettext("Enrollment opens on %(date)s.") % {
                "date": date_format(timezone.localtime(self.enrollment_opens_at), "DATETIME_FORMAT")
            }
        if self.enrollment_closes_at and now >= self.enrollment_closes_at:
            return gettext("Enrollment closed on %(date)s.") % {
                "date": date_format(
                    timezone.localtime(self.enrollment_closes_at), "DATETIME_FORMAT"
                )
            }
        return None

    def default_due_date(self) -> datetime.date | None:
        return self.due_date

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(LearnerCategory.choices)
        return [labels[key] for key in self.audience if key in labels]


class CourseCriterion(Orderable):
    """One completion criterion of a course, of a kind registered with `lms.completion`."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="completion_criteria")
    kind = models.CharField(_("kind"), max_length=40, choices=criterion_choices)
    target_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quiz or survey"),
        help_text=_("For “quiz passed” and “survey answered”."),
    )
    threshold = models.PositiveSmallIntegerField(
        _("threshold (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("For “attendance”: the share of the course's sessions attended."),
    )

    panels = [FieldPanel("kind"), FieldPanel("target_page"), FieldPanel("threshold")]

    class Meta(Orderable.Meta):
        verbose_name = _("completion criterion")
        verbose_name_plural = _("completion criteria")

    def clean(self) -> None:
        kind = criterion_kinds().get(self.kind)
        if kind is None:
            return
        errors = {}
        if "target_page" in kind.params and self.target_page_id is None:
            errors["target_page"] = _("Choose the page this criterion is about.")
        if "threshold" in kind.params and self.threshold is None:
            errors["threshold"] = _("Give the threshold in per cent.")
        if errors:
            raise ValidationError(errors)

    def as_criterion(self) -> Criterion:
        return Criterion(
            self.kind, {"target_page_id": self.target_page_id, "threshold": self.threshold}
        )


class LessonPage(FoldedSearchMixin, Page):
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MinValueValidator(1)]
    )
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Required lessons count towards progress and completion."),
    )
    auto_complete_seconds = models.PositiveIntegerField(
        _("complete automatically after (seconds)"),
        null=True,
        blank=True,
        help_text=_(
            "Mark the lesson complete once the learner has spent this long on it. "
            "Empty: the site default; 0: only the “Mark as complete” button."
        ),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldPanel("auto_complete_seconds"),
        FieldPanel("body"),
    ]
    # Site search (lms.search): anyone finds a lesson by its title and description; only the
    # course's learners by its body, which is never quoted to anyone else.
    folded_fields = ("title", "search_description")
    private_folded_fields = ("body",)
    search_fields = (
        Page.search_fields + [index.SearchField("body")] + folded_search_fields(private=True)
    )
    parent_page_types = ["cds_courses.CoursePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"
    # Completing a lesson posts to `courses:complete_lesson`.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_course(self) -> CoursePage:
        """The lesson's course. Served pages get it from the parent cache `CoursePage.route`
        fills (no query); previews and code elsewhere read it from the database."""
        return self.get_parent().specific

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        course = self.get_course()
        learner = course.get_learner_context(request)
        outline, current = learner["outline"], learner["current_enrollment"]
        is_preview = getattr(request, "is_preview", False)
        is_done = outline.is_done(self)
        previous_lesson, next_lesson = outline.neighbours(self)
        timer_seconds = 0
        if current is not None and not is_done and not is_preview:
            timer_seconds = auto_complete_seconds(self)
        context.update(learner)
        context.update(
            {
                # The body is for enrolled learners, and for editors previewing the page.
                "can_read": current is not None or is_preview,
                "lesson_done": is_done,
                "previous_lesson": previous_lesson,
                "next_lesson": next_lesson,
                "timer_seconds": timer_seconds,
                "timer_token": (
                    make_token(user_id=request.user.pk, lesson_id=self.pk) if timer_seconds else ""
                ),
            }
        )
        return context
