"""Reminder e-mails before and after a certificate expires.

Each day the task looks at every certificate with an expiry date and works
out its most urgent step: 90, 30 or 7 days before expiry, or expired. A
reminder for that step goes out unless one was sent already; the unique
constraint on ``ReminderSent`` makes "already" hold even when two runs race.
A run that was missed for a while sends only the step that applies now,
never a stale "90 days" mail a week before the date.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ..models import Certificate, ExternalCertificate, ReminderSent
from . import conf

logger = logging.getLogger(__name__)

Step = ReminderSent.Step
STEPS_BEFORE = ((7, Step.DAYS_7), (30, Step.DAYS_30), (90, Step.DAYS_90))
EMAIL_LANGUAGE = "nl"


class ReminderDeliveryError(RuntimeError):
    """Some reminders could not be sent; they go out on the next run."""


@dataclass(frozen=True)
class Due:
    """A reminder that should go out today."""

    step: str
    expires_on: datetime.date
    holder: object
    external: ExternalCertificate | None = None
    platform: Certificate | None = None

    @property
    def title(self) -> str:
        """Return the certificate's name in the active language."""
        if self.external is not None:
            return self.external.title
        return self.platform.achievement_title


def step_for(expires_on: datetime.date, today: datetime.date) -> str | None:
    """Return the reminder step that applies on ``today``, if any."""
    days_left = (expires_on - today).days
    if days_left < 0:
        if -days_left <= conf.expired_reminder_window_days():
            return Step.EXPIRED
        return None
    for days, step in STEPS_BEFORE:
        if days_left <= days:
            return step
    return None


# A welder holds one certificate per process (MAG, TIG, …): a newer one
# renews nothing, just as two certificates of kind "other" are unrelated.
NEVER_SUPERSEDED = {ExternalCertificate.Kind.OTHER, ExternalCertificate.Kind.WELDING}


def _is_superseded(item: ExternalCertificate) -> bool:
    """Tell whether the holder has a later certificate of the same kind."""
    if item.kind in NEVER_SUPERSEDED:
        return False
    later = ExternalCertificate.objects.filter(
        holder_id=item.holder_id, kind=item.kind, issued_on__gt=item.issued_on
    )
    return later.exists()


def due_reminders(today: datetime.date) -> list[Due]:
    """Return every reminder that applies today and was not sent yet."""
    horizon = today + datetime.timedelta(days=STEPS_BEFORE[-1][0])
    due = []
    externals = ExternalCertificate.objects.filter(
        expires_on__isnull=False, expires_on__lte=horizon, holder__is_active=True
    ).select_related("holder")
    for item in externals:
        step = step_for(item.expires_on, today)
        if step and not _is_superseded(item):
            due.append(Due(step, item.expires_on, item.holder, external=item))
    platform = Certificate.objects.filter(
        valid_until__isnull=False,
        valid_until__lte=horizon,
        revoked_at__isnull=True,
        holder__is_active=True,
    ).select_related("holder")
    for item in platform:
        step = step_for(item.valid_until, today)
        if step:
            due.append(Due(step, item.valid_until, item.holder, platform=item))
    return [item for item in due if not _already_sent(item)]


def _already_sent(due: Due) -> bool:
    return ReminderSent.objects.filter(
        external_certificate=due.external,
        certificate=due.platform,
        expires_on=due.expires_on,
        step=due.step,
    ).exists()


def _subject(due: Due) -> str:
    if due.step == Step.EXPIRED:
        return _("Your certificate %(title)s has expired") % {"title": due.title}
    return _("Your certificate %(title)s expires on %(date)s") % {
        "title": due.title,
        "date": _long_date(due.expires_on),
    }


def _long_date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def send_reminder(due: Due, today: datetime.date) -> bool:
    """Send one reminder and record it; return False if it was sent before."""
    if not due.holder.email:
        logger.warning("User %s has no e-mail address for a reminder", due.holder.pk)
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                external_certificate=due.external,
                certificate=due.platform,
                expires_on=due.expires_on,
                step=due.step,
            )
            _send_mail(due, today)
    except IntegrityError:
        return False
    except (OSError, smtplib.SMTPException):
        logger.exception("Reminder mail for user %s failed", due.holder.pk)
        raise
    return True


def _send_mail(due: Due, today: datetime.date) -> None:
    with translation.override(EMAIL_LANGUAGE):
        context = {
            "name": due.holder.get_full_name() or due.holder.get_username(),
            "title": due.title,
            "expires_on": _long_date(due.expires_on),
            "days_left": (due.expires_on - today).days,
            "is_expired": due.step == Step.EXPIRED,
            "portfolio_url": conf.base_url() + "/llo/",
        }
        body = render_to_string("lms/llo/email/reminder.txt", context)
        send_mail(_subject(due), body, settings.DEFAULT_FROM_EMAIL, [due.holder.email])


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send every reminder due today; return how many went out."""
    today = today or timezone.localdate()
    sent = failed = 0
    for item in due_reminders(today):
        try:
            sent += send_reminder(item, today)
        except (OSError, smtplib.SMTPException):
            failed += 1
    logger.info("Sent %d LLO reminders, %d failed", sent, failed)
    if failed:
        raise ReminderDeliveryError(failed)
    return sent
