"""Admin views for competence demands: list, supply, change, withdraw, import.

A company contact sees and changes only the demands of the companies he or
she is a contact of; the scope is enforced in every view's queryset and in
the form's company choices, not only in the menu.
"""

import logging

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, re_path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from ..demands import (
    add_proposed_competence,
    map_proposed_competence,
    replace_demand,
    supply_demand,
    withdraw_demand,
)
from ..forms import CompetenceDemandForm, DemandImportForm, ProposedCompetenceForm
from ..imports import (
    DEMAND_COLUMNS,
    DEMAND_EXAMPLE,
    FORMATS,
    import_demands,
    template_file,
)
from ..models import CompetenceDemand
from .base import AdminPageMixin

logger = logging.getLogger(__name__)

ADD_COMPETENCE_PERMISSIONS = (
    "curriculum.access_all_demands",
    "curriculum.add_competence",
)


def scoped_demands(user):
    """Return the demands ``user`` may see in the admin."""
    return CompetenceDemand.objects.visible_to(user).select_related(
        "company", "competence__framework"
    )


class ScopedObjectMixin:
    """Fetch the demand from the user's scope, so other companies' are a 404."""

    current_only = True

    def get_object(self, queryset=None):
        demands = scoped_demands(self.request.user)
        if self.current_only:
            demands = demands.current()
        return get_object_or_404(demands, pk=self.kwargs["pk"])


class DemandIndexView(generic.IndexView):
    """Current demands, or the whole history with ``?history=1``."""

    @cached_property
    def show_history(self) -> bool:
        return self.request.GET.get("history") == "1"

    def get_base_queryset(self):
        demands = scoped_demands(self.request.user)
        return demands if self.show_history else demands.current()

    def get_page_subtitle(self):
        return _("history") if self.show_history else _("current")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("curriculum.add_competencedemand"):
            buttons.append(
                HeaderButton(
                    _("Import"),
                    url=reverse("competence_demands:import"),
                    icon_name="upload",
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        label = _("Current demands") if self.show_history else _("Show history")
        query = "" if self.show_history else "?history=1"
        url = reverse("competence_demands:index") + query
        return [
            *super().header_more_buttons,
            Button(label, url=url, icon_name="history"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_current and self.user_has_permission("change"):
            url = reverse("competence_demands:withdraw", args=[instance.pk])
            buttons.append(MenuItem(_("Withdraw"), url, icon_name="bin", priority=30))
        if instance.is_current and not instance.competence_id:
            buttons += self._proposal_buttons(instance)
        return buttons

    def _proposal_buttons(self, instance) -> list[MenuItem]:
        if not self.request.user.has_perms(ADD_COMPETENCE_PERMISSIONS):
            return []
        add_url = reverse("competence_demands:add_competence", args=[instance.pk])
        map_url = reverse("competence_demands:edit", args=[instance.pk])
        return [
            MenuItem(_("Map to an existing competence"), map_url, icon_name="link"),
            MenuItem(_("Add to a framework"), add_url, icon_name="plus"),
        ]

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if instance.is_current else None


class DemandCreateView(generic.CreateView):
    def save_instance(self):
        return supply_demand(self.form.instance, self.request.user)


class DemandEditView(ScopedObjectMixin, generic.EditView):
    """Changing a demand stores a new one; mapping a proposal changes it in place."""

    def get_object(self, queryset=None):
        demand = super().get_object(queryset)
        self.was_proposal = demand.competence_id is None
        return demand

    def save_instance(self):
        demand = self.form.instance
        may_map = self.request.user.has_perm("curriculum.access_all_demands")
        if self.was_proposal and demand.competence_id and may_map:
            competence = demand.competence
            demand.refresh_from_db()
            return map_proposed_competence(demand, competence)
        return replace_demand(demand, demand, self.request.user)

    def get_success_url(self):
        return reverse("competence_demands:index")


class DemandDeleteView(ScopedObjectMixin, generic.DeleteView):
    current_only = False


class DemandHistoryView(ScopedObjectMixin, HistoryView):
    current_only = False


class DemandUsageView(ScopedObjectMixin, UsageView):
    current_only = False


class WithdrawDemandView(ScopedObjectMixin, AdminPageMixin, TemplateView):
    """Ask to confirm, then withdraw a current demand."""

    template_name = "curriculum/admin/withdraw_demand.html"
    page_title = gettext_lazy("Withdraw demand")
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("curriculum.change_competencedemand"):
            raise PermissionDenied
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(demand=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        withdraw_demand(self.object)
        messages.success(request, _("The demand was withdrawn."))
        return redirect("competence_demands:index")


class AddProposedCompetenceView(ScopedObjectMixin, AdminPageMixin, FormView):
    """Add a proposed competence to a framework and map the demand onto it."""

    template_name = "curriculum/admin/add_proposed_competence.html"
    form_class = ProposedCompetenceForm
    page_title = gettext_lazy("Add a proposed competence to a framework")
    header_icon = "plus"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(ADD_COMPETENCE_PERMISSIONS):
            raise PermissionDenied
        self.object = self.get_object()
        if self.object.competence_id:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"title": self.object.proposed_competence_title}

    def get_context_data(self, **kwargs):
        return super().get_context_data(demand=self.object, **kwargs)

    def form_valid(self, form):
        add_proposed_competence(self.object, form.save(commit=False))
        messages.success(
            self.request,
            _("Competence %(competence)s added; the demand now points at it.")
            % {"competence": form.instance},
        )
        return redirect("competence_demands:index")


class DemandImportView(AdminPageMixin, FormView):
    """Upload a file of demands; store all rows or, on any error, none."""

    template_name = "curriculum/admin/import.html"
    form_class = DemandImportForm
    page_title = gettext_lazy("Import competence demands")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("curriculum.add_competencedemand"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        templates = {
            name: reverse("competence_demands:template", args=[name])
            for name in FORMATS
        }
        return super().get_context_data(
            templates=templates, columns=DEMAND_COLUMNS, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        result = import_demands(
            data["file"], data["company"], data["framework"], self.request.user
        )
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, errors=result.errors)
            )
        messages.success(
            self.request,
            _("%(count)s demands imported.") % {"count": result.created},
        )
        return redirect("competence_demands:index")


def demand_template(request, file_format: str) -> HttpResponse:
    """Download the demand import template as CSV or XLSX."""
    if not request.user.has_perm("curriculum.add_competencedemand"):
        raise PermissionDenied
    return template_response(
        template_file(DEMAND_COLUMNS, DEMAND_EXAMPLE, file_format),
        "competence-demands",
        file_format,
    )


def template_response(content: bytes, name: str, file_format: str) -> HttpResponse:
    """Return ``content`` as a file download called ``name.<format>``."""
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


class DemandFilterSet(WagtailFilterSet):
    # No company filter: its choices would name every company to a contact.
    is_proposal = django_filters.BooleanFilter(
        field_name="competence",
        lookup_expr="isnull",
        label=gettext_lazy("proposed new competence"),
    )

    class Meta:
        model = CompetenceDemand
        fields = ["importance", "horizon"]


class CompetenceDemandViewSet(ModelViewSet):
    """The demands menu: company contacts supply theirs, coordinators all."""

    model = CompetenceDemand
    icon = "form"
    add_to_admin_menu = True
    menu_label = gettext_lazy("Competence demands")
    menu_order = 205
    copy_view_enabled = False
    index_view_class = DemandIndexView
    add_view_class = DemandCreateView
    edit_view_class = DemandEditView
    delete_view_class = DemandDeleteView
    history_view_class = DemandHistoryView
    usage_view_class = DemandUsageView
    list_display = [
        "competence_label",
        "company",
        "level",
        "importance",
        "horizon",
        "people_needed",
        "supplied_on",
        "status_label",
    ]
    filterset_class = DemandFilterSet
    edit_handler = ObjectList(
        [
            FieldPanel("company", widget=forms.Select),
            FieldPanel("competence", widget=forms.Select),
            FieldPanel("proposed_competence_title"),
            FieldPanel("level"),
            FieldPanel("importance"),
            FieldPanel("horizon"),
            FieldPanel("people_needed"),
            FieldPanel("supplied_on"),
            FieldPanel("remark"),
        ],
        base_form_class=CompetenceDemandForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", DemandImportView.as_view(), name="import"),
            re_path(
                r"^template/(?P<file_format>csv|xlsx)/$",
                demand_template,
                name="template",
            ),
            path("withdraw/<int:pk>/", WithdrawDemandView.as_view(), name="withdraw"),
            path(
                "add-competence/<int:pk>/",
                AddProposedCompetenceView.as_view(),
                name="add_competence",
            ),
        ]
