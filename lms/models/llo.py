"""Lifelong learning (LLO): certificates, development hours and targets.

Two kinds of certificates live here. A ``Certificate`` is issued by the
platform when a learner completes a unit or track whose
``CertificateSetting`` says it carries one; it is signed as an Open Badges
credential and can be verified by anyone. An ``ExternalCertificate`` is one a
participant earned elsewhere (VCA, NEN 3140, …) and records with a scan.
Development hours come from ``DevelopmentActivity`` rows and from the hours
of external certificates; ``HoursTarget`` holds the yearly goal.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel

from curriculum.models import Company, Competence

from ..llo.codes import new_verification_code
from ..storage import private_storage

EXPIRING_WITHIN_DAYS = 90
SCAN_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def scan_path(instance: "ExternalCertificate", filename: str) -> str:
    """Return a random name for a scan: the original may hold personal data."""
    extension = SCAN_EXTENSIONS.get(instance.scan_content_type, "bin")
    return f"llo/scans/{uuid.uuid4().hex}.{extension}"


class Status(models.TextChoices):
    """Where a certificate stands on a given day."""

    VALID = "valid", _("valid")
    EXPIRING = "expiring", _("expiring soon")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


def status_on(
    expires_on: datetime.date | None, today: datetime.date, is_revoked: bool = False
) -> str:
    """Return the status of a certificate that expires on ``expires_on``."""
    if is_revoked:
        return Status.REVOKED
    if expires_on is None:
        return Status.VALID
    if expires_on < today:
        return Status.EXPIRED
    if (expires_on - today).days <= EXPIRING_WITHIN_DAYS:
        return Status.EXPIRING
    return Status.VALID


class Participant(models.Model):
    """The LLO profile of a teacher or company employee."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="llo_participant",
        verbose_name=_("user"),
    )
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="llo_participants",
        verbose_name=_("company"),
        help_text=_("leave empty for teachers of the college"),
    )
    job_title = models.CharField(max_length=120, blank=True, verbose_name=_("job"))

    class Meta:
        verbose_name = _("LLO participant")
        verbose_name_plural = _("LLO participants")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class HoursTarget(models.Model):
    """The hours of development a person should reach in one calendar year."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="llo_hours_targets",
        verbose_name=_("user"),
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    hours = models.PositiveSmallIntegerField(verbose_name=_("target in hours"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("set by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year"], name="unique_llo_target_per_year"
            )
        ]
        verbose_name = _("hours target")
        verbose_name_plural = _("hours targets")

    def __str__(self) -> str:
        return f"{self.year}: {self.hours}"


class CertificateSetting(models.Model):
    """Whether completing a unit or track earns a platform certificate.

    Kept in lms, keyed by page, so that the curriculum models stay free of
    knowledge about certificates, and so that the setting survives page
    revisions untouched: publishing a new draft never switches it off.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="certificate_setting",
        verbose_name=_("unit or track"),
    )
    has_certificate = models.BooleanField(
        default=True,
        verbose_name=_("issues a certificate"),
        help_text=_("learners who complete it receive a TechCampus certificate"),
    )
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name=_("valid for (months)"),
        help_text=_("leave empty for a certificate that does not expire"),
    )

    panels = [
        PageChooserPanel("page", ["curriculum.UnitPage", "curriculum.TrackPage"]),
        FieldPanel("has_certificate"),
        FieldPanel("validity_months"),
    ]

    class Meta:
        verbose_name = _("certificate setting")
        verbose_name_plural = _("certificate settings")

    def __str__(self) -> str:
        return str(self.page)


class Certificate(models.Model):
    """A certificate the platform issued for a completed unit or track.

    The achievement's title, IRI and competences are copied at issue time:
    a certificate states what was achieved then, whatever the page says later.
    """

    class Kind(models.TextChoices):
        UNIT = "unit", _("unit")
        TRACK = "track", _("track")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="llo_certificates",
        verbose_name=_("holder"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit or track"),
    )
    achievement_kind = models.CharField(
        max_length=10, choices=Kind.choices, verbose_name=_("kind")
    )
    achievement_title = models.CharField(max_length=255, verbose_name=_("achievement"))
    achievement_iri = models.URLField(max_length=255, verbose_name=_("activity IRI"))
    study_load_hours = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("study load in hours")
    )
    competences = models.ManyToManyField(
        Competence,
        blank=True,
        related_name="llo_certificates",
        verbose_name=_("competences"),
    )
    verification_code = models.CharField(
        max_length=20,
        unique=True,
        default=new_verification_code,
        editable=False,
        verbose_name=_("verification code"),
    )
    status_index = models.PositiveIntegerField(
        unique=True,
        editable=False,
        verbose_name=_("status list index"),
        help_text=_("position of this certificate in the published revocation list"),
    )
    completed_at = models.DateTimeField(verbose_name=_("completed"))
    issued_at = models.DateTimeField(default=timezone.now, verbose_name=_("issued"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("valid until"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(
        blank=True, verbose_name=_("reason for revocation")
    )
    pdf = models.FileField(
        storage=private_storage,
        upload_to="llo/certificates/",
        blank=True,
        verbose_name=_("PDF"),
    )
    statement_stored_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("xAPI statement stored"),
        help_text=_("when the earned statement reached the learning record store"),
    )

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "page"], name="unique_llo_certificate_per_achievement"
            )
        ]
        permissions = [("revoke_certificate", _("Can revoke a certificate"))]
        verbose_name = _("platform certificate")
        verbose_name_plural = _("platform certificates")

    def __str__(self) -> str:
        return f"{self.verification_code} {self.achievement_title}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def status(self, today: datetime.date | None = None) -> str:
        """Return valid, expiring, expired or revoked on ``today``."""
        today = today or timezone.localdate()
        return status_on(self.valid_until, today, self.is_revoked)

    @property
    def issued_on(self) -> datetime.date:
        return timezone.localtime(self.issued_at).date()


class ExternalCertificate(models.Model):
    """A certificate earned elsewhere, recorded by its holder."""

    class Kind(models.TextChoices):
        VCA_BASIC = "vca-basis", _("VCA basic safety")
        VCA_VOL = "vca-vol", _("VCA VOL (safety for supervisors)")
        NEN3140_INSTRUCTED = "nen3140-vop", _("NEN 3140 instructed person")
        NEN3140_SKILLED = "nen3140-vp", _("NEN 3140 skilled person")
        F_GASES = "f-gassen", _("F-gases")
        BHV = "bhv", _("company emergency response (BHV)")
        DRONE_A1_A3 = "easa-a1-a3", _("EASA drone A1/A3")
        DRONE_A2 = "easa-a2", _("EASA drone A2")
        WELDING = "lasdiploma", _("welding certificate")
        OTHER = "other", _("other")

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="llo_external_certificates",
        verbose_name=_("holder"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    other_kind = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("name of the certificate"),
        help_text=_("only when the kind is “other”"),
    )
    issuer = models.CharField(max_length=120, verbose_name=_("issued by"))
    number = models.CharField(
        max_length=60, blank=True, verbose_name=_("certificate number")
    )
    issued_on = models.DateField(verbose_name=_("date of issue"))
    expires_on = models.DateField(null=True, blank=True, verbose_name=_("expiry date"))
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=0,
        verbose_name=_("hours"),
        help_text=_("hours of training that led to the certificate"),
    )
    scan = models.FileField(
        storage=private_storage,
        upload_to=scan_path,
        blank=True,
        verbose_name=_("scan"),
    )
    scan_content_type = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        ordering = ["expires_on", "kind"]
        verbose_name = _("external certificate")
        verbose_name_plural = _("external certificates")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.OTHER and self.other_kind:
            return self.other_kind
        return str(self.get_kind_display())

    @property
    def kind_key(self) -> str:
        """Return the column this certificate belongs to in an overview."""
        if self.kind == self.Kind.OTHER:
            return "other:" + self.other_kind.strip().lower()
        return self.kind

    def status(self, today: datetime.date | None = None) -> str:
        """Return valid, expiring or expired on ``today``."""
        return status_on(self.expires_on, today or timezone.localdate())


class DevelopmentActivity(models.Model):
    """Hours spent on professional development: a course, a lecture, a stage."""

    class Kind(models.TextChoices):
        PLATFORM_COURSE = "platform-course", _("course on this platform")
        EXTERNAL_COURSE = "external-course", _("external course or training")
        GUEST_LECTURE = "guest-lecture", _("guest lecture given")
        TEACHER_INTERNSHIP = "teacher-internship", _("teacher internship at a company")
        KNOWLEDGE_SESSION = "knowledge-session", _("knowledge session")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="llo_activities",
        verbose_name=_("user"),
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    organisation = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("organisation"),
        help_text=_("e.g. the company or training institute"),
    )
    happened_on = models.DateField(verbose_name=_("date"))
    hours = models.DecimalField(max_digits=5, decimal_places=1, verbose_name=_("hours"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit on this platform"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=models.Q(page__isnull=False),
                name="unique_llo_platform_course_per_unit",
            )
        ]
        verbose_name = _("development activity")
        verbose_name_plural = _("development activities")

    def __str__(self) -> str:
        return self.title

    @property
    def is_automatic(self) -> bool:
        return self.kind == self.Kind.PLATFORM_COURSE and self.page_id is not None


class ReminderSent(models.Model):
    """A reminder e-mail sent about one expiry date; one row per step.

    The expiry date is part of the key, so a renewed certificate (new date)
    starts a fresh series of reminders.
    """

    class Step(models.TextChoices):
        DAYS_90 = "90", _("90 days before expiry")
        DAYS_30 = "30", _("30 days before expiry")
        DAYS_7 = "7", _("7 days before expiry")
        EXPIRED = "expired", _("after expiry")

    external_certificate = models.ForeignKey(
        ExternalCertificate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    certificate = models.ForeignKey(
        Certificate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    expires_on = models.DateField(verbose_name=_("expiry date"))
    step = models.CharField(max_length=10, choices=Step.choices, verbose_name=_("step"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["external_certificate", "expires_on", "step"],
                condition=models.Q(external_certificate__isnull=False),
                name="unique_llo_reminder_external",
            ),
            models.UniqueConstraint(
                fields=["certificate", "expires_on", "step"],
                condition=models.Q(certificate__isnull=False),
                name="unique_llo_reminder_platform",
            ),
            models.CheckConstraint(
                condition=models.Q(external_certificate__isnull=True)
                ^ models.Q(certificate__isnull=True),
                name="llo_reminder_for_one_certificate",
            ),
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.expires_on} {self.step}"
