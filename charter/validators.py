"""Upload checks for monitoring reports: PDF only, judged by content, and not too big."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


@deconstructible
class PdfFileValidator:
    """Accept a file only if it starts like a PDF and fits `settings.MAX_UPLOAD_SIZE`.

    The extension and the browser's content type are the uploader's claims; the
    first bytes are what a reader will actually open.
    """

    def __call__(self, file):
        if getattr(file, "_committed", False):
            return  # already stored, so it was checked on the way in
        max_size = settings.MAX_UPLOAD_SIZE
        if file.size > max_size:
            raise ValidationError(
                _("File too large: %(size)s (maximum %(max)s)."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "max": filesizeformat(max_size)},
            )
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            file.seek(0)
            head = file.read(len(PDF_MAGIC))
        finally:
            file.seek(position)
        if head != PDF_MAGIC:
            raise ValidationError(
                _("The file content does not match its .pdf extension."), code="not_a_pdf"
            )

    def __eq__(self, other):
        return isinstance(other, PdfFileValidator)
