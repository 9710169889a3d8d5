"""Enrolment and who may follow whose learning."""

import pytest
from django.contrib.auth.models import AnonymousUser

from lms.learning.enrolment import (
    EnrolmentClosed,
    enrol,
    enrolment_for_unit,
    taught_units,
    teaches,
    unit_learners,
)
from lms.roles import COORDINATOR, TEACHER
from tests import factories
from tests.lms.learning_factories import learner, teacher


@pytest.fixture
def units(db):
    return factories.unit(), factories.unit()


def learner_ids(unit) -> set[int]:
    return set(unit_learners(unit).values_list("learner_id", flat=True))


def test_a_teacher_teaches_only_the_units_of_his_or_her_staff(units):
    own, other = units
    person = teacher(own)

    assert teaches(person, own) is True
    assert teaches(person, other) is False
    assert list(taught_units(person)) == [own]


def test_coordinators_and_superusers_follow_every_unit(units):
    own, other = units
    coordinator = factories.user("annelies", COORDINATOR)
    superuser = factories.user("beheer", is_superuser=True)

    for person in (coordinator, superuser):
        assert teaches(person, other) is True
        assert set(taught_units(person)) == {own, other}


def test_a_teacher_without_staff_membership_teaches_nothing(units):
    own, _other = units
    person = factories.user("kees", TEACHER)

    assert teaches(person, own) is False
    assert list(taught_units(person)) == []
    assert teaches(AnonymousUser(), own) is False


def test_unit_learners_are_enrolled_in_the_unit_or_a_track_holding_it(units):
    own, other = units
    direct = learner("direct", page=own)
    through_track = learner("traject", page=factories.track([own, other]))
    elsewhere = learner("elders", page=other)
    learner("los")

    assert learner_ids(own) == {direct.pk, through_track.pk}
    assert learner_ids(other) == {through_track.pk, elsewhere.pk}


def test_a_closed_unit_takes_only_learners_a_teacher_enrols(units):
    own, _other = units
    own.is_open_for_enrolment = False
    own.save()
    person = learner()
    assessor = teacher(own)

    with pytest.raises(EnrolmentClosed):
        enrol(person, own)
    enrolment = enrol(person, own, by=assessor)

    assert enrolment.enrolled_by == assessor
    assert enrol(person, own, by=assessor) == enrolment


def test_a_direct_enrolment_goes_before_a_track_enrolment(units):
    own, _other = units
    person = learner(page=factories.track([own]))
    assert enrolment_for_unit(person, own).page_id != own.pk

    direct = enrol(person, own)

    assert enrolment_for_unit(person, own) == direct
