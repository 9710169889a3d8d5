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
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from curriculum.models import Competence, TrackPage, UnitPage

from ..models import Certificate, CertificateSetting, DevelopmentActivity
from . import badges, statements

logger = logging.getLogger(__name__)

ISSUE_ATTEMPTS = 5


class Moment(NamedTuple):
    """When a certificate's achievement was completed and when it is issued."""

    completed_at: datetime.datetime
    issued_at: datetime.datetime


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
            "organisation": "TechCampus Haarlemmermeer",
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
