"""Small factories for the curriculum's objects, used across the tests."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from cms.models import HomePage
from curriculum.models import (
    CataloguePage,
    Company,
    Competence,
    CompetenceFramework,
    LearningOutcome,
    LessonPage,
    ProficiencyLevel,
    ProficiencyScale,
    TrackPage,
    TrackUnit,
    UnitIndexPage,
    UnitPage,
)

_sequence = itertools.count(1)


def home_page() -> HomePage:
    return Site.objects.get(is_default_site=True).root_page.specific


def scale(levels: int = 4) -> ProficiencyScale:
    number = next(_sequence)
    result = ProficiencyScale(name=f"Schaal {number}")
    result.levels = [
        ProficiencyLevel(level=level, name=f"Niveau {level}")
        for level in range(1, levels + 1)
    ]
    result.save()
    return result


def framework(competence_count: int = 2) -> CompetenceFramework:
    number = next(_sequence)
    result = CompetenceFramework(
        name=f"Kader {number}",
        code=f"kader-{number}",
        source=CompetenceFramework.Source.TECHCAMPUS,
        version="2026",
        default_scale=scale(),
    )
    result.competences = [
        Competence(code=f"C{index}", title=f"Competentie {index}")
        for index in range(1, competence_count + 1)
    ]
    result.save()
    return result


def add_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def catalogue() -> CataloguePage:
    existing = CataloguePage.objects.first()
    return existing or add_child(home_page(), CataloguePage(title="Aanbod"))


def unit_index() -> UnitIndexPage:
    existing = UnitIndexPage.objects.first()
    return existing or add_child(home_page(), UnitIndexPage(title="Modules"))


def unit(competence: Competence | None = None, **fields) -> UnitPage:
    number = next(_sequence)
    competence = competence or framework(1).competences.first()
    values = {
        "title": f"Module {number}",
        "code": f"MOD-{number}",
        "summary": "Een module om mee te testen.",
        "study_load_hours": 20,
        "delivery_mode": UnitPage.DeliveryMode.HYBRID,
    } | fields
    page = UnitPage(**values)
    page.outcomes = [
        LearningOutcome(text="Kan meten", competence=competence, target_level=2)
    ]
    return add_child(unit_index(), page)


def lesson(parent: UnitPage, body: list | None = None, **fields) -> LessonPage:
    number = next(_sequence)
    body = body or [("paragraph", "<p>Lesinhoud over meten en aftekenen.</p>")]
    page = LessonPage(title=f"Les {number}", body=body, **fields)
    return add_child(parent, page)


def track(units: list[UnitPage] = (), **fields) -> TrackPage:
    number = next(_sequence)
    values = {
        "title": f"Traject {number}",
        "code": f"TRJ-{number}",
        "kind": TrackPage.Kind.PROGRAMME,
        "duration_weeks": 10,
        "intro": "Een traject om mee te testen.",
    } | fields
    page = TrackPage(**values)
    page.track_units = [TrackUnit(unit=item) for item in units]
    return add_child(catalogue(), page)


def company(name: str = "Metaalbedrijf Hoofddorp") -> Company:
    return Company.objects.get_or_create(name=name)[0]


def user(username: str, *roles: str, **fields):
    person = get_user_model().objects.create_user(
        username=username, password="wachtwoord-test", **fields
    )
    person.groups.set(Group.objects.filter(name__in=roles))
    return person
