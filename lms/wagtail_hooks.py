"""Wagtail admin hooks of the lms app.

Page permissions in Wagtail apply to a subtree, not to a page type, so a
guest lecturer holding "add" on the site could otherwise add any page. These
hooks keep guest lecturers to practice cases. They also hand learners' state
to the curriculum pages, and add the admin's Learning menu: who teaches which
unit and which units and tracks earn a certificate.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from curriculum.models import PracticeCasePage
from curriculum.models.pages import LEARNING_CONTEXT_HOOK

from .learning.context import learning_context
from .models import CertificateSetting, UnitStaff
from .roles import GUEST_LECTURER, has_role

logger = logging.getLogger(__name__)


def _is_restricted_guest_lecturer(user) -> bool:
    return not user.is_superuser and has_role(user, GUEST_LECTURER)


@hooks.register("before_create_page")
def limit_guest_lecturer_page_creation(request, parent_page, page_class):
    """Refuse any page type other than a practice case to guest lecturers."""
    if page_class is not PracticeCasePage and _is_restricted_guest_lecturer(
        request.user
    ):
        logger.warning(
            "Refused %s creation for guest lecturer %s",
            page_class.__name__,
            request.user.pk,
        )
        raise PermissionDenied


@hooks.register("before_edit_page")
def limit_guest_lecturer_page_editing(request, page):
    """Refuse guest lecturers the editor of any page but a practice case."""
    if page.specific_class is not PracticeCasePage and _is_restricted_guest_lecturer(
        request.user
    ):
        logger.warning(
            "Refused editing page %s for guest lecturer %s", page.pk, request.user.pk
        )
        raise PermissionDenied


hooks.register(LEARNING_CONTEXT_HOOK, learning_context)


class UnitStaffViewSet(SnippetViewSet):
    """Who teaches or assesses which unit; their pages follow from it."""

    model = UnitStaff
    icon = "group"
    menu_label = _("Teachers per unit")
    list_display = ["unit", "user", "role"]
    list_filter = ["role"]


class CertificateSettingViewSet(SnippetViewSet):
    """Which units and tracks earn a certificate, and for how long."""

    model = CertificateSetting
    icon = "tick-inverse"
    menu_label = _("Certificates per unit or track")
    list_display = ["page", "has_certificate", "validity_months"]


class LearningViewSetGroup(SnippetViewSetGroup):
    items = (UnitStaffViewSet, CertificateSettingViewSet)
    menu_icon = "user"
    menu_label = _("Learning")
    menu_name = "learning"


register_snippet(LearningViewSetGroup)
