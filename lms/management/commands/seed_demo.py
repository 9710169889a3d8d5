"""The ``seed_demo`` management command."""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.demo.accounts import demo_accounts
from lms.demo.context import SeedContext
from lms.demo.learning import seed_learning
from lms.demo.loading import DemoContentError
from lms.demo.seed import seed_demo_content


class Command(BaseCommand):
    """Create TechCampus demonstration content; running it again is safe."""

    help = (
        "Create Dutch demonstration content for TechCampus Haarlemmermeer: "
        "competences, companies, tracks, units, lessons, practice cases and, "
        "where TECHCAMPUS_DEMO_ACCOUNTS is on, demo accounts. Only what is "
        "missing is created."
    )

    def handle(self, *args, **options) -> None:
        """Seed the demo content and print what this run created."""
        with_accounts = settings.TECHCAMPUS_DEMO_ACCOUNTS
        try:
            created = seed_demo_content(with_accounts=with_accounts)
        except DemoContentError as error:
            raise CommandError(f"Demo data is inconsistent: {error}") from error
        if with_accounts:
            learning = SeedContext()
            seed_learning(learning)
            created.update(learning.created)
        self._print_created(created)
        if with_accounts:
            self._print_accounts()
        else:
            self.stdout.write(
                "Demo accounts are off (TECHCAMPUS_DEMO_ACCOUNTS is False); "
                "no accounts were created."
            )

    def _print_created(self, created: Counter) -> None:
        if not created:
            self.stdout.write("Nothing to create: the demo content is complete.")
            return
        self.stdout.write(self.style.SUCCESS("Created this run:"))
        for kind, count in sorted(created.items()):
            self.stdout.write(f"  {count:>4}  {kind}")

    def _print_accounts(self) -> None:
        password = settings.TECHCAMPUS_DEMO_PASSWORD
        rows = [("username", "role", "password")] + [
            (item["username"], item.get("role", "superuser"), password)
            for item in demo_accounts()
        ]
        width = max(len(row[0]) for row in rows) + 2
        role_width = max(len(row[1]) for row in rows) + 2
        self.stdout.write("Demo accounts:")
        for username, role, secret in rows:
            self.stdout.write(f"  {username:<{width}}{role:<{role_width}}{secret}")
