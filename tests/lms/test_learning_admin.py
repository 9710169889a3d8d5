"""The admin's Learning menu: teachers per unit and certificate settings."""

import pytest
from django.urls import reverse

from lms.models import CertificateSetting, UnitStaff
from lms.roles import COORDINATOR, TEACHER
from tests import factories

pytestmark = pytest.mark.django_db

UNIT_STAFF_ADD = "wagtailsnippets_lms_unitstaff:add"
UNIT_STAFF_LIST = "wagtailsnippets_lms_unitstaff:list"
CERTIFICATE_ADD = "wagtailsnippets_lms_certificatesetting:add"


def test_coordinator_links_a_teacher_to_a_unit(client, home):
    # given a unit, a teacher and a coordinator in the admin
    unit = factories.unit()
    docent = factories.user("docent", TEACHER)
    client.force_login(factories.user("coordinator", COORDINATOR))

    # when the coordinator adds the teacher to the unit
    response = client.post(
        reverse(UNIT_STAFF_ADD),
        {"unit": unit.pk, "user": docent.pk, "role": "teacher"},
    )

    # then the teacher teaches the unit
    assert response.status_code == 302
    assert UnitStaff.objects.filter(unit=unit, user=docent).exists()


def test_teacher_sees_but_cannot_change_who_teaches(client, home):
    unit = factories.unit()
    docent = factories.user("docent", TEACHER)
    client.force_login(docent)

    listing = client.get(reverse(UNIT_STAFF_LIST))
    response = client.post(
        reverse(UNIT_STAFF_ADD), {"unit": unit.pk, "user": docent.pk, "role": "teacher"}
    )

    assert listing.status_code == 200
    # Wagtail sends a user without permission back to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not UnitStaff.objects.exists()


def test_teacher_switches_a_certificate_on_for_a_unit(client, home):
    unit = factories.unit()
    client.force_login(factories.user("docent", TEACHER))

    response = client.post(
        reverse(CERTIFICATE_ADD),
        {"page": unit.pk, "has_certificate": "on", "validity_months": "36"},
    )

    assert response.status_code == 302
    setting = CertificateSetting.objects.get(page=unit)
    assert setting.validity_months == 36
