"""Admin views to import a competence framework's competences from a file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from ..forms import CompetenceImportForm
from ..imports import (
    COMPETENCE_COLUMNS,
    COMPETENCE_EXAMPLE,
    FORMATS,
    import_competences,
    template_file,
)
from .base import AdminPageMixin
from .demands import template_response

IMPORT_PERMISSIONS = ("curriculum.add_competence", "curriculum.change_competence")


def may_import(user) -> bool:
    return user.has_perms(IMPORT_PERMISSIONS)


class CompetenceImportView(AdminPageMixin, FormView):
    """Upload a file of competences; store all rows or, on any error, none."""

    template_name = "curriculum/admin/import.html"
    form_class = CompetenceImportForm
    page_title = gettext_lazy("Import competences")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        templates = {
            name: reverse("curriculum_competence_template", args=[name])
            for name in FORMATS
        }
        return super().get_context_data(
            templates=templates, columns=COMPETENCE_COLUMNS, **kwargs
        )

    def form_valid(self, form):
        framework = form.cleaned_data["framework"]
        result = import_competences(form.cleaned_data["file"], framework)
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, errors=result.errors)
            )
        messages.success(
            self.request,
            _("%(created)s competences added and %(updated)s updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect("curriculum_competence_import")


def competence_template(request, file_format: str) -> HttpResponse:
    """Download the competence import template as CSV or XLSX."""
    if not may_import(request.user):
        raise PermissionDenied
    content = template_file(COMPETENCE_COLUMNS, COMPETENCE_EXAMPLE, file_format)
    return template_response(content, "competences", file_format)
