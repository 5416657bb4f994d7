"""Errors raised by `lms.services`; each carries a message fit to show the user."""


class LmsError(Exception):
    """Base class: `str(error)` is a translated message for the person who acted."""


class UnitMoveError(LmsError):
    """A unit cannot go where it was asked to (under itself or one of its descendants)."""


class DuplicateEmailError(LmsError):
    """Another account already uses this email address."""


class ConsentRequiredError(LmsError):
    """The person did not consent to the privacy notice."""


class UnitDeleteError(LmsError):
    """A unit still has sub-units or learners, so deleting it would lose or orphan them."""


class SpreadsheetFileError(LmsError):
    """An import file cannot be read: too big, wrong type, not UTF-8, malformed, empty."""


#: The former name, from when only learners were imported.
LearnerFileError = SpreadsheetFileError


class LearnerImportError(LmsError):
    """Rows given to `import_learners()` contradict each other or the database."""


class EnrollmentRefused(LmsError):
    """The course does not take this enrollment (closed, assigned only, outside its window)."""


class NotEnrolledError(LmsError):
    """The person has no current enrollment in the course."""


class NotPermitted(LmsError):
    """The acting user may not do this to these people (outside their units, no role)."""


class PdfRenderError(LmsError):
    """xhtml2pdf could not turn a document into a PDF."""
