"""What the seeding steps share: lookups and the tally of created objects."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Model

from curriculum.models import Company, Competence, Location

from .loading import DemoContentError


@dataclass
class SeedContext:
    """Objects found or created so far, and how many were created this run."""

    created: Counter = field(default_factory=Counter)
    new_objects: list[Model] = field(default_factory=list)
    competences: dict[str, Competence] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    images: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)

    def record(self, obj: Model, label: str = "") -> None:
        """Count ``obj`` as created (or filled in) by this run."""
        self.created[label or type(obj).__name__] += 1
        self.new_objects.append(obj)

    @property
    def references(self) -> dict[str, dict[str, int]]:
        """Return the ids that ``@kind:key`` references in stream data name."""
        return {
            "competence": {code: item.pk for code, item in self.competences.items()},
            "image": self.images,
            "document": self.documents,
        }

    def competence(self, code: str) -> Competence:
        """Return the seeded competence with ``code``."""
        return _lookup(self.competences, "competence", code)

    def company(self, name: str) -> Company:
        """Return the seeded company called ``name``."""
        return _lookup(self.companies, "company", name)

    def location(self, name: str) -> Location:
        """Return the seeded location called ``name``."""
        return _lookup(self.locations, "location", name)


def _lookup(items: dict, kind: str, key: str):
    try:
        return items[key]
    except KeyError:
        raise DemoContentError(f"Unknown {kind} {key!r}") from None
