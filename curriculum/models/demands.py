"""What companies say they need: competence demands, with their history.

A company supplies a demand for a competence at a level. The demand stays
current until the company replaces it with a new one or withdraws it; old
demands are kept, so the history of what the region asked for survives.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .competences import Competence
from .organisations import Company


class CompetenceDemandQuerySet(models.QuerySet):
    def current(self) -> "CompetenceDemandQuerySet":
        """Return the demands that are neither replaced nor withdrawn."""
        return self.filter(replaced_by__isnull=True, withdrawn_at__isnull=True)

    def proposed(self) -> "CompetenceDemandQuerySet":
        """Return the demands for a new competence not mapped yet."""
        return self.filter(competence__isnull=True)

    def visible_to(self, user) -> "CompetenceDemandQuerySet":
        """Return the demands ``user`` may see: all, or their companies' own."""
        if user.has_perm("curriculum.access_all_demands"):
            return self
        return self.filter(company__contacts=user)


class CompetenceDemand(models.Model):
    """A company's need for a competence at a level, now or in the future."""

    class Importance(models.TextChoices):
        MUST = "must", _("must have")
        SHOULD = "should", _("should have")
        NICE = "nice", _("nice to have")

    class Horizon(models.TextChoices):
        NOW = "now", _("now")
        WITHIN_2_YEARS = "2-years", _("within 2 years")
        WITHIN_5_YEARS = "5-years", _("within 5 years")

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="demands",
        verbose_name=_("company"),
    )
    competence = models.ForeignKey(
        Competence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
        verbose_name=_("competence"),
        help_text=_("leave empty to propose a new competence below"),
    )
    proposed_competence_title = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("proposed new competence"),
        help_text=_("a competence no framework has yet; a coordinator maps it"),
    )
    level = models.PositiveSmallIntegerField(
        verbose_name=_("required level"),
        help_text=_("on the competence's proficiency scale"),
    )
    importance = models.CharField(
        max_length=10, choices=Importance.choices, verbose_name=_("importance")
    )
    horizon = models.CharField(
        max_length=10,
        choices=Horizon.choices,
        default=Horizon.NOW,
        verbose_name=_("horizon"),
        help_text=_("when the company needs it"),
    )
    people_needed = models.PositiveSmallIntegerField(
        default=1,
        verbose_name=_("people needed per year"),
        help_text=_("expected number of people with this competence per year"),
    )
    supplied_on = models.DateField(
        default=timezone.localdate, verbose_name=_("date supplied")
    )
    remark = models.TextField(blank=True, verbose_name=_("remark"))
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("supplied by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("withdrawn at")
    )

    objects = CompetenceDemandQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "-supplied_on", "-pk"]
        indexes = [
            models.Index(
                fields=["replaced_by", "withdrawn_at"], name="competence_demand_current"
            )
        ]
        permissions = [
            ("access_all_demands", _("can see and manage every company's demands"))
        ]
        verbose_name = _("competence demand")
        verbose_name_plural = _("competence demands")

    def __str__(self) -> str:
        return f"{self.company} – {self.competence_label} ({self.level})"

    def clean(self) -> None:
        if not self.competence_id and not self.proposed_competence_title.strip():
            raise ValidationError(
                {"competence": _("Choose a competence or propose a new one.")}
            )
        if self.level is None or not self.competence_id:
            return
        highest = self.competence.proficiency_scale.highest_level
        if not 1 <= self.level <= highest:
            raise ValidationError(
                {
                    "level": _(
                        "Choose a level from 1 to %(highest)s on this competence's "
                        "scale."
                    )
                    % {"highest": highest}
                }
            )

    @property
    @admin.display(description=_("competence"))
    def competence_label(self) -> str:
        if self.competence_id:
            return str(self.competence)
        return self.proposed_competence_title

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None and self.withdrawn_at is None

    @property
    @admin.display(description=_("status"))
    def status_label(self) -> str:
        if self.withdrawn_at:
            return _("withdrawn")
        if self.replaced_by_id:
            return _("replaced")
        if not self.competence_id:
            return _("current, proposal not mapped yet")
        return _("current")
