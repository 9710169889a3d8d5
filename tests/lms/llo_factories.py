"""Factories and fixtures for the LLO tests."""

import datetime
from decimal import Decimal

from django.utils import timezone, translation

from curriculum.models import Company
from lms.models import (
    CertificateSetting,
    DevelopmentActivity,
    ExternalCertificate,
    Participant,
)
from lms.roles import COMPANY_CONTACT, COORDINATOR, LLO_PARTICIPANT
from tests import factories


def participant(username: str, company: Company | None = None, **fields):
    person = factories.user(
        username,
        LLO_PARTICIPANT,
        first_name=fields.pop("first_name", "Sanne"),
        last_name=fields.pop("last_name", username.capitalize()),
        email=fields.pop("email", f"{username}@example.nl"),
        **fields,
    )
    Participant.objects.create(user=person, company=company)
    return person


def company_contact(username: str, company: Company):
    person = factories.user(username, COMPANY_CONTACT)
    company.contacts.add(person)
    return person


def coordinator(username: str = "coordinator"):
    return factories.user(username, COORDINATOR)


def external_certificate(holder, **fields) -> ExternalCertificate:
    today = timezone.localdate()
    values = {
        "kind": ExternalCertificate.Kind.VCA_BASIC,
        "issuer": "SSVV",
        "number": "VCA-123",
        "issued_on": today - datetime.timedelta(days=400),
        "expires_on": today + datetime.timedelta(days=200),
        "hours": Decimal("8"),
    } | fields
    return ExternalCertificate.objects.create(holder=holder, **values)


def activity(user, hours: str = "4", **fields) -> DevelopmentActivity:
    values = {
        "kind": DevelopmentActivity.Kind.EXTERNAL_COURSE,
        "title": "Cursus warmtepompen",
        "happened_on": timezone.localdate(),
        "hours": Decimal(hours),
    } | fields
    return DevelopmentActivity.objects.create(user=user, **values)


def certified(page, validity_months: int | None = 36):
    CertificateSetting.objects.create(page=page, validity_months=validity_months)
    return page


def dutch(text: str) -> str:
    """Return ``text`` as the Dutch catalogue translates it, if it does."""
    with translation.override("nl"):
        return translation.gettext(text)
