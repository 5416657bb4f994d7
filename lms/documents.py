"""The form of Wagtail documents (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): what a file holds must
fit what its name says.

Wagtail checks a document's extension (``WAGTAILDOCS_EXTENSIONS``) and size
(``WAGTAILDOCS_MAX_UPLOAD_SIZE``); this form also looks at the first bytes, so that a program
renamed ``.pdf`` or ``.docx`` is refused, and a file named as a PDF or as an Office/OpenDocument
file (a zip archive) must start like one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from .uploads import ZIP_MAGIC, head, is_executable

#: Extensions whose files are zip archives (Office Open XML, OpenDocument, Keynote, zip).
ZIP_EXTENSIONS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp", "key", "zip"})


def document_content_problem(name: str, data: bytes) -> str | None:
    """Why a document named `name` whose first bytes are `data` is refused, or None."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if is_executable(data):
        return str(_("This file is a program. Programs cannot be uploaded as documents."))
    if extension == "pdf" and b"%PDF-" not in data[:1024]:
        return str(_("This file is not a PDF document, although its name ends in .pdf."))
    if extension in ZIP_EXTENSIONS and not data.startswith(ZIP_MAGIC):
        return str(
            _("This file is not a .%(extension)s file, although its name says so.")
            % {"extension": extension}
        )
    return None


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose content does not fit its name."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            problem = document_content_problem(upload.name, head(upload))
            if problem:
                raise ValidationError(problem, code="content_mismatch")
        return upload
