"""Issuing and revoking platform certificates; hours from platform courses.

The progress projection (lms, issue 4) calls ``record_completion`` whenever
it records that a learner completed a unit or track. Everything here is safe
to call again for the same completion, as happens when the projection is
rebuilt from the statement stream: a certificate is issued once per holder
and achievement (a database constraint guarantees it), its xAPI ``earned``
statement is stored once (see ``statements``), and a platform course is
counted once per person and unit.
"""

import datetime
import logging
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from curriculum.models import Competence, TrackPage, UnitPage

from ..models import Certificate, CertificateSetting, DevelopmentActivity
from . import badges, statements

logger = logging.getLogger(__name__)

ISSUE_ATTEMPTS = 5
PLATFORM_ORGANISATION = "TechCampus Haarlemmermeer"


class Moment(NamedTuple):
    """When a certificate's achievement was completed and when it is issued."""

    completed_at: datetime.datetime
    issued_at: datetime.datetime


class Completion(NamedTuple):
    """A learner's completion of a unit or track, as the projection saw it."""

    user_id: int
    page: Page
    completed_at: datetime.datetime


class NotCertified(ValueError):
    """The page does not carry a certificate."""


def certificate_setting(page: Page) -> CertificateSetting | None:
    """Return the page's certificate setting when it issues certificates."""
    return CertificateSetting.objects.filter(page=page, has_certificate=True).first()


def competences_of(page: UnitPage | TrackPage) -> list[Competence]:
    """Return the competences a unit's outcomes or a track's units point at."""
    if isinstance(page, TrackPage):
        units = [link.unit for link in page.ordered_units()]
    else:
        units = [page]
    found = Competence.objects.filter(outcomes__unit__in=units).distinct()
    return list(found.select_related("framework"))


def record_completion(
    user: AbstractBaseUser, page: Page, completed_at: datetime.datetime
) -> Certificate | None:
    """Record hours and any certificate for a completed unit or track.

    Safe to call any number of times for the same completion: the hours are
    counted once, the certificate is issued once and its xAPI statement is
    stored once, whatever ``completed_at`` a later call passes.
    """
    page = page.specific
    if not isinstance(page, UnitPage | TrackPage):
        return None
    if isinstance(page, UnitPage):
        record_platform_course(user, page, completed_at)
    if certificate_setting(page) is None:
        return None
    return issue_certificate(user, page, completed_at)


def record_completions(completions: list[Completion]) -> None:
    """Record hours and certificates for many completions in a few queries.

    Does what ``record_completion`` does for each, in order: a unit counts
    once, with the date of its first completion here, and a certificate is
    issued once. Only completions of pages that carry a certificate cost
    queries of their own.
    """
    pages = {completion.page.pk: completion.page.specific for completion in completions}
    _record_platform_courses(
        [
            completion._replace(page=pages[completion.page.pk])
            for completion in completions
            if isinstance(pages[completion.page.pk], UnitPage)
        ]
    )
    certified = set(
        CertificateSetting.objects.filter(
            page_id__in=pages, has_certificate=True
        ).values_list("page_id", flat=True)
    )
    wanted = [c for c in completions if c.page.pk in certified]
    if not wanted:
        return
    users = get_user_model().objects.in_bulk({c.user_id for c in wanted})
    for completion in wanted:
        page = pages[completion.page.pk]
        if isinstance(page, UnitPage | TrackPage):
            issue_certificate(users[completion.user_id], page, completion.completed_at)


def _record_platform_courses(completions: list[Completion]) -> None:
    """Count each completed unit once as development hours, in one insert."""
    if not completions:
        return
    counted = set(
        DevelopmentActivity.objects.filter(
            user_id__in={c.user_id for c in completions},
            page_id__in={c.page.pk for c in completions},
        ).values_list("user_id", "page_id")
    )
    new = []
    for completion in completions:
        key = (completion.user_id, completion.page.pk)
        if key in counted:
            continue
        counted.add(key)
        new.append(_platform_course(completion))
    # A concurrent projector may have counted one meanwhile; the constraint
    # keeps it once.
    DevelopmentActivity.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        logger.info("Counted %d completed units as hours", len(new))


def _platform_course(completion: Completion) -> DevelopmentActivity:
    unit = completion.page
    return DevelopmentActivity(
        user_id=completion.user_id,
        page=unit,
        kind=DevelopmentActivity.Kind.PLATFORM_COURSE,
        title=unit.title,
        organisation=PLATFORM_ORGANISATION,
        happened_on=timezone.localtime(completion.completed_at).date(),
        hours=unit.study_load_hours,
    )


def record_platform_course(
    user: AbstractBaseUser, unit: UnitPage, completed_at: datetime.datetime
) -> DevelopmentActivity:
    """Count a completed unit's study load once as development hours."""
    activity, created = DevelopmentActivity.objects.get_or_create(
        user=user,
        page=unit,
        defaults={
            "kind": DevelopmentActivity.Kind.PLATFORM_COURSE,
            "title": unit.title,
            "organisation": PLATFORM_ORGANISATION,
            "happened_on": timezone.localtime(completed_at).date(),
            "hours": unit.study_load_hours,
        },
    )
    if created:
        logger.info("Counted unit %s as hours for user %s", unit.pk, user.pk)
    return activity


def issue_certificate(
    user: AbstractBaseUser,
    page: Page,
    completed_at: datetime.datetime,
    *,
    issued_at: datetime.datetime | None = None,
) -> Certificate:
    """Issue the certificate for ``page`` to ``user`` once; return it.

    ``issued_at`` defaults to now; importing earlier certificates sets it.
    """
    page = page.specific
    setting = certificate_setting(page)
    if setting is None or not isinstance(page, UnitPage | TrackPage):
        raise NotCertified(page.pk)
    moment = Moment(completed_at, issued_at or timezone.now())
    certificate = _existing(user, page) or _create_once(user, page, setting, moment)
    # Also for an existing certificate: one issued while no xAPI actor could
    # be resolved gets its statement on the next call.
    statements.ensure_earned_statement(certificate)
    return certificate


def _existing(user: AbstractBaseUser, page: Page) -> Certificate | None:
    return Certificate.objects.filter(holder=user, page=page).first()


def _create_once(
    user: AbstractBaseUser,
    page: UnitPage | TrackPage,
    setting: CertificateSetting,
    moment: Moment,
) -> Certificate:
    for _attempt in range(ISSUE_ATTEMPTS):
        try:
            return _create_certificate(user, page, setting, moment)
        except IntegrityError:
            # Either a concurrent call issued it first, or the random status
            # index or code collided; the first is final, the others retry.
            existing = _existing(user, page)
            if existing:
                return existing
    raise RuntimeError("Could not allocate a status index for a certificate.")


def _create_certificate(
    user: AbstractBaseUser,
    page: UnitPage | TrackPage,
    setting: CertificateSetting,
    moment: Moment,
) -> Certificate:
    with transaction.atomic():
        certificate = Certificate.objects.create(
            holder=user,
            page=page,
            achievement_kind=_kind(page),
            achievement_title=page.title,
            achievement_iri=page.activity_iri,
            study_load_hours=page.study_load_hours,
            completed_at=moment.completed_at,
            issued_at=moment.issued_at,
            valid_until=_valid_until(moment.completed_at, setting.validity_months),
            status_index=badges.free_status_index(),
        )
        certificate.competences.set(competences_of(page))
    logger.info("Issued certificate %s for page %s", certificate.pk, page.pk)
    transaction.on_commit(lambda: _render_later(certificate.pk))
    return certificate


def _kind(page: Page) -> str:
    if isinstance(page, TrackPage):
        return Certificate.Kind.TRACK
    return Certificate.Kind.UNIT


def _valid_until(
    completed_at: datetime.datetime, months: int | None
) -> datetime.date | None:
    if not months:
        return None
    completed_on = timezone.localtime(completed_at).date()
    return completed_on + relativedelta(months=months)


def _render_later(certificate_id: int) -> None:
    from ..tasks import render_certificate_pdf_task

    render_certificate_pdf_task.delay(certificate_id)


def revoke_certificate(
    certificate: Certificate, by: AbstractBaseUser, reason: str
) -> Certificate:
    """Revoke ``certificate`` with a reason; revoking twice changes nothing."""
    if certificate.is_revoked:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    logger.info("Certificate %s revoked by user %s", certificate.pk, by.pk)
    transaction.on_commit(lambda: _render_later(certificate.pk))
    return certificate
