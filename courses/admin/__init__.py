"""Wagtail admin screens of `courses`: assigning a course (`assign`) and the enrollments
listing (`enrollments`). Both register their hooks on import, from `courses.wagtail_hooks`."""
