"""Nobody opens, changes or learns about another person's object by putting its id in a URL.

Every route of the project that takes an object id or key (read from Django's resolver, the
Wagtail admin routes the project registers through hooks included) is either in `CASES`, which
says how to build the two-user case, or in `EXCLUDED`, with the reason. Each case asks twice:
the intruder (another learner, the trainer of another session, a unit manager outside whose
subtree the object lies, an admin user without the permission) must be refused and leave the
database as it was; the control (the owner, or an administrator) gets the same URL answered,
so each case can fail. A new route with an id and no row here fails
`test_every_route_with_an_id_is_in_the_table`; a route that is neither the project's nor a
stock route of Wagtail or Django (`STOCK_PACKAGES`, excluded with their reason) fails
`test_every_other_route_is_a_stock_route_of_wagtail_or_django`.

The report filters with a unit outside a manager's subtree, and their CSV/XLSX exports, are in
`REPORTS` below (their unit is a query parameter, not a part of the path).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.security.access_scene import OWNER_NAME, Scene
from tests.security.routes import all_routes, project_id_routes

#: How an admin view refuses: Wagtail sends someone without the permission back to the admin
#: home (302) or answers 403; a scoped queryset answers 404.
ADMIN_REFUSED = (302, 403, 404)


@dataclass
class Probe:
    """One two-user case: `url` asked by `intruder` must be refused; asked by `owner` (at
    `owner_url` when the control needs another object, e.g. a real code) it succeeds."""

    url: str
    intruder: Any  # a user, or None for an anonymous visitor
    owner: Any
    method: str = "get"
    data: dict = field(default_factory=dict)
    refused: tuple[int, ...] = (403, 404)
    succeeds: tuple[int, ...] = (200,)
    owner_url: str | None = None
    owner_data: dict | None = None  # the control's form, when the intruder's is forged
    hidden: tuple[str, ...] = ()  # never in the intruder's answer, always in the owner's
    state: Callable[[], Any] | None = None  # the same after the intruder's request
    check_refused: Callable[[Any], None] | None = None
    check_succeeds: Callable[[Any], None] | None = None


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def _state_of(obj: Any, *fields: str) -> Callable[[], tuple]:
    model = type(obj)
    return lambda: tuple(model.objects.filter(pk=obj.pk).values_list(*fields).get())


def _count(queryset_factory: Callable[[], Any]) -> Callable[[], int]:
    return lambda: queryset_factory().count()


def _location_is(expected: Callable[[], str]) -> Callable[[Any], None]:
    def check(response: Any) -> None:
        assert response["Location"] == expected()

    return check


def _answer_all(attempt: Any) -> dict[str, list[str]]:
    data = {}
    for item in attempt.snapshot:
        correct = [str(c["id"]) for c in item["choices"] if c["correct"]]
        data[f"q-{item['id']}"] = ["", *correct]
    return data


# --- the learner's side ---------------------------------------------------------------------


def _quiz_start(s: Scene) -> Probe:
    from quizzes.models import Attempt

    s.enrollment  # noqa: B018 - the owner is enrolled; the other learner is not
    return Probe(
        _url("quizzes:start", s.quiz.pk),
        s.other,
        s.owner,
        method="post",
        refused=(302,),  # back to the quiz page with the reason
        succeeds=(302,),
        state=_count(lambda: Attempt.objects.filter(quiz=s.quiz)),
        check_refused=_location_is(lambda: s.quiz.url),
        check_succeeds=lambda r: r["Location"].startswith("/learning/quizzes/attempts/"),
    )


def _attempt_probe(name: str, **kwargs: Any) -> Callable[[Scene], Probe]:
    def build(s: Scene) -> Probe:
        attempt = s.attempt
        values: dict[str, Any] = {
            "refused": (404,),
            "state": _state_of(attempt, "status", "answers", "score"),
        }
        if kwargs.get("method") == "post":
            values["data"] = _answer_all(attempt)
        values.update(kwargs)
        return Probe(_url(name, attempt.pk), s.other, s.owner, **values)

    return build


def _enrol(s: Scene) -> Probe:
    from lms.models import Enrollment

    return Probe(
        _url("courses:enrol", s.draft_course.pk),
        s.other,
        s.owner,
        method="post",
        refused=(404,),
        succeeds=(302,),
        owner_url=_url("courses:enrol", s.course.pk),
        state=_count(lambda: Enrollment.objects.all()),
    )


def _withdraw(s: Scene) -> Probe:
    return Probe(
        _url("courses:withdraw", s.course.pk),
        s.other,
        s.owner,
        method="post",
        refused=(302,),  # "you are not enrolled", back to the course page
        succeeds=(302,),
        state=_state_of(s.enrollment, "status"),
    )


def _continue(s: Scene) -> Probe:
    s.enrollment  # noqa: B018
    return Probe(
        _url("courses:continue", s.course.pk),
        s.other,
        s.owner,
        refused=(302,),
        succeeds=(302,),
        # Not enrolled: the course page, never the owner's next lesson.
        check_refused=_location_is(lambda: s.course.url),
        check_succeeds=lambda r: r["Location"] == s.lesson.url,
    )


def _complete_lesson(s: Scene) -> Probe:
    from lms.models import LessonProgress

    s.enrollment  # noqa: B018
    return Probe(
        _url("courses:complete_lesson", s.course.pk, s.lesson.pk),
        s.other,
        s.owner,
        method="post",
        refused=(403,),
        succeeds=(302,),
        state=_count(lambda: LessonProgress.objects.all()),
    )


def _session_register(s: Scene) -> Probe:
    from courses.models import Registration

    return Probe(
        _url("courses:session_register", s.session.pk),
        s.other,  # not enrolled in the blended course
        s.owner,
        method="post",
        refused=(302,),
        succeeds=(302,),
        state=_count(lambda: Registration.objects.filter(session=s.session)),
    )


def _session_cancel(s: Scene) -> Probe:
    from courses.models import Registration

    registration = Registration.objects.get(session=s.session, user=s.owner)
    return Probe(
        _url("courses:session_cancel", s.session.pk),
        s.other,
        s.owner,
        method="post",
        refused=(302,),
        succeeds=(302,),
        state=_state_of(registration, "status"),
    )


def _session_checkin(s: Scene) -> Probe:
    from courses import checkin
    from courses.models import AttendanceRecord

    code = checkin.make_code(s.session.pk, checkin.current_step(timezone.now()))
    return Probe(
        _url("courses:session_checkin", s.session.pk),
        s.other,  # not registered: refused with the reason
        s.owner,
        method="post",
        data={"code": code},
        refused=(400,),
        state=_count(lambda: AttendanceRecord.objects.filter(session=s.session)),
    )


def _session_ics(s: Scene) -> Probe:
    from courses.models import SessionKind, TrainingSession

    link = "https://meet.example.gov.vn/phong-hop-bi-mat"
    TrainingSession.objects.filter(pk=s.session.pk).update(
        kind=SessionKind.ONLINE, meeting_url=link
    )
    # The file is public; the meeting link is only for a learner holding a place.
    return Probe(
        _url("courses:session_ics", s.session.pk),
        s.other,
        s.owner,
        refused=(200,),
        hidden=(link,),
    )


def _calendar_feed(s: Scene) -> Probe:
    token = s.calendar_feed.token
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    return Probe(
        _url("courses:calendar_feed", forged),
        None,
        None,  # a calendar application: the token is the only key
        refused=(404,),
        owner_url=_url("courses:calendar_feed", token),
        check_succeeds=lambda r: s.session.title in r.content.decode(),
    )


def _trainer_probe(name: str, *extra: Any, **kwargs: Any) -> Callable[[Scene], Probe]:
    def build(s: Scene) -> Probe:
        return Probe(_url(name, s.session.pk, *extra), s.other_trainer, s.trainer, **kwargs)

    return build


def _trainer_learner_probe(name: str, **kwargs: Any) -> Callable[[Scene], Probe]:
    """A learner (not a trainer at all) is refused the trainer's pages too."""

    def build(s: Scene) -> Probe:
        return Probe(_url(name, s.session.pk), s.owner, s.trainer, **kwargs)

    return build


def _attendance_sheet_post(s: Scene) -> Probe:
    from courses.models import AttendanceRecord

    return Probe(
        _url("courses:attendance_all_present", s.session.pk),
        s.other_trainer,
        s.trainer,
        method="post",
        succeeds=(302,),
        state=_count(lambda: AttendanceRecord.objects.filter(session=s.session)),
    )


def _poll_detail(s: Scene) -> Probe:
    from quizzes.models import Poll

    hidden_poll = Poll.objects.create(question="Thăm dò chưa đăng?", live=False)
    return Probe(
        _url("polls:detail", hidden_poll.pk),
        s.other,
        s.owner,
        refused=(404,),
        owner_url=_url("polls:detail", s.poll.pk),
    )


def _poll_vote(s: Scene) -> Probe:
    from quizzes.models import PollChoice, PollVote
    from tests.factories import make_poll

    other_poll = make_poll("Thăm dò khác?", choices=("Có", "Không"))
    choice = PollChoice.objects.filter(poll=s.poll).first()
    foreign = PollChoice.objects.filter(poll=other_poll).first()
    return Probe(
        _url("polls:vote", s.poll.pk),
        s.other,
        s.owner,
        method="post",
        data={"choice": str(foreign.pk)},  # a choice of another poll
        refused=(400,),
        succeeds=(302,),
        owner_data={"choice": str(choice.pk)},
        state=_count(lambda: PollVote.objects.all()),
        check_succeeds=lambda r: PollVote.objects.filter(choice=choice).exists(),
    )


def _survey(s: Scene) -> Probe:
    from quizzes.models import SurveyResponse

    s.course_survey  # noqa: B018
    s.enrollment  # noqa: B018
    return Probe(
        _url("polls:survey", s.course.pk, "pre"),
        s.other,  # not enrolled
        s.owner,
        refused=(403,),
        state=_count(lambda: SurveyResponse.objects.all()),
    )


def _certificate_download(s: Scene) -> Probe:
    return Probe(
        _url("certificates:download", s.certificate.pk),
        s.other,
        s.owner,
        refused=(404,),
        check_succeeds=lambda r: r["Content-Type"] == "application/pdf",
    )


def _certificate_verify(s: Scene) -> Probe:
    real = s.certificate.verification_code
    forged = real[:-3] + ("xyz" if not real.endswith("xyz") else "abc")
    return Probe(
        _url("certificates:verify", forged),
        None,
        None,
        refused=(404,),
        owner_url=_url("certificates:verify", real),
        hidden=(OWNER_NAME,),
    )


def _password_reset_confirm(s: Scene) -> Probe:
    uid = urlsafe_base64_encode(force_bytes(s.owner.pk))
    token = default_token_generator.make_token(s.owner)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    return Probe(
        reverse("lms:password_reset_confirm", args=[uid, forged]),
        None,
        None,
        refused=(200,),  # "the link is invalid": no form to set a password
        succeeds=(302,),  # to the form, the token moved into the session
        owner_url=reverse("lms:password_reset_confirm", args=[uid, token]),
        check_refused=lambda r: "new_password1" not in r.content.decode(),
    )


# --- the admin ------------------------------------------------------------------------------


def _admin(name: str, obj: Callable[[Scene], Any], intruder: str, **kwargs: Any):
    """An admin route of one object: `intruder` (an attribute of the scene) is refused, a
    superuser gets the page."""

    def build(s: Scene) -> Probe:
        target = obj(s)
        values: dict[str, Any] = {"refused": ADMIN_REFUSED}
        values.update(kwargs)
        return Probe(_url(name, target.pk), getattr(s, intruder), s.superuser, **values)

    return build


def _certificate_action(name: str) -> Callable[[Scene], Probe]:
    def build(s: Scene) -> Probe:
        certificate = s.certificate
        return Probe(
            _url(name, certificate.pk),
            s.manager,  # lists the certificates of the district; no actions, none of these
            s.superuser,
            method="post",
            data={"reason": "Thử truy cập trái phép"},
            refused=ADMIN_REFUSED,
            succeeds=(302,),
            state=_state_of(certificate, "status"),
        )

    return build


def _course_zip(s: Scene) -> Probe:
    serial = s.certificate.serial

    def names(response: Any) -> list[str]:
        return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()

    def outside(response: Any) -> None:
        assert names(response) == []

    def inside(response: Any) -> None:
        assert names(response) == [f"{serial}.pdf"]

    return Probe(
        _url("cds_certificates:course_zip", s.course.pk),
        s.manager,  # the certificate's holder is in the department, outside the district
        s.superuser,
        refused=(200,),
        check_refused=outside,
        check_succeeds=inside,
    )


def _unit_manager_delete(s: Scene) -> Probe:
    from lms.models import UnitManagerAssignment

    assignment = s.department_manager_assignment
    return Probe(
        _url("cds_lms_unit_managers:delete", assignment.pk),
        s.manager,
        s.superuser,
        method="post",
        refused=ADMIN_REFUSED,
        succeeds=(302,),
        state=_count(lambda: UnitManagerAssignment.objects.filter(pk=assignment.pk)),
    )


def _erasure_decision(name: str) -> Callable[[Scene], Probe]:
    def build(s: Scene) -> Probe:
        erasure = s.erasure_request
        return Probe(
            _url(name, erasure.pk),
            s.manager,  # a unit manager does not decide erasures, not even of their people
            s.superuser,
            method="post",
            refused=ADMIN_REFUSED,
            succeeds=(302,),
            state=_state_of(erasure, "status"),
        )

    return build


def _snippets(prefix: str, obj: Callable[[Scene], Any], actions: list[str]) -> dict:
    return {
        f"{prefix}:{action}": _admin(f"{prefix}:{action}", obj, "trainer") for action in actions
    }


SNIPPET_ACTIONS = ["edit", "delete", "usage", "history", "history_results"]

CASES: dict[str, Callable[[Scene], Probe]] = {
    # Quizzes: another learner's attempt is a 404 and stays as it was.
    "quizzes:start": _quiz_start,
    "quizzes:take": _attempt_probe("quizzes:take"),
    "quizzes:save": _attempt_probe("quizzes:save", method="post"),
    "quizzes:submit": _attempt_probe("quizzes:submit", method="post", succeeds=(302,)),
    "quizzes:result": _attempt_probe("quizzes:result", succeeds=(302,)),
    # Courses.
    "courses:enrol": _enrol,
    "courses:withdraw": _withdraw,
    "courses:continue": _continue,
    "courses:complete_lesson": _complete_lesson,
    # Sessions: the learner's side.
    "courses:session_register": _session_register,
    "courses:session_cancel": _session_cancel,
    "courses:session_checkin": _session_checkin,
    "courses:session_ics": _session_ics,
    "courses:calendar_feed": _calendar_feed,
    # Sessions: the trainer's side (a trainer of another session, and a learner).
    "courses:attendance_sheet": _trainer_probe("courses:attendance_sheet"),
    "courses:attendance_all_present": _attendance_sheet_post,
    "courses:attendance_export": _trainer_probe("courses:attendance_export", "csv"),
    "courses:signin_sheet": _trainer_probe("courses:signin_sheet"),
    "courses:checkin_screen": _trainer_learner_probe("courses:checkin_screen"),
    "courses:checkin_code": _trainer_probe("courses:checkin_code"),
    # Polls and surveys.
    "polls:detail": _poll_detail,
    "polls:vote": _poll_vote,
    "polls:survey": _survey,
    # Certificates.
    "certificates:download": _certificate_download,
    "certificates:verify": _certificate_verify,
    # Accounts.
    "lms:password_reset_confirm": _password_reset_confirm,
    # Admin: certificates (a unit manager of another unit; only administrators act).
    "cds_certificates:revoke": _certificate_action("cds_certificates:revoke"),
    "cds_certificates:reissue": _certificate_action("cds_certificates:reissue"),
    "cds_certificates:course_zip": _course_zip,
    # Admin: learners, units, targets, managers, imports: a unit manager of the district
    # opens objects of the department.
    **{
        f"cds_lms_learners:{action}": _admin(
            f"cds_lms_learners:{action}", lambda s: s.owner_profile, "manager"
        )
        for action in ["edit", "delete", "inspect", "usage", "history", "history_results"]
    },
    **{
        f"cds_lms_units:{action}": _admin(
            f"cds_lms_units:{action}", lambda s: s.province["department"], "manager"
        )
        for action in SNIPPET_ACTIONS
    },
    **{
        f"cds_lms_training_targets:{action}": _admin(
            f"cds_lms_training_targets:{action}", lambda s: s.target, "manager"
        )
        for action in SNIPPET_ACTIONS
    },
    "cds_lms_unit_managers:delete": _unit_manager_delete,
    "cds_lms_imports:detail": _admin(
        "cds_lms_imports:detail", lambda s: s.learner_import, "manager"
    ),
    "cds_lms_privacy:erasure_approve": _erasure_decision("cds_lms_privacy:erasure_approve"),
    "cds_lms_privacy:erasure_reject": _erasure_decision("cds_lms_privacy:erasure_reject"),
    # Admin: sessions (a trainer of another session). Deleting asks about an empty session:
    # one with registrations is refused to everyone.
    **{
        f"cds_courses_sessions:{action}": _admin(
            f"cds_courses_sessions:{action}",
            (lambda s: s.empty_session) if action == "delete" else (lambda s: s.session),
            "other_trainer",
        )
        for action in [*SNIPPET_ACTIONS, "cancel"]
    },
    # Admin: editors' models, for an admin user without their permissions (a trainer).
    **_snippets("cds_certificates_course_templates", lambda s: s.course_template, SNIPPET_ACTIONS),
    **_snippets("cds_quizzes_categories", lambda s: s.question_category, SNIPPET_ACTIONS),
    **_snippets("cds_quizzes_questions", lambda s: s.question, [*SNIPPET_ACTIONS, "copy"]),
    **_snippets(
        "wagtailsnippets_cds_certificates_certificatetemplate",
        lambda s: s.template,
        [*SNIPPET_ACTIONS, "copy", "preview_pdf"],
    ),
    **_snippets("wagtailsnippets_cds_lms_author", lambda s: s.author, [*SNIPPET_ACTIONS, "copy"]),
    **_snippets(
        "wagtailsnippets_cds_quizzes_poll",
        lambda s: s.poll,
        [*SNIPPET_ACTIONS, "unpublish", "workflow_history"],
    ),
    **_snippets("wagtailsnippets_cds_quizzes_survey", lambda s: s.survey, SNIPPET_ACTIONS),
    **_snippets(
        "wagtailsnippets_cds_quizzes_coursesurvey", lambda s: s.course_survey, SNIPPET_ACTIONS
    ),
}

#: Routes with an argument that is not an object of a person, or whose access is Wagtail's own
#: machinery behind a permission already probed above. One line of reason each.
EXCLUDED: dict[str, str] = {
    "cds_quizzes_import:template": "the argument is a file format (csv|xlsx), not an object",
    "wagtailsnippets_cds_quizzes_poll:lock": "Wagtail's stock lock action (POST), behind "
    "the poll's change permission probed by :edit",
    "wagtailsnippets_cds_quizzes_poll:unlock": "Wagtail's stock unlock action, as :lock",
    "wagtailsnippets_cds_quizzes_poll:revisions_compare": "Wagtail's stock revision view; "
    "needs revision ids; behind the change permission probed by :edit",
    "wagtailsnippets_cds_quizzes_poll:revisions_revert": "as revisions_compare",
    "wagtailsnippets_cds_quizzes_poll:revisions_unschedule": "as revisions_compare",
    "wagtailsnippets_cds_quizzes_poll:workflow_action": "Wagtail's workflow task action; "
    "needs a task state; Wagtail checks the task's own permission",
    "wagtailsnippets_cds_quizzes_poll:collect_workflow_action_data": "as workflow_action",
    "wagtailsnippets_cds_quizzes_poll:workflow_history_detail": "needs a workflow state; "
    "behind the permission probed by :workflow_history",
    "wagtailsnippets_cds_quizzes_poll:confirm_workflow_cancellation": "Wagtail's stock JSON "
    "step of the edit form (whether to confirm); it tells nothing about the poll",
    # Wagtail's stock snippet choosers answer any admin user with a snippet's title, by design
    # (a chooser serves every editing form). These snippets are editors' content, never
    # personal data; their screens are probed above.
    **{
        f"wagtailsnippetchoosers_cds_{model}:chosen": "Wagtail's stock chooser (title only)"
        for model in [
            "certificates_certificatetemplate",
            "lms_author",
            "quizzes_coursesurvey",
            "quizzes_poll",
            "quizzes_question",
            "quizzes_questioncategory",
            "quizzes_survey",
        ]
    },
}


#: Routes that are not the project's, by the package of their view: excluded whole, because
#: their owner's permission system guards them. A route of any other package fails
#: `test_every_other_route_is_a_stock_route_of_wagtail_or_django`.
STOCK_PACKAGES = {
    "wagtail": "Wagtail's stock admin (page editor, images, documents, workflows, users, "
    "settings) and page serving: guarded by Wagtail's page, collection and model permissions",
    "django": "Django's own views (set_language, the admin's test 404 page, Wagtail's login "
    "view of the page privacy form): no object of a person",
}


def test_every_other_route_is_a_stock_route_of_wagtail_or_django():
    others = {route.name: route.module for route in all_routes() if not route.is_project}
    unknown = {
        name: module
        for name, module in others.items()
        if module.split(".")[0] not in STOCK_PACKAGES
    }
    assert not unknown, f"routes of neither the project nor Wagtail/Django: {unknown}"


def test_every_route_with_an_id_is_in_the_table():
    routes = project_id_routes()
    missing = sorted(set(routes) - set(CASES) - set(EXCLUDED))
    assert not missing, f"routes with an id and no access test (add them to CASES): {missing}"
    stale = sorted((set(CASES) | set(EXCLUDED)) - set(routes))
    assert not stale, f"table rows for routes that no longer exist: {stale}"
    assert not set(CASES) & set(EXCLUDED)


def _ask(client: Any, method: str, url: str, data: dict) -> Any:
    return getattr(client, method)(url, data)


def _assert_refusal(probe: Probe, response: Any) -> None:
    assert response.status_code in probe.refused, (
        f"{probe.url}: {response.status_code}, expected one of {probe.refused}"
    )
    if response.status_code == 302 and probe.refused == ADMIN_REFUSED:
        # Sent away, not to the object's own page.
        assert not response["Location"].startswith(probe.url)
    body = b"" if getattr(response, "streaming", False) else response.content
    for text in probe.hidden:
        assert text not in body.decode(errors="replace")
    if probe.check_refused:
        probe.check_refused(response)


def check_probe(name: str, s: Scene, client_for: Callable) -> None:
    probe = CASES[name](s)
    owner_data = probe.owner_data if probe.owner_data is not None else probe.data
    before = probe.state() if probe.state else None

    refused = _ask(client_for(probe.intruder), probe.method, probe.url, probe.data)

    _assert_refusal(probe, refused)
    if probe.state:
        assert probe.state() == before, "the intruder's request changed the owner's object"

    # The control: the same request by the owner (or an administrator) is answered.
    allowed = _ask(client_for(probe.owner), probe.method, probe.owner_url or probe.url, owner_data)
    assert allowed.status_code in probe.succeeds, (
        f"control {probe.owner_url or probe.url}: {allowed.status_code}"
    )
    if probe.hidden and not getattr(allowed, "streaming", False):
        for text in probe.hidden:
            assert text in allowed.content.decode()
    if probe.check_succeeds:
        probe.check_succeeds(allowed)


def test_another_persons_object_is_refused(each_case, client_for):
    """Every row of `CASES`, each in its own rolled-back savepoint (see `each_case`)."""
    each_case(sorted(CASES), lambda name, s: check_probe(name, s, client_for))


# --- report filters and exports with a unit outside the manager's subtree ------------------


@dataclass(frozen=True)
class Report:
    url_name: str
    names_people: bool = True  # the page lists people by name (else: counts only)
    exports: bool = True  # CSV and XLSX, with the same filter
    marker: str = OWNER_NAME  # what the page shows of the department's row


REPORTS = [
    Report("cds_lms_learners:index"),
    Report("cds_courses_enrollments:index"),
    Report("cds_courses_attendance:index"),
    Report("cds_quizzes_attempts:index"),
    Report("cds_certificates:index"),
    Report("cds_lms_reports:learner_progress"),
    Report("cds_lms_reports:course_summary", names_people=False),
    Report("cds_lms_reports:unit_summary", names_people=False),
    Report("cds_quizzes_item_analysis:index", names_people=False),
    Report("cds_quizzes_reports:awareness_gain", names_people=False),
    Report("cds_lms_training_targets:index", exports=False, marker="Chỉ tiêu của Sở"),
]


def with_activity(s: Scene) -> Scene:
    """The owner (department) with a row in every report: an enrollment, a submitted attempt,
    a certificate, attendance, survey answers; a target on her unit."""
    from courses import services as course_services
    from quizzes import services as quiz_services
    from quizzes import survey_services

    attempt = s.attempt
    quiz_services.submit_attempt(attempt_id=attempt.pk, user=s.owner, answers={})
    s.certificate  # noqa: B018
    course_services.mark_all_present(session=s.session, by=s.trainer)
    link = s.course_survey
    answers = {
        q.pk: (4 if q.kind == "likert" else "Ý kiến")
        for q in survey_services.questions_of(link.survey_id)
    }
    survey_services.submit_survey(link=link, user=s.owner, answers=answers)
    s.target  # noqa: B018
    return s


def _rows(response: Any, export: str) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]


def check_report(report: Report, s: Scene, client_for: Callable) -> None:
    url = reverse(report.url_name)
    query = {"unit": s.province["department"].pk}
    manager, superuser = client_for(s.manager), client_for(s.superuser)

    page = manager.get(url, query)
    control = superuser.get(url, query)

    assert page.status_code == 200 and control.status_code == 200
    if report.names_people:
        assert report.marker in control.content.decode()
        assert report.marker not in page.content.decode()
    if not report.exports:
        return
    department = s.province["department"]
    markers = {OWNER_NAME, department.code, department.name}
    for export in ("csv", "xlsx"):
        rows = _rows(manager.get(url, {**query, "export": export}), export)
        control_rows = _rows(superuser.get(url, {**query, "export": export}), export)
        if not report.names_people:
            # Counts per course or question: nobody in the manager's subtree has any, so any
            # row would count the department's people.
            assert control_rows, f"{report.url_name} {export}: the control export is empty"
            assert rows == [], f"{report.url_name} {export}: rows of another unit: {rows}"
            continue
        assert any(markers & set(map(str, row)) for row in control_rows), (
            f"{report.url_name} {export}: the control export has no row of the department"
        )
        leaked = [row for row in rows if markers & set(map(str, row))]
        assert leaked == [], f"{report.url_name} {export}: rows of another unit: {leaked}"


def test_a_unit_filter_outside_the_managers_subtree_shows_nobody_of_it(each_case, client_for):
    by_name = {report.url_name: report for report in REPORTS}
    each_case(
        sorted(by_name),
        lambda name, s: check_report(by_name[name], with_activity(s), client_for),
    )


def test_the_dashboard_drill_down_outside_the_subtree_is_not_found(scene, client_for):
    s = with_activity(scene)
    url = reverse("cds_lms_training_dashboard")
    department, district = s.province["department"], s.province["district"]

    assert client_for(s.manager).get(url, {"unit": department.pk}).status_code == 404
    assert client_for(s.manager).get(url, {"unit": district.pk}).status_code == 200
    assert client_for(s.superuser).get(url, {"unit": department.pk}).status_code == 200


# --- ids posted inside a form ---------------------------------------------------------------


def test_a_trainer_cannot_read_a_strangers_name_through_the_attendance_sheet(scene, client_for):
    """The sheet's messages name the learner of each row: a row forged with the id of someone
    who never registered for the session is dropped with a message that names nobody, and
    nothing is recorded for them (the owner's row in the same POST is saved)."""
    from courses.models import AttendanceRecord

    s = scene
    stranger = s.other  # a learner of another unit, never registered for this session
    data = {"learner": [str(stranger.pk), str(s.owner.pk)]}
    for person in (stranger, s.owner):
        data |= {f"status-{person.pk}": "bogus", f"version-{person.pk}": "0"}
    data[f"status-{s.owner.pk}"] = "present"

    response = client_for(s.trainer).post(
        reverse("courses:attendance_sheet", args=[s.session.pk]), data, follow=True
    )

    text = response.content.decode()
    assert "A row was not for a learner of this session" in text
    assert stranger.learner_profile.full_name not in text
    assert not AttendanceRecord.objects.filter(user=stranger).exists()
    assert AttendanceRecord.objects.get(session=s.session, user=s.owner).status == "present"
