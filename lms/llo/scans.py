"""Checks on uploaded scans: the type by content, not by name, and the size."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import conf

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    """Return the content type the file's first bytes show, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def validate_scan(upload: UploadedFile) -> str:
    """Check a scan and return its content type, or raise ``ValidationError``."""
    limit = conf.scan_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large. Upload a file of at most %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "This file is not a PDF, JPEG or PNG. Upload a scan or photo in one "
                "of those formats."
            ),
            code="wrong_type",
        )
    return content_type
