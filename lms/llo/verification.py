"""Public verification: the page behind the QR code, and what verifiers fetch.

Nothing here needs a login. The page shows only the holder's name, the
achievement and whether the certificate is valid, expired or revoked.
"""

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from ..models import Certificate, Status
from . import access, badges, keys, services
from .codes import normalise_code
from .forms import RevocationForm

logger = logging.getLogger(__name__)


def lookup(request: HttpRequest) -> HttpResponse:
    """Let anyone type in a verification code."""
    code = normalise_code(request.GET.get("code", ""))
    if code:
        return redirect("verification:certificate", code=code)
    return render(request, "lms/llo/verify_lookup.html")


def certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Show whether a certificate is valid, expired or revoked."""
    found = Certificate.objects.filter(verification_code=normalise_code(code)).first()
    if found is None:
        context = {"code": code}
        return render(request, "lms/llo/verify_unknown.html", context, status=404)
    context = {
        "certificate": found,
        "status": found.status(),
        "Status": Status,
        "holder_name": found.holder.get_full_name() or found.holder.get_username(),
        "is_holder": request.user.pk == found.holder_id,
        "may_revoke": access.is_coordinator(request.user),
    }
    return render(request, "lms/llo/verify.html", context)


def _json(document: dict, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type=content_type
    )


@cache_control(public=True, max_age=3600)
def issuer_profile(request: HttpRequest) -> HttpResponse:
    """Publish the issuer's Open Badges profile."""
    return _json(badges.issuer_profile_document(), "application/ld+json")


@cache_control(public=True, max_age=3600)
def issuer_jwks(request: HttpRequest) -> HttpResponse:
    """Publish the issuer's public key as a JWK Set."""
    try:
        return _json(keys.public_jwks(), "application/jwk-set+json")
    except keys.IssuerKeyMissing as error:
        logger.warning("The issuer key has not been generated yet")
        raise Http404 from error


@cache_control(public=True, max_age=300)
def status_list(request: HttpRequest) -> HttpResponse:
    """Publish the revocation status list, signed, or as JSON when asked."""
    wants_json = request.GET.get("format") == "json" or "json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        return JsonResponse(badges.status_list_credential())
    return HttpResponse(badges.signed_status_list(), content_type="application/vc+jwt")


@login_required(login_url="login")
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    """Let a coordinator revoke a certificate, giving the reason."""
    if not access.is_coordinator(request.user):
        raise Http404
    found = get_object_or_404(Certificate, verification_code=normalise_code(code))
    form = RevocationForm(request.POST or None, certificate=found)
    if request.method == "POST" and form.is_valid() and not found.is_revoked:
        services.revoke_certificate(found, request.user, form.cleaned_data["reason"])
        messages.success(request, _("The certificate is revoked."))
        return redirect(
            reverse("verification:certificate", args=[found.verification_code])
        )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "certificate": found}
    return render(request, "lms/llo/revoke.html", context, status=status)
