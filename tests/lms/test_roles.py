"""The role groups and their Wagtail permissions, as the migration made them."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from lms import roles

pytestmark = pytest.mark.django_db


def page_permissions(role: str) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group__name=role).values_list(
            "permission__codename", flat=True
        )
    )


def test_all_six_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    assert len(roles.ALL_ROLES) == 6


def test_teachers_may_add_edit_and_publish_pages():
    assert {"add_page", "change_page", "publish_page"} <= page_permissions(
        roles.TEACHER
    )


def test_guest_lecturers_may_not_publish():
    permissions = page_permissions(roles.GUEST_LECTURER)

    assert "add_page" in permissions
    assert "publish_page" not in permissions


# Company contacts reach the admin to supply their company's demands; their
# permissions are tested in tests/curriculum/test_demands.py.
@pytest.mark.parametrize("role", [roles.LEARNER, roles.LLO_PARTICIPANT])
def test_non_authoring_roles_have_no_permissions(role):
    group = Group.objects.get(name=role)

    assert not group.permissions.exists()
    assert not page_permissions(role)


def test_has_role_reads_group_membership(django_user_model):
    user = django_user_model.objects.create_user("iemand")
    user.groups.add(Group.objects.get(name=roles.TEACHER))

    assert roles.has_role(user, roles.TEACHER)
    assert not roles.has_role(user, roles.COORDINATOR)
