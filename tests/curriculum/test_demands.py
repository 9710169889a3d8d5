"""Competence demands: validation, history, and the company contact's admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from curriculum.demands import (
    map_proposed_competence,
    replace_demand,
    supply_demand,
    withdraw_demand,
)
from curriculum.models import Company, CompetenceDemand
from lms import roles
from tests import factories
from tests.curriculum import demand_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def competence(competence_framework):
    return competence_framework.competences.order_by("code").first()


def demand_form(company, competence, level=3, **fields) -> dict:
    return {
        "company": company.pk,
        "competence": competence.pk if competence else "",
        "proposed_competence_title": "",
        "level": level,
        "importance": "must",
        "horizon": "2-years",
        "people_needed": 2,
        "supplied_on": "2026-10-01",
        "remark": "",
    } | fields


@pytest.mark.parametrize(
    ("level", "valid"), [(0, False), (1, True), (4, True), (5, False)]
)
def test_level_must_lie_on_the_competence_scale(competence, level, valid):
    demand = CompetenceDemand(
        company=make.company("Installatietechniek Aalsmeer"),
        competence=competence,
        level=level,
        importance="must",
    )

    if valid:
        demand.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            demand.full_clean()
        assert "level" in error.value.message_dict


def test_a_demand_needs_a_competence_or_a_proposal():
    demand = CompetenceDemand(
        company=make.company("Bouwbedrijf Badhoevedorp"), level=2, importance="nice"
    )

    with pytest.raises(ValidationError) as error:
        demand.full_clean()

    assert "competence" in error.value.message_dict


def test_supplying_again_replaces_the_current_demand_and_keeps_history(competence):
    company = make.company("Elektro Schiphol-Rijk", sector="electrical")
    first = make.demand(company, competence, level=2)

    second = supply_demand(
        CompetenceDemand(
            company=company, competence=competence, level=3, importance="must"
        )
    )

    first.refresh_from_db()
    assert first.replaced_by == second
    assert list(CompetenceDemand.objects.current()) == [second]
    assert CompetenceDemand.objects.count() == 2


def test_replacing_through_a_changed_copy_keeps_the_original_values(competence):
    original = make.demand(make.company("Infra Hoofddorp"), competence, level=2)
    changed = CompetenceDemand.objects.get(pk=original.pk)
    changed.level = 4

    new = replace_demand(changed, changed)

    original.refresh_from_db()
    assert (original.level, original.replaced_by_id) == (2, new.pk)
    assert new.level == 4 and new.is_current


def test_withdrawn_demand_is_no_longer_current(competence):
    demand = make.demand(make.company("Metaal Nieuw-Vennep"), competence)

    withdraw_demand(demand)

    assert not CompetenceDemand.objects.current().exists()
    assert CompetenceDemand.objects.get().status_label == "withdrawn"
    with pytest.raises(ValidationError):
        withdraw_demand(demand)


def test_coordinator_maps_a_proposed_competence(competence):
    company = make.company("Vliegtuigonderhoud Schiphol", sector="aviation-maritime")
    proposal = make.demand(company, None, level=2, proposed_competence_title="Drones")

    map_proposed_competence(proposal, competence)

    proposal.refresh_from_db()
    assert proposal.competence == competence
    assert proposal.proposed_competence_title == "Drones"
    assert not CompetenceDemand.objects.proposed().exists()


def test_company_contact_group_may_reach_the_admin_and_demands():
    group = Group.objects.get(name=roles.COMPANY_CONTACT)

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert codenames >= {
        "access_admin",
        "add_competencedemand",
        "change_competencedemand",
        "view_competencedemand",
    }
    assert "delete_competencedemand" not in codenames
    assert "access_all_demands" not in codenames
    assert "view_curriculumcheckrun" not in codenames


def test_company_contact_supplies_a_demand_in_the_admin(client, competence):
    company = make.company("Installatietechniek Aalsmeer", sector="installation")
    person = make.contact("inkoper", company)
    client.force_login(person)

    response = client.post(
        reverse("competence_demands:add"), demand_form(company, competence)
    )

    assert response.status_code == 302
    demand = CompetenceDemand.objects.get()
    assert (demand.company, demand.level, demand.supplied_by) == (company, 3, person)


def test_company_contact_cannot_supply_for_another_company(client, competence):
    own = make.company("Installatietechniek Aalsmeer")
    other = make.company("Bouwbedrijf Badhoevedorp")
    client.force_login(make.contact("inkoper", own))

    response = client.post(
        reverse("competence_demands:add"), demand_form(other, competence)
    )

    assert response.status_code == 200
    assert "company" in response.context["form"].errors
    assert not CompetenceDemand.objects.exists()


def test_company_contact_lists_only_own_demands(client, competence):
    own = make.company("Installatietechniek Aalsmeer")
    other = make.company("Bouwbedrijf Badhoevedorp")
    make.demand(own, competence, remark="eigen")
    make.demand(other, competence)
    client.force_login(make.contact("inkoper", own))

    response = client.get(reverse("competence_demands:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Installatietechniek Aalsmeer" in page
    assert "Badhoevedorp" not in page


@pytest.mark.parametrize(
    "url_name", ["competence_demands:edit", "competence_demands:withdraw"]
)
def test_company_contact_cannot_open_another_company_demand(
    client, competence, url_name
):
    own = make.company("Installatietechniek Aalsmeer")
    other_demand = make.demand(make.company("Bouwbedrijf Badhoevedorp"), competence)
    client.force_login(make.contact("inkoper", own))

    response = client.get(reverse(url_name, args=[other_demand.pk]))

    assert response.status_code == 404


def test_company_contact_change_in_admin_creates_a_new_version(client, competence):
    company = make.company("Installatietechniek Aalsmeer")
    demand = make.demand(company, competence, level=2)
    client.force_login(make.contact("inkoper", company))

    response = client.post(
        reverse("competence_demands:edit", args=[demand.pk]),
        demand_form(company, competence, level=4),
    )

    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.level == 2
    assert demand.replaced_by.level == 4


def test_company_contact_withdraws_own_demand(client, competence):
    company = make.company("Installatietechniek Aalsmeer")
    demand = make.demand(company, competence)
    client.force_login(make.contact("inkoper", company))

    response = client.post(reverse("competence_demands:withdraw", args=[demand.pk]))

    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.withdrawn_at is not None


def test_coordinator_sees_every_company_demand(client, competence):
    make.demand(make.company("Installatietechniek Aalsmeer"), competence)
    make.demand(make.company("Bouwbedrijf Badhoevedorp"), competence)
    client.force_login(factories.user("coordinator", roles.COORDINATOR))

    response = client.get(reverse("competence_demands:index"))

    page = response.content.decode()
    assert "Installatietechniek Aalsmeer" in page
    assert "Bouwbedrijf Badhoevedorp" in page


def test_learner_cannot_reach_the_demands(client):
    client.force_login(factories.user("leerling", roles.LEARNER))

    response = client.get(reverse("competence_demands:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_company_keeps_the_fields_the_seed_sets():
    company = Company.objects.create(
        name="Metaalwerk Hoofddorp",
        sector="metal",
        city="Hoofddorp",
        website="https://metaalwerk.example",
        is_training_company=True,
    )

    company.full_clean()

    assert company.get_sector_display() == "metal and mechanical engineering"
