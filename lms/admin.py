"""Django admin for LLO: certificate settings, certificates and revocation."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .llo.services import revoke_certificate
from .models import (
    Certificate,
    CertificateSetting,
    DevelopmentActivity,
    ExternalCertificate,
    HoursTarget,
    Participant,
)


@admin.register(CertificateSetting)
class CertificateSettingAdmin(admin.ModelAdmin):
    list_display = ["page", "has_certificate", "validity_months"]
    list_filter = ["has_certificate"]
    raw_id_fields = ["page"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "verification_code",
        "achievement_title",
        "holder",
        "issued_at",
        "valid_until",
        "revoked_at",
    ]
    list_filter = ["achievement_kind", "revoked_at"]
    search_fields = ["verification_code", "achievement_title"]
    readonly_fields = [
        field.name
        for field in Certificate._meta.fields
        if field.name not in ("revocation_reason",)
    ]
    actions = ["revoke_selected"]

    def has_add_permission(self, request) -> bool:
        # Certificates are issued by the platform, never typed in.
        return False

    @admin.action(
        description=_("Revoke the selected certificates"),
        permissions=["revoke"],
    )
    def revoke_selected(self, request, queryset) -> None:
        """Revoke certificates; the reason is the one typed in each first."""
        count = 0
        for certificate in queryset.filter(revoked_at__isnull=True):
            reason = certificate.revocation_reason or str(_("revoked by a coordinator"))
            revoke_certificate(certificate, request.user, reason)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d certificate revoked.",
                "%(count)d certificates revoked.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("lms.revoke_certificate")


@admin.register(ExternalCertificate)
class ExternalCertificateAdmin(admin.ModelAdmin):
    list_display = ["holder", "kind", "other_kind", "issued_on", "expires_on"]
    list_filter = ["kind"]
    raw_id_fields = ["holder"]


@admin.register(DevelopmentActivity)
class DevelopmentActivityAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "happened_on", "hours"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "page"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "job_title"]
    list_filter = ["company"]
    raw_id_fields = ["user"]


@admin.register(HoursTarget)
class HoursTargetAdmin(admin.ModelAdmin):
    list_display = ["user", "year", "hours", "set_by"]
    raw_id_fields = ["user", "set_by"]
