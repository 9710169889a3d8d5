"""Companies and the places where on-site practice happens."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Company(index.Indexed, models.Model):
    """A regional company or training company in the partnership."""

    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    sector = models.CharField(max_length=80, blank=True, verbose_name=_("sector"))
    city = models.CharField(max_length=80, blank=True, verbose_name=_("city"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    is_training_company = models.BooleanField(
        default=False,
        verbose_name=_("training company"),
        help_text=_("trains learners in its own workshops"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("sector"),
        FieldPanel("city"),
        FieldPanel("website"),
        FieldPanel("is_training_company"),
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
