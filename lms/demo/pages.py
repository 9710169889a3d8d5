"""Seed the page tree: home, information pages, catalogue, units and tracks.

A page is found by its code (tracks, units) or by its slug under its parent
(everything else). Only missing pages are created; an existing page is never
saved again, so a second run adds no revisions.
"""

from django.utils.text import slugify
from wagtail.models import Page, Site

from cms.models import ContentPage, HomePage, SiteSettings
from curriculum.models import (
    CataloguePage,
    LearningOutcome,
    LessonPage,
    PracticeCasePage,
    PracticeSession,
    Profile,
    TargetGroup,
    TrackPage,
    TrackUnit,
    UnitIndexPage,
    UnitPage,
)

from .context import SeedContext
from .loading import DemoContentError, load, resolve

# Prerequisites must exist before the units that need them, so the areas are
# seeded in this order.
UNIT_FILES = (
    "loopbaan-en-veiligheid",
    "werktuigbouwkunde",
    "installatie-elektrotechniek",
    "droning",
    "mentale-gezondheid",
)


def seed_pages(context: SeedContext) -> None:
    """Create the site's missing pages and fill the home page and settings."""
    data = load("site")
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    _fill_home(home, data["home"], context)
    _fill_site_settings(site, data["site_settings"], context)
    for page_data in data["pages"]:
        _content_page(home, page_data, context)
    catalogue = _child(home, CataloguePage, data["catalogue"], context)
    unit_index = _child(home, UnitIndexPage, data["unit_index"], context)
    for name in UNIT_FILES:
        for unit_data in load(name)["units"]:
            _unit(unit_index, unit_data, context)
    for track_data in load("tracks")["tracks"]:
        _track(catalogue, track_data, context)


def _publish_child(parent: Page, page: Page, context: SeedContext) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    context.record(page)
    return page


def _existing_child(parent: Page, page_class: type[Page], slug: str) -> Page | None:
    return page_class.objects.child_of(parent).filter(slug=slug).first()


def _fill_home(home: HomePage, data: dict, context: SeedContext) -> None:
    if home.intro or home.body:
        return
    home.intro = data["intro"]
    home.body = resolve(data["body"], context.references)
    home.save_revision().publish()
    context.record(home, label="HomePage texts")


def _fill_site_settings(site: Site, data: dict, context: SeedContext) -> None:
    site_settings = SiteSettings.for_site(site)
    if site_settings.email:
        return
    for field, value in data.items():
        setattr(site_settings, field, value)
    site_settings.save()
    context.record(site_settings)


def _child(parent: Page, page_class: type[Page], data: dict, context: SeedContext):
    existing = _existing_child(parent, page_class, data["slug"])
    if existing:
        return existing
    return _publish_child(parent, page_class(show_in_menus=True, **data), context)


def _content_page(home: HomePage, data: dict, context: SeedContext) -> None:
    if _existing_child(home, ContentPage, data["slug"]):
        return
    page = ContentPage(
        show_in_menus=True,
        slug=data["slug"],
        title=data["title"],
        intro=data["intro"],
        body=resolve(data["body"], context.references),
    )
    _publish_child(home, page, context)


def _unit(unit_index: UnitIndexPage, data: dict, context: SeedContext) -> None:
    unit = UnitPage.objects.filter(code=data["code"]).first()
    if unit is None:
        unit = _publish_child(unit_index, _new_unit(data, context), context)
    for lesson_data in data["lessons"]:
        _lesson(unit, lesson_data, context)
    for case_data in data["practice_cases"]:
        _practice_case(unit, case_data, context)


def _new_unit(data: dict, context: SeedContext) -> UnitPage:
    fields = ("code", "title", "summary", "study_load_hours", "delivery_mode")
    unit = UnitPage(slug=data["code"].lower(), **{key: data[key] for key in fields})
    unit.body = resolve(data["body"], context.references)
    unit.outcomes = [
        LearningOutcome(
            sort_order=index,
            text=item["text"],
            competence=context.competence(item["competence"]),
            target_level=item["target_level"],
        )
        for index, item in enumerate(data["outcomes"])
    ]
    unit.practice_sessions = [
        PracticeSession(
            sort_order=index,
            location=context.location(item["location"]),
            description=item["description"],
        )
        for index, item in enumerate(data["practice_sessions"])
    ]
    unit.prerequisites = _units(data["prerequisites"])
    return unit


def _units(codes: list[str]) -> list[UnitPage]:
    units = {unit.code: unit for unit in UnitPage.objects.filter(code__in=codes)}
    missing = sorted(set(codes) - set(units))
    if missing:
        raise DemoContentError(f"Seed these units first: {', '.join(missing)}")
    return [units[code] for code in codes]


def _lesson(unit: UnitPage, data: dict, context: SeedContext) -> None:
    slug = slugify(data["title"])
    if _existing_child(unit, LessonPage, slug):
        return
    lesson = LessonPage(
        slug=slug,
        title=data["title"],
        summary=data["summary"],
        duration_minutes=data["duration_minutes"],
        is_required=data.get("is_required", True),
        body=resolve(data["body"], context.references),
    )
    _bind_blocks(lesson)
    _publish_child(unit, lesson, context)


def _practice_case(unit: UnitPage, data: dict, context: SeedContext) -> None:
    slug = slugify(data["title"])
    if _existing_child(unit, PracticeCasePage, slug):
        return
    case = PracticeCasePage(
        slug=slug,
        title=data["title"],
        company=context.company(data["company"]),
        situation=data["situation"],
        tasks=data["tasks"],
        attachments=resolve(data["attachments"], context.references),
    )
    case.competences = [context.competence(code) for code in data["competences"]]
    _publish_child(unit, case, context)


def _track(catalogue: CataloguePage, data: dict, context: SeedContext) -> None:
    if TrackPage.objects.filter(code=data["code"]).exists():
        return
    fields = ("code", "title", "kind", "level", "duration_weeks", "intro")
    track = TrackPage(slug=slugify(data["title"]), **{key: data[key] for key in fields})
    track.body = resolve(data["body"], context.references)
    track.target_groups = TargetGroup.objects.filter(code__in=data["target_groups"])
    track.profiles = Profile.objects.filter(code__in=data["profiles"])
    track.leads_to_profiles = Profile.objects.filter(
        code__in=data.get("leads_to_profiles", [])
    )
    units = _units([item["unit"] for item in data["units"]])
    track.track_units = [
        TrackUnit(sort_order=index, unit=unit, is_required=item["required"])
        for index, (unit, item) in enumerate(zip(units, data["units"], strict=True))
    ]
    _publish_child(catalogue, track, context)


def _bind_blocks(lesson: LessonPage) -> None:
    """Turn the raw body into blocks, so every nested item gets a stored id.

    Saved as raw data, only the top level would get ids: list items such as
    a matching question's pairs would get new ones on every load, and a
    learner's answer could not name them.
    """
    for _block in lesson.body:
        pass
