"""Only outside content counts as an unknown activity, not the platform's own."""

import pytest

from assessments.xapi.services import store_statements
from curriculum.iris import activity_iri
from lms.models import ActivityProgress, UnknownActivity
from lms.progress.accounts import session_actor
from lms.progress.projector import run_projector
from tests.lms.learning_factories import learner, learning_unit

pytestmark = pytest.mark.django_db

EARNED = "http://id.tincanapi.com/verb/earned"


def statement(actor: dict, iri: str) -> dict:
    return {
        "actor": actor,
        "verb": {"id": EARNED},
        "object": {"id": iri, "definition": {"name": {"nl-NL": "Iets"}}},
    }


def test_platform_iris_are_never_listed_as_outside_content(home):
    # given statements about a certificate and a deleted lesson of the
    # platform, and one about an H5P exercise
    unit, _reading, _practice = learning_unit()
    actor = session_actor(learner(page=unit))
    outside = "https://h5p.example.org/activities/flens"
    store_statements(
        [
            statement(actor, activity_iri("certificate", "unit", unit.code)),
            statement(actor, activity_iri("lesson", "verwijderd")),
            statement(actor, outside),
        ]
    )

    # when the projector reads them
    run_projector()

    # then only the outside activity is listed and followed
    assert list(UnknownActivity.objects.values_list("activity_iri", flat=True)) == [
        outside
    ]
    assert list(ActivityProgress.objects.values_list("activity_iri", flat=True)) == [
        outside
    ]
