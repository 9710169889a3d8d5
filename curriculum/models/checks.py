"""Stored curriculum checks: what went in, what came out, and how it went.

A run keeps its full results as JSON so that reports show exactly what the
check saw on that day, even after demands and units have changed since.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CurriculumCheckRun(models.Model):
    """One run of the curriculum check, for all tracks or for one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        verbose_name=_("status"),
    )
    progress = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("progress"), help_text=_("percentage done")
    )
    track_slug = models.SlugField(
        max_length=255,
        blank=True,
        verbose_name=_("track"),
        help_text=_("slug of the only track checked; empty for all tracks"),
    )
    input_summary = models.JSONField(
        default=dict, blank=True, verbose_name=_("summary of the inputs")
    )
    results = models.JSONField(default=dict, blank=True, verbose_name=_("results"))
    comparison = models.JSONField(
        default=dict, blank=True, verbose_name=_("comparison with the previous run")
    )
    score = models.FloatField(null=True, blank=True, verbose_name=_("coverage score"))
    track_scores = models.JSONField(
        default=dict,
        blank=True,
        verbose_name=_("coverage score per track"),
        help_text=_("kept apart from the results so that trends load quickly"),
    )
    error = models.TextField(blank=True, verbose_name=_("error"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("started at")
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("finished at")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("curriculum check")
        verbose_name_plural = _("curriculum checks")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED)

    def previous_finished(self) -> "CurriculumCheckRun | None":
        """Return the finished run with the same scope just before this one."""
        runs = CurriculumCheckRun.objects.filter(
            status=self.Status.FINISHED, track_slug=self.track_slug, pk__lt=self.pk
        )
        return runs.order_by("-pk").first()
