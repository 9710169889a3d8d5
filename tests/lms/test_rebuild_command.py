"""The rebuild_progress command replays the stream and reports it."""

from io import StringIO

import pytest
from django.core.management import call_command

from lms.learning import activities
from lms.models import ActivityProgress
from lms.progress.projector import run_projector
from tests.lms.learning_factories import learner, learning_unit

pytestmark = pytest.mark.django_db


def test_rebuild_restores_the_progress_and_shows_the_count(home):
    # given a learner's finished lesson, projected and then lost
    unit, reading, _practice = learning_unit()
    person = learner(page=unit)
    activities.open_lesson(person, reading)
    activities.complete_lesson(person, reading)
    run_projector()
    before = list(ActivityProgress.objects.values_list("activity_iri", "completed_at"))
    ActivityProgress.objects.all().delete()
    output = StringIO()

    # when the projections are rebuilt
    call_command("rebuild_progress", stdout=output)

    # then they hold what the statements say, and the bar counted them all
    after = list(ActivityProgress.objects.values_list("activity_iri", "completed_at"))
    assert after == before
    assert "2/2 statements" in output.getvalue()
    assert "Replayed 2 statements" in output.getvalue()
