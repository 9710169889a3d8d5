"""Forms for supplying demands and importing files in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Company, CompetenceFramework


def companies_for(user):
    """Return the companies whose demands ``user`` may supply."""
    if user.has_perm("curriculum.access_all_demands"):
        return Company.objects.all()
    return Company.objects.filter(contacts=user)


class CompetenceDemandForm(WagtailAdminModelForm):
    """A demand form that offers only the companies the user speaks for."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or "company" not in self.fields:
            return
        companies = companies_for(for_user)
        self.fields["company"].queryset = companies
        if not self.instance.pk and companies.count() == 1:
            self.fields["company"].initial = companies.get()
        self.fields["competence"].queryset = self.fields[
            "competence"
        ].queryset.select_related("framework")


class DemandImportForm(forms.Form):
    """Upload a CSV or XLSX file of one company's demands."""

    company = forms.ModelChoiceField(
        queryset=Company.objects.none(), label=_("company")
    )
    framework = forms.ModelChoiceField(
        queryset=CompetenceFramework.objects.all(),
        label=_("competence framework"),
        help_text=_("the framework whose competence codes the file uses"),
    )
    file = forms.FileField(
        label=_("file"), help_text=_("a .csv or .xlsx file made from the template")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        companies = companies_for(user)
        self.fields["company"].queryset = companies
        if companies.count() == 1:
            self.fields["company"].initial = companies.get()
        if CompetenceFramework.objects.count() == 1:
            self.fields["framework"].initial = CompetenceFramework.objects.get()


class CompetenceImportForm(forms.Form):
    """Upload a CSV or XLSX file of a framework's competences."""

    framework = forms.ModelChoiceField(
        queryset=CompetenceFramework.objects.all(), label=_("competence framework")
    )
    file = forms.FileField(
        label=_("file"), help_text=_("a .csv or .xlsx file made from the template")
    )
