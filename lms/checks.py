from django.core import checks

from .conf import lms_settings


@checks.register()
def check_lms_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    if not str(lms_settings.PRIVACY_NOTICE_VERSION).strip():
        errors.append(
            checks.Error("LMS_PRIVACY_NOTICE_VERSION must not be empty.", id="cds_lms.E001")
        )
    if int(lms_settings.IMPORT_MAX_ROWS) < 1:
        errors.append(checks.Error("LMS_IMPORT_MAX_ROWS must be positive.", id="cds_lms.E002"))
    return errors
