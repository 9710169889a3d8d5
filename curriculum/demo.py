"""Demonstration companies and their competence demands.

The data in ``demo_data/demands.json`` is chosen against the demonstration
curriculum so that a check shows real gaps: heat pumps, solar panels and
turning and milling are demanded at a higher level than the tracks teach,
and drilling and tapping is not taught at all. Loading twice changes
nothing.
"""

import datetime
import json
import logging
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Company, Competence, CompetenceDemand

logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "demands.json"
COMPANY_FIELDS = ("sector", "size", "city", "region", "offers_work_placements")


def _competences(framework_code: str) -> dict[str, Competence]:
    """Return competences by code, from the named framework when it exists."""
    competences = Competence.objects.select_related("framework")
    if competences.filter(framework__code=framework_code).exists():
        competences = competences.filter(framework__code=framework_code)
    by_code: dict[str, Competence] = {}
    for competence in competences.order_by("framework__code", "pk"):
        by_code.setdefault(competence.code, competence)
    return by_code


def _company(item: dict) -> Company:
    defaults = {field: item[field] for field in COMPANY_FIELDS if field in item}
    company, _created = Company.objects.get_or_create(
        name=item["name"], defaults=defaults
    )
    users = get_user_model().objects.filter(username__in=item.get("contacts", []))
    company.contacts.add(*users)
    return company


def _exists(company: Company, competence: Competence | None, entry: dict) -> bool:
    current = CompetenceDemand.objects.current().filter(company=company)
    if competence:
        return current.filter(competence=competence).exists()
    return current.filter(
        competence__isnull=True,
        proposed_competence_title=entry["proposed_competence"],
    ).exists()


def _demand(company, competence, entry: dict, supplied_on) -> CompetenceDemand:
    return CompetenceDemand(
        company=company,
        competence=competence,
        proposed_competence_title=entry.get("proposed_competence", ""),
        level=entry["level"],
        importance=entry["importance"],
        horizon=entry["horizon"],
        people_needed=entry["people_needed"],
        remark=entry.get("remark", ""),
        supplied_on=supplied_on,
    )


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def load_demo_demands(stdout=None) -> int:
    """Create the demo companies and their missing demands; return how many."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    competences = _competences(data["framework"])
    supplied_on = datetime.date.fromisoformat(data["supplied_on"])
    created = skipped = 0
    for item in data["companies"]:
        company = _company(item)
        for entry in item["demands"]:
            code = entry.get("competence")
            competence = competences.get(code) if code else None
            if code and competence is None:
                skipped += 1
                _write(stdout, f"Skipped demand for unknown competence {code}.")
                continue
            if _exists(company, competence, entry):
                continue
            demand = _demand(company, competence, entry, supplied_on)
            demand.full_clean()
            demand.save()
            created += 1
    logger.info("Demo demands: %s created, %s skipped", created, skipped)
    if skipped:
        _write(stdout, f"{skipped} demo demands skipped: unknown competence codes.")
    return created
