"""Test settings with the database task backend, as in production: for the tests that run a
real `manage.py db_worker` process against the test database (DATABASE_URL names it)."""

from .test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
