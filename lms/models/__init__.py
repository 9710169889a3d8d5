"""Models of the lms app."""

from .learning import (
    ActivityLink,
    ActivityProgress,
    CompetenceEvidence,
    Enrolment,
    LearnerAccount,
    ProjectorCursor,
    Submission,
    SubmissionFile,
    UnitStaff,
    UnknownActivity,
)
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
    "ActivityLink",
    "ActivityProgress",
    "CompetenceEvidence",
    "Enrolment",
    "LearnerAccount",
    "ProjectorCursor",
    "Submission",
    "SubmissionFile",
    "UnitStaff",
    "UnknownActivity",
    "Certificate",
    "CertificateSetting",
    "DevelopmentActivity",
    "ExternalCertificate",
    "HoursTarget",
    "Participant",
    "ReminderSent",
    "Status",
]
