"""Admin menus for the curriculum's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    Company,
    Competence,
    CompetenceFramework,
    Location,
    ProficiencyScale,
)


class CompetenceFrameworkViewSet(SnippetViewSet):
    model = CompetenceFramework
    icon = "list-ul"
    list_display = ["name", "code", "source", "version"]
    list_filter = ["source"]
    search_fields = ["name", "code"]


class CompetenceViewSet(SnippetViewSet):
    model = Competence
    icon = "pick"
    list_display = ["code", "title", "kind", "framework"]
    list_filter = ["framework", "kind"]
    search_fields = ["code", "title"]


class ProficiencyScaleViewSet(SnippetViewSet):
    model = ProficiencyScale
    icon = "order"


class CompanyViewSet(SnippetViewSet):
    model = Company
    icon = "group"
    list_display = ["name", "sector", "city", "is_training_company"]
    list_filter = ["is_training_company"]
    search_fields = ["name"]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "home"
    list_display = ["name", "company", "address"]
    search_fields = ["name"]


class CurriculumViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Competences")
    menu_icon = "pick"
    menu_order = 200
    items = (
        CompetenceFrameworkViewSet,
        CompetenceViewSet,
        ProficiencyScaleViewSet,
    )


class OrganisationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Companies")
    menu_icon = "group"
    menu_order = 210
    items = (CompanyViewSet, LocationViewSet)


register_snippet(CurriculumViewSetGroup)
register_snippet(OrganisationViewSetGroup)
