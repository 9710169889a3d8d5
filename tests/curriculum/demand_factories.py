"""Factories for companies' demands and a small curriculum to check."""

import datetime

from django.contrib.auth.models import Group

from curriculum.models import Company, Competence, CompetenceDemand
from tests import factories

COMPANY_CONTACT = "Bedrijfscontactpersonen"


def company(name: str, sector: str = "metal", **fields) -> Company:
    return Company.objects.create(name=name, sector=sector, **fields)


def contact(username: str, *companies: Company):
    """Return a company contact for ``companies``."""
    person = factories.user(username, COMPANY_CONTACT)
    for item in companies:
        item.contacts.add(person)
    assert Group.objects.filter(name=COMPANY_CONTACT).exists()
    return person


def demand(
    company: Company, competence: Competence | None, level: int = 2, **fields
) -> CompetenceDemand:
    values = {
        "importance": CompetenceDemand.Importance.MUST,
        "horizon": CompetenceDemand.Horizon.NOW,
        "people_needed": 1,
        "supplied_on": datetime.date(2026, 9, 1),
    } | fields
    return CompetenceDemand.objects.create(
        company=company, competence=competence, level=level, **values
    )
