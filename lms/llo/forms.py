"""Forms of the LLO pages; every error says what to do about it."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Certificate, DevelopmentActivity, ExternalCertificate
from .scans import validate_scan

MAX_HOURS = 1000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _check_hours(hours) -> None:
    if hours is not None and not 0 <= hours <= MAX_HOURS:
        raise forms.ValidationError(
            _("Enter a number of hours from 0 to %(maximum)s."),
            params={"maximum": MAX_HOURS},
        )


def _check_not_future(value: datetime.date | None, message: str) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)


class ExternalCertificateForm(forms.ModelForm):
    """Add or change a certificate earned elsewhere, with an optional scan."""

    remove_scan = forms.BooleanField(required=False, label=_("Remove the scan"))

    class Meta:
        model = ExternalCertificate
        fields = [
            "kind",
            "other_kind",
            "issuer",
            "number",
            "issued_on",
            "expires_on",
            "hours",
            "scan",
        ]
        widgets = {
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "scan": forms.FileInput(
                attrs={"accept": "application/pdf,image/jpeg,image/png"}
            ),
        }
        help_texts = {
            "expires_on": _("leave empty when the certificate does not expire"),
            "scan": _("PDF, JPEG or PNG; only you and the programme managers see it"),
        }

    def clean_other_kind(self) -> str:
        other_kind = self.cleaned_data.get("other_kind", "").strip()
        if self.cleaned_data.get("kind") == ExternalCertificate.Kind.OTHER:
            if not other_kind:
                raise forms.ValidationError(
                    _("Write the name of the certificate, because you chose “other”.")
                )
        return other_kind

    def clean_issued_on(self) -> datetime.date:
        issued_on = self.cleaned_data["issued_on"]
        _check_not_future(issued_on, _("The date of issue cannot be in the future."))
        return issued_on

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        _check_hours(hours)
        return hours

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):
            self.scan_content_type = validate_scan(scan)
        return scan

    def clean(self) -> dict:
        cleaned = super().clean()
        issued_on, expires_on = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued_on and expires_on and expires_on < issued_on:
            self.add_error(
                "expires_on",
                _("The expiry date must be after the date of issue."),
            )
        return cleaned

    def save(self, commit: bool = True) -> ExternalCertificate:
        certificate = super().save(commit=False)
        if hasattr(self, "scan_content_type"):
            certificate.scan_content_type = self.scan_content_type
        elif self.cleaned_data.get("remove_scan") or not certificate.scan:
            certificate.scan = ""
            certificate.scan_content_type = ""
        if commit:
            certificate.save()
        return certificate


class DevelopmentActivityForm(forms.ModelForm):
    """Add or change a development activity with its hours."""

    class Meta:
        model = DevelopmentActivity
        fields = ["kind", "title", "organisation", "happened_on", "hours", "notes"]
        widgets = {
            "happened_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Platform courses are counted automatically, never typed in.
        self.fields["kind"].choices = [
            choice
            for choice in self.fields["kind"].choices
            if choice[0] != DevelopmentActivity.Kind.PLATFORM_COURSE
        ]

    def clean_happened_on(self) -> datetime.date:
        happened_on = self.cleaned_data["happened_on"]
        _check_not_future(
            happened_on,
            _("The date cannot be in the future. Add the activity once it is done."),
        )
        return happened_on

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        _check_hours(hours)
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("Enter more than 0 hours."))
        return hours


class HoursTargetForm(forms.Form):
    """Set a person's yearly target of development hours."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    hours = forms.IntegerField(
        label=_("target in hours"), min_value=0, max_value=MAX_HOURS
    )


class RevocationForm(forms.Form):
    """Revoke a platform certificate, with the reason."""

    reason = forms.CharField(
        label=_("reason"),
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("shown to the holder; not shown on the public verification page"),
    )

    def __init__(self, *args, certificate: Certificate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate = certificate
