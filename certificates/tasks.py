"""Background work of `certificates`, run by django-tasks (immediately in tests and the demo).

Tasks take ids, never model instances, and do their work through `certificates.services`.
"""

import logging

from django_tasks import task

from . import services
from .models import Certificate, RenderState

logger = logging.getLogger(__name__)


@task()
def issue_certificate_task(enrollment_id: int) -> int:
    """Issue the certificate of a completed enrollment; returns the certificate's id."""
    return services.issue_certificate(enrollment_id=enrollment_id).pk


@task()
def render_certificate_pdf(certificate_id: int) -> str:
    """Render and store the PDF of a certificate; returns its render state.

    A failure is recorded on the certificate (state "failed", attempts, error) and raised,
    so the task result shows it; the certificate itself is kept and the render can be queued
    again (`services.retry_failed_renders()`). When this run makes the PDF ready, the holder
    is emailed; a mail failure is logged and does not fail the render.
    """
    was_ready = Certificate.objects.filter(
        pk=certificate_id, render_state=RenderState.READY
    ).exists()
    state = services.render_pdf(certificate_id=certificate_id).render_state
    if state == RenderState.READY and not was_ready:
        try:
            services.send_ready_email(certificate_id=certificate_id)
        except Exception:
            logger.exception("Emailing the holder of certificate %s failed", certificate_id)
    return state


# --- bulk issue (admin screens and command) ------------------------------------------------


@task()
def bulk_issue_certificates(
    course_id: int, unit_id: int | None = None, by_id: int | None = None
) -> dict:
    """Issue every missing certificate of a course (optionally one unit's subtree); returns
    the counts. Idempotent: re-running it, e.g. after a killed worker, issues nothing twice."""
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    summary = services.bulk_issue(course_id=course_id, unit_id=unit_id, by=by)
    return {"issued": summary.issued, "failed": summary.failed}
