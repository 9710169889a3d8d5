"""Small factories for the curriculum's objects, used across the tests."""

import io
import itertools
import json
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site

from cms.models import ContentPage, HomePage
from curriculum.models import (
    CataloguePage,
    Company,
    Competence,
    CompetenceFramework,
    LearningOutcome,
    LessonPage,
    Location,
    PracticeCasePage,
    PracticeSession,
    ProficiencyLevel,
    ProficiencyScale,
    Profile,
    TargetGroup,
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
    page = CataloguePage(title="Aanbod", show_in_menus=True)
    return existing or add_child(home_page(), page)


def unit_index() -> UnitIndexPage:
    existing = UnitIndexPage.objects.first()
    page = UnitIndexPage(title="Modules", show_in_menus=True)
    return existing or add_child(home_page(), page)


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
    values = {"title": f"Les {number}"} | fields
    page = LessonPage(body=body, **values)
    return add_child(parent, page)


def track(
    units: list[UnitPage] = (),
    target_groups: list[str] = (),
    profiles: list[str] = (),
    **fields,
) -> TrackPage:
    """Return a published track; groups and profiles are given by code."""
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
    page.target_groups = TargetGroup.objects.filter(code__in=target_groups)
    page.profiles = Profile.objects.filter(code__in=profiles)
    return add_child(catalogue(), page)


def company(name: str = "Metaalbedrijf Hoofddorp") -> Company:
    return Company.objects.get_or_create(name=name)[0]


def user(username: str, *roles: str, **fields):
    person = get_user_model().objects.create_user(
        username=username, password="wachtwoord-test", **fields
    )
    person.groups.set(Group.objects.filter(name__in=roles))
    return person


def location(name: str = "Werkplaats Hoofddorp") -> Location:
    return Location.objects.get_or_create(
        name=name, defaults={"company": company(), "address": "Kruisweg 1, Hoofddorp"}
    )[0]


def practice_session(parent: UnitPage, description: str = "") -> PracticeSession:
    return PracticeSession.objects.create(
        unit=parent, location=location(), description=description
    )


def practice_case(parent: UnitPage, **fields) -> PracticeCasePage:
    number = next(_sequence)
    values = {
        "title": f"Praktijkcase {number}",
        "company": company(),
        "situation": "<p>Een klant meldt een lekkende leiding.</p>",
        "tasks": "<ol><li>Zoek het lek.</li><li>Herstel de leiding.</li></ol>",
    } | fields
    return add_child(parent, PracticeCasePage(**values))


def content_page(parent: Page | None = None, **fields) -> ContentPage:
    number = next(_sequence)
    values = {"title": f"Informatie {number}", "intro": "Over TechCampus."} | fields
    return add_child(parent or home_page(), ContentPage(**values))


def image(title: str = "Werkbank") -> Image:
    """Return a stored 40 by 30 pixel PNG image."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#0a4a66").save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name="werkbank.png")
    )


def document(title: str = "Veiligheidsinstructie") -> Document:
    return Document.objects.create(
        title=title, file=ContentFile(b"%PDF-1.4\n" + b"0" * 2048, name="veilig.pdf")
    )


def stream(*blocks: tuple[str, dict | str]) -> str:
    """Return StreamField JSON for (block type, raw value) pairs."""
    return json.dumps(
        [
            {"type": name, "value": value, "id": str(uuid.uuid4())}
            for name, value in blocks
        ]
    )
