"""Authoring through the real Wagtail admin views, per role."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from curriculum.models import PracticeCasePage, UnitPage
from lms import roles
from tests import factories

pytestmark = pytest.mark.django_db


def unit_form(competence, code="WTB-150", action="action-publish") -> dict:
    data = nested_form_data(
        {
            "title": "Hydrauliek",
            "slug": "hydrauliek",
            "code": code,
            "summary": "Werken met hydraulische systemen.",
            "study_load_hours": 24,
            "delivery_mode": "hybrid",
            "completion_rule": "lessons-and-assessments",
            "is_open_for_enrolment": "on",
            "outcomes": inline_formset(
                [
                    {
                        "text": "Kan een hydraulisch schema lezen",
                        "competence": competence.pk,
                        "target_level": 2,
                    }
                ]
            ),
            "practice_sessions": inline_formset([]),
            "body": streamfield([]),
        }
    )
    data[action] = "1"
    return data


def practice_case_form(company, action: str) -> dict:
    data = nested_form_data(
        {
            "title": "Lekkage in de persleiding",
            "slug": "lekkage-persleiding",
            "company": company.pk,
            "situation": '{"blocks":[{"key":"a","type":"unstyled","text":"Lek.",'
            '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "tasks": '{"blocks":[{"key":"b","type":"unstyled","text":"Zoek het.",'
            '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "attachments": streamfield([]),
        }
    )
    data[action] = "1"
    return data


def add_url(parent: Page, model) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def test_teacher_can_create_and_publish_a_unit(client, competence_framework):
    teacher = factories.user("docent", roles.TEACHER)
    parent = factories.unit_index()
    client.force_login(teacher)

    response = client.post(
        add_url(parent, UnitPage), unit_form(competence_framework.competences.first())
    )

    assert response.status_code == 302
    unit = UnitPage.objects.get(code="WTB-150")
    assert unit.live
    assert unit.owner == teacher
    assert unit.outcomes.get().target_level == 2


def test_teacher_can_edit_a_unit(client):
    teacher = factories.user("docent", roles.TEACHER)
    unit = factories.unit(code="WTB-151")
    client.force_login(teacher)
    data = unit_form(unit.outcomes.get().competence, code="WTB-151")
    data["title"] = "Hydrauliek voor gevorderden"

    response = client.post(reverse("wagtailadmin_pages:edit", args=[unit.pk]), data)

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.title == "Hydrauliek voor gevorderden"
    assert unit.live


def test_invalid_unit_is_not_stored(client, competence_framework):
    teacher = factories.user("docent", roles.TEACHER)
    parent = factories.unit_index()
    client.force_login(teacher)

    response = client.post(
        add_url(parent, UnitPage),
        unit_form(competence_framework.competences.first(), code="kleine letters"),
    )

    assert response.status_code == 200
    assert not UnitPage.objects.filter(title="Hydrauliek").exists()


def test_guest_lecturer_cannot_publish_a_practice_case(client):
    guest = factories.user("gastdocent", roles.GUEST_LECTURER)
    unit = factories.unit()
    client.force_login(guest)

    client.post(
        add_url(unit, PracticeCasePage),
        practice_case_form(factories.company(), "action-publish"),
    )

    case = PracticeCasePage.objects.get(slug="lekkage-persleiding")
    assert not case.live
    assert case.owner == guest


def test_guest_lecturer_can_submit_a_practice_case_for_moderation(client):
    guest = factories.user("gastdocent", roles.GUEST_LECTURER)
    unit = factories.unit()
    client.force_login(guest)

    response = client.post(
        add_url(unit, PracticeCasePage),
        practice_case_form(factories.company(), "action-submit"),
    )

    assert response.status_code == 302
    case = PracticeCasePage.objects.get(slug="lekkage-persleiding")
    assert not case.live
    assert case.current_workflow_state.status == "in_progress"


@pytest.mark.parametrize("reviewer_role", [roles.TEACHER, roles.COORDINATOR])
def test_a_teacher_or_coordinator_approves_a_submitted_practice_case(
    client, reviewer_role
):
    # given a practice case a guest lecturer submitted for moderation
    client.force_login(factories.user("gastdocent", roles.GUEST_LECTURER))
    client.post(
        add_url(factories.unit(), PracticeCasePage),
        practice_case_form(factories.company(), "action-submit"),
    )
    case = PracticeCasePage.objects.get(slug="lekkage-persleiding")
    task_state = case.current_workflow_state.current_task_state

    # when a teacher or coordinator approves it
    client.force_login(factories.user("beoordelaar", reviewer_role))
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[case.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    # then the Dutch-named task is done and the case is published
    case.refresh_from_db()
    assert response.status_code == 302
    assert case.live
    assert task_state.task.name == "Goedkeuring door een docent of programmamanager"


def test_guest_lecturer_cannot_add_a_unit(client, competence_framework):
    guest = factories.user("gastdocent", roles.GUEST_LECTURER)
    parent = factories.unit_index()
    client.force_login(guest)

    response = client.post(
        add_url(parent, UnitPage), unit_form(competence_framework.competences.first())
    )

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not UnitPage.objects.filter(code="WTB-150").exists()


def test_the_unit_editor_headings_start_with_a_capital(client):
    unit = factories.unit()
    client.force_login(factories.user("programma", roles.COORDINATOR))

    html = client.get(reverse("wagtailadmin_pages:edit", args=[unit.pk])).content
    page = html.decode()

    assert ">Completion and enrolment<" in page
    assert ">completion and enrolment<" not in page


def test_a_unit_is_not_offered_as_its_own_prerequisite(client):
    unit, other = factories.unit(), factories.unit()
    client.force_login(factories.user("programma", roles.COORDINATOR))

    html = client.get(reverse("wagtailadmin_pages:edit", args=[unit.pk])).content
    offered = html.decode().split('name="prerequisites" value="')[1:]

    assert [choice.split('"')[0] for choice in offered] == [str(other.pk)]


def test_guest_lecturer_cannot_open_the_editor_of_a_unit(client):
    guest = factories.user("gastdocent", roles.GUEST_LECTURER)
    unit = factories.unit()
    unit.owner = guest
    unit.save()
    client.force_login(guest)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[unit.pk]))

    # Wagtail turns the refusal into a redirect to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


@pytest.mark.parametrize(
    "role, may_enter",
    [
        (roles.LEARNER, False),
        # Company contacts supply their company's demands in the admin.
        (roles.COMPANY_CONTACT, True),
        (roles.LLO_PARTICIPANT, False),
        (roles.TEACHER, True),
        (roles.GUEST_LECTURER, True),
        (roles.COORDINATOR, True),
    ],
)
def test_only_authoring_roles_enter_the_admin(client, role, may_enter):
    client.force_login(factories.user("persoon", role))

    response = client.get(reverse("wagtailadmin_home"))

    assert (response.status_code == 200) is may_enter


def test_coordinator_can_manage_users_but_is_no_superuser(client):
    coordinator = factories.user("coordinator", roles.COORDINATOR)
    client.force_login(coordinator)

    users_page = client.get(reverse("wagtailusers_users:index"))

    assert users_page.status_code == 200
    assert coordinator.has_perm("auth.add_user")
    assert not coordinator.is_superuser


def test_teacher_cannot_manage_users(client):
    client.force_login(factories.user("docent", roles.TEACHER))

    response = client.get(reverse("wagtailusers_users:index"))

    assert response.status_code == 302
