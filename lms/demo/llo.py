"""Seed LLO portfolios: teachers and company staff with certificates and hours.

Dates in ``data/llo.json`` are relative to the day of seeding, so a fresh
demo always shows a true mix of valid, expiring (within 90 days) and expired
certificates. Platform certificates are issued through
``record_completion``, the same path the progress projection takes. Every
row is found before it is created, so a second run changes nothing.
"""

import datetime
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from wagtail.models import Page

from curriculum.models import Company, TrackPage, UnitPage

from ..llo import services
from ..models import (
    Certificate,
    CertificateSetting,
    DevelopmentActivity,
    ExternalCertificate,
    HoursTarget,
    Participant,
)
from ..roles import LLO_PARTICIPANT
from .context import SeedContext
from .loading import DemoContentError, load

DOMAIN = "techcampus-haarlemmermeer.example"


def seed_llo(context: SeedContext) -> None:
    """Create the LLO demo portfolios that are missing."""
    data = load("llo")
    for item in data["certificate_settings"]:
        _certificate_setting(context, item)
    today = timezone.localdate()
    for item in data["people"]:
        person = _person(context, item)
        _participant(context, person, item)
        for target in item.get("targets", []):
            _target(context, person, target, today)
        for certificate in item.get("certificates", []):
            _external_certificate(context, person, certificate, today)
        for activity in item.get("activities", []):
            _activity(context, person, activity, today)
        for completion in item.get("completions", []):
            _completion(context, person, completion)


def _page(code: str) -> Page:
    page = UnitPage.objects.filter(code=code).first()
    page = page or TrackPage.objects.filter(code=code).first()
    if page is None:
        raise DemoContentError(f"Unknown unit or track {code!r}")
    return page


def _certificate_setting(context: SeedContext, item: dict) -> None:
    setting, created = CertificateSetting.objects.get_or_create(
        page=_page(item["page"]),
        defaults={"validity_months": item["validity_months"]},
    )
    if created:
        context.record(setting)


def _user(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise DemoContentError(f"Unknown demo account {username!r}") from None


def _person(context: SeedContext, item: dict):
    model = get_user_model()
    person = model.objects.filter(username=item["username"]).first()
    if person is not None:
        return person
    if "first_name" not in item:
        raise DemoContentError(f"Unknown demo account {item['username']!r}")
    person = model.objects.create_user(
        username=item["username"],
        email=f"{item['username']}@{DOMAIN}",
        password=settings.TECHCAMPUS_DEMO_PASSWORD,
        first_name=item["first_name"],
        last_name=item["last_name"],
    )
    person.groups.add(Group.objects.get(name=LLO_PARTICIPANT))
    context.record(person, "LLO demo accounts")
    return person


def _company(name: str | None) -> Company | None:
    # Looked up here: the demo demands, seeded after the organisations, add
    # companies of their own.
    if name is None:
        return None
    company = Company.objects.filter(name=name).first()
    if company is None:
        raise DemoContentError(f"Unknown company {name!r}")
    return company


def _participant(context: SeedContext, person, item: dict) -> None:
    company = _company(item["company"])
    participant, created = Participant.objects.get_or_create(
        user=person, defaults={"company": company, "job_title": item["job_title"]}
    )
    if created:
        context.record(participant)


def _target(context: SeedContext, person, item: dict, today: datetime.date) -> None:
    target, created = HoursTarget.objects.get_or_create(
        user=person,
        year=today.year - item["years_ago"],
        defaults={"hours": item["hours"], "set_by": _user(item["set_by"])},
    )
    if created:
        context.record(target)


def _external_certificate(
    context: SeedContext, person, item: dict, today: datetime.date
) -> None:
    if ExternalCertificate.objects.filter(
        holder=person, kind=item["kind"], number=item["number"]
    ).exists():
        return
    certificate = ExternalCertificate(
        holder=person,
        kind=item["kind"],
        other_kind=item.get("other_kind", ""),
        issuer=item["issuer"],
        number=item["number"],
        issued_on=today - datetime.timedelta(days=item["issued_days_ago"]),
        expires_on=today + datetime.timedelta(days=item["expires_in_days"]),
        hours=item["hours"],
    )
    if item.get("scan"):
        certificate.scan_content_type = "application/pdf"
        certificate.scan.save("scan.pdf", ContentFile(_scan(certificate)), save=False)
    certificate.save()
    context.record(certificate)


def _scan(certificate: ExternalCertificate) -> bytes:
    """Return a one-page PDF that stands in for a scanned certificate."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawString(72, 760, certificate.issuer)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 730, f"Certificaat {certificate.number}")
    canvas.drawString(72, 712, "Demonstratiescan, geen echt certificaat.")
    canvas.save()
    return buffer.getvalue()


def _activity_date(item: dict, today: datetime.date) -> datetime.date:
    if "years_ago" in item:
        month, day = (int(part) for part in item["date"].split("-"))
        return datetime.date(today.year - item["years_ago"], month, day)
    # Kept inside this year, so "hours this year" has something to show in
    # January too.
    happened_on = today - datetime.timedelta(days=item["days_ago"])
    return max(happened_on, today.replace(month=1, day=1))


def _activity(context: SeedContext, person, item: dict, today: datetime.date) -> None:
    activity, created = DevelopmentActivity.objects.get_or_create(
        user=person,
        kind=item["kind"],
        title=item["title"],
        defaults={
            "organisation": item["organisation"],
            "happened_on": _activity_date(item, today),
            "hours": item["hours"],
        },
    )
    if created:
        context.record(activity)


def _completion(context: SeedContext, person, item: dict) -> None:
    page = _page(item["page"]).specific
    completed_at = timezone.now() - datetime.timedelta(days=item["days_ago"])
    if isinstance(page, UnitPage) and not _has_hours(person, page):
        services.record_platform_course(person, page, completed_at)
        context.created["platform course hours"] += 1
    if services.certificate_setting(page) is None:
        return
    certificate = Certificate.objects.filter(holder=person, page=page).first()
    if certificate is None:
        # Issued when the demo learner completed it, not on the day of seeding.
        certificate = services.issue_certificate(
            person, page, completed_at, issued_at=completed_at
        )
        context.record(certificate)
    if item.get("revoked") and not certificate.is_revoked:
        services.revoke_certificate(certificate, _user("coordinator"), item["revoked"])
        context.created["revoked certificates"] += 1


def _has_hours(person, unit: UnitPage) -> bool:
    return DevelopmentActivity.objects.filter(user=person, page=unit).exists()
