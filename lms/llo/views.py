"""LLO pages: Mijn LLO, its forms and exports, and the employer overview.

Every view checks who asks: a participant sees only his or her own data, a
company contact only the staff of his or her companies, a coordinator all.
Objects another person owns answer 404, so their existence does not leak.
"""

import csv
import io
import json
import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from curriculum.models import Company

from ..models import Certificate, DevelopmentActivity, ExternalCertificate, Status
from . import access, badges, overview, pdf, portfolio
from .forms import DevelopmentActivityForm, ExternalCertificateForm, HoursTargetForm

logger = logging.getLogger(__name__)

LOGIN_URL = reverse_lazy("login")
MAX_FILTER_DAYS = 3650


def participant_required(view):
    """Let only people with an LLO portfolio in."""

    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not access.may_keep_portfolio(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def overview_required(view):
    """Let only company contacts and coordinators in."""

    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not access.may_see_overview(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@participant_required
def my_llo(request: HttpRequest) -> HttpResponse:
    """Show the participant's certificates, hours against target and history."""
    today = timezone.localdate()
    rows = portfolio.certificate_rows(request.user, today)
    context = {
        "rows": rows,
        "counts": {status: sum(r.status == status for r in rows) for status in Status},
        "this_year": portfolio.year_hours(request.user, today.year),
        "history": portfolio.history(request.user, today.year),
        "activities": DevelopmentActivity.objects.filter(user=request.user),
        "may_see_overview": access.may_see_overview(request.user),
    }
    return render(request, "lms/llo/my_llo.html", context)


def _save_form(request: HttpRequest, form, template: str, message: str, **context):
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            item = form.save(commit=False)
            _set_owner(item, request.user)
            item.save()
        messages.success(request, message)
        return redirect("llo:my_llo")
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


def _set_owner(item, user) -> None:
    if isinstance(item, ExternalCertificate):
        item.holder = user
    else:
        item.user = user


@participant_required
def certificate_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a certificate from elsewhere, or change one."""
    instance = None
    if pk is not None:
        instance = get_object_or_404(ExternalCertificate, pk=pk, holder=request.user)
    form = ExternalCertificateForm(
        request.POST or None, request.FILES or None, instance=instance
    )
    message = _("The certificate is saved.")
    return _save_form(
        request, form, "lms/llo/certificate_form.html", message, certificate=instance
    )


@participant_required
@require_POST
def certificate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the participant's own external certificates."""
    certificate = get_object_or_404(ExternalCertificate, pk=pk, holder=request.user)
    if certificate.scan:
        certificate.scan.delete(save=False)
    certificate.delete()
    messages.success(request, _("The certificate is deleted."))
    return redirect("llo:my_llo")


@login_required(login_url=LOGIN_URL)
def certificate_scan(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a scan to its owner or a coordinator, and to nobody else."""
    certificate = get_object_or_404(ExternalCertificate, pk=pk)
    if not access.may_see_private_file(request.user, certificate.holder):
        raise Http404
    if not certificate.scan:
        raise Http404
    return _private_file(certificate.scan, certificate.scan_content_type)


def _private_file(field_file, content_type: str) -> FileResponse:
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@participant_required
def activity_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a development activity, or change one typed in before."""
    instance = None
    if pk is not None:
        instance = get_object_or_404(
            DevelopmentActivity, pk=pk, user=request.user, page__isnull=True
        )
    form = DevelopmentActivityForm(request.POST or None, instance=instance)
    message = _("The activity is saved.")
    return _save_form(
        request, form, "lms/llo/activity_form.html", message, activity=instance
    )


@participant_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an activity the participant typed in."""
    activity = get_object_or_404(
        DevelopmentActivity, pk=pk, user=request.user, page__isnull=True
    )
    activity.delete()
    messages.success(request, _("The activity is deleted."))
    return redirect("llo:my_llo")


@participant_required
def export_json(request: HttpRequest) -> HttpResponse:
    """Download the whole portfolio as JSON."""
    data = portfolio.portfolio_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="llo-portfolio.json"'
    return response


@participant_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    """Download the whole portfolio as PDF."""
    # The document is Dutch, so its data (kinds, statuses) must be too.
    with translation.override(pdf.DOCUMENT_LANGUAGE):
        content = pdf.portfolio_pdf(portfolio.portfolio_data(request.user))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="llo-portfolio.pdf"'
    return response


def _own_or_coordinated(request: HttpRequest, uuid) -> Certificate:
    certificate = get_object_or_404(Certificate, uuid=uuid)
    if not access.may_see_private_file(request.user, certificate.holder):
        raise Http404
    return certificate


@login_required(login_url=LOGIN_URL)
def platform_certificate_pdf(request: HttpRequest, uuid) -> FileResponse:
    """Serve a platform certificate's PDF to its holder or a coordinator."""
    certificate = _own_or_coordinated(request, uuid)
    if not certificate.pdf:
        from ..tasks import render_certificate_pdf_task

        render_certificate_pdf_task.apply(args=[certificate.pk])
        certificate.refresh_from_db()
    response = _private_file(certificate.pdf, "application/pdf")
    filename = f"certificaat-{certificate.verification_code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _holder_only(request: HttpRequest, uuid) -> Certificate:
    certificate = get_object_or_404(Certificate, uuid=uuid)
    if certificate.holder_id != request.user.pk:
        raise Http404
    return certificate


@login_required(login_url=LOGIN_URL)
def credential_jwt(request: HttpRequest, uuid) -> HttpResponse:
    """Download the signed Open Badges credential (VC-JWT) of the holder."""
    certificate = _holder_only(request, uuid)
    response = HttpResponse(
        badges.signed_credential(certificate), content_type="application/vc+jwt"
    )
    filename = f"openbadge-{certificate.verification_code}.jwt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required(login_url=LOGIN_URL)
def credential_json(request: HttpRequest, uuid) -> HttpResponse:
    """Download the credential as readable JSON, with its signed form inside."""
    certificate = _holder_only(request, uuid)
    document = badges.credential(certificate)
    document["proof"] = {
        "type": "JwtProof2020",
        "jwt": badges.signed_credential(certificate),
    }
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"openbadge-{certificate.verification_code}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _overview_filters(request: HttpRequest) -> dict:
    days = request.GET.get("days", "").strip()
    company = request.GET.get("company", "").strip()
    errors = []
    if days and not (days.isdigit() and int(days) <= MAX_FILTER_DAYS):
        errors.append(
            _("Enter the number of days as a whole number from 0 to %(maximum)s.")
            % {"maximum": MAX_FILTER_DAYS}
        )
        days = ""
    return {"days": days, "company": company, "errors": errors}


def _overview_for(request: HttpRequest, filters: dict) -> overview.Overview:
    people = access.visible_people(request.user)
    if filters["company"].isdigit():
        people = people.filter(llo_participant__company_id=filters["company"])
    days = int(filters["days"]) if filters["days"] else None
    return overview.build_overview(people, expiring_within_days=days)


@overview_required
def employer_overview(request: HttpRequest) -> HttpResponse:
    """Show people × certificate kinds with expiry colours, with a filter."""
    filters = _overview_filters(request)
    is_coordinator = access.is_coordinator(request.user)
    companies = (
        Company.objects.filter(llo_participants__isnull=False).distinct()
        if is_coordinator
        else access.contact_companies(request.user)
    )
    context = {
        "overview": _overview_for(request, filters),
        "filters": filters,
        "companies": companies,
        # Not "query": the site's search box shows that.
        "export_query": request.GET.urlencode(),
    }
    return render(request, "lms/llo/overview.html", context)


@overview_required
def overview_csv(request: HttpRequest) -> HttpResponse:
    """Download the overview, with its filters, as CSV."""
    lines = overview.table(_overview_for(request, _overview_filters(request)))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(lines)
    # A byte order mark so that spreadsheet programs read UTF-8 names.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="llo-overzicht.csv"'
    return response


@overview_required
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    """Download the overview, with its filters, as an Excel workbook."""
    lines = overview.table(_overview_for(request, _overview_filters(request)))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("LLO overview")[:31]
    for line in lines:
        sheet.append(line)
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument."
        "spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="llo-overzicht.xlsx"'
    return response


@overview_required
def person_target(request: HttpRequest, user_id: int) -> HttpResponse:
    """Set the yearly hours target of one person the employer may manage."""
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not access.may_manage_person(request.user, person):
        raise Http404
    this_year = timezone.localdate().year
    initial = {"year": this_year, "hours": portfolio.target_for(person, this_year)}
    form = HoursTargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        portfolio.set_target(person, by=request.user, **form.cleaned_data)
        logger.info("User %s set the target of user %s", request.user.pk, person.pk)
        messages.success(request, _("The target is saved."))
        return redirect("llo:overview")
    context = {
        "form": form,
        "person": person,
        "history": portfolio.history(person, this_year),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "lms/llo/target_form.html", context, status=status)
