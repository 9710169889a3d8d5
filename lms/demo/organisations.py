"""Seed the partnership's companies and the locations of on-site practice."""

from curriculum.models import Company, Location

from .context import SeedContext
from .loading import load


def seed_organisations(context: SeedContext) -> None:
    """Create the companies and locations that are missing, by name."""
    data = load("organisations")
    for item in data["companies"]:
        fields = {key: value for key, value in item.items() if key != "name"}
        company, created = Company.objects.get_or_create(
            name=item["name"], defaults=fields
        )
        context.companies[company.name] = company
        if created:
            context.record(company)
    for item in data["locations"]:
        defaults = {
            "address": item["address"],
            "company": context.company(item["company"]) if item["company"] else None,
        }
        location, created = Location.objects.get_or_create(
            name=item["name"], defaults=defaults
        )
        context.locations[location.name] = location
        if created:
            context.record(location)
