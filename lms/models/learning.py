"""Learners, enrolments and the projections derived from statements.

Only ``LearnerAccount``, ``Enrolment``, ``UnitStaff`` and the submissions
are facts the platform keeps itself. ``ActivityProgress``,
``CompetenceEvidence`` and ``UnknownActivity`` are projections of the
statement stream in the LRS: ``manage.py rebuild_progress`` drops and
rebuilds them, so nothing may be written to them except by the projector.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..storage import private_storage


def new_account_name() -> str:
    """Return a random, meaningless xAPI account name."""
    return secrets.token_hex(16)


class LearnerAccount(models.Model):
    """The pseudonymous xAPI account that stands for a user in statements."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_account",
        verbose_name=_("user"),
    )
    name = models.CharField(
        max_length=64,
        unique=True,
        default=new_account_name,
        editable=False,
        verbose_name=_("account name"),
    )

    class Meta:
        verbose_name = _("learner account")
        verbose_name_plural = _("learner accounts")

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A learner following a track or a single unit.

    The registration is the xAPI ``registration`` of every statement made
    while following it, so one learner's attempts at the same unit in two
    tracks stay apart.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("track or unit"),
    )
    registration = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("registration")
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("enrolled at"))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "page"], name="lms_enrolment_once_per_page"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} → {self.page_id}"


class UnitStaff(models.Model):
    """A teacher or workplace supervisor who teaches or assesses a unit."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("teacher")
        WORKPLACE_SUPERVISOR = "supervisor", _("workplace supervisor")

    unit = models.ForeignKey(
        "curriculum.UnitPage",
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("unit"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="taught_units",
        verbose_name=_("person"),
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.TEACHER,
        verbose_name=_("role"),
    )

    panels = [FieldPanel("unit"), FieldPanel("user"), FieldPanel("role")]

    class Meta:
        verbose_name = _("unit staff member")
        verbose_name_plural = _("unit staff")
        constraints = [
            models.UniqueConstraint(fields=["unit", "user"], name="lms_staff_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit}"


class ActivityProgress(models.Model):
    """Projection: what the statements say about one learner and one activity.

    Every field is a fold that gives the same result however often a
    statement is applied (earliest, latest, maximum, any), which is what
    makes the projector idempotent.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activity_progress",
    )
    activity_iri = models.CharField(max_length=500)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    is_experienced = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    passed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    best_score = models.FloatField(null=True, blank=True)
    last_score = models.FloatField(null=True, blank=True)
    last_result_key = models.CharField(max_length=80, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "activity_iri"], name="lms_progress_once"
            )
        ]
        indexes = [models.Index(fields=["activity_iri", "last_at"])]

    @property
    def status(self) -> str:
        """Return passed, failed, completed, in-progress."""
        if self.passed_at:
            return "passed"
        if self.failed_at:
            return "failed"
        if self.completed_at:
            return "completed"
        return "in-progress"


class CompetenceEvidence(models.Model):
    """Projection: one statement proving a competence at a level."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competence_evidence",
    )
    competence = models.ForeignKey(
        "curriculum.Competence", on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField()
    statement_id = models.UUIDField()
    activity_iri = models.CharField(max_length=500)
    achieved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("competence evidence")
        verbose_name_plural = _("competence evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "competence", "statement_id"],
                name="lms_evidence_once",
            )
        ]
        indexes = [models.Index(fields=["statement_id"])]


class UnknownActivity(models.Model):
    """Projection: an activity that statements mention but no page knows."""

    activity_iri = models.CharField(max_length=500, unique=True)
    name = models.CharField(max_length=255, blank=True)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("unlinked activity")
        verbose_name_plural = _("unlinked activities")


class ActivityLink(models.Model):
    """A teacher's decision that an outside activity belongs to a lesson."""

    activity_iri = models.CharField(
        max_length=500, unique=True, verbose_name=_("activity IRI")
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lesson"),
    )
    counts_as_assessment = models.BooleanField(
        default=True,
        verbose_name=_("counts as an assessment"),
        help_text=_("a learner must pass or complete it to complete the unit"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("linked activity")
        verbose_name_plural = _("linked activities")


class ProjectorCursor(models.Model):
    """How far the projector has read the statement stream."""

    name = models.CharField(max_length=40, primary_key=True)
    stored_at = models.DateTimeField(null=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)


def submission_path(instance: "SubmissionFile", filename: str) -> str:
    """Return a random name: the original may hold a name or a number."""
    extension = SUBMISSION_EXTENSIONS.get(instance.content_type, "bin")
    return f"submissions/{uuid.uuid4().hex}.{extension}"


SUBMISSION_EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
}


class Submission(models.Model):
    """Evidence a learner handed in for a practical assignment, and its score."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for assessment")
        ASSESSED = "assessed", _("assessed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("learner"),
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lesson"),
    )
    block_id = models.CharField(max_length=64)
    registration = models.UUIDField()
    text = models.TextField(blank=True, verbose_name=_("explanation"))
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    points = models.JSONField(default=dict, blank=True)
    feedback = models.TextField(blank=True, verbose_name=_("feedback"))
    is_passed = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["submitted_at"]


class SubmissionFile(models.Model):
    """A photo or PDF handed in with a submission; stored privately."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(storage=private_storage, upload_to=submission_path)
    content_type = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
