"""Forms for supplying demands and importing files in the Wagtail admin."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Company, Competence, CompetenceFramework

# The company-contact role's group; created by the roles migration of lms.
COMPANY_CONTACT_GROUP = "Bedrijfscontactpersonen"


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


class CompanyForm(WagtailAdminModelForm):
    """A company form whose contacts are people with the company-contact role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contacts" not in self.fields:
            return
        chosen = Q(groups__name=COMPANY_CONTACT_GROUP)
        if self.instance.pk:
            chosen |= Q(companies=self.instance)
        people = get_user_model().objects.filter(chosen).distinct()
        field = self.fields["contacts"]
        field.queryset = people.order_by("username")
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.help_text = _(
            "people with the company-contact role who supply the company's demands"
        )


def _esco_iris_assume_http(db_field, **kwargs):
    """Complete an ESCO URI typed without a scheme as http, as ESCO writes them."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "http")
    return db_field.formfield(**kwargs)


class ProposedCompetenceForm(forms.ModelForm):
    """Add a company's proposed competence to a framework as a new competence."""

    class Meta:
        model = Competence
        fields = ["framework", "code", "title", "kind", "parent", "esco_uri"]
        formfield_callback = _esco_iris_assume_http

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Competence.objects.select_related(
            "framework"
        ).order_by("framework__name", "code")
        self.fields["parent"].label_from_instance = lambda item: (
            f"{item.framework.code}: {item}"
        )
