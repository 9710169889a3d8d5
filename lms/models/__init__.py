"""Models of the lms app."""

from .llo import (
    Certificate,
    CertificateSetting,
    DevelopmentActivity,
    ExternalCertificate,
    HoursTarget,
    Participant,
    ReminderSent,
    Status,
)

__all__ = [
    "Certificate",
    "CertificateSetting",
    "DevelopmentActivity",
    "ExternalCertificate",
    "HoursTarget",
    "Participant",
    "ReminderSent",
    "Status",
]
