"""Enrolment in tracks and units, and who may see whose learning."""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from wagtail.models import Page

from curriculum.models import TrackPage, TrackUnit, UnitPage

from ..models import Enrolment, UnitStaff
from ..roles import COORDINATOR, has_role

logger = logging.getLogger(__name__)


class EnrolmentClosed(PermissionError):
    """The track or unit only takes learners a teacher enrols."""


def enrol(
    learner: AbstractBaseUser, page: Page, by: AbstractBaseUser | None = None
) -> Enrolment:
    """Enrol a learner in a track or unit once; return the enrolment.

    Without ``by`` the learner enrols him- or herself, which only open
    tracks and units allow.
    """
    page = page.specific
    if not isinstance(page, TrackPage | UnitPage):
        raise TypeError("Only tracks and units take enrolments.")
    if by is None and not page.is_open_for_enrolment:
        raise EnrolmentClosed(page.pk)
    enrolment, created = Enrolment.objects.get_or_create(
        learner=learner, page=page, defaults={"enrolled_by": by}
    )
    if created:
        logger.info("User %s enrolled in page %s", learner.pk, page.pk)
    return enrolment


def enrolment_for_unit(learner: AbstractBaseUser, unit: UnitPage) -> Enrolment | None:
    """Return the enrolment a learner follows a unit under, if any.

    A direct enrolment in the unit comes first, then the earliest track
    enrolment whose track holds the unit.
    """
    if not learner.is_authenticated:
        return None
    enrolments = Enrolment.objects.filter(learner=learner)
    direct = enrolments.filter(page_id=unit.pk).first()
    if direct is not None:
        return direct
    tracks = TrackUnit.objects.filter(unit_id=unit.pk).values("track_id")
    return enrolments.filter(page_id__in=tracks).order_by("created_at").first()


def taught_units(user: AbstractBaseUser) -> QuerySet[UnitPage]:
    """Return the units whose learners a user may follow and assess."""
    units = UnitPage.objects.all()
    if user.is_superuser or has_role(user, COORDINATOR):
        return units
    return units.filter(staff__user=user).distinct()


def teaches(user: AbstractBaseUser, unit: UnitPage) -> bool:
    """Tell whether a user teaches or assesses a unit, or coordinates."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or has_role(user, COORDINATOR):
        return True
    return UnitStaff.objects.filter(user=user, unit_id=unit.pk).exists()


def unit_enrolments(unit: UnitPage) -> QuerySet[Enrolment]:
    """Return the enrolments in the unit itself or in a track holding it."""
    tracks = TrackUnit.objects.filter(unit_id=unit.pk).values("track_id")
    pages = [unit.pk, *tracks.values_list("track_id", flat=True)]
    return Enrolment.objects.filter(page_id__in=pages)


def unit_learners(unit: UnitPage) -> QuerySet:
    """Return the ids of learners enrolled in the unit or a track holding it."""
    return unit_enrolments(unit).values("learner_id")


def taught_tracks(user: AbstractBaseUser) -> QuerySet[TrackPage]:
    """Return the tracks a user may enrol learners in.

    Coordinators may enrol in every track; a teacher in the tracks that
    hold a unit he or she teaches.
    """
    tracks = TrackPage.objects.all()
    if user.is_superuser or has_role(user, COORDINATOR):
        return tracks
    units = UnitStaff.objects.filter(user=user).values("unit_id")
    return tracks.filter(track_units__unit_id__in=units).distinct()


def may_enrol_others(user: AbstractBaseUser, page: Page) -> bool:
    """Tell whether a user may enrol learners in a track or unit."""
    if not user.is_authenticated:
        return False
    if isinstance(page, UnitPage):
        return teaches(user, page)
    return taught_tracks(user).filter(pk=page.pk).exists()


def page_learners(page: Page) -> QuerySet:
    """Return the ids of learners enrolled in this very track or unit."""
    return Enrolment.objects.filter(page_id=page.pk).values("learner_id")
