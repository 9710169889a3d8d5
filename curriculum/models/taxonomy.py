"""Fixed vocabularies: target groups and technical profiles.

Rows exist so that tracks can relate to them and the catalogue can filter on
them in SQL; their labels come from code so that they are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

TARGET_GROUP_LABELS = {
    "vo": _("secondary school pupil"),
    "side-entrant": _("career changer"),
    "status-holder": _("status holder"),
    "mbo": _("mbo student"),
    "sme-employee": _("SME employee"),
    "teacher": _("teacher"),
}

PROFILE_LABELS = {
    "construction": _("construction"),
    "installation": _("installation"),
    "electrical": _("electrical engineering"),
    "infra": _("infrastructure"),
    "metal": _("metal and mechanical engineering"),
}


class LabelledCode(models.Model):
    """A row identified by a code whose label is a translated string."""

    labels: dict = {}

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return str(self.labels.get(self.code, self.code))


class TargetGroup(LabelledCode):
    """A group of people a track is meant for."""

    labels = TARGET_GROUP_LABELS

    class Meta(LabelledCode.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Profile(LabelledCode):
    """A technical profile of the region: construction, metal, and so on."""

    labels = PROFILE_LABELS

    class Meta(LabelledCode.Meta):
        verbose_name = _("technical profile")
        verbose_name_plural = _("technical profiles")
