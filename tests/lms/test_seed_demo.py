"""The seed_demo command: demonstration content, accounts and idempotence.

Seeding takes a few seconds, so most tests share one seeded database per
module (see ``seeded``); each test still runs in its own savepoint, so what
one test changes is rolled back before the next.
"""

import datetime
import hashlib
import json
from collections import Counter
from io import BytesIO, StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision

from cms.models import ContentPage, HomePage, SiteSettings
from curriculum.models import (
    CataloguePage,
    Company,
    Competence,
    CompetenceDemand,
    LearningOutcome,
    LessonPage,
    Location,
    PracticeCasePage,
    TrackPage,
    UnitIndexPage,
    UnitPage,
)
from lms import roles
from lms.demo.accounts import demo_accounts
from lms.llo import access, reminders
from lms.models import (
    Certificate,
    CertificateSetting,
    DevelopmentActivity,
    ExternalCertificate,
    HoursTarget,
    Participant,
    ReminderSent,
    Status,
)

pytestmark = pytest.mark.django_db

QUESTION_TYPES = {
    "single_choice",
    "multiple_choice",
    "true_false",
    "numeric",
    "short_text",
    "matching",
}
LESSON_BLOCK_TYPES = {
    "paragraph",
    "image",
    "video",
    "document",
    "notice",
    "quiz",
    "assignment",
    "external_activity",
}
DEMO_DOMAIN = "techcampus-haarlemmermeer.example"
ONE_DAY = datetime.timedelta(days=1)


def run_seed() -> str:
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def lesson_blocks(block_type: str) -> list:
    return [
        block
        for lesson in LessonPage.objects.all()
        for block in lesson.body
        if block.block_type == block_type
    ]


def revision_hash(page: Page) -> str:
    content = json.dumps(page.latest_revision.content, sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def database_state() -> dict:
    """Return what a second seed run must leave exactly as it was."""
    users = get_user_model().objects.order_by("pk")
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "path", "latest_revision_id", "last_published_at"
            )
        ),
        "revisions": Revision.objects.count(),
        "revision content": {
            page.pk: revision_hash(page)
            for page in Page.objects.filter(depth__gt=1).specific()
        },
        "competences": list(Competence.objects.order_by("pk").values()),
        "companies": list(Company.objects.order_by("pk").values()),
        "locations": list(Location.objects.order_by("pk").values()),
        "demands": list(CompetenceDemand.objects.order_by("pk").values()),
        "users": list(users.values("pk", "username", "password", "email")),
        "images": list(get_image_model().objects.values_list("pk", "file")),
        "documents": list(get_document_model().objects.values_list("pk", "file")),
        "site settings": list(SiteSettings.objects.values()),
        "references": ReferenceIndex.objects.count(),
        "llo participants": list(Participant.objects.order_by("pk").values()),
        "llo certificate settings": list(CertificateSetting.objects.values()),
        "llo certificates": list(Certificate.objects.order_by("pk").values()),
        "llo external certificates": list(
            ExternalCertificate.objects.order_by("pk").values()
        ),
        "llo activities": list(DevelopmentActivity.objects.order_by("pk").values()),
        "llo targets": list(HoursTarget.objects.order_by("pk").values()),
        "llo reminders": ReminderSent.objects.count(),
    }


# These two tests seed an empty database themselves; they come before any
# test that uses the shared ``seeded`` database.


def test_no_accounts_are_created_when_demo_accounts_are_off(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TECHCAMPUS_DEMO_ACCOUNTS = False
    assert not UnitPage.objects.exists()

    output = run_seed()

    assert UnitPage.objects.count() >= 12
    assert not get_user_model().objects.exists()
    assert "no accounts were created" in output
    assert settings.TECHCAMPUS_DEMO_PASSWORD not in output


def test_reindexing_in_bulk_matches_indexing_on_every_save(settings, tmp_path):
    """Deferred indexing leaves the search and reference indexes complete."""
    settings.MEDIA_ROOT = tmp_path
    settings.LLO_PRIVATE_ROOT = tmp_path / "private"

    run_seed()

    lesson = LessonPage.objects.get(slug="aandraaien-met-de-momentsleutel")
    assert lesson in LessonPage.objects.search("momentsleutel")
    for image in get_image_model().objects.all():
        assert ReferenceIndex.get_references_to(image).exists()
    assert ReferenceIndex.get_references_for_object(lesson).exists()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the module inside a transaction rolled back at the end."""
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        LLO_PRIVATE_ROOT=tmp_path_factory.mktemp("private"),
    )
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        output = run_seed()
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


def test_seed_creates_at_least_the_required_content(seeded):
    assert Competence.objects.filter(framework__source="techcampus").count() >= 40
    assert UnitPage.objects.count() >= 12
    assert LessonPage.objects.count() >= 30
    assert PracticeCasePage.objects.count() >= 3
    assert Company.objects.filter(is_training_company=True).count() == 2
    assert Location.objects.count() >= 3


def test_competences_form_core_tasks_with_work_processes(seeded):
    work_processes = Competence.objects.filter(kind="work-process")

    assert Competence.objects.filter(kind="core-task").count() >= 4
    assert not work_processes.filter(parent=None).exists()
    assert not work_processes.exclude(parent__kind="core-task").exists()
    esco = Competence.objects.exclude(esco_uri="")
    assert esco.count() >= 3
    assert all(
        uri.startswith("http://data.europa.eu/esco/skill/")
        for uri in esco.values_list("esco_uri", flat=True)
    )


def test_seed_builds_the_site_shell(seeded):
    home = HomePage.objects.get()
    children = {page.slug: page for page in home.get_children()}

    assert home.intro
    assert len(home.body) > 0
    assert isinstance(children["aanbod"].specific, CataloguePage)
    assert isinstance(children["modules"].specific, UnitIndexPage)
    assert isinstance(children["over"].specific, ContentPage)
    assert isinstance(children["contact"].specific, ContentPage)
    assert all(
        children[slug].show_in_menus
        for slug in ("aanbod", "modules", "over", "contact")
    )
    site_settings = SiteSettings.objects.get()
    assert site_settings.email == "info@techcampus-haarlemmermeer.example"
    assert "Hoofddorp" in site_settings.address


def test_seed_creates_the_five_named_tracks(seeded):
    tracks = {track.title: track for track in TrackPage.objects.all()}
    expected_kinds = {
        "Starttraject Techniek": "start-track",
        "Werktuigbouwkunde": "programme",
        "Mentale gezondheid in de techniek": "llo-course",
        "BBL-kennismakingsweek": "bbl-week",
    }

    for title, kind in expected_kinds.items():
        assert tracks[title].kind == kind
    assert tracks["Drone-operator"].kind in {"programme", "llo-course"}
    start = tracks["Starttraject Techniek"]
    assert set(start.leads_to_profiles.values_list("code", flat=True)) == {
        "construction",
        "installation",
        "electrical",
        "infra",
        "metal",
    }
    programme = tracks["Werktuigbouwkunde"]
    assert programme.level == "mbo-4"
    assert list(programme.profiles.values_list("code", flat=True)) == ["metal"]
    assert all(track.track_units.exists() for track in tracks.values())


def test_units_have_outcomes_practice_and_some_prerequisites(seeded):
    units = UnitPage.objects.all()

    assert all(unit.outcomes.exists() for unit in units)
    assert all(unit.summary and unit.study_load_hours for unit in units)
    assert units.filter(practice_sessions__isnull=False).distinct().count() >= 10
    assert units.filter(prerequisites__isnull=False).distinct().count() >= 5


def test_lessons_use_every_block_and_question_type(seeded):
    used = {
        block.block_type for lesson in LessonPage.objects.all() for block in lesson.body
    }
    questions = [
        question
        for quiz in lesson_blocks("quiz")
        for question in quiz.value["questions"]
    ]

    assert used >= LESSON_BLOCK_TYPES
    assert {question.block_type for question in questions} == QUESTION_TYPES
    assert any(block.value["kind"] == "safety" for block in lesson_blocks("notice"))
    assert {"h5p", "vr"} <= {
        block.value["kind"] for block in lesson_blocks("external_activity")
    }


def test_numeric_questions_have_a_unit_and_tolerance(seeded):
    numeric = [
        question.value
        for quiz in lesson_blocks("quiz")
        for question in quiz.value["questions"]
        if question.block_type == "numeric"
    ]

    assert all(value["unit"] for value in numeric)
    assert {"Nm", "V"} <= {value["unit"] for value in numeric}
    assert any(value["tolerance"] > 0 for value in numeric)


def test_rubric_criteria_and_quizzes_point_at_competences(seeded):
    criteria = [
        criterion
        for assignment in lesson_blocks("assignment")
        for criterion in assignment.value["rubric"]
    ]

    assert criteria
    assert all(isinstance(item["competence"], Competence) for item in criteria)
    assert all(len(quiz.value["competences"]) > 0 for quiz in lesson_blocks("quiz"))


def test_images_carry_alt_text_and_links_stay_on_the_demo_domain(seeded):
    figures = lesson_blocks("image")
    urls = [block.value["url"] for block in lesson_blocks("video")] + [
        block.value["launch_url"] for block in lesson_blocks("external_activity")
    ]

    assert figures
    assert all(block.value["image"].contextual_alt_text for block in figures)
    assert all(urlsplit(url).hostname.endswith(DEMO_DOMAIN) for url in urls)


def test_seeded_documents_are_readable_pdf_and_text_files(seeded):
    documents = list(get_document_model().objects.all())

    assert len(documents) >= 3
    for document in documents:
        with document.open_file() as file:
            data = file.read()
        if document.file_extension == "pdf":
            text = PdfReader(BytesIO(data)).pages[0].extract_text()
            assert document.title in text
        else:
            assert data.decode("utf-8").startswith(document.title)


def test_every_seeded_page_is_live_and_published(seeded):
    pages = Page.objects.filter(depth__gt=1)

    assert pages.count() >= 60
    assert not pages.filter(live=False).exists()
    assert not pages.filter(has_unpublished_changes=True).exists()
    assert not pages.filter(live_revision=None).exists()


def test_seeded_content_passes_model_and_block_validation(seeded):
    for page in Page.objects.filter(depth__gt=1).specific():
        page.full_clean()
        for field_name in ("body", "attachments"):
            if hasattr(page, field_name):
                stream = getattr(page, field_name)
                stream.stream_block.clean(stream)
    for outcome in LearningOutcome.objects.all():
        outcome.full_clean()
    for competence in Competence.objects.all():
        competence.full_clean()


def test_seed_creates_one_account_per_role(seeded):
    users = get_user_model().objects.all()
    accounts = users.filter(username__in=[item["username"] for item in demo_accounts()])

    for role in roles.ALL_ROLES:
        assert accounts.filter(groups__name=role).count() == 1
    assert users.get(username="admin").is_superuser
    assert users.get(username="coordinator").is_staff
    assert not users.get(username="student").is_staff
    for user in users:
        assert user.check_password(settings.TECHCAMPUS_DEMO_PASSWORD)
        assert user.email.endswith("@techcampus-haarlemmermeer.example")


def test_summary_lists_counts_and_the_demo_accounts(seeded):
    assert "LessonPage" in seeded
    for username, role in [
        ("student", roles.LEARNER),
        ("docent", roles.TEACHER),
        ("gastdocent", roles.GUEST_LECTURER),
        ("bedrijf", roles.COMPANY_CONTACT),
        ("llo", roles.LLO_PARTICIPANT),
        ("coordinator", roles.COORDINATOR),
    ]:
        assert any(username in line and role in line for line in seeded.splitlines())
    assert settings.TECHCAMPUS_DEMO_PASSWORD in seeded


def test_running_the_seed_again_changes_nothing(seeded):
    before = database_state()

    output = run_seed()

    assert database_state() == before
    assert "Nothing to create" in output


def test_running_the_seed_again_keeps_a_changed_password(seeded):
    student = get_user_model().objects.get(username="student")
    student.set_password("mijn-eigen-wachtwoord")
    student.save()

    run_seed()

    student.refresh_from_db()
    assert student.check_password("mijn-eigen-wachtwoord")


def test_seed_fills_in_what_is_missing(seeded):
    """A deleted lesson comes back; the rest of its unit is left alone."""
    lesson = LessonPage.objects.get(slug="de-druktest")
    unit = lesson.get_parent()
    unit_revisions = Revision.page_revisions.filter(object_id=str(unit.pk)).count()
    lesson.delete()

    run_seed()

    assert LessonPage.objects.child_of(unit).filter(slug="de-druktest").live().exists()
    assert (
        Revision.page_revisions.filter(object_id=str(unit.pk)).count() == unit_revisions
    )


def test_seed_adds_company_demands_with_the_contact_linked(seeded):
    demands = CompetenceDemand.objects.current()
    contact = get_user_model().objects.get(username="bedrijf")

    assert demands.count() >= 20
    assert demands.filter(competence__framework__code="techcampus-techniek").exists()
    assert demands.filter(competence__isnull=True).exists()
    assert contact.companies.filter(demands__isnull=False).exists()
    assert "competence demands" in seeded


def test_seed_gives_teachers_and_staff_llo_portfolios_with_a_true_mix(seeded):
    participants = Participant.objects.all()
    statuses = Counter(item.status() for item in ExternalCertificate.objects.all())

    assert participants.filter(company__isnull=True).count() >= 2
    assert participants.filter(company__isnull=False).count() >= 6
    assert participants.values("company").distinct().count() >= 4
    assert statuses[Status.VALID] >= 5
    assert statuses[Status.EXPIRING] >= 5
    assert statuses[Status.EXPIRED] >= 5
    assert set(ExternalCertificate.objects.values_list("kind", flat=True)) == set(
        ExternalCertificate.Kind.values
    )
    assert ExternalCertificate.objects.exclude(scan="").exists()
    year = timezone.localdate().year
    for participant in participants:
        assert HoursTarget.objects.filter(user=participant.user, year=year).exists()
    assert set(DevelopmentActivity.objects.values_list("kind", flat=True)) == set(
        DevelopmentActivity.Kind.values
    )


def test_demo_llo_participant_has_platform_certificates_to_verify(seeded):
    anouk = get_user_model().objects.get(username="llo")
    certificates = Certificate.objects.filter(holder=anouk)
    automatic = DevelopmentActivity.objects.filter(user=anouk, page__isnull=False)

    assert certificates.count() >= 3
    assert {item.status() for item in certificates} >= {
        Status.VALID,
        Status.EXPIRING,
    }
    assert all(item.issued_at < timezone.now() - ONE_DAY for item in certificates)
    assert certificates.filter(achievement_kind=Certificate.Kind.TRACK).exists()
    assert automatic.count() >= 3
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    assert anouk.llo_participant.company.name == "Warmtewerk Hoofddorp"


def test_demo_company_contact_sees_only_the_companys_staff(seeded):
    contact = get_user_model().objects.get(username="bedrijf")
    visible = access.visible_people(contact)

    assert visible.count() >= 3
    assert {person.llo_participant.company.name for person in visible} == {
        "Warmtewerk Hoofddorp"
    }


def test_demo_participants_have_reminders_due(seeded):
    due = reminders.due_reminders(timezone.localdate())
    steps = Counter(item.step for item in due)

    assert steps[ReminderSent.Step.EXPIRED] >= 3
    assert steps[ReminderSent.Step.DAYS_90] + steps[ReminderSent.Step.DAYS_30] >= 3
    assert "llo" in {item.holder.username for item in due}


def test_every_seeded_company_has_a_known_sector(seeded):
    sectors = set(Company.objects.values_list("sector", flat=True))

    assert sectors <= set(Company.Sector.values)
    assert len(sectors) >= 4


def test_demo_teacher_has_a_learner_to_follow_up_and_an_outside_activity(
    seeded, client
):
    client.force_login(get_user_model().objects.get(username="docent"))
    unit = UnitPage.objects.get(code="LOB-100")

    teaching = client.get(reverse("learning:teaching")).content.decode()
    cohort = client.get(reverse("learning:cohort", args=[unit.pk])).content.decode()
    unlinked = client.get(reverse("learning:unlinked")).content.decode()

    start = cohort.index('id="inactive-heading"')
    inactive = cohort[start : cohort.index("</section>", start)]
    assert "Noah de Vries" in inactive
    assert "nooit actief" in inactive
    assert "1 activiteit uit externe inhoud" in teaching
    assert "Stroomkring bouwen (H5P)" in unlinked
