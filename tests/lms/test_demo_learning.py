"""The demo content is ready to learn from: ids, teachers and a learner's start."""

import pytest
from django.core.management import call_command

from curriculum.models import LessonPage
from lms.models import ActivityProgress, Enrolment, UnitStaff

pytestmark = pytest.mark.django_db


def test_demo_quizzes_can_be_taken_and_the_learner_has_started(tmp_path, settings):
    settings.LLO_PRIVATE_ROOT = tmp_path
    call_command("seed_demo", stdout=open(tmp_path / "out.txt", "w"))

    quizzes = [
        block.value
        for lesson in LessonPage.objects.all()
        for block in lesson.body
        if block.block_type == "quiz"
    ]
    question_ids = [question.id for quiz in quizzes for question in quiz["questions"]]
    assert quizzes
    assert all(question_ids)
    assert len(set(question_ids)) == len(question_ids)
    assert _matching_pair_ids() == _matching_pair_ids()
    assert UnitStaff.objects.filter(user__username="docent").count() >= 12
    assert UnitStaff.objects.filter(
        user__username="gastdocent", role=UnitStaff.Role.WORKPLACE_SUPERVISOR
    ).exists()
    assert Enrolment.objects.filter(learner__username="student").count() == 1
    done = ActivityProgress.objects.filter(
        learner__username="student", completed_at__isnull=False
    )
    lessons = {lesson.activity_iri for lesson in LessonPage.objects.all()}
    assert len([row for row in done if row.activity_iri in lessons]) == 2
    # and the result of outside content no lesson links to yet
    outside = done.exclude(activity_iri__in=lessons).get()
    assert outside.activity_iri.startswith("https://h5p.")


def _matching_pair_ids() -> list[str]:
    """Read every matching question's pair ids from a fresh load."""
    return [
        pair.id
        for lesson in LessonPage.objects.all()
        for block in lesson.body
        if block.block_type == "quiz"
        for question in block.value["questions"]
        if question.block_type == "matching"
        for pair in question.value["pairs"].bound_blocks
    ]
