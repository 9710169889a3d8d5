"""Management command that creates or updates an LRS client."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.xapi.auth import save_client
from assessments.xapi.models import LRSClient


class Command(BaseCommand):
    """Create an LRS client, or update it when the name exists."""

    help = "Create or update an LRS client with HTTP Basic credentials and scopes."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the name, key, secret and repeatable scope options."""
        parser.add_argument("name", help="unique name, also the authority account")
        parser.add_argument("--key", required=True, help="the Basic auth user name")
        parser.add_argument(
            "--secret", help="the Basic auth password; kept when updating without it"
        )
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            choices=LRSClient.Scope.values,
            help="an xAPI scope; repeat for more",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Save the client and report whether it was created or updated."""
        name, key, secret = options["name"], options["key"], options["secret"]
        exists = LRSClient.objects.filter(name=name).exists()
        if not exists and not secret:
            raise CommandError("--secret is required for a new client")
        if LRSClient.objects.filter(key=key).exclude(name=name).exists():
            raise CommandError("another client already uses this key")
        scopes = options["scopes"] or [LRSClient.Scope.STATEMENTS_WRITE]
        created = save_client(name, key, secret, scopes)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} LRS client {name} with scopes {', '.join(scopes)}")
