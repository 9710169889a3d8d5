"""The ``send_llo_reminders`` management command."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from lms.llo.reminders import ReminderDeliveryError, send_due_reminders


class Command(BaseCommand):
    """Send the certificate expiry reminders that are due today."""

    help = (
        "E-mail LLO participants whose certificates expire in 90, 30 or 7 days "
        "or have just expired. Each reminder goes out only once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="act as if today were this date (YYYY-MM-DD)",
        )

    def handle(self, *args, **options) -> None:
        """Send the due reminders and report how many went out."""
        try:
            sent = send_due_reminders(options["date"])
        except ReminderDeliveryError as error:
            raise CommandError(f"{error} reminders could not be sent.") from error
        self.stdout.write(f"Sent {sent} reminders.")
