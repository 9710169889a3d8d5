"""The learning pages: a learner follows a unit, a teacher follows learners."""

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from lms.models import ActivityProgress, Enrolment, Submission
from tests import factories
from tests.lms import learning_factories
from tests.lms.learning_factories import learner, learning_unit, teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_lessons(home):
    return learning_unit()


def test_learner_follows_a_unit_end_to_end(
    client, unit_lessons, django_capture_on_commit_callbacks
):
    # given a learner who enrols in an open unit
    unit, reading, practice = unit_lessons
    person = learner()
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:enrol", args=[unit.pk]))
        # when the learner reads both lessons, passes the quiz and hands in
        client.get(reading.url)
        client.post(reverse("learning:lesson_done", args=[reading.pk]))
        client.post(reverse("learning:lesson_done", args=[practice.pk]))
        quiz = client.post(
            reverse("learning:quiz", args=[practice.pk, "quiz1"]),
            {"q-moment": "49,2 Nm", "q-spanning": "true"},
        )
        page = client.get(practice.url)
        handed_in = client.post(
            reverse("learning:assignment", args=[practice.pk, "opdracht1"]),
            {"text": "Flens gemonteerd in kruisvolgorde."},
        )
    # then the progress shows on the pages and the dashboard
    assert Enrolment.objects.filter(learner=person, page=unit).exists()
    assert quiz.status_code == 302
    assert "quiz-result--passed" in page.content.decode()
    assert 'value="49,2 Nm"' in page.content.decode()
    assert handed_in.status_code == 302
    rows = {row.activity_iri: row for row in ActivityProgress.objects.all()}
    assert rows[reading.activity_iri].completed_at is not None
    dashboard = client.get(reverse("learning:my_learning"))
    assert dashboard.status_code == 200
    assert unit.title in dashboard.content.decode()
    api = client.get("/api/v1/me/progress/").json()
    assert api["enrolments"][0]["units"][0]["title"] == unit.title


def test_teacher_assesses_and_the_unit_completes(
    client, unit_lessons, django_capture_on_commit_callbacks
):
    unit, reading, practice = unit_lessons
    person = learner(page=unit)
    assessor = teacher(unit)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:lesson_done", args=[reading.pk]))
        client.post(reverse("learning:lesson_done", args=[practice.pk]))
        client.post(
            reverse("learning:quiz", args=[practice.pk, "quiz1"]),
            {"q-moment": "49", "q-spanning": "true"},
        )
        client.post(
            reverse("learning:assignment", args=[practice.pk, "opdracht1"]),
            {"text": "Klaar."},
        )
    submission = Submission.objects.get()
    client.force_login(assessor)
    queue = client.get(reverse("learning:teaching"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("learning:assess", args=[submission.pk]),
            {"criterion_0": "4", "criterion_1": "1", "feedback": "Netjes."},
        )
    cohort = client.get(reverse("learning:cohort", args=[unit.pk]))
    assert reverse("learning:assess", args=[submission.pk]) in queue.content.decode()
    assert response.status_code == 302
    assert ActivityProgress.objects.get(activity_iri=unit.activity_iri).completed_at
    assert cohort.status_code == 200


def test_outside_activity_is_launched_with_the_learners_account(client, home):
    # given an enrolled learner and a lesson with an H5P activity
    unit, _reading, _practice = learning_unit()
    body = [
        (
            "external_activity",
            {
                "title": "Flens monteren in 3D",
                "kind": "h5p",
                "launch_url": "https://h5p.example.org/flens?taal=nl",
                "activity_iri": "https://h5p.example.org/activities/flens",
                "description": "",
                "duration_minutes": 10,
            },
        )
    ]
    lesson = factories.lesson(unit, title="Oefenen in 3D", body=body)
    person = learner(page=unit)
    client.force_login(person)

    # when the learner opens the lesson
    html = client.get(lesson.url).content.decode()

    # then the launch link carries the LRS, the pseudonymous actor and the
    # enrolment's registration
    link = re.search(r'href="(https://h5p\.example\.org/flens\?[^"]+)"', html).group(1)
    query = parse_qs(urlsplit(unescape(link)).query)
    actor = json.loads(query["actor"][0])
    assert query["taal"] == ["nl"]
    assert query["endpoint"] == ["http://testserver/xapi/"]
    assert actor["account"]["name"] == person.learner_account.name
    assert person.username not in link
    assert query["registration"] == [
        str(Enrolment.objects.get(learner=person).registration)
    ]
    assert query["activity_id"] == ["https://h5p.example.org/activities/flens"]


def test_teacher_enrols_a_group_in_a_track_holding_the_unit(client, home):
    # given a track with a unit the teacher teaches, and two learners
    unit, _reading, _practice = learning_unit()
    track = factories.track(units=[unit])
    other_track = factories.track(units=[learning_unit()[0]])
    samira, joost = learner("samira"), learner("joost-leerling")
    client.force_login(teacher(unit))

    # when the teacher enrols both in the track
    response = client.post(
        reverse("learning:enrol_group", args=[track.pk]),
        {"learners": [samira.pk, joost.pk]},
    )
    refused = client.get(reverse("learning:enrol_group", args=[other_track.pk]))

    # then both follow the track, enrolled by the teacher; other tracks refuse
    assert response.status_code == 302
    enrolments = Enrolment.objects.filter(page=track)
    assert {enrolment.learner for enrolment in enrolments} == {samira, joost}
    assert all(enrolment.enrolled_by.username == "joost" for enrolment in enrolments)
    assert refused.status_code == 403


def test_group_enrolment_needs_a_choice(client, home):
    unit, _reading, _practice = learning_unit()
    learner("samira")
    client.force_login(teacher(unit))

    response = client.post(reverse("learning:enrol_group", args=[unit.pk]), {})

    assert response.status_code == 200
    assert response.context["form"].errors["learners"]
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("kinds", "label", "accept", "empty"),
    [
        (
            ["text", "photo"],
            "Foto&#x27;s (maximaal 5 bestanden)",
            "image/jpeg,image/png",
            "Schrijf een toelichting of voeg een foto toe.",
        ),
        (
            ["pdf"],
            "Pdf-bestanden (maximaal 5 bestanden)",
            "application/pdf",
            "Schrijf een toelichting of voeg een pdf toe.",
        ),
        (
            ["text", "photo", "pdf"],
            "Foto&#x27;s of pdf (maximaal 5 bestanden)",
            "image/jpeg,image/png,application/pdf",
            "Schrijf een toelichting of voeg een foto of pdf toe.",
        ),
    ],
)
def test_an_assignment_asks_only_for_the_files_it_takes(
    client, home, kinds, label, accept, empty
):
    # given an assignment that takes only some kinds of file
    unit = factories.unit()
    assignment = learning_factories.assignment_block() | {"evidence_types": kinds}
    body = [{"type": "assignment", "value": assignment, "id": "opdracht1"}]
    lesson = factories.lesson(unit, title="Inleveren", body=json.dumps(body))
    client.force_login(learner(page=unit))

    # when the learner opens the lesson and hands in nothing
    page = client.get(lesson.url).content.decode()
    refused = client.post(reverse("learning:assignment", args=[lesson.pk, "opdracht1"]))

    # then the field and the error name those kinds only
    assert f"{label}</label>" in page
    assert f'accept="{accept}"' in page
    assert refused.status_code == 400
    assert empty in refused.content.decode()
    assert not Submission.objects.exists()


def test_an_empty_quiz_marks_every_question_it_cannot_read(client, unit_lessons):
    unit, _reading, practice = unit_lessons
    client.force_login(learner(page=unit))

    response = client.post(reverse("learning:quiz", args=[practice.pk, "quiz1"]), {})

    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("quiz-question--error") == 2
    assert "Vul een getal in, zoals 12,5." in html
    assert "Kies waar of niet waar." in html
    assert (
        'action="'
        + reverse("learning:quiz", args=[practice.pk, "quiz1"])
        + ('#block-quiz1"')
        in html
    )


def test_handed_in_work_waits_for_assessment_on_my_learning(
    client, unit_lessons, django_capture_on_commit_callbacks
):
    # given a learner who hands in an assignment
    unit, _reading, practice = unit_lessons
    person = learner(page=unit)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("learning:assignment", args=[practice.pk, "opdracht1"]),
            {"text": "Klaar."},
        )

    # when Mijn leren shows the results before and after the assessment
    waiting = client.get(reverse("learning:my_learning")).content.decode()
    client.force_login(teacher(unit))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("learning:assess", args=[Submission.objects.get().pk]),
            {"criterion_0": "4", "criterion_1": "2", "feedback": "Netjes."},
        )
    client.force_login(person)
    assessed = client.get(reverse("learning:my_learning")).content.decode()

    # then the assignment waits first, and is passed once assessed
    row = re.compile(r"Flens monteren</a></th>(.*?)</tr>", re.S)
    assert "wacht op beoordeling" in row.search(waiting).group(1)
    assert "–</td>" in row.search(waiting).group(1)
    assert "wacht op beoordeling" not in row.search(assessed).group(1)
    assert "behaald" in row.search(assessed).group(1)
