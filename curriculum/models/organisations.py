"""Companies and the places where on-site practice happens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Company(index.Indexed, models.Model):
    """A regional company or training company in the partnership.

    Its contacts supply the company's competence demands, which the
    curriculum check holds against the tracks.
    """

    class Sector(models.TextChoices):
        CONSTRUCTION = "construction", _("construction")
        INSTALLATION = "installation", _("installation")
        ELECTRICAL = "electrical", _("electrical engineering")
        INFRA = "infra", _("infrastructure")
        METAL = "metal", _("metal and mechanical engineering")
        AVIATION_MARITIME = "aviation-maritime", _("aviation and maritime engineering")

    class Size(models.TextChoices):
        MICRO = "micro", _("micro (fewer than 10 employees)")
        SMALL = "small", _("small (10 to 49 employees)")
        MEDIUM = "medium", _("medium (50 to 249 employees)")
        LARGE = "large", _("large (250 employees or more)")

    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    sector = models.CharField(
        max_length=80, choices=Sector.choices, blank=True, verbose_name=_("sector")
    )
    size = models.CharField(
        max_length=10, choices=Size.choices, blank=True, verbose_name=_("size")
    )
    city = models.CharField(max_length=80, blank=True, verbose_name=_("city"))
    region = models.CharField(
        max_length=80,
        blank=True,
        verbose_name=_("region"),
        help_text=_("e.g. Haarlemmermeer or Amstelland"),
    )
    website = models.URLField(blank=True, verbose_name=_("website"))
    is_training_company = models.BooleanField(
        default=False,
        verbose_name=_("training company"),
        help_text=_("trains learners in its own workshops"),
    )
    offers_work_placements = models.BooleanField(
        default=False,
        verbose_name=_("offers work placements"),
        help_text=_("has places for learners who learn while working"),
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="companies",
        verbose_name=_("contacts"),
        help_text=_("people who supply the company's competence demands"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("sector"),
        FieldPanel("size"),
        FieldPanel("city"),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("is_training_company"),
        FieldPanel("offers_work_placements"),
        FieldPanel("contacts"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class Location(index.Indexed, models.Model):
    """A place for on-site practice sessions, such as a company's workshop."""

    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
        verbose_name=_("company"),
    )
    address = models.CharField(max_length=200, blank=True, verbose_name=_("address"))

    panels = [FieldPanel("name"), FieldPanel("company"), FieldPanel("address")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name
