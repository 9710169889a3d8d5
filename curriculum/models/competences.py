"""Competence frameworks, their competences and proficiency scales.

A framework (an SBB qualification file, ESCO, or a company's own list) holds
competences in a tree: core tasks (kerntaken) with work processes
(werkprocessen) below them. Learning outcomes, rubric criteria and practice
cases point at competences; mastery is measured on a proficiency scale.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from ..iris import activity_iri

ESCO_PREFIX = "http://data.europa.eu/esco/"


class ProficiencyScale(ClusterableModel):
    """A named, ordered set of levels, e.g. 1 beginner to 4 expert."""

    name = models.CharField(max_length=80, unique=True, verbose_name=_("name"))

    panels = [FieldPanel("name"), InlinePanel("levels", label=_("levels"), min_num=2)]

    class Meta:
        ordering = ["name"]
        verbose_name = _("proficiency scale")
        verbose_name_plural = _("proficiency scales")

    def __str__(self) -> str:
        return self.name

    @property
    def highest_level(self) -> int:
        return max((level.level for level in self.levels.all()), default=0)


class ProficiencyLevel(Orderable):
    """One level of a proficiency scale."""

    scale = ParentalKey(
        ProficiencyScale, on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(verbose_name=_("level"))
    name = models.CharField(max_length=60, verbose_name=_("name"))
    description = models.CharField(
        max_length=255, blank=True, verbose_name=_("description")
    )

    panels = [FieldPanel("level"), FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "level"], name="unique_level_per_scale"
            )
        ]
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")

    def __str__(self) -> str:
        return f"{self.level}. {self.name}"


class CompetenceFramework(index.Indexed, ClusterableModel):
    """A versioned list of competences from one source."""

    class Source(models.TextChoices):
        SBB = "sbb", _("SBB qualification file")
        ESCO = "esco", _("ESCO")
        COMPANY = "company", _("company-defined")
        TECHCAMPUS = "techcampus", _("TechCampus")

    name = models.CharField(max_length=160, verbose_name=_("name"))
    code = models.SlugField(
        max_length=60,
        unique=True,
        verbose_name=_("code"),
        help_text=_("short, fixed code; part of every competence's xAPI identifier"),
    )
    source = models.CharField(
        max_length=20, choices=Source.choices, verbose_name=_("source")
    )
    version = models.CharField(max_length=40, verbose_name=_("version"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    default_scale = models.ForeignKey(
        ProficiencyScale,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("default proficiency scale"),
    )
    children_cover_parent = models.BooleanField(
        default=False,
        verbose_name=_("children cover their parent"),
        help_text=_(
            "in a curriculum check, teaching a work process also covers its core task"
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("code"),
                FieldPanel("source"),
                FieldPanel("version"),
                FieldPanel("default_scale"),
                FieldPanel("children_cover_parent"),
                FieldPanel("description"),
            ],
            heading=capfirst(_("framework")),
        ),
        InlinePanel("competences", label=_("competences")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("source"),
    ]

    class Meta:
        ordering = ["name", "version"]
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Competence(index.Indexed, Orderable):
    """One competence of a framework: a core task, work process or skill."""

    class Kind(models.TextChoices):
        CORE_TASK = "core-task", _("core task")
        WORK_PROCESS = "work-process", _("work process")
        SKILL = "skill", _("skill")

    framework = ParentalKey(
        CompetenceFramework,
        on_delete=models.CASCADE,
        related_name="competences",
        verbose_name=_("framework"),
    )
    code = models.CharField(max_length=40, verbose_name=_("code"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.SKILL, verbose_name=_("kind")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_("e.g. the core task a work process belongs to"),
    )
    esco_uri = models.URLField(
        blank=True,
        max_length=255,
        verbose_name=_("ESCO URI"),
        help_text=_("e.g. http://data.europa.eu/esco/skill/…"),
    )
    scale = models.ForeignKey(
        ProficiencyScale,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proficiency scale"),
        help_text=_("leave empty to use the framework's default scale"),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("esco_uri"),
        FieldPanel("scale"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("code"),
        index.AutocompleteField("title"),
        index.AutocompleteField("code"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="unique_competence_code"
            )
        ]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("A competence cannot be its own parent.")
        elif self.parent and self.parent.framework_id != self.framework_id:
            errors["parent"] = _("The parent must belong to the same framework.")
        # ESCO's identifiers are http IRIs; a form that assumed https when
        # the scheme was left out, or a copy from the browser, still names one.
        secure = "https" + ESCO_PREFIX.removeprefix("http")
        if self.esco_uri.startswith(secure):
            self.esco_uri = ESCO_PREFIX + self.esco_uri.removeprefix(secure)
        if self.esco_uri and not self.esco_uri.startswith(ESCO_PREFIX):
            errors["esco_uri"] = _("An ESCO URI starts with %(prefix)s.") % {
                "prefix": ESCO_PREFIX
            }
        if errors:
            raise ValidationError(errors)

    @property
    def proficiency_scale(self) -> ProficiencyScale:
        return self.scale or self.framework.default_scale

    @property
    def activity_iri(self) -> str:
        return activity_iri("competence", self.framework.code, self.code)
