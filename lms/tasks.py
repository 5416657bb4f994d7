"""Background work of `lms`, run by django-tasks (immediately in tests and the demo).

Tasks take ids, never model instances, and do their work through `lms.services`.
"""

from django_tasks import task

from . import services


@task()
def run_learner_import(import_id: int) -> str:
    """Import the learners of a stored `LearnerImport`; returns its final status."""
    return services.process_learner_import(import_id=import_id).status
