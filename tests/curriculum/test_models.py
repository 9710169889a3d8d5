"""Validation and identity rules of the curriculum models."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from curriculum.models import (
    Competence,
    LearningOutcome,
    LessonPage,
    Profile,
    TrackPage,
    UnitPage,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_unit_activity_iri_survives_rename_and_move():
    """A unit's IRI depends on its code only, not on title or place."""
    unit = factories.unit(code="WTB-101")
    before = unit.activity_iri

    unit.title = "Een heel andere titel"
    unit.slug = "andere-slug"
    unit.save_revision().publish()

    unit.refresh_from_db()
    assert unit.activity_iri == before
    assert before == "http://testserver/xapi/activities/unit/WTB-101"


@override_settings(TECHCAMPUS_BASE_IRI="https://leren.techcampus.nl/")
def test_activity_iri_hangs_under_the_configured_base():
    unit = factories.unit(code="DRN-201")

    assert (
        unit.activity_iri == "https://leren.techcampus.nl/xapi/activities/unit/DRN-201"
    )


def test_lesson_activity_iri_is_stable_and_unique(unit_with_lesson):
    lesson = LessonPage.objects.child_of(unit_with_lesson).get()
    second = factories.lesson(unit_with_lesson)

    lesson.title = "Hernoemd"
    lesson.save_revision().publish()
    lesson.refresh_from_db()

    assert lesson.activity_iri.endswith(
        f"/xapi/activities/lesson/{lesson.activity_uuid}"
    )
    assert lesson.activity_iri != second.activity_iri


def test_copied_lesson_gets_its_own_activity_iri(unit_with_lesson):
    lesson = LessonPage.objects.child_of(unit_with_lesson).get()

    copy = lesson.copy(update_attrs={"slug": "kopie", "title": "Kopie"})

    assert copy.activity_uuid != lesson.activity_uuid


def test_competence_iri_uses_framework_and_competence_codes(competence_framework):
    competence = competence_framework.competences.get(code="C1")

    assert competence.activity_iri == (
        f"http://testserver/xapi/activities/competence/{competence_framework.code}/C1"
    )


@pytest.mark.parametrize("code", ["wtb-101", "W", "WTB 101", "-WTB", "WTB_101"])
def test_unit_code_must_be_capitals_digits_and_hyphens(code):
    unit = UnitPage(
        title="Module",
        slug="module",
        code=code,
        summary="x",
        study_load_hours=4,
        delivery_mode="online",
    )

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert "code" in error.value.message_dict


def test_unit_codes_are_unique():
    factories.unit(code="WTB-101")

    with pytest.raises(ValidationError) as error:
        factories.unit(code="WTB-101")

    assert "code" in error.value.message_dict


@pytest.mark.parametrize(
    "level, is_valid", [(0, False), (1, True), (4, True), (5, False)]
)
def test_outcome_target_level_must_lie_on_the_competence_scale(
    competence_framework, level, is_valid
):
    outcome = LearningOutcome(
        text="Kan meten",
        competence=competence_framework.competences.first(),
        target_level=level,
    )

    if is_valid:
        outcome.clean()
    else:
        with pytest.raises(ValidationError) as error:
            outcome.clean()
        assert "target_level" in error.value.message_dict


def test_competence_scale_falls_back_to_framework_default(competence_framework):
    competence = competence_framework.competences.first()
    own_scale = factories.scale(levels=3)

    assert competence.proficiency_scale == competence_framework.default_scale
    competence.scale = own_scale
    assert competence.proficiency_scale.highest_level == 3


def test_competence_parent_must_be_in_same_framework(competence_framework):
    other = factories.framework(1).competences.get()
    competence = competence_framework.competences.first()
    competence.parent = other

    with pytest.raises(ValidationError) as error:
        competence.clean()

    assert "parent" in error.value.message_dict


def test_competence_rejects_non_esco_uri(competence_framework):
    competence: Competence = competence_framework.competences.first()
    competence.esco_uri = "https://example.org/skill/1"

    with pytest.raises(ValidationError) as error:
        competence.clean()

    assert "esco_uri" in error.value.message_dict


def test_an_esco_uri_written_with_https_is_stored_as_esco_writes_it(
    competence_framework,
):
    competence: Competence = competence_framework.competences.first()
    competence.esco_uri = "https://data.europa.eu/esco/skill/abc"

    competence.clean()

    assert competence.esco_uri == "http://data.europa.eu/esco/skill/abc"


def test_competence_codes_are_unique_within_a_framework(competence_framework):
    with pytest.raises(IntegrityError), transaction.atomic():
        Competence.objects.create(
            framework=competence_framework, code="C1", title="Dubbel"
        )


def test_only_a_start_track_leads_to_profiles():
    track = factories.track(kind=TrackPage.Kind.PROGRAMME)
    track.leads_to_profiles.set(Profile.objects.filter(code="metal"))

    with pytest.raises(ValidationError) as error:
        track.clean()

    assert "leads_to_profiles" in error.value.message_dict


def test_unit_cannot_require_itself():
    unit = factories.unit()
    unit.prerequisites.add(unit)

    with pytest.raises(ValidationError) as error:
        unit.clean()

    assert "prerequisites" in error.value.message_dict


def test_track_lists_units_in_order_with_study_load():
    first = factories.unit(study_load_hours=10)
    second = factories.unit(study_load_hours=30)

    track = factories.track(units=[second, first])

    assert [link.unit for link in track.ordered_units()] == [second, first]
    assert track.study_load_hours == 40
