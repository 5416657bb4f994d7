from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SESSION_ADMIN_PERMISSIONS = {
    "cds_courses.add_trainingsession",
    "cds_courses.change_trainingsession",
    "cds_courses.delete_trainingsession",
    "cds_courses.view_trainingsession",
    "cds_courses.take_any_attendance",
    "cds_courses.view_attendancerecord",
}


class CoursesConfig(AppConfig):
    name = "courses"
    label = "cds_courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import roles
        from lms.signals import enrollment_withdrawn

        from .completion import register
        from .handlers import release_places_on_withdrawal

        register()
        enrollment_withdrawn.connect(release_places_on_withdrawal, dispatch_uid="cds_courses")
        roles.register_role_permissions(roles.SITE_ADMINISTRATOR, SESSION_ADMIN_PERMISSIONS)
        # Trainers see the sessions list in the admin; the sheets themselves check that the
        # trainer is one of the session's own (`services.can_take_attendance`).
        roles.register_role_permissions(roles.TRAINER, {"cds_courses.view_trainingsession"})
        # Managers follow their people's attendance (scoped to their units by the listing).
        roles.register_role_permissions(roles.UNIT_MANAGER, {"cds_courses.view_attendancerecord"})
