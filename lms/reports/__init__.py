"""Reports on enrollments in the Wagtail admin: learner progress (one row per learner and
course) and the course summary, both scoped like the enrollments listing, with columns other
apps add through the ``lms_learner_progress_columns`` hook (`lms.reports.columns`)."""
