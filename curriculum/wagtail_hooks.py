"""Admin menus for the curriculum's snippets, demands and checks."""

from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import CompanyForm
from .models import (
    Company,
    Competence,
    CompetenceFramework,
    Location,
    ProficiencyScale,
)
from .views import checks as check_views
from .views import competences as competence_views
from .views.demands import CompetenceDemandViewSet


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
    list_display = ["name", "sector", "city", "offers_work_placements"]
    list_filter = ["sector", "size", "is_training_company", "offers_work_placements"]
    search_fields = ["name"]
    edit_handler = ObjectList(Company.panels, base_form_class=CompanyForm)


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


check_urls = (
    [
        path("", check_views.CheckIndexView.as_view(), name="index"),
        path("start/", check_views.StartCheckView.as_view(), name="start"),
        path("<int:pk>/", check_views.CheckRunView.as_view(), name="run"),
        re_path(
            r"^(?P<pk>\d+)/export/(?P<file_format>csv|xlsx)/$",
            check_views.CheckExportView.as_view(),
            name="export",
        ),
        path("company/", check_views.CompanyCoverageView.as_view(), name="company"),
    ],
    "curriculum_checks",
)


@hooks.register("register_admin_urls")
def register_curriculum_urls():
    return [
        path("curriculum-checks/", include(check_urls)),
        path(
            "competences/import/",
            competence_views.CompetenceImportView.as_view(),
            name="curriculum_competence_import",
        ),
        re_path(
            r"^competences/import/template/(?P<file_format>csv|xlsx)/$",
            competence_views.competence_template,
            name="curriculum_competence_template",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_demand_viewset():
    return CompetenceDemandViewSet("competence_demands", url_prefix="demands")


class CurriculumCheckMenuItem(MenuItem):
    """Shown to teachers, coordinators and company contacts."""

    def is_shown(self, request) -> bool:
        user = request.user
        return check_views.may_see_reports(user) or (
            check_views.contact_companies(user).exists()
        )


class CompetenceImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return competence_views.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_check_menu_item():
    return CurriculumCheckMenuItem(
        _("Curriculum check"),
        reverse("curriculum_checks:index"),
        icon_name="tasks",
        order=215,
    )


@hooks.register("register_admin_menu_item")
def register_competence_import_menu_item():
    return CompetenceImportMenuItem(
        _("Import competences"),
        reverse("curriculum_competence_import"),
        icon_name="upload",
        order=201,
    )
