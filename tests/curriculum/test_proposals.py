"""Proposed competences and company contacts, as a coordinator handles them."""

import pytest
from django.urls import reverse
from django.utils import translation

from curriculum.checks.engine import run_check
from curriculum.checks.inputs import load_check_input
from curriculum.models import Competence, CompetenceDemand
from lms import roles
from tests import factories
from tests.curriculum import demand_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal():
    company = make.company("Westeinder Jachtbouw", sector="aviation-maritime")
    return make.demand(
        company, None, level=2, proposed_competence_title="Composiet lamineren"
    )


def add_competence_url(demand: CompetenceDemand) -> str:
    return reverse("competence_demands:add_competence", args=[demand.pk])


def new_competence(framework, **changes) -> dict:
    """The add-competence form for C9 in ``framework``, with ``changes``."""
    form = {
        "framework": framework.pk,
        "code": "C9",
        "title": "Composiet lamineren",
        "kind": "skill",
        "parent": "",
        "esco_uri": "",
    }
    return form | changes


def test_coordinator_adds_a_proposal_to_a_framework_and_it_counts(
    client, competence_framework, proposal
):
    client.force_login(factories.user("programma", roles.COORDINATOR))
    form = new_competence(competence_framework)

    response = client.post(add_competence_url(proposal), form)

    assert response.status_code == 302
    added = Competence.objects.get(framework=competence_framework, code="C9")
    proposal.refresh_from_db()
    assert proposal.competence == added
    assert proposal.is_current
    items = run_check(load_check_input())["items"]
    assert [item["code"] for item in items] == ["C9"]


def test_adding_a_proposal_with_a_taken_code_stores_nothing(
    client, competence_framework, proposal
):
    client.force_login(factories.user("programma", roles.COORDINATOR))
    form = {"framework": competence_framework.pk, "code": "C1", "title": "X"}

    response = client.post(add_competence_url(proposal), form | {"kind": "skill"})

    assert response.status_code == 200
    assert competence_framework.competences.count() == 3
    proposal.refresh_from_db()
    assert proposal.competence is None


def test_company_contact_cannot_add_a_proposal_to_a_framework(client, proposal):
    client.force_login(make.contact("inkoper", proposal.company))

    response = client.get(add_competence_url(proposal))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_a_mapped_demand_cannot_be_added_again(client, competence_framework):
    competence = competence_framework.competences.first()
    demand = make.demand(make.company("Ringdijk Infra", sector="infra"), competence)
    client.force_login(factories.user("programma", roles.COORDINATOR))

    response = client.get(add_competence_url(demand))

    assert response.status_code == 404


def test_coordinator_filters_the_proposals_not_mapped_yet(
    client, competence_framework, proposal
):
    competence = competence_framework.competences.first()
    make.demand(make.company("Ringdijk Infra", sector="infra"), competence)
    client.force_login(factories.user("programma", roles.COORDINATOR))

    response = client.get(reverse("competence_demands:index"), {"is_proposal": "true"})

    content = response.content.decode()
    assert "Composiet lamineren" in content
    assert "Ringdijk Infra" not in content
    assert add_competence_url(proposal) in content
    with translation.override("en"):
        assert proposal.status_label == "current, proposal not mapped yet"


def test_company_form_offers_only_people_with_the_company_contact_role(client):
    company = make.company("Polder Kabel & Leiding", sector="infra")
    make.contact("kabelaar", company)
    factories.user("leerling", roles.LEARNER)
    factories.user("buurman", roles.COMPANY_CONTACT)
    client.force_login(factories.user("programma", roles.COORDINATOR))

    response = client.get(
        reverse("wagtailsnippets_curriculum_company:edit", args=[company.pk])
    )

    choices = {
        label for _value, label in response.context["form"].fields["contacts"].choices
    }
    assert choices == {"kabelaar", "buurman"}


def test_an_esco_uri_typed_without_scheme_is_stored_as_esco_writes_it(
    client, competence_framework, proposal
):
    client.force_login(factories.user("programma", roles.COORDINATOR))
    form = new_competence(
        competence_framework, esco_uri="data.europa.eu/esco/skill/composite"
    )

    response = client.post(add_competence_url(proposal), form)

    assert response.status_code == 302
    added = Competence.objects.get(framework=competence_framework, code="C9")
    assert added.esco_uri == "http://data.europa.eu/esco/skill/composite"
