"""Who may see and do what on the learning pages and the progress API."""

import json
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.xapi.models import Statement
from assessments.xapi.services import store_statements
from lms.learning import urls as learning_urls
from lms.models import (
    ActivityLink,
    ActivityProgress,
    Enrolment,
    Submission,
    SubmissionFile,
    UnitStaff,
)
from lms.progress.accounts import session_actor
from lms.progress.projector import run_projector
from lms.roles import COORDINATOR, LEARNER
from tests import factories
from tests.lms.learning_factories import learner, learning_unit, teacher

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
H5P_ACTIVITY = "https://h5p.example.org/activities/flens-3d"


@dataclass
class Campus:
    """Two units with their own teacher, learner and handed-in photo."""

    unit_a: object
    practice_a: object
    unit_b: object
    practice_b: object
    samira: object
    daan: object
    teacher_a: object
    teacher_b: object
    coordinator: object
    submission_a: Submission
    submission_b: Submission

    @property
    def file_a(self) -> SubmissionFile:
        return self.submission_a.files.get()


def named_learner(username: str, first_name: str, last_name: str, page):
    person = factories.user(
        username, LEARNER, first_name=first_name, last_name=last_name
    )
    Enrolment.objects.create(learner=person, page=page)
    return person


def photo(name: str = "flens.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def answer_quiz(client, lesson, moment: str = "49", spanning: str = "true"):
    return client.post(
        reverse("learning:quiz", args=[lesson.pk, "quiz1"]),
        {"q-moment": moment, "q-spanning": spanning},
    )


def hand_in(client, person, lesson, text: str):
    client.force_login(person)
    answer_quiz(client, lesson)
    client.post(
        reverse("learning:assignment", args=[lesson.pk, "opdracht1"]),
        {"text": text, "files": [photo()]},
    )
    client.logout()
    return Submission.objects.get(learner=person)


@pytest.fixture
def campus(client, home, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.LLO_PRIVATE_ROOT = tmp_path
    unit_a, _reading_a, practice_a = learning_unit(title="Flenzen monteren")
    unit_b, _reading_b, practice_b = learning_unit(title="Lassen onder water")
    samira = named_learner("samira", "Samira", "El Amrani", unit_a)
    daan = named_learner("daan", "Daan", "Verschuren", unit_b)
    with django_capture_on_commit_callbacks(execute=True):
        submission_a = hand_in(client, samira, practice_a, "Kruisvolgorde gebruikt.")
        submission_b = hand_in(client, daan, practice_b, "Naad gelast.")
    return Campus(
        unit_a=unit_a,
        practice_a=practice_a,
        unit_b=unit_b,
        practice_b=practice_b,
        samira=samira,
        daan=daan,
        teacher_a=teacher(unit_a, "joost"),
        teacher_b=teacher(unit_b, "karin"),
        coordinator=factories.user("mila", COORDINATOR),
        submission_a=submission_a,
        submission_b=submission_b,
    )


ROUTES = {
    "learning:my_learning": lambda campus: [],
    "learning:enrol": lambda campus: [campus.unit_a.pk],
    "learning:lesson_done": lambda campus: [campus.practice_a.pk],
    "learning:quiz": lambda campus: [campus.practice_a.pk, "quiz1"],
    "learning:assignment": lambda campus: [campus.practice_a.pk, "opdracht1"],
    "learning:submission_file": lambda campus: [campus.file_a.pk],
    "learning:teaching": lambda campus: [],
    "learning:cohort": lambda campus: [campus.unit_a.pk],
    "learning:enrol_group": lambda campus: [campus.unit_a.pk],
    "learning:assess": lambda campus: [campus.submission_a.pk],
    "learning:unlinked": lambda campus: [],
    "api_my_progress": lambda campus: [],
}
TEACHER_ROUTES = [
    ("learning:teaching", "get"),
    ("learning:cohort", "get"),
    ("learning:enrol_group", "get"),
    ("learning:enrol_group", "post"),
    ("learning:assess", "get"),
    ("learning:assess", "post"),
    ("learning:unlinked", "get"),
    ("learning:unlinked", "post"),
]
POST_ONLY = [
    "learning:enrol",
    "learning:lesson_done",
    "learning:quiz",
    "learning:assignment",
]
GET_ONLY = [
    "learning:my_learning",
    "api_my_progress",
    "learning:submission_file",
    "learning:cohort",
]


def url(campus: Campus, name: str) -> str:
    return reverse(name, args=ROUTES[name](campus))


def statement_count() -> int:
    return Statement.objects.count()


def test_every_learning_view_is_covered_by_these_tests():
    names = {f"learning:{pattern.name}" for pattern in learning_urls.urlpatterns}

    assert names | {"api_my_progress"} == set(ROUTES)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_the_login_page(client, campus, name, method):
    # given nobody logged in
    address = url(campus, name)
    before = (statement_count(), Enrolment.objects.count(), Submission.objects.count())

    # when a page of the learning engine is asked for
    response = getattr(client, method)(address)

    # then the login page is next and nothing changed
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(address)}"
    after = (statement_count(), Enrolment.objects.count(), Submission.objects.count())
    assert after == before


def test_my_learning_shows_only_the_learners_own_units_and_results(client, campus):
    client.force_login(campus.samira)

    html = client.get(reverse("learning:my_learning")).content.decode()

    assert "Samira" in html
    assert campus.unit_a.title in html
    assert "Toets aanhaalmoment" in html
    assert campus.unit_b.title not in html
    for trace in ("Daan", "Verschuren", campus.practice_b.url):
        assert trace not in html


def test_progress_api_returns_only_the_learners_own_enrolments(client, campus):
    client.force_login(campus.samira)
    own = Enrolment.objects.get(learner=campus.samira)
    other = Enrolment.objects.get(learner=campus.daan)

    response = client.get("/api/v1/me/progress/")

    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert [item["title"] for item in data["enrolments"]] == [campus.unit_a.title]
    assert data["enrolments"][0]["registration"] == str(own.registration)
    [assessment] = [
        item
        for item in data["enrolments"][0]["units"][0]["assessments"]
        if item["kind"] == "quiz"
    ]
    assert assessment["score"] == 1.0
    text = json.dumps(data)
    for trace in (str(other.registration), campus.unit_b.title, "Daan", "samira"):
        assert trace not in text


@pytest.mark.parametrize(("name", "method"), TEACHER_ROUTES)
def test_a_learner_cannot_open_the_teacher_pages(client, campus, name, method):
    client.force_login(campus.samira)
    before = statement_count()

    response = getattr(client, method)(url(campus, name), {"criterion_0": "4"})

    assert response.status_code == 403
    assert statement_count() == before


def test_teacher_sees_only_the_units_and_queue_he_teaches(client, campus):
    client.force_login(campus.teacher_a)

    response = client.get(reverse("learning:teaching"))

    html = response.content.decode()
    assert [summary.unit for summary in response.context["units"]] == [campus.unit_a]
    assert list(response.context["queue"]) == [campus.submission_a]
    assert reverse("learning:assess", args=[campus.submission_a.pk]) in html
    assert reverse("learning:assess", args=[campus.submission_b.pk]) not in html
    assert campus.unit_b.title not in html
    assert "Daan" not in html


def test_teacher_sees_the_cohort_of_his_unit_only(client, campus):
    client.force_login(campus.teacher_a)

    own = client.get(reverse("learning:cohort", args=[campus.unit_a.pk]))
    other = client.get(reverse("learning:cohort", args=[campus.unit_b.pk]))

    assert own.status_code == 200
    assert [row.learner for row in own.context["table"].rows] == [campus.samira]
    assert "Samira El Amrani" in own.content.decode()
    assert "Daan" not in own.content.decode()
    assert other.status_code == 403


def test_teacher_cannot_assess_or_enrol_in_another_unit(
    client, campus, django_capture_on_commit_callbacks
):
    client.force_login(campus.teacher_a)
    before = statement_count()
    assess = reverse("learning:assess", args=[campus.submission_b.pk])
    enrol_group = reverse("learning:enrol_group", args=[campus.unit_b.pk])

    with django_capture_on_commit_callbacks(execute=True):
        opened = client.get(assess)
        scored = client.post(assess, {"criterion_0": "4", "criterion_1": "2"})
        enrolled = client.post(enrol_group, {"learners": [campus.samira.pk]})

    campus.submission_b.refresh_from_db()
    assert (opened.status_code, scored.status_code, enrolled.status_code) == (
        403,
        403,
        403,
    )
    assert campus.submission_b.state == Submission.State.SUBMITTED
    assert not Enrolment.objects.filter(
        learner=campus.samira, page=campus.unit_b
    ).exists()
    assert statement_count() == before


@pytest.mark.parametrize(
    ("who", "status", "state"),
    [
        ("samira", 403, Submission.State.SUBMITTED),
        ("teacher_a", 302, Submission.State.ASSESSED),
    ],
)
def test_only_the_units_teacher_assesses_a_submission(
    client, campus, django_capture_on_commit_callbacks, who, status, state
):
    # given the learner who handed in, or the unit's teacher
    client.force_login(getattr(campus, who))
    before = statement_count()

    # when either scores the submission
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("learning:assess", args=[campus.submission_a.pk]),
            {"criterion_0": "3", "criterion_1": "2", "feedback": "Netjes."},
        )

    # then only the teacher's score is kept and recorded
    campus.submission_a.refresh_from_db()
    is_assessed = state == Submission.State.ASSESSED
    assert response.status_code == status
    assert campus.submission_a.state == state
    assert bool(campus.submission_a.points) == is_assessed
    assert (statement_count() > before) == is_assessed


def test_coordinator_sees_every_unit_queue_and_cohort(client, campus):
    client.force_login(campus.coordinator)

    teaching = client.get(reverse("learning:teaching"))
    cohort = client.get(reverse("learning:cohort", args=[campus.unit_b.pk]))
    assess = client.get(reverse("learning:assess", args=[campus.submission_b.pk]))

    units = {summary.unit for summary in teaching.context["units"]}
    assert units == {campus.unit_a, campus.unit_b}
    assert set(teaching.context["queue"]) == {
        campus.submission_a,
        campus.submission_b,
    }
    assert cohort.status_code == 200
    assert "Daan Verschuren" in cohort.content.decode()
    assert assess.status_code == 200
    assert "Naad gelast." in assess.content.decode()


def workplace_supervisor(campus: Campus):
    person = factories.user("ellen")
    UnitStaff.objects.create(
        unit=campus.unit_a, user=person, role=UnitStaff.Role.WORKPLACE_SUPERVISOR
    )
    return person


@pytest.mark.parametrize(
    "who", ["samira", "teacher_a", "supervisor", "coordinator"], ids=str
)
def test_evidence_is_served_privately_to_its_owner_and_assessors(client, campus, who):
    person = (
        workplace_supervisor(campus) if who == "supervisor" else getattr(campus, who)
    )
    client.force_login(person)

    response = client.get(url(campus, "learning:submission_file"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["daan", "teacher_b"])
def test_evidence_is_hidden_from_everyone_else(client, campus, who):
    client.force_login(getattr(campus, who))

    response = client.get(url(campus, "learning:submission_file"))

    assert response.status_code == 404


def test_evidence_is_stored_outside_the_public_media(campus, settings, tmp_path):
    evidence = campus.file_a

    stored = tmp_path / evidence.file.name

    assert stored.read_bytes() == PNG
    assert "flens" not in evidence.file.name
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_refuse_a_get(client, campus, name):
    client.force_login(campus.samira)
    before = (statement_count(), Enrolment.objects.count())

    response = client.get(url(campus, name))

    assert response.status_code == 405
    assert (statement_count(), Enrolment.objects.count()) == before


@pytest.mark.parametrize("name", GET_ONLY)
def test_read_only_views_refuse_a_post(client, campus, name):
    client.force_login(campus.coordinator)

    response = client.post(url(campus, name))

    assert response.status_code == 405


def test_learner_cannot_enrol_in_a_closed_unit(client, home):
    # given a unit only teachers enrol learners in
    unit, _reading, lesson = learning_unit(is_open_for_enrolment=False)
    person = learner("samira")
    client.force_login(person)

    # when the learner posts the enrolment anyway
    response = client.post(reverse("learning:enrol", args=[unit.pk]), follow=True)

    # then the unit page explains why and no enrolment exists
    html = response.content.decode()
    assert response.redirect_chain[0][0] == unit.url
    assert "Je kunt je hier niet zelf inschrijven" in html
    assert reverse("learning:enrol", args=[unit.pk]) not in html
    assert not Enrolment.objects.exists()
    assert (
        reverse("learning:enrol", args=[unit.pk])
        not in client.get(lesson.url).content.decode()
    )
    later = client.get(reverse("learning:my_learning")).content.decode()
    assert "Je kunt je hier niet zelf inschrijven" not in later


def test_teacher_enrols_a_group_in_a_closed_unit(client, home):
    unit, _reading, _lesson = learning_unit(is_open_for_enrolment=False)
    samira, daan = learner("samira"), learner("daan")
    assessor = teacher(unit)
    client.force_login(assessor)

    response = client.post(
        reverse("learning:enrol_group", args=[unit.pk]),
        {"learners": [samira.pk, daan.pk]},
    )

    assert response.status_code == 302
    enrolments = Enrolment.objects.filter(page=unit)
    assert {enrolment.learner for enrolment in enrolments} == {samira, daan}
    assert {enrolment.enrolled_by for enrolment in enrolments} == {assessor}


def test_quiz_is_not_graded_for_a_learner_who_is_not_enrolled(
    client, home, django_capture_on_commit_callbacks
):
    # given a learner who never enrolled in the unit
    _unit, _reading, lesson = learning_unit()
    person = learner("samira")
    client.force_login(person)

    # when the learner posts right answers to its quiz
    with django_capture_on_commit_callbacks(execute=True):
        response = answer_quiz(client, lesson)

    # then the lesson shows again with the refusal, and nothing is stored
    html = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf je eerst in voor deze module." in html
    assert "quiz-result" not in html
    assert statement_count() == 0
    assert not ActivityProgress.objects.exists()
    assert not any(key.startswith("quiz-result") for key in client.session.keys())


def test_assignment_is_refused_for_a_learner_who_is_not_enrolled(
    client, home, settings, tmp_path
):
    settings.LLO_PRIVATE_ROOT = tmp_path
    _unit, _reading, lesson = learning_unit(is_open_for_enrolment=False)
    client.force_login(learner("samira"))

    response = client.post(
        reverse("learning:assignment", args=[lesson.pk, "opdracht1"]),
        {"text": "Klaar.", "files": [photo()]},
    )

    assert response.status_code == 400
    assert "Schrijf je eerst in voor deze module." in response.content.decode()
    assert not Submission.objects.exists()
    assert statement_count() == 0
    assert list(tmp_path.rglob("*.*")) == []


def test_an_empty_quiz_answer_is_explained_and_not_stored(
    client, home, django_capture_on_commit_callbacks
):
    unit, _reading, lesson = learning_unit()
    person = learner("samira", page=unit)
    client.force_login(person)
    before = statement_count()

    with django_capture_on_commit_callbacks(execute=True):
        response = answer_quiz(client, lesson, moment="")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Vul een getal in, zoals 12,5." in html
    assert 'aria-invalid="true"' in html
    assert statement_count() == before
    assert not ActivityProgress.objects.filter(activity_iri__contains="quiz1").exists()


TEXT_AS_PNG = b"Dit is gewoon tekst met een andere naam.\n"
BAD_EVIDENCE = {
    "nothing": ([], {}, "Schrijf een toelichting of voeg een foto of pdf toe."),
    "text renamed png": (
        [("verslag.png", TEXT_AS_PNG)],
        {"text": "Zie bijlage."},
        "verslag.png: Dit bestand is geen pdf, jpeg of png.",
    ),
    "six files": (
        [(f"foto-{number}.png", PNG) for number in range(6)],
        {"text": "Zes foto-bestanden."},
        "Lever maximaal 5 bestanden in.",
    ),
    "too large": (
        [("groot.png", PNG + b"\x00" * 2048)],
        {"text": "Grote foto."},
        "groot.png: Het bestand is te groot.",
    ),
}


@pytest.mark.parametrize("case", list(BAD_EVIDENCE), ids=str)
def test_bad_evidence_is_explained_and_nothing_is_stored(
    client, home, settings, tmp_path, django_capture_on_commit_callbacks, case
):
    # given an enrolled learner and a small upload limit
    settings.LLO_PRIVATE_ROOT = tmp_path
    settings.LLO_SCAN_MAX_BYTES = 1024
    unit, _reading, lesson = learning_unit()
    client.force_login(learner("samira", page=unit))
    uploads, data, message = BAD_EVIDENCE[case]
    before = statement_count()

    # when the learner hands in what the assignment cannot take
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("learning:assignment", args=[lesson.pk, "opdracht1"]),
            data | {"files": [photo(name, content) for name, content in uploads]},
        )

    # then the lesson explains it and nothing is kept
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'role="alert"' in html
    assert data.get("text", "") in html
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert statement_count() == before
    assert list(tmp_path.rglob("*.*")) == []


def test_quiz_refuses_a_third_attempt(client, home, django_capture_on_commit_callbacks):
    # given a learner who used both attempts at the quiz
    unit, _reading, lesson = learning_unit()
    client.force_login(learner("samira", page=unit))
    with django_capture_on_commit_callbacks(execute=True):
        first = answer_quiz(client, lesson, moment="10", spanning="false")
        second = answer_quiz(client, lesson, moment="12", spanning="false")
    before = statement_count()

    # when a third attempt is posted
    with django_capture_on_commit_callbacks(execute=True):
        third = answer_quiz(client, lesson)

    # then it is refused, not graded and not stored
    html = third.content.decode()
    assert (first.status_code, second.status_code, third.status_code) == (
        302,
        302,
        400,
    )
    assert html.count("Je hebt al je pogingen voor deze quiz gebruikt.") == 1
    assert statement_count() == before
    row = ActivityProgress.objects.get(activity_iri__endswith="quiz1")
    assert row.attempts == 2
    assert row.passed_at is None


def unknown_activity_statement(person) -> dict:
    return {
        "actor": session_actor(person),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {
            "id": H5P_ACTIVITY,
            "definition": {"name": {"nl-NL": "Flens monteren in 3D"}},
        },
    }


def test_linking_an_unknown_activity_takes_it_off_the_list(client, campus):
    # given a statement about an activity no lesson knows yet
    store_statements([unknown_activity_statement(campus.samira)])
    run_projector()
    client.force_login(campus.teacher_a)
    address = reverse("learning:unlinked")
    listed = client.get(address).content.decode()

    # when the teacher links it to a lesson of another unit, then to his own
    refused = client.post(
        address, {"activity_iri": H5P_ACTIVITY, "lesson": campus.practice_b.pk}
    )
    linked = client.post(
        address,
        {
            "activity_iri": H5P_ACTIVITY,
            "lesson": campus.practice_a.pk,
            "counts_as_assessment": "on",
        },
    )

    # then only his own lesson is accepted, and the list is empty after
    assert H5P_ACTIVITY in listed
    assert "Flens monteren in 3D" in listed
    assert refused.status_code == 200
    assert refused.context["form"].errors["lesson"]
    assert linked.status_code == 302
    link = ActivityLink.objects.get()
    assert (link.lesson_id, link.linked_by) == (campus.practice_a.pk, campus.teacher_a)
    assert H5P_ACTIVITY not in client.get(address).content.decode()
