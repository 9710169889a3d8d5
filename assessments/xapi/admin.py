"""Django admin for LRS clients, and a read-only view of statements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .auth import save_client
from .models import LRSClient, Statement


class LRSClientForm(forms.ModelForm):
    """Edit a client; the secret is write-only and hashed on save."""

    secret = forms.CharField(
        label=_("secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("leave empty to keep the current secret"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=LRSClient.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LRSClient
        fields = ["name", "key", "is_active"]

    def clean(self) -> dict[str, Any]:
        """Require a secret for a new client."""
        cleaned = super().clean()
        if self.instance.pk is None and not cleaned.get("secret"):
            self.add_error("secret", _("a new client needs a secret"))
        return cleaned


@admin.register(LRSClient)
class LRSClientAdmin(admin.ModelAdmin):
    """Admin of LRS clients that hashes secrets the same way as the command."""

    form = LRSClientForm
    list_display = ["name", "key", "is_active", "updated_at"]
    search_fields = ["name", "key"]

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """Preselect the client's current scopes."""
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["scopes"].initial = obj.scopes if obj else []
        return form

    def save_model(
        self, request: HttpRequest, obj: LRSClient, form: Any, change: bool
    ) -> None:
        """Save through the service that hashes the secret and clears caches."""
        if change:
            previous = LRSClient.objects.get(pk=obj.pk)
            if previous.name != obj.name:
                previous.name = obj.name
                previous.save(update_fields=["name"])
        save_client(
            obj.name,
            obj.key,
            form.cleaned_data.get("secret") or None,
            form.cleaned_data["scopes"],
        )
        saved = LRSClient.objects.get(name=obj.name)
        if saved.is_active != obj.is_active:
            saved.is_active = obj.is_active
            saved.save(update_fields=["is_active"])
        obj.pk = saved.pk


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    """Read-only list of stored statements, for support and inspection."""

    list_display = ["statement_id", "verb_key", "activity_key", "stored_at"]
    list_filter = ["is_voided"]
    search_fields = ["=statement_id"]
    readonly_fields = [field.name for field in Statement._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Statements come in through the LRS only."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Statements are immutable."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Statements are voided, never deleted."""
        return False
