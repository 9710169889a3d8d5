"""The ``generate_issuer_key`` management command."""

from django.core.management.base import BaseCommand, CommandError

from lms.llo import conf, keys


class Command(BaseCommand):
    """Create the key pair that signs the platform's Open Badges credentials."""

    help = (
        "Generate the issuer's RSA key pair for signing certificates as Open "
        "Badges credentials, stored at LLO_ISSUER_KEY_PATH. Refuses to replace "
        "an existing key unless --force is given: credentials signed with the "
        "old key can no longer be verified once it is replaced."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="replace an existing key"
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing when a key exists already",
        )

    def handle(self, *args, **options) -> None:
        """Generate the key once and print where it is and its id."""
        path = conf.issuer_key_path()
        if options["if_missing"] and path.exists():
            self.stdout.write(f"An issuer key exists already at {path}.")
            return
        try:
            key = keys.generate_issuer_key(path, force=options["force"])
        except keys.IssuerKeyExists as error:
            raise CommandError(
                f"An issuer key exists already at {path}. Use --force to replace "
                "it; credentials signed with it will then fail verification."
            ) from error
        self.stdout.write(f"Issuer key written to {path}")
        self.stdout.write(f"Key id: {keys.key_id(key)}")
