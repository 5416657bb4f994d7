"""Admin wiring of `lms`: log actions here; viewsets and screens in `lms/admin/`."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin import imports, learners, units  # noqa: F401  (their hooks register on import)


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action("cds_lms.unit.move", _("Move unit"), _("Unit moved"))
    actions.register_action(
        "cds_lms.unit.assign_manager", _("Assign unit manager"), _("Unit manager assigned")
    )
    actions.register_action("cds_lms.learner.register", _("Register"), _("Learner registered"))
    actions.register_action("cds_lms.learner.import", _("Import"), _("Learner imported"))
    actions.register_action("cds_lms.enrollment.enrol", _("Enrol"), _("Enrolled in a course"))
    actions.register_action(
        "cds_lms.enrollment.withdraw", _("Withdraw"), _("Withdrew from a course")
    )
    actions.register_action(
        "cds_lms.enrollment.assign", _("Assign the course"), _("Course assigned")
    )


from .privacy import admin as privacy_admin  # noqa: E402, F401  (registers on import)
from .reports import wagtail_hooks as report_hooks  # noqa: E402, F401  (registers on import)
from .targets import wagtail_hooks as target_hooks  # noqa: E402, F401  (registers on import)
