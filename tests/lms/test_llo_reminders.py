"""Expiry reminders: one mail at 90, 30 and 7 days and one after expiry."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from lms.llo import reminders, services
from lms.models import ExternalCertificate, ReminderSent
from lms.tasks import send_llo_reminders_task
from techcampus.celery import app
from tests import factories
from tests.lms.llo_factories import certified, external_certificate, participant

pytestmark = pytest.mark.django_db

EXPIRES_ON = datetime.date(2027, 3, 15)
DAY = datetime.timedelta(days=1)


def days_before(days: int) -> datetime.date:
    return EXPIRES_ON - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("days_left", "step"),
    [
        (120, None),
        (91, None),
        (90, "90"),
        (31, "90"),
        (30, "30"),
        (8, "30"),
        (7, "7"),
        (0, "7"),
        (-1, "expired"),
        (-60, "expired"),
        (-61, None),
    ],
)
def test_step_for_each_threshold(days_left, step):
    assert reminders.step_for(EXPIRES_ON, days_before(days_left)) == step


def test_a_year_of_daily_runs_sends_each_step_once(mailoutbox):
    # given a VCA certificate that expires on 15 March 2027
    holder = participant("yara")
    external_certificate(holder, issued_on=days_before(3650), expires_on=EXPIRES_ON)

    # when the task runs twice a day from 200 days before until 100 days after
    sent_on = []
    today = days_before(200)
    while today <= EXPIRES_ON + 100 * DAY:
        for _run in range(2):
            if reminders.send_due_reminders(today):
                sent_on.append((EXPIRES_ON - today).days)
        today += DAY

    # then exactly four mails went out, on the day each step began
    assert sent_on == [90, 30, 7, -1]
    assert [mail.to for mail in mailoutbox] == [["yara@example.nl"]] * 4
    steps = ReminderSent.objects.order_by("sent_at").values_list("step", flat=True)
    assert list(steps) == ["90", "30", "7", "expired"]


def test_missed_runs_send_only_the_step_that_applies_now(mailoutbox):
    # given a certificate added when it had 20 days left
    holder = participant("bram")
    external_certificate(holder, expires_on=EXPIRES_ON)

    # when the first run happens then, and the next ones
    reminders.send_due_reminders(days_before(20))
    reminders.send_due_reminders(days_before(19))

    # then only the 30-day reminder is sent, not a late 90-day one
    assert len(mailoutbox) == 1
    assert ReminderSent.objects.get().step == "30"


def test_reminder_is_in_dutch_with_the_date_written_out(mailoutbox):
    # given a certificate that expires in 30 days
    holder = participant("ilse", first_name="Ilse", last_name="de Wit")
    external_certificate(holder, kind="bhv", expires_on=EXPIRES_ON)

    # when the reminders run
    reminders.send_due_reminders(days_before(30))

    # then the mail is rendered in Dutch, for the holder, with a link
    mail = mailoutbox[0]
    assert "15 maart 2027" in mail.subject
    assert "15 maart 2027" in mail.body
    assert "Ilse de Wit" in mail.body
    assert f"{settings.TECHCAMPUS_BASE_IRI.rstrip('/')}/llo/" in mail.body
    assert "BHV" in mail.subject


def test_renewed_certificate_starts_a_new_series(mailoutbox):
    # given a certificate whose expired reminder went out
    holder = participant("tim")
    certificate = external_certificate(holder, expires_on=EXPIRES_ON)
    reminders.send_due_reminders(EXPIRES_ON + DAY)

    # when the holder enters the renewed expiry date
    certificate.expires_on = EXPIRES_ON.replace(year=2032)
    certificate.save()
    reminders.send_due_reminders(certificate.expires_on - 90 * DAY)

    # then the new date gets its own 90-day reminder
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.filter(step="90").count() == 1


def test_certificate_replaced_by_a_newer_one_gets_no_reminders(mailoutbox):
    # given an old VCA and a newer VCA of the same holder
    holder = participant("lisa")
    external_certificate(
        holder, issued_on=datetime.date(2017, 3, 15), expires_on=EXPIRES_ON
    )
    external_certificate(
        holder,
        issued_on=datetime.date(2027, 1, 10),
        expires_on=datetime.date(2037, 1, 10),
    )

    # when the reminders run 7 days before the old one expires
    sent = reminders.send_due_reminders(days_before(7))

    # then nothing is sent
    assert sent == 0
    assert mailoutbox == []


def test_welding_certificate_for_another_process_replaces_nothing(mailoutbox):
    # given an expiring MAG welding certificate and a newer TIG one
    holder = participant("tom")
    welding = ExternalCertificate.Kind.WELDING
    external_certificate(
        holder,
        kind=welding,
        number="ISO9606-135",
        issued_on=datetime.date(2025, 3, 15),
        expires_on=EXPIRES_ON,
    )
    external_certificate(
        holder,
        kind=welding,
        number="ISO9606-141",
        issued_on=datetime.date(2026, 6, 1),
        expires_on=datetime.date(2028, 6, 1),
    )

    # when the reminders run 30 days before the MAG certificate expires
    sent = reminders.send_due_reminders(days_before(30))

    # then its holder is reminded
    assert sent == 1
    assert ReminderSent.objects.get().external_certificate.number == "ISO9606-135"


def test_platform_certificate_is_reminded_unless_revoked(mailoutbox, settings):
    # given two expiring platform certificates, one of them revoked
    settings.XAPI_SESSION_ACTOR_RESOLVER = ""
    completed = datetime.datetime(2024, 3, 15, 12, tzinfo=datetime.UTC)
    holder = participant("evi")
    kept = services.issue_certificate(
        holder, certified(factories.unit(title="Hoogwerker"), 36), completed
    )
    revoked = services.issue_certificate(
        holder, certified(factories.unit(title="Heftruck"), 36), completed
    )
    services.revoke_certificate(revoked, holder, "Onterecht uitgereikt")

    # when the reminders run 7 days before expiry
    reminders.send_due_reminders(kept.valid_until - 7 * DAY)

    # then only the kept certificate is reminded
    assert len(mailoutbox) == 1
    assert "Hoogwerker" in mailoutbox[0].subject
    assert ReminderSent.objects.get().certificate == kept


def test_inactive_people_and_people_without_address_get_nothing(mailoutbox):
    gone = participant("oud", is_active=False)
    silent = participant("stil", email="")
    external_certificate(gone, expires_on=EXPIRES_ON)
    external_certificate(silent, expires_on=EXPIRES_ON)

    sent = reminders.send_due_reminders(days_before(7))

    assert sent == 0
    assert mailoutbox == []


def test_failed_delivery_is_retried_on_the_next_run(mailoutbox, monkeypatch):
    # given a reminder that is due and a mail server that refuses it
    holder = participant("kim")
    external_certificate(holder, expires_on=EXPIRES_ON)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr(reminders, "send_mail", refuse)

    # when the run fails, then nothing is recorded as sent
    with pytest.raises(reminders.ReminderDeliveryError):
        reminders.send_due_reminders(days_before(30))
    assert not ReminderSent.objects.exists()

    # when the server is back, the next run sends it
    monkeypatch.undo()
    assert reminders.send_due_reminders(days_before(29)) == 1
    assert len(mailoutbox) == 1


def test_command_sends_once_and_reports(mailoutbox):
    holder = participant("jan")
    external_certificate(holder, expires_on=EXPIRES_ON)
    date = days_before(7).isoformat()

    first, second = StringIO(), StringIO()
    call_command("send_llo_reminders", "--date", date, stdout=first)
    call_command("send_llo_reminders", "--date", date, stdout=second)

    assert "Sent 1 reminders." in first.getvalue()
    assert "Sent 0 reminders." in second.getvalue()
    assert len(mailoutbox) == 1


def test_task_sends_the_reminders_due_today(mailoutbox):
    holder = participant("roos")
    today = timezone.localdate()
    external_certificate(
        holder,
        issued_on=today - 1000 * DAY,
        expires_on=today + 7 * DAY,
        kind=ExternalCertificate.Kind.F_GASES,
    )

    result = send_llo_reminders_task.apply()

    assert result.get() == 1
    assert len(mailoutbox) == 1


def test_beat_schedule_runs_the_reminder_task_daily():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == send_llo_reminders_task.name
    ]

    assert len(entries) == 1
    assert entries[0]["schedule"] == 24 * 60 * 60
    assert send_llo_reminders_task.name in app.tasks
