"""Background work of `certificates`, run by django-tasks (immediately in tests and the demo).

Tasks take ids, never model instances, and do their work through `certificates.services`.
"""

from django_tasks import task

from . import services


@task()
def issue_certificate_task(enrollment_id: int) -> int:
    """Issue the certificate of a completed enrollment; returns the certificate's id."""
    return services.issue_certificate(enrollment_id=enrollment_id).pk


@task()
def render_certificate_pdf(certificate_id: int) -> str:
    """Render and store the PDF of a certificate; returns its render state.

    A failure is recorded on the certificate (state "failed", attempts, error) and raised,
    so the task result shows it; the certificate itself is kept and the render can be queued
    again (`services.retry_failed_renders()`).
    """
    return services.render_pdf(certificate_id=certificate_id).render_state
